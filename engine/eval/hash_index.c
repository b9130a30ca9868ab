#include "eval/hash_index.h"

#include <string.h>

/* One distinct scalar key: the chain of elements (by position) that have it, its first element's
 * key in `keys`. 8 bytes, so that the table of a large list stays in the cache: a lookup is a
 * cache miss on its bucket at most, and a key compare only when the hashes agree. */
typedef struct bucket {
    uint32_t hash; /* the high half of the key's hash */
    int32_t head;  /* -1: an empty bucket */
} bucket;

struct tp_hash_index {
    tp_value *elems;
    tp_value *keys; /* of each element with a scalar key */
    uint32_t nelems;
    int32_t *tail;   /* per element that heads a chain: the last element of its chain */
    int32_t *next;   /* next element with the same key, -1 at the end */
    int32_t *others; /* elements whose key is a list or an object: always compared */
    tp_value *other_keys;
    uint32_t nothers;
    bucket *buckets;
    uint32_t mask;
    const char *error;
    /* The short string key looked up last (a copy) and its chain: a key looked up again right
     * after costs a compare in the cache, not a walk of a table too large for it. */
    char last_key[48];
    uint32_t last_len; /* UINT32_MAX: none */
    int32_t last_head;
};

static bucket *find(const tp_hash_index *ix, const tp_value *key, uint64_t h)
{
    uint32_t high = (uint32_t)(h >> 32);
    for (uint32_t i = (uint32_t)h & ix->mask;; i = (i + 1) & ix->mask) {
        bucket *b = &ix->buckets[i];
        if (b->head < 0 || (b->hash == high && tp_value_equal(&ix->keys[b->head], key)))
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
    ix->keys = tp_arena_alloc(a, n * sizeof *ix->keys);
    ix->tail = tp_arena_alloc(a, n * sizeof *ix->tail);
    ix->next = tp_arena_alloc(a, n * sizeof *ix->next);
    ix->others = tp_arena_alloc(a, n * sizeof *ix->others);
    ix->other_keys = tp_arena_alloc(a, n * sizeof *ix->other_keys);
    ix->buckets = tp_arena_alloc(a, cap * sizeof *ix->buckets);
    if (!ix->elems || !ix->keys || !ix->tail || !ix->next || !ix->others || !ix->other_keys ||
        !ix->buckets)
        return NULL;
    ix->mask = cap - 1;
    ix->last_len = UINT32_MAX;
    for (uint32_t i = 0; i < cap; i++)
        ix->buckets[i].head = -1;
    return ix;
}

void tp_hash_index_add(tp_hash_index *ix, const tp_value *elem, const tp_value *key)
{
    uint32_t i = ix->nelems++;
    ix->elems[i] = *elem;
    ix->next[i] = -1;
    if (!tp_value_is_scalar(key)) {
        ix->other_keys[ix->nothers] = *key;
        ix->others[ix->nothers++] = (int32_t)i;
        return;
    }
    ix->keys[i] = *key;
    uint64_t h = tp_value_hash(key);
    bucket *b = find(ix, key, h);
    if (b->head < 0) {
        b->hash = (uint32_t)(h >> 32);
        b->head = ix->tail[i] = (int32_t)i;
    } else {
        ix->next[ix->tail[b->head]] = (int32_t)i;
        ix->tail[b->head] = (int32_t)i;
    }
}

/* Merges the chain of equal scalar keys with the composite-key elements, both ascending, so
 * matches keep list order. */
/* The chain of a scalar key. */
static int32_t chain_of(tp_hash_index *ix, const tp_value *key)
{
    int text = key->kind == TP_V_STR && key->len <= sizeof ix->last_key;
    if (text && key->len == ix->last_len && memcmp(key->u.s, ix->last_key, key->len) == 0)
        return ix->last_head;
    int32_t head = find(ix, key, tp_value_hash(key))->head;
    if (text) {
        memcpy(ix->last_key, key->u.s, key->len);
        ix->last_len = key->len;
        ix->last_head = head;
    }
    return head;
}

const tp_value *tp_hash_index_next(tp_hash_index *ix, const tp_value *key, tp_hash_cursor *c)
{
    if (!c->started) {
        c->started = 1;
        c->chain = tp_value_is_scalar(key) ? chain_of(ix, key) : -1;
        c->other = 0;
    }
    while (c->chain >= 0 || c->other < ix->nothers) {
        if (c->chain >= 0 && (c->other >= ix->nothers || c->chain < ix->others[c->other])) {
            int32_t i = c->chain;
            c->chain = ix->next[i];
            return &ix->elems[i];
        }
        uint32_t o = c->other++;
        if (tp_value_equal(&ix->other_keys[o], key))
            return &ix->elems[ix->others[o]];
    }
    return NULL;
}

uint32_t tp_hash_index_count(const tp_hash_index *ix)
{
    return ix->nelems;
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
