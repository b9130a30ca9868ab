#define _DEFAULT_SOURCE /* MADV_DONTNEED, MADV_NOHUGEPAGE */
#include "input/chunks.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/asan.h"

#define CHUNK_FIRST ((size_t)64 << 10)
#define CHUNK_MAX ((size_t)64 << 20)

/* Under AddressSanitizer a chunk's free space is poisoned until it is handed out: a read past the
 * last block of a chunk (a node whose count is wrong, a member read that a container does not
 * have) is reported instead of served from memory nobody wrote. Blocks of nodes are 8-byte
 * multiples, the sanitizer's granularity; strings are not, so the few bytes after one may read
 * unreported. */
#ifdef TP_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct tp_chunk {
    tp_chunk *next;
    size_t size; /* bytes charged for this chunk, header included */
    _Alignas(16) char data[];
};

void tp_chunks_init(tp_chunks *c, const tp_mem *mem, size_t budget, size_t first)
{
    c->mem = mem;
    c->head = NULL;
    c->cur = c->end = NULL;
    c->lent = c->lent_end = NULL;
    c->next_size = first ? first : CHUNK_FIRST;
    memset(&c->count, 0, sizeof c->count);
    c->count.limit = budget;
}

void tp_chunks_free(tp_chunks *c)
{
    tp_chunk *k = c->head;
    while (k) {
        tp_chunk *next = k->next;
        UNPOISON(k->data, k->size - sizeof *k);
        tp_mem_budget_release(&c->count, k->size);
        tp_mem_free(c->mem, k);
        k = next;
    }
    c->head = NULL;
    c->cur = c->end = NULL;
}

int tp_chunks_charge(tp_chunks *c, size_t size)
{
    return tp_mem_budget_charge(&c->count, size);
}

void tp_chunks_release(tp_chunks *c, size_t size)
{
    tp_mem_budget_release(&c->count, size);
}

size_t tp_chunks_discard(void *p, size_t size)
{
#ifdef TP_ASAN
    POISON(p, size); /* byte for byte: a read of any of it is reported */
    return size;
#else
    uintptr_t end = tp_mem_advise_inside(p, size, (size_t)sysconf(_SC_PAGESIZE), MADV_DONTNEED);
    return end ? end - (uintptr_t)p : 0;
#endif
}

void tp_chunks_no_collapse(void *p, size_t size)
{
#ifdef MADV_NOHUGEPAGE
    (void)tp_mem_advise_inside(p, size, (size_t)sysconf(_SC_PAGESIZE), MADV_NOHUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

void tp_chunks_undiscard(void *p, size_t size)
{
    UNPOISON(p, size);
}

/* A new chunk of at least `size` usable bytes, linked in; NULL when refused. */
static tp_chunk *new_chunk(tp_chunks *c, size_t size)
{
    if (size > SIZE_MAX - sizeof(tp_chunk))
        return NULL;
    size_t total = sizeof(tp_chunk) + size;
    if (tp_chunks_charge(c, total) != 0)
        return NULL;
    tp_chunk *k = tp_mem_alloc(c->mem, total);
    if (!k) {
        tp_chunks_release(c, total);
        return NULL;
    }
    k->size = total;
    k->next = c->head;
    c->head = k;
    return k;
}

/* `size` bytes aligned to `align` from the free span [*cur, end), or NULL when they do not fit. */
static void *from_span(char **cur, char *end, size_t size, size_t align)
{
    uintptr_t at = ((uintptr_t)*cur + align - 1) & ~(uintptr_t)(align - 1);
    if (!*cur || at > (uintptr_t)end || size > (uintptr_t)end - at)
        return NULL;
    *cur = (char *)at + size;
    UNPOISON((void *)at, size);
    return (void *)at;
}

/* `size` bytes from the span lent, the current chunk, or a new chunk; NULL when refused. */
static void *take(tp_chunks *c, size_t size, size_t align)
{
    void *p = from_span(&c->lent, c->lent_end, size, align);
    if (p || (p = from_span(&c->cur, c->end, size, align)) != NULL)
        return p;
    /* A block larger than the next chunk gets a chunk of its own; the current one stays open. */
    if (size > c->next_size / 4) {
        tp_chunk *k = new_chunk(c, size);
        return k ? k->data : NULL;
    }
    tp_chunk *k = new_chunk(c, c->next_size);
    if (!k)
        return NULL;
    c->cur = k->data + size;
    c->end = k->data + c->next_size;
    POISON(c->cur, (size_t)(c->end - c->cur));
    if (c->next_size < CHUNK_MAX)
        c->next_size *= 2;
    return k->data;
}

void *tp_chunks_alloc(tp_chunks *c, size_t size)
{
    if (size > SIZE_MAX / 2)
        return NULL;
    return take(c, (size + 7) & ~(size_t)7, 8);
}

void *tp_chunks_alloc_bytes(tp_chunks *c, size_t size)
{
    return size > SIZE_MAX / 2 ? NULL : take(c, size, 1);
}

void tp_chunks_lend(tp_chunks *c, void *p, size_t size)
{
    /* What the tree left unused of the span lent before goes back, with its charge: the pages of
     * a text mostly whitespace would otherwise be held whole, for a tree a fraction its size. */
    if (c->lent)
        tp_chunks_release(c, tp_chunks_discard(c->lent, (size_t)(c->lent_end - c->lent)));
#ifdef TP_ASAN
    /* Nothing is lent: it all goes back, poisoned (a read of any of it is reported). */
    c->lent = c->lent_end = NULL;
    if (p)
        tp_chunks_release(c, tp_chunks_discard(p, size));
#else
    c->lent = p;
    c->lent_end = p ? (char *)p + size : NULL;
#endif
}
