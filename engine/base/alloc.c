#include "base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *libc_malloc(size_t size, void *payload)
{
    (void)payload;
    return malloc(size);
}

static void *libc_realloc(void *ptr, size_t size, void *payload)
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
    mem->hooks.realloc_fn = hooks && hooks->realloc_fn ? hooks->realloc_fn : libc_realloc;
    mem->hooks.free_fn = hooks && hooks->free_fn ? hooks->free_fn : libc_free;
    mem->hooks.payload = hooks ? hooks->payload : NULL;
}

void *tp_mem_alloc(const tp_mem *mem, size_t size)
{
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
    return mem->hooks.realloc_fn(ptr, size ? size : 1, mem->hooks.payload);
}

void tp_mem_free(const tp_mem *mem, void *ptr)
{
    if (ptr)
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
