/*
 * A bump allocator. Blocks are kept until tp_arena_free, so rewinding to a mark and allocating
 * again reuses memory already touched: the evaluator rewinds once per subject and so does no
 * malloc on the hot path after the first few subjects.
 */
#ifndef TP_ARENA_H
#define TP_ARENA_H

#include <stddef.h>
#include <stdint.h>

#include "base/alloc.h"

typedef struct tp_arena_block tp_arena_block;

typedef struct tp_arena {
    const tp_mem *mem;
    tp_arena_block *first, *cur;
} tp_arena;

typedef struct tp_arena_mark {
    tp_arena_block *block;
    size_t used;
} tp_arena_mark;

void tp_arena_init(tp_arena *arena, const tp_mem *mem);
void tp_arena_free(tp_arena *arena);
/* 8-byte aligned, NULL when out of memory. */
void *tp_arena_alloc(tp_arena *arena, size_t size);
void *tp_arena_zalloc(tp_arena *arena, size_t size);
char *tp_arena_strndup(tp_arena *arena, const char *s, size_t len);
char *tp_arena_strdup(tp_arena *arena, const char *s);
/* Grows an arena vector of *cap elements of `size` bytes holding n, doubling: returns the (maybe
 * moved) items or NULL. The old block stays in the arena until it is freed or rewound. */
void *tp_arena_grow(tp_arena *arena, void *items, uint32_t n, uint32_t *cap, size_t size);
/* Moves every block of `from` (same allocator) into `arena`: what was allocated in `from` now
 * lives as long as `arena`; `from` is left empty. Neither may be rewound to a mark taken before. */
void tp_arena_adopt(tp_arena *arena, tp_arena *from);
tp_arena_mark tp_arena_mark_get(const tp_arena *arena);
void tp_arena_rewind(tp_arena *arena, tp_arena_mark mark);

#endif
