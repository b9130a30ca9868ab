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

/* One distinct key: the high half of its hash and the chain of elements (by position) that have
 * it, the key itself kept with its first element. 8 bytes, so that the table of a large list
 * stays in the cache: a lookup is a cache miss on its bucket at most, and a comparison of keys
 * only when the high halves agree. */
typedef struct bucket {
    uint32_t hash; /* the high half of the key's deep hash */
    int32_t head;  /* -1: an empty bucket */
} bucket;

/* The longest string key a chain keeps a copy of. */
enum { INLINE_KEY_MAX = 16, NOT_INLINE = UINT32_MAX };

/* What an element that heads a chain knows of it: 32 bytes, so that a lookup that found its
 * bucket compares a short string key and reads the count in one cache line, not in the key's
 * element and its string somewhere in the document. */
typedef struct chain {
    int32_t tail; /* the chain's last element */
    uint32_t count;
    int32_t next_head; /* the next element, in the elements' order, that heads a chain; or -1 */
    uint32_t key_len;  /* of a string key copied into key[]; NOT_INLINE: compare keys[] */
    char key[INLINE_KEY_MAX];
} chain;

/* The longest string key the index remembers as its last lookup. */
enum { LAST_KEY_MAX = 48 };

struct tp_hash_index {
    tp_value *elems;
    tp_value *keys; /* of each element that heads a chain */
    chain *chains;  /* of each element that heads a chain */
    int32_t *next;  /* next element with the same key, -1 at the end */
    uint32_t nelems;
    uint32_t most; /* the largest count of one key */
    bucket *buckets;
    uint32_t mask;
    const char *error;
    /* The short string key looked up last (a copy) and its chain: the evaluator asks for one
     * key's count, then its elements, often for subject after subject that share it; a key looked
     * up again costs a compare in the cache, not a walk of a table too large for it. */
    char last_key[LAST_KEY_MAX];
    uint32_t last_len; /* UINT32_MAX: none */
    int32_t last_head;
    /* Subjects often ask for keys in the order the list gave them (each token's bindings, for
     * token after token): the chain after the one found last is tried first, a compare of
     * memory read in order instead of a cache miss in a table too large for the cache
     * (chain.next_head). */
    int32_t newest_head; /* the last element that began a chain, or -1 */
    int32_t last_found;  /* the head found last, or -1 */
    /* Lookups, and those the two guesses above did not answer (the table was searched): they
     * tell whether warming (tp_hash_index_warm) is worth its cost. */
    uint64_t lookups, searched;
};

/* Whether the key of the chain headed by `head` equals `key` (tp_value_equal). */
static bool key_is(const tp_hash_index *ix, int32_t head, const tp_value *key)
{
    const chain *c = &ix->chains[head];
    if (c->key_len != NOT_INLINE && key->kind == TP_V_STR)
        return c->key_len == key->len && (!key->len || memcmp(c->key, key->u.s, key->len) == 0);
    return tp_value_equal(&ix->keys[head], key);
}

static bucket *find(const tp_hash_index *ix, const tp_value *key, uint64_t h)
{
    uint32_t high = (uint32_t)(h >> 32);
    for (uint32_t i = (uint32_t)h & ix->mask;; i = (i + 1) & ix->mask) {
        bucket *b = &ix->buckets[i];
        if (b->head < 0 || (b->hash == high && key_is(ix, b->head, key)))
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
    ix->chains = tp_arena_alloc(a, n * sizeof *ix->chains);
    ix->next = tp_arena_alloc(a, n * sizeof *ix->next);
    ix->buckets = tp_arena_alloc(a, cap * sizeof *ix->buckets);
    if (!ix->elems || !ix->keys || !ix->chains || !ix->next || !ix->buckets)
        return NULL;
    ix->mask = cap - 1;
    ix->last_len = UINT32_MAX;
    ix->newest_head = ix->last_found = -1;
    for (uint32_t i = 0; i < cap; i++)
        ix->buckets[i].head = -1;
    return ix;
}

/* Reads made only to bring lines into the caches sum what they read into `sum`: storing it where
 * the compiler cannot see keeps the reads. */
static void keep_reads(uintptr_t sum)
{
    volatile uintptr_t sink = sum;
    (void)sink;
}

/* Adds one element whose key hashes to h. */
static void add(tp_hash_index *ix, const tp_value *elem, const tp_value *key, uint64_t h)
{
    uint32_t i = ix->nelems++;
    ix->elems[i] = *elem;
    ix->next[i] = -1;
    bucket *b = find(ix, key, h);
    if (b->head < 0) {
        b->hash = (uint32_t)(h >> 32);
        b->head = (int32_t)i;
        ix->keys[i] = *key;
        chain *c = &ix->chains[i];
        *c = (chain){.tail = (int32_t)i, .count = 1, .next_head = -1, .key_len = NOT_INLINE};
        if (key->kind == TP_V_STR && key->len <= INLINE_KEY_MAX) {
            c->key_len = key->len;
            if (key->len)
                memcpy(c->key, key->u.s, key->len);
        }
        if (ix->newest_head >= 0)
            ix->chains[ix->newest_head].next_head = (int32_t)i;
        ix->newest_head = (int32_t)i;
    } else {
        chain *c = &ix->chains[b->head];
        ix->next[c->tail] = (int32_t)i;
        c->tail = (int32_t)i;
        c->count++;
    }
    uint32_t count = ix->chains[b->head].count;
    if (count > ix->most)
        ix->most = count;
}

void tp_hash_index_add(tp_hash_index *ix, const tp_value *elems, const tp_value *keys, uint32_t n)
{
    uint64_t hash[TP_HASH_ADD_MAX];
    n = n < TP_HASH_ADD_MAX ? n : TP_HASH_ADD_MAX;
    ix->last_len = UINT32_MAX; /* a chain remembered may grow */
    /* Plain reads of the buckets, which do not depend on each other (see tp_hash_index_warm). */
    uintptr_t touched = 0;
    for (uint32_t i = 0; i < n; i++) {
        hash[i] = tp_value_deep_hash(&keys[i]);
        touched += (uintptr_t)ix->buckets[(uint32_t)hash[i] & ix->mask].head;
    }
    keep_reads(touched);
    for (uint32_t i = 0; i < n; i++)
        add(ix, &elems[i], &keys[i], hash[i]);
}

/* The first element of the chain of elements whose key equals `key`, or -1. */
static int32_t head_of(tp_hash_index *ix, const tp_value *key)
{
    int text = key->kind == TP_V_STR && key->len <= LAST_KEY_MAX;
    ix->lookups++;
    if (text && key->len == ix->last_len &&
        (!key->len || !memcmp(key->u.s, ix->last_key, key->len)))
        return ix->last_head;
    int32_t head = ix->last_found >= 0 ? ix->chains[ix->last_found].next_head : -1;
    if (head < 0 || !key_is(ix, head, key)) {
        ix->searched++;
        head = find(ix, key, tp_value_deep_hash(key))->head;
    }
    if (head >= 0)
        ix->last_found = head;
    if (text) {
        if (key->len)
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
        c->chain = head_of(ix, key);
    }
    if (c->chain < 0)
        return NULL;
    int32_t i = c->chain;
    c->chain = ix->next[i];
    return &ix->elems[i];
}

/* Fewer elements than this and the table stays in the processor's caches anyway. */
#define WARM_MIN_ELEMS 4096

bool tp_hash_index_warms(const tp_hash_index *ix)
{
    return ix->nelems >= WARM_MIN_ELEMS && ix->lookups >= 64 && ix->searched > ix->lookups / 2;
}

uint64_t tp_hash_index_lookups(const tp_hash_index *ix)
{
    return ix->lookups;
}

void tp_hash_index_warm(const tp_hash_index *ix, const tp_value *keys, uint32_t n)
{
    uint64_t hash[TP_HASH_WARM_MAX];
    int32_t head[TP_HASH_WARM_MAX];
    n = n < TP_HASH_WARM_MAX ? n : TP_HASH_WARM_MAX;
    /* Each pass reads what the one before it found, for every key: the reads of one pass do
     * not depend on each other, so their cache misses overlap instead of each lookup waiting for
     * memory four times in a row. Plain reads, not prefetch instructions: on the machines this
     * was measured on, prefetches of a large table's lines left the lookups missing as often
     * (docs/performance.md, "Seventh pass"). Nothing is looked up for real. */
    uintptr_t touched = 0;
    for (uint32_t i = 0; i < n; i++)
        hash[i] = tp_value_deep_hash(&keys[i]);
    for (uint32_t i = 0; i < n; i++) {
        const bucket *b = &ix->buckets[(uint32_t)hash[i] & ix->mask];
        head[i] = b->head >= 0 && b->hash == (uint32_t)(hash[i] >> 32) ? b->head : -1;
    }
    for (uint32_t i = 0; i < n; i++)
        if (head[i] >= 0)
            touched +=
                ix->chains[head[i]].count + (uint32_t)ix->next[head[i]] + ix->elems[head[i]].kind;
    for (uint32_t i = 0; i < n; i++)
        if (head[i] >= 0)
            touched += tp_value_touch_node(&ix->elems[head[i]]);
    for (uint32_t i = 0; i < n; i++)
        if (head[i] >= 0)
            touched += tp_value_touch_members(&ix->elems[head[i]]);
    keep_reads(touched);
}

uint32_t tp_hash_index_count(const tp_hash_index *ix)
{
    return ix->nelems;
}

uint32_t tp_hash_index_most(const tp_hash_index *ix)
{
    return ix->most;
}

uint32_t tp_hash_index_matches(tp_hash_index *ix, const tp_value *key)
{
    int32_t head = head_of(ix, key);
    return head < 0 ? 0 : ix->chains[head].count;
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
