#include "eval/join_warm.h"

#include "eval/hash_index.h"

/* Whether n is a field path of the local `slot` (`t`, `t.owner`, `t.meta.owner`). */
static int is_path_of(const tp_expr *n, int32_t slot)
{
    while (n->kind == TP_E_FIELD)
        n = n->a;
    return n->kind == TP_E_LOCAL && n->slot == slot;
}

static void add_site(tp_join_warm *w, const tp_gen_clause *c)
{
    for (uint32_t i = 0; i < w->n; i++)
        if (w->sites[i] == c)
            return;
    if (w->n < TP_JOIN_WARM_SITES)
        w->sites[w->n++] = c;
}

/* The indexed clauses in n whose key is a path of `slot`. */
static void find_sites(const tp_expr *n, int32_t slot, tp_join_warm *w)
{
    if (!n)
        return;
    find_sites(n->a, slot, w);
    find_sites(n->b, slot, w);
    find_sites(n->c, slot, w);
    for (uint32_t i = 0; i < n->nargs; i++)
        find_sites(n->args[i], slot, w);
    for (uint32_t i = 0; i < n->nclauses; i++) {
        const tp_gen_clause *c = &n->clauses[i];
        if (c->index_id >= 0 && is_path_of(c->key_expr, slot))
            add_site(w, c);
        find_sites(c->list, slot, w);
        find_sites(c->where, slot, w);
        find_sites(c->rest_where, slot, w);
    }
}

/* The value of path n (is_path_of) for the element `elem`: 0 when a step is missing or reads
 * into something that is not an object (the lookup then fails, or finds nothing, as it will). */
static int path_value(tp_eval *ev, const tp_expr *n, const tp_value *elem, tp_value *out)
{
    if (n->kind != TP_E_FIELD) {
        *out = *elem;
        return 1;
    }
    tp_value base;
    if (!path_value(ev, n->a, elem, &base) || !tp_value_is_objlike(&base))
        return 0;
    *out = tp_value_field_hinted(&base, n->name, n->len, &ev->hints[n->site]);
    return out->kind != TP_V_ABSENT;
}

/* The key of path n for `elem`, when it is a string or a number: lists and objects are keys
 * too, but hashing one costs its size, and a lookup hashes it anyway. */
static int key_of(tp_eval *ev, const tp_expr *n, const tp_value *elem, tp_value *key)
{
    return path_value(ev, n, elem, key) && (key->kind == TP_V_STR || key->kind == TP_V_NUM);
}

void tp_join_warm_block(tp_eval *ev, const tp_rule_plan *rule, tp_join_warm *w, const tp_iter *it,
                        uint32_t n)
{
    if (!w->found) {
        w->found = 1;
        for (uint32_t i = 0; i < rule->nsteps; i++)
            find_sites(rule->steps[i].expr, rule->for_slot, w);
        find_sites(rule->assertion, rule->for_slot, w);
    }
    tp_value keys[TP_HASH_WARM_MAX];
    for (uint32_t s = 0; s < w->n; s++) {
        const tp_gen_clause *c = w->sites[s];
        const tp_hash_index *ix = ev->indexes[c->index_id]; /* built at the join's first lookup */
        if (!ix || tp_hash_index_error(ix))
            continue;
        /* Warming reads the key of every subject it is given; it pays only when most of them
         * are looked up: not when a `where` before the join drops most subjects, nor when the
         * join's results are kept (memo) and the index is no longer asked. */
        uint64_t lookups = tp_hash_index_lookups(ix), recent = lookups - w->lookups[s];
        w->lookups[s] = lookups;
        if (recent < n / 4 || !tp_hash_index_warms(ix))
            continue;
        tp_iter ahead = *it;
        tp_value e;
        uint32_t nkeys = 0;
        for (uint32_t j = 0; j < n && nkeys < TP_HASH_WARM_MAX && tp_iter_next(&ahead, &e); j++)
            nkeys += (uint32_t)key_of(ev, c->key_expr, &e, &keys[nkeys]);
        tp_hash_index_warm(ix, keys, nkeys);
    }
}
