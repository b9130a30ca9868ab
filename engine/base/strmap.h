/*
 * A map from byte strings to numbers (an index into the caller's table), so that looking names
 * up (rule ids, params and lets, names read from the input) costs the same for the thousandth
 * declaration as for the first. Keys are not copied: they must outlive the map.
 */
#ifndef TP_STRMAP_H
#define TP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/alloc.h"

typedef struct tp_strmap_slot tp_strmap_slot;

typedef struct tp_strmap {
    const tp_mem *mem;
    tp_strmap_slot *slots;
    size_t cap, n; /* cap is 0 or a power of two */
} tp_strmap;

void tp_strmap_init(tp_strmap *m, const tp_mem *mem);
void tp_strmap_free(tp_strmap *m);

/* The number stored for the `len` bytes of key, or -1. */
int64_t tp_strmap_get(const tp_strmap *m, const char *key, size_t len);

/* Stores `value` for key unless the key is there already: 0, or TP_ENOMEM. */
int tp_strmap_put(tp_strmap *m, const char *key, size_t len, uint32_t value);

/* Stores `value` for key, replacing what was there: 0, or TP_ENOMEM. */
int tp_strmap_set(tp_strmap *m, const char *key, size_t len, uint32_t value);

#endif
