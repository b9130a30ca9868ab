#include "base/arena.h"

#include <stdint.h>
#include <string.h>

/* Blocks double from the least to the most as an arena grows: one that holds the findings of a
 * large input gets blocks of 2 MiB and more, which start on huge pages (alloc.c); a scratch arena
 * rewound per subject stays at its first. */
#define ARENA_BLOCK_MIN ((size_t)64 << 10)
#define ARENA_BLOCK_MAX ((size_t)4 << 20)

struct tp_arena_block {
    tp_arena_block *next;
    size_t size, used;
    _Alignas(16) char data[];
};

void tp_arena_init(tp_arena *arena, const tp_mem *mem)
{
    arena->mem = mem;
    arena->first = arena->cur = NULL;
}

void tp_arena_free(tp_arena *arena)
{
    tp_arena_block *b = arena->first;
    while (b) {
        tp_arena_block *next = b->next;
        tp_mem_free(arena->mem, b);
        b = next;
    }
    arena->first = arena->cur = NULL;
}

void *tp_arena_alloc(tp_arena *arena, size_t size)
{
    if (size > SIZE_MAX - 16)
        return NULL;
    size = (size + 7) & ~(size_t)7;
    tp_arena_block *b = arena->cur;
    if (b && b->size - b->used >= size) {
        void *p = b->data + b->used;
        b->used += size;
        return p;
    }
    /* Move on to a block kept from before a rewind, if it is big enough. */
    if (b && b->next && b->next->size >= size) {
        b = b->next;
        b->used = size;
        arena->cur = b;
        return b->data;
    }
    size_t bsize = b ? b->size * 2 : ARENA_BLOCK_MIN;
    if (bsize > ARENA_BLOCK_MAX)
        bsize = ARENA_BLOCK_MAX;
    if (bsize < size)
        bsize = size;
    if (bsize > SIZE_MAX - sizeof(tp_arena_block))
        return NULL;
    tp_arena_block *nb = tp_mem_alloc(arena->mem, sizeof *nb + bsize);
    if (!nb)
        return NULL;
    nb->size = bsize;
    nb->used = size;
    if (b) {
        nb->next = b->next;
        b->next = nb;
    } else {
        nb->next = arena->first;
        arena->first = nb;
    }
    arena->cur = nb;
    return nb->data;
}

void *tp_arena_zalloc(tp_arena *arena, size_t size)
{
    void *p = tp_arena_alloc(arena, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *tp_arena_strndup(tp_arena *arena, const char *s, size_t len)
{
    char *p = tp_arena_alloc(arena, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *tp_arena_strdup(tp_arena *arena, const char *s)
{
    return tp_arena_strndup(arena, s, strlen(s));
}

void *tp_arena_grow(tp_arena *arena, void *items, uint32_t n, uint32_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    if (*cap > UINT32_MAX / 2)
        return NULL;
    uint32_t ncap = *cap ? *cap * 2 : 8;
    void *grown = tp_arena_alloc(arena, (size_t)ncap * size);
    if (!grown)
        return NULL;
    if (n)
        memcpy(grown, items, (size_t)n * size);
    *cap = ncap;
    return grown;
}

void tp_arena_adopt(tp_arena *arena, tp_arena *from)
{
    if (!from->first)
        return;
    /* Before every block of `arena`: allocation never looks back past `cur`. */
    tp_arena_block *last = from->first;
    while (last->next)
        last = last->next;
    last->next = arena->first;
    arena->first = from->first;
    if (!arena->cur)
        arena->cur = last; /* its free space may serve; nothing after it is free */
    from->first = from->cur = NULL;
}

tp_arena_mark tp_arena_mark_get(const tp_arena *arena)
{
    tp_arena_mark m = {arena->cur, arena->cur ? arena->cur->used : 0};
    return m;
}

void tp_arena_rewind(tp_arena *arena, tp_arena_mark mark)
{
    if (!mark.block) {
        arena->cur = arena->first;
        if (arena->cur)
            arena->cur->used = 0;
        return;
    }
    arena->cur = mark.block;
    mark.block->used = mark.used;
}
