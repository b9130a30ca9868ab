/* The allocator every library allocation goes through (tp_allocator, never cJSON's hooks). */
#ifndef TP_ALLOC_H
#define TP_ALLOC_H

#include "tokpol.h"

/* A copy of the host's hooks, with the C library filling the members left NULL. */
typedef struct tp_mem {
    tp_allocator hooks;
} tp_mem;

void tp_mem_init(tp_mem *mem, const tp_allocator *hooks);
void *tp_mem_alloc(const tp_mem *mem, size_t size);
void *tp_mem_calloc(const tp_mem *mem, size_t count, size_t size);
void *tp_mem_realloc(const tp_mem *mem, void *ptr, size_t size);
void tp_mem_free(const tp_mem *mem, void *ptr);
char *tp_mem_strndup(const tp_mem *mem, const char *s, size_t len);

/* Grows *items (of *cap elements of `size` bytes) to hold at least `need`; 0 or TP_ENOMEM. */
int tp_mem_grow(const tp_mem *mem, void **items, size_t *cap, size_t need, size_t size);

#endif
