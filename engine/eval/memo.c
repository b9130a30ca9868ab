#include "eval/memo.h"

#include <string.h>

#include "eval/hash_index.h"

typedef struct slot {
    uint64_t hash;
    tp_memo_entry entry;
    int used;
} slot;

struct tp_memo {
    slot *slots;
    uint32_t mask, n;   /* mask + 1 slots, n used */
    tp_memo_entry none; /* the result without a key */
    int has_none;
};

tp_memo *tp_memo_new(tp_arena *a)
{
    return tp_arena_zalloc(a, sizeof(tp_memo));
}

static slot *find(const tp_memo *m, const tp_value *key, uint64_t h)
{
    for (uint32_t i = (uint32_t)h & m->mask;; i = (i + 1) & m->mask) {
        slot *s = &m->slots[i];
        if (!s->used || (s->hash == h && tp_value_equal(&s->entry.key, key)))
            return s;
    }
}

const tp_memo_entry *tp_memo_find(const tp_memo *m, const tp_value *key)
{
    if (!key)
        return m->has_none ? &m->none : NULL;
    if (m->n == 0)
        return NULL;
    const slot *s = find(m, key, tp_value_deep_hash(key));
    return s->used ? &s->entry : NULL;
}

/* Doubles the table, kept at most half full; the old one stays in the arena. */
static int grow(tp_memo *m, tp_arena *a)
{
    uint32_t cap = m->slots ? 2 * (m->mask + 1) : 64;
    slot *slots = tp_arena_zalloc(a, cap * sizeof *slots);
    if (!slots)
        return TP_ENOMEM;
    tp_memo old = *m;
    m->slots = slots;
    m->mask = cap - 1;
    for (uint32_t i = 0; old.slots && i <= old.mask; i++)
        if (old.slots[i].used)
            *find(m, &old.slots[i].entry.key, old.slots[i].hash) = old.slots[i];
    return 0;
}

/* A copy of v whose strings, lists and objects live in arena a (what the document holds is
 * borrowed as it is: it outlives the evaluation). A string read from a document (sources: the
 * evaluation's) keeps where it was read: its offset goes before its bytes, as before those of any
 * string built to stand for one (tp_value_stand_in), so the copy is located where the original
 * is. */
static int copy_value(tp_arena *a, const tp_source *sources, const tp_value *v, tp_value *out)
{
    *out = *v;
    if (v->kind == TP_V_STR) {
        size_t prefix = v->origin ? TP_VALUE_STAND_IN_PREFIX : 0;
        char *room = tp_arena_alloc(a, prefix + v->len + 1);
        if (!room)
            return TP_ENOMEM;
        char *s = prefix ? tp_value_stand_in(room, v, &sources[v->origin - 1]) : room;
        memcpy(s, v->u.s, v->len);
        s[v->len] = '\0';
        out->u.s = s;
        return 0;
    }
    if (v->kind != TP_V_LIST && v->kind != TP_V_MAP)
        return 0;
    uint32_t n = v->kind == TP_V_MAP ? 2 * v->len : v->len;
    tp_value *items = tp_arena_alloc(a, (n ? n : 1) * sizeof *items);
    if (!items)
        return TP_ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        if (copy_value(a, sources, &v->u.items[i], &items[i]) != 0)
            return TP_ENOMEM;
    out->u.items = items;
    return 0;
}

int tp_memo_put(tp_memo *m, tp_arena *a, const tp_source *sources, const tp_value *key,
                const tp_value *value, const char *error)
{
    tp_memo_entry e = {{0}, {0}, NULL};
    if (error && !(e.error = tp_arena_strdup(a, error)))
        return TP_ENOMEM;
    if (!error && copy_value(a, sources, value, &e.value) != 0)
        return TP_ENOMEM;
    if (!key) {
        m->none = e;
        m->has_none = 1;
        return 0;
    }
    if (copy_value(a, sources, key, &e.key) != 0)
        return TP_ENOMEM;
    if (2 * (m->n + 1) > (m->slots ? m->mask + 1 : 0) && grow(m, a) != 0)
        return TP_ENOMEM;
    uint64_t h = tp_value_deep_hash(key);
    slot *s = find(m, key, h);
    if (!s->used)
        m->n++;
    *s = (slot){h, e, 1};
    return 0;
}
