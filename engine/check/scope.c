#include "check/scope.h"

#include <string.h>

void tp_scope_reset(tp_scope *s)
{
    s->n = 0;
    s->next_slot = 0;
}

int32_t tp_scope_push(tp_scope *s, const char *name, tp_span span, uint8_t type)
{
    if (s->n >= TP_SCOPE_MAX)
        return -1;
    tp_scope_entry *e = &s->items[s->n++];
    e->name = name;
    e->slot = (int32_t)s->next_slot++;
    e->span = span;
    e->type = type;
    e->shape = NULL;
    return e->slot;
}

void tp_scope_pop(tp_scope *s, uint32_t to)
{
    if (to < s->n)
        s->n = to;
}

int tp_scope_find(const tp_scope *s, const char *name)
{
    for (uint32_t i = s->n; i-- > 0;)
        if (s->items[i].name && strcmp(s->items[i].name, name) == 0)
            return (int)i;
    return -1;
}
