#include "eval/hash_index.h"

#include <string.h>

/* One distinct scalar key and the chain of elements (by position) that have it. */
typedef struct bucket {
    uint64_t hash;
    tp_value key;
    int32_t head, tail; /* head -1: empty bucket */
} bucket;

struct tp_index {
    tp_value *elems;
    uint32_t nelems;
    int32_t *next;   /* next element with the same key, -1 at the end */
    int32_t *others; /* elements whose key is a list or an object: always compared */
    uint32_t nothers;
    bucket *buckets;
    uint32_t mask;
    const char *poison; /* an element's key could not be read: every lookup fails with this */
};

static bucket *find(tp_index *ix, const tp_value *key, uint64_t h)
{
    for (uint32_t i = (uint32_t)h & ix->mask;; i = (i + 1) & ix->mask) {
        bucket *b = &ix->buckets[i];
        if (b->head < 0 || (b->hash == h && tp_value_equal(&b->key, key)))
            return b;
    }
}

/* Builds the index in the input arena: it serves every subject of this input. */
static int build(tp_eval *ev, const tp_node *gen, tp_index **out)
{
    tp_arena *saved = ev->arena;
    ev->arena = &ev->input;
    tp_value list, e;
    int rc = tp_eval_present(ev, gen->b, &list);
    if (rc == 0 && !tp_value_is_listlike(&list))
        rc = tp_eval_fail(ev, gen->b, "expected a list, but it is %s", tp_value_kind_phrase(&list));
    tp_index *ix = rc ? NULL : tp_arena_zalloc(&ev->input, sizeof *ix);
    if (rc == 0 && !ix)
        rc = TP_ENOMEM;
    if (rc) {
        ev->arena = saved;
        return rc;
    }
    uint32_t n = tp_value_count(&list);
    uint32_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    ix->elems = tp_arena_alloc(&ev->input, (n ? n : 1) * sizeof *ix->elems);
    ix->next = tp_arena_alloc(&ev->input, (n ? n : 1) * sizeof *ix->next);
    ix->others = tp_arena_alloc(&ev->input, (n ? n : 1) * sizeof *ix->others);
    ix->buckets = tp_arena_alloc(&ev->input, cap * sizeof *ix->buckets);
    ev->arena = saved;
    if (!ix->elems || !ix->next || !ix->others || !ix->buckets)
        return TP_ENOMEM;
    ix->mask = cap - 1;
    for (uint32_t i = 0; i < cap; i++)
        ix->buckets[i].head = -1;
    tp_iter it;
    tp_iter_init(&it, &list);
    while (tp_iter_next(&it, &e)) {
        uint32_t i = ix->nelems++;
        ix->elems[i] = e;
        ix->next[i] = -1;
        if (ix->poison)
            continue;
        tp_value key;
        ev->frame[gen->slot] = e;
        rc = tp_eval_expr(ev, gen->key_path, &key);
        if (rc == 0 && key.kind == TP_V_ABSENT)
            rc = tp_eval_absent(ev, gen->key_path);
        if (rc == TP_EVAL_ERR) {
            /* A scan would fail on this element too: keep the error for every lookup. */
            ix->poison = tp_arena_strdup(&ev->input, ev->err);
            if (!ix->poison)
                return TP_ENOMEM;
            continue;
        }
        if (rc)
            return rc;
        if (!tp_value_is_scalar(&key)) {
            ix->others[ix->nothers++] = (int32_t)i;
            continue;
        }
        uint64_t h = tp_value_hash(&key);
        bucket *b = find(ix, &key, h);
        if (b->head < 0) {
            b->hash = h;
            b->key = key;
            b->head = b->tail = (int32_t)i;
        } else {
            ix->next[b->tail] = (int32_t)i;
            b->tail = (int32_t)i;
        }
    }
    *out = ix;
    return 0;
}

int tp_index_visit(tp_eval *ev, const tp_node *gen, tp_visit_fn fn, void *state,
                   int (*each)(tp_eval *, const tp_node *, const tp_value *, tp_visit_fn, void *))
{
    tp_index *ix = ev->indexes[gen->index_id];
    int rc;
    if (!ix) {
        if ((rc = build(ev, gen, &ix)))
            return rc;
        ev->indexes[gen->index_id] = ix;
    }
    if (ix->nelems == 0)
        return 0;
    tp_value key;
    if ((rc = tp_eval_present(ev, gen->key_expr, &key)))
        return rc;
    if (ix->poison) {
        snprintf(ev->err, sizeof ev->err, "%s", ix->poison);
        return TP_EVAL_ERR;
    }
    int32_t chain = -1;
    if (tp_value_is_scalar(&key)) {
        bucket *b = find(ix, &key, tp_value_hash(&key));
        chain = b->head;
    }
    /* Merge the chain and the composite-key elements, both ascending, to keep list order. */
    uint32_t o = 0;
    while (chain >= 0 || o < ix->nothers) {
        int32_t i;
        if (chain >= 0 && (o >= ix->nothers || chain < ix->others[o])) {
            i = chain;
            chain = ix->next[chain];
        } else {
            i = ix->others[o++];
            tp_value k;
            ev->frame[gen->slot] = ix->elems[i];
            if ((rc = tp_eval_present(ev, gen->key_path, &k)))
                return rc;
            if (!tp_value_equal(&k, &key))
                continue;
        }
        rc = each(ev, gen, &ix->elems[i], fn, state);
        if (rc)
            return rc < 0 ? rc : 0;
    }
    return 0;
}
