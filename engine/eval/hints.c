/* What an evaluation error suggests, from the values at hand: the field of an object closest to a
 * misspelt one, the lists an object holds. Reads values through their API only. */
#include "eval/hints.h"

#include <stdio.h>

#include "base/suggest.h"

enum { MAX_NAMES = 256 };

typedef struct names {
    const char *items[MAX_NAMES];
    size_t n;
    int lists_only;
} names;

static int collect(const tp_value *key, const tp_value *value, void *state)
{
    names *s = state;
    if (s->n < MAX_NAMES && (!s->lists_only || tp_value_is_listlike(value)))
        s->items[s->n++] = key->u.s;
    return 0;
}

const char *tp_hint_nearest_field(const tp_value *obj, const char *name)
{
    names s = {{0}, 0, 0};
    if (!tp_value_is_objlike(obj))
        return NULL;
    tp_value_each_member(obj, collect, &s);
    return tp_suggest(name, s.items, s.n);
}

const char *tp_hint_lists_held(char *buf, size_t size, const tp_value *obj)
{
    names s = {{0}, 0, 1};
    if (!tp_value_is_objlike(obj))
        return "";
    tp_value_each_member(obj, collect, &s);
    if (s.n == 0)
        return "";
    char list[256];
    snprintf(buf, size, "; it holds lists: %s", tp_name_list(list, sizeof list, s.items, s.n));
    return buf;
}
