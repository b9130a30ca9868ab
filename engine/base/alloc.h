/* The allocator every library allocation goes through (tp_allocator, never cJSON's hooks). */
#ifndef TP_ALLOC_H
#define TP_ALLOC_H

#include <stdint.h>

#include "tokpol.h"

/*
 * A memory budget: what allocations through a tp_mem that points to it hold, and the most they
 * may. Counted allocations carry a small header with their size, so frees and reallocs give
 * their bytes back. One budget is used by one thread at a time (a document while it is read, an
 * evaluation); nothing here is atomic.
 */
typedef struct tp_mem_budget {
    size_t limit; /* 0: no limit, only counting */
    size_t held;  /* bytes held now (headers included) */
    size_t peak;  /* the most ever held */
    int exceeded; /* an allocation was refused because of the limit, not the allocator */
} tp_mem_budget;

/* A copy of the host's hooks, with the C library filling the members left NULL, and the budget
 * its allocations count against (NULL: none). */
typedef struct tp_mem {
    tp_allocator hooks;
    tp_mem_budget *budget;
} tp_mem;

/* A transparent huge page. Without a host's allocator, blocks of this size or more start on one
 * and are advised for huge pages (alloc.c). */
#define TP_HUGE_PAGE ((size_t)2 << 20)

void tp_mem_init(tp_mem *mem, const tp_allocator *hooks);
/* madvise(advice) on the whole `unit`-aligned pages inside [p, p + size) (`unit` a power of two,
 * at least the system's page size): the end of the range advised, or 0 when there was none or
 * the advice was refused. */
uintptr_t tp_mem_advise_inside(void *p, size_t size, size_t unit, int advice);
/* Counts `size` more bytes held: 0, or -1 (and `exceeded`) when that would pass the limit. */
int tp_mem_budget_charge(tp_mem_budget *b, size_t size);
void tp_mem_budget_release(tp_mem_budget *b, size_t size);

/* A copy of `mem` whose allocations count against `budget` (fresh: limit `limit`). Memory must
 * be freed through a tp_mem with the same budget. */
void tp_mem_init_budget(tp_mem *out, const tp_mem *mem, tp_mem_budget *budget, size_t limit);
void *tp_mem_alloc(const tp_mem *mem, size_t size);
void *tp_mem_calloc(const tp_mem *mem, size_t count, size_t size);
void *tp_mem_realloc(const tp_mem *mem, void *ptr, size_t size);
void tp_mem_free(const tp_mem *mem, void *ptr);
char *tp_mem_strndup(const tp_mem *mem, const char *s, size_t len);

/* Grows *items (of *cap elements of `size` bytes) to hold at least `need`; 0 or TP_ENOMEM. */
int tp_mem_grow(const tp_mem *mem, void **items, size_t *cap, size_t need, size_t size);

#endif
