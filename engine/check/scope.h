/* The checker's stack of visible local names (for, let and generator variables). */
#ifndef TP_SCOPE_H
#define TP_SCOPE_H

#include <stdint.h>

#include "syntax/diag.h"

#define TP_SCOPE_MAX 256

typedef struct tp_scope_entry {
    const char *name; /* NULL for the hidden element of a projection */
    int32_t slot;
    tp_span span;
    uint8_t type;                 /* tp_type of the bound value, when the checker knows it */
    const struct tp_shape *shape; /* its schema shape, when an input schema is known */
} tp_scope_entry;

typedef struct tp_scope {
    tp_scope_entry items[TP_SCOPE_MAX];
    uint32_t n;
    uint32_t next_slot; /* slots of the current unit; never reused within it */
} tp_scope;

void tp_scope_reset(tp_scope *s);
/* Binds name to a new slot; returns the slot or -1 when too deep. */
int32_t tp_scope_push(tp_scope *s, const char *name, tp_span span, uint8_t type);
void tp_scope_pop(tp_scope *s, uint32_t to);
/* Innermost binding of name: its depth (index) or -1. */
int tp_scope_find(const tp_scope *s, const char *name);

#endif
