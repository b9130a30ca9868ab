#include "base/strmap.h"

#include <string.h>

#include "tokpol.h"

struct tp_strmap_slot {
    const char *key; /* NULL: empty */
    size_t len;
    uint64_t hash;
    uint32_t value;
};

/* FNV-1a, then a final mix so that the low bits, which pick the slot, depend on every byte. */
static uint64_t hash_of(const char *key, size_t len)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * UINT64_C(1099511628211);
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    return h;
}

void tp_strmap_init(tp_strmap *m, const tp_mem *mem)
{
    memset(m, 0, sizeof *m);
    m->mem = mem;
}

void tp_strmap_free(tp_strmap *m)
{
    tp_mem_free(m->mem, m->slots);
    m->slots = NULL;
    m->cap = m->n = 0;
}

/* The slot holding key, or the empty slot where it would go. */
static tp_strmap_slot *find(tp_strmap_slot *slots, size_t cap, const char *key, size_t len,
                            uint64_t h)
{
    for (size_t i = (size_t)h & (cap - 1);; i = (i + 1) & (cap - 1)) {
        tp_strmap_slot *s = &slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

int64_t tp_strmap_get(const tp_strmap *m, const char *key, size_t len)
{
    if (m->n == 0)
        return -1;
    const tp_strmap_slot *s = find(m->slots, m->cap, key, len, hash_of(key, len));
    return s->key ? (int64_t)s->value : -1;
}

/* Doubles the table (kept at most half full). */
static int grow(tp_strmap *m)
{
    size_t cap = m->cap ? 2 * m->cap : 64;
    tp_strmap_slot *slots = tp_mem_calloc(m->mem, cap, sizeof *slots);
    if (!slots)
        return TP_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        const tp_strmap_slot *s = &m->slots[i];
        if (s->key)
            *find(slots, cap, s->key, s->len, s->hash) = *s;
    }
    tp_mem_free(m->mem, m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

static int store(tp_strmap *m, const char *key, size_t len, uint32_t value, int replace)
{
    if (2 * (m->n + 1) > m->cap && grow(m) != 0)
        return TP_ENOMEM;
    uint64_t h = hash_of(key, len);
    tp_strmap_slot *s = find(m->slots, m->cap, key, len, h);
    if (!s->key) {
        *s = (tp_strmap_slot){key, len, h, value};
        m->n++;
    } else if (replace) {
        s->value = value;
    }
    return 0;
}

int tp_strmap_put(tp_strmap *m, const char *key, size_t len, uint32_t value)
{
    return store(m, key, len, value, 0);
}

int tp_strmap_set(tp_strmap *m, const char *key, size_t len, uint32_t value)
{
    return store(m, key, len, value, 1);
}
