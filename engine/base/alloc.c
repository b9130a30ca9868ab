#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Transparent huge pages: 2 MiB, aligned. A page fault costs as much as zeroing some hundred KiB
 * on the virtual machines tokpol is measured on (docs/performance.md), and an input of megabytes
 * touches every page of its text, tree and findings once: one fault per 2 MiB instead of 512.
 * Debian's kernels give huge pages only where madvise asks for them. */

uintptr_t tp_mem_advise_inside(void *p, size_t size, size_t unit, int advice)
{
    uintptr_t start = ((uintptr_t)p + unit - 1) & ~(uintptr_t)(unit - 1);
    uintptr_t end = ((uintptr_t)p + size) & ~(uintptr_t)(unit - 1);
    if (end <= start || madvise((void *)start, end - start, advice) != 0)
        return 0;
    return end;
}

/* Asks for huge pages on the whole 2 MiB pages inside [p, p + size). */
static void advise_huge(void *p, size_t size)
{
    (void)tp_mem_advise_inside(p, size, TP_HUGE_PAGE, MADV_HUGEPAGE);
}

/* A block of a huge page or more starts on one, so that all of it but its tail can be huge. */
static void *libc_malloc(size_t size, void *payload)
{
    (void)payload;
    if (size < TP_HUGE_PAGE)
        return malloc(size);
    void *p;
    if (posix_memalign(&p, TP_HUGE_PAGE, size) != 0)
        return NULL;
    advise_huge(p, size);
    return p;
}

/* A block grown past a huge page keeps whatever alignment realloc gave it: its new pages are
 * asked for as huge where whole ones fit. */
static void *libc_realloc(void *ptr, size_t size, void *payload)
{
    if (!ptr)
        return libc_malloc(size, payload);
    void *p = realloc(ptr, size);
    if (p && size >= TP_HUGE_PAGE)
        advise_huge(p, size);
    return p;
}

/* realloc for a host that gave malloc_fn alone: its blocks are its own, asked for nothing more. */
static void *plain_realloc(void *ptr, size_t size, void *payload)
{
    (void)payload;
    return realloc(ptr, size);
}

static void libc_free(void *ptr, void *payload)
{
    (void)payload;
    free(ptr);
}

void tp_mem_init(tp_mem *mem, const tp_allocator *hooks)
{
    mem->hooks.malloc_fn = hooks && hooks->malloc_fn ? hooks->malloc_fn : libc_malloc;
    mem->hooks.realloc_fn = mem->hooks.malloc_fn == libc_malloc ? libc_realloc : plain_realloc;
    if (hooks && hooks->realloc_fn)
        mem->hooks.realloc_fn = hooks->realloc_fn;
    mem->hooks.free_fn = hooks && hooks->free_fn ? hooks->free_fn : libc_free;
    mem->hooks.payload = hooks ? hooks->payload : NULL;
    mem->budget = NULL;
}

void tp_mem_init_budget(tp_mem *out, const tp_mem *mem, tp_mem_budget *budget, size_t limit)
{
    *out = *mem;
    memset(budget, 0, sizeof *budget);
    budget->limit = limit;
    out->budget = budget;
}

/* Before every counted block: its size, padded so the block stays 16-byte aligned. */
#define HEADER 16

int tp_mem_budget_charge(tp_mem_budget *b, size_t more)
{
    if (more > SIZE_MAX - b->held || (b->limit && b->held + more > b->limit)) {
        b->exceeded = 1;
        return -1;
    }
    b->held += more;
    if (b->held > b->peak)
        b->peak = b->held;
    return 0;
}

void tp_mem_budget_release(tp_mem_budget *b, size_t size)
{
    b->held -= size;
}

static void *counted_alloc(const tp_mem *mem, size_t size)
{
    if (size > SIZE_MAX - HEADER || tp_mem_budget_charge(mem->budget, size + HEADER) != 0)
        return NULL;
    char *p = mem->hooks.malloc_fn(size + HEADER, mem->hooks.payload);
    if (!p) {
        tp_mem_budget_release(mem->budget, size + HEADER);
        return NULL;
    }
    memcpy(p, &size, sizeof size);
    return p + HEADER;
}

static void *counted_realloc(const tp_mem *mem, void *ptr, size_t size)
{
    if (!ptr)
        return counted_alloc(mem, size);
    char *base = (char *)ptr - HEADER;
    size_t old;
    memcpy(&old, base, sizeof old);
    if (size > SIZE_MAX - HEADER)
        return NULL;
    if (size > old && tp_mem_budget_charge(mem->budget, size - old) != 0)
        return NULL;
    char *p = mem->hooks.realloc_fn(base, size + HEADER, mem->hooks.payload);
    if (!p) {
        if (size > old)
            mem->budget->held -= size - old;
        return NULL;
    }
    if (size < old)
        mem->budget->held -= old - size;
    memcpy(p, &size, sizeof size);
    return p + HEADER;
}

void *tp_mem_alloc(const tp_mem *mem, size_t size)
{
    if (mem->budget)
        return counted_alloc(mem, size ? size : 1);
    return mem->hooks.malloc_fn(size ? size : 1, mem->hooks.payload);
}

void *tp_mem_calloc(const tp_mem *mem, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = tp_mem_alloc(mem, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *tp_mem_realloc(const tp_mem *mem, void *ptr, size_t size)
{
    if (mem->budget)
        return counted_realloc(mem, ptr, size ? size : 1);
    return mem->hooks.realloc_fn(ptr, size ? size : 1, mem->hooks.payload);
}

void tp_mem_free(const tp_mem *mem, void *ptr)
{
    if (!ptr)
        return;
    if (mem->budget) {
        char *base = (char *)ptr - HEADER;
        size_t size;
        memcpy(&size, base, sizeof size);
        mem->budget->held -= size + HEADER;
        ptr = base;
    }
    mem->hooks.free_fn(ptr, mem->hooks.payload);
}

char *tp_mem_strndup(const tp_mem *mem, const char *s, size_t len)
{
    char *p = tp_mem_alloc(mem, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

int tp_mem_grow(const tp_mem *mem, void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need)
        ncap *= 2;
    if (ncap > SIZE_MAX / size)
        return TP_ENOMEM;
    void *p = tp_mem_realloc(mem, *items, ncap * size);
    if (!p)
        return TP_ENOMEM;
    *items = p;
    *cap = ncap;
    return 0;
}
