#include "eval/hash_index.h"

#include <string.h>

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    return h;
}

typedef struct member_sum {
    uint64_t sum;
} member_sum;

static int add_member(const tp_value *key, const tp_value *value, void *state)
{
    member_sum *m = state;
    /* A sum of the members' hashes: equal objects hash alike whatever their members' order. */
    m->sum += mix(tp_value_hash(key) * 31 + tp_value_deep_hash(value));
    return 0;
}

uint64_t tp_value_deep_hash(const tp_value *v)
{
    if (tp_value_is_scalar(v))
        return tp_value_hash(v);
    uint64_t h = UINT64_C(14695981039346656037);
    if (tp_value_is_listlike(v)) {
        tp_iter it;
        tp_value e;
        tp_iter_init(&it, v);
        while (tp_iter_next(&it, &e))
            h = mix(h ^ tp_value_deep_hash(&e)) * UINT64_C(1099511628211);
        return h ^ 1;
    }
    if (tp_value_is_objlike(v)) {
        member_sum m = {0};
        tp_value_each_member(v, add_member, &m);
        return mix(h ^ m.sum) ^ 2;
    }
    return h;
}

/* One distinct key and the chain of elements (by position) that have it. */
typedef struct bucket {
    uint64_t hash;
    tp_value key;
    int32_t head, tail; /* head -1: empty bucket */
    uint32_t count;
} bucket;

struct tp_hash_index {
    tp_value *elems;
    uint32_t nelems;
    int32_t *next; /* next element with the same key, -1 at the end */
    bucket *buckets;
    uint32_t mask;
    const char *error;
};

static bucket *find(const tp_hash_index *ix, const tp_value *key, uint64_t h)
{
    for (uint32_t i = (uint32_t)h & ix->mask;; i = (i + 1) & ix->mask) {
        bucket *b = &ix->buckets[i];
        if (b->head < 0 || (b->hash == h && tp_value_equal(&b->key, key)))
            return b;
    }
}

tp_hash_index *tp_hash_index_new(tp_arena *a, uint32_t capacity)
{
    uint32_t n = capacity ? capacity : 1;
    uint32_t cap = 16;
    while (cap < 2 * capacity + 2)
        cap *= 2;
    tp_hash_index *ix = tp_arena_zalloc(a, sizeof *ix);
    if (!ix)
        return NULL;
    ix->elems = tp_arena_alloc(a, n * sizeof *ix->elems);
    ix->next = tp_arena_alloc(a, n * sizeof *ix->next);
    ix->buckets = tp_arena_alloc(a, cap * sizeof *ix->buckets);
    if (!ix->elems || !ix->next || !ix->buckets)
        return NULL;
    ix->mask = cap - 1;
    for (uint32_t i = 0; i < cap; i++)
        ix->buckets[i].head = -1;
    return ix;
}

void tp_hash_index_add(tp_hash_index *ix, const tp_value *elem, const tp_value *key)
{
    uint32_t i = ix->nelems++;
    ix->elems[i] = *elem;
    ix->next[i] = -1;
    uint64_t h = tp_value_deep_hash(key);
    bucket *b = find(ix, key, h);
    if (b->head < 0) {
        b->hash = h;
        b->key = *key;
        b->head = b->tail = (int32_t)i;
        b->count = 1;
    } else {
        b->count++;
        ix->next[b->tail] = (int32_t)i;
        b->tail = (int32_t)i;
    }
}

const tp_value *tp_hash_index_next(const tp_hash_index *ix, const tp_value *key, tp_hash_cursor *c)
{
    if (!c->started) {
        c->started = 1;
        c->chain = find(ix, key, tp_value_deep_hash(key))->head;
    }
    if (c->chain < 0)
        return NULL;
    int32_t i = c->chain;
    c->chain = ix->next[i];
    return &ix->elems[i];
}

uint32_t tp_hash_index_count(const tp_hash_index *ix)
{
    return ix->nelems;
}

uint32_t tp_hash_index_matches(const tp_hash_index *ix, const tp_value *key)
{
    const bucket *b = find(ix, key, tp_value_deep_hash(key));
    return b->head < 0 ? 0 : b->count;
}

int tp_hash_index_fail(tp_hash_index *ix, tp_arena *a, const char *message)
{
    ix->error = tp_arena_strdup(a, message);
    return ix->error ? 0 : TP_ENOMEM;
}

const char *tp_hash_index_error(const tp_hash_index *ix)
{
    return ix->error;
}
