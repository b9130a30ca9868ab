/* Lowering, hash indexes: which generators can look their elements up by key instead of
 * scanning, and which of them share one index. Reads the checked tree only. */
#include <string.h>

#include "lower/lowering.h"

static int reads_slot(const tp_node *n, int32_t slot)
{
    if (!n)
        return 0;
    if ((n->kind == TP_N_NAME && n->ref == TP_REF_LOCAL) || n->kind == TP_N_ELEM)
        if (n->slot == slot)
            return 1;
    if (reads_slot(n->a, slot) || reads_slot(n->b, slot) || reads_slot(n->c, slot))
        return 1;
    for (uint32_t i = 0; i < n->kids.n; i++)
        if (reads_slot(n->kids.items[i], slot))
            return 1;
    return 0;
}

/* VAR.f.g with VAR the generator's variable: the key a hash index can be built on. */
static int is_var_path(const tp_node *n, int32_t slot)
{
    if (n->kind != TP_N_FIELD)
        return 0;
    while (n->kind == TP_N_FIELD)
        n = n->a;
    return n->kind == TP_N_NAME && n->ref == TP_REF_LOCAL && n->slot == slot;
}

/* Two indexes are the same when they cover the same named list by the same field path. */
static int same_path(const tp_node *a, const tp_node *b)
{
    while (a->kind == TP_N_FIELD && b->kind == TP_N_FIELD) {
        if (strcmp(a->str, b->str) != 0)
            return 0;
        a = a->a;
        b = b->a;
    }
    return a->kind == TP_N_NAME && b->kind == TP_N_NAME;
}

static int32_t shared_index(tp_lowering *lw, const tp_node *list, const tp_node *path)
{
    int named = list->kind == TP_N_NAME && (list->ref == TP_REF_ROOT || list->ref == TP_REF_GLOBAL);
    for (uint32_t i = 0; named && i < lw->nshared; i++) {
        const tp_node *l = lw->shared[i].list;
        if (l->ref == list->ref && l->slot == list->slot && same_path(lw->shared[i].path, path))
            return lw->shared[i].id;
    }
    int32_t id = (int32_t)lw->plan->nindexes++;
    if (named && lw->nshared < sizeof lw->shared / sizeof lw->shared[0]) {
        lw->shared[lw->nshared].list = list;
        lw->shared[lw->nshared].path = path;
        lw->shared[lw->nshared].id = id;
        lw->nshared++;
    }
    return id;
}

/* `VAR.path == E and REST` over a list that reads no variable (so it is the same for every
 * subject of an input) is answered from an index built once per input. E may read the variables
 * of the clauses before, so an inner clause looks its elements up once per outer element. */
int tp_lower_index_split(tp_lowering *lw, const tp_node *clause, tp_index_split *out)
{
    if (!clause->c || !(clause->b->flags & TP_NF_INVARIANT))
        return 0;
    tp_node *conj[64];
    size_t nc = tp_ast_conjuncts(clause->c, conj, 64);
    if (nc == 0 || nc == 64)
        return 0;
    const tp_node *eq = conj[0];
    if (eq->kind != TP_N_BINARY || eq->op != TP_OP_EQ)
        return 0;
    if (is_var_path(eq->a, clause->slot) && !reads_slot(eq->b, clause->slot)) {
        out->key_path = eq->a;
        out->key_expr = eq->b;
    } else if (is_var_path(eq->b, clause->slot) && !reads_slot(eq->a, clause->slot)) {
        out->key_path = eq->b;
        out->key_expr = eq->a;
    } else {
        return 0;
    }
    out->nrest = nc - 1;
    memcpy(out->rest, conj + 1, out->nrest * sizeof *conj);
    out->index_id = shared_index(lw, clause->b, out->key_path);
    return 1;
}

/* What a subtree of a generator reads: a variable bound inside the generator (at slot `first` or
 * after: slots are never reused within a rule), one bound before it (the subject's `for` and
 * lets), or both. Binding a variable counts as inside. */
enum { READS_INNER = 1, READS_OUTER = 2 };

static void push_part(tp_memo_parts *f, const tp_node *n)
{
    if (f->n < TP_MEMO_MAX_KEYS)
        f->items[f->n++] = n;
    else
        f->overflow = 1;
}

/* Collects in f the largest parts of n that read the subject's variables and nothing the
 * generator binds: the generator's value is a function of their values. */
static unsigned collect_free(const tp_node *n, int32_t first, tp_memo_parts *f)
{
    if (!n || (n->flags & TP_NF_INVARIANT))
        return 0;
    unsigned bits = 0;
    if ((n->kind == TP_N_NAME && n->ref == TP_REF_LOCAL) || n->kind == TP_N_ELEM)
        bits = n->slot >= first ? READS_INNER : READS_OUTER;
    if (n->kind == TP_N_GEN_FOR || n->kind == TP_N_PROJECT)
        bits |= READS_INNER;
    uint32_t mark = f->n;
    const tp_node *kids[3] = {n->a, n->b, n->c};
    for (uint32_t i = 0; i < 3 + n->kids.n; i++) {
        const tp_node *k = i < 3 ? kids[i] : n->kids.items[i - 3];
        unsigned kb = collect_free(k, first, f);
        if (kb == READS_OUTER)
            push_part(f, k);
        bits |= kb;
    }
    if (bits == READS_OUTER)
        f->n = mark; /* all of n reads only the subject: its parent takes n whole */
    return bits;
}

int32_t tp_lower_memo(tp_lowering *lw, const tp_node *n, const tp_node *key, tp_memo_parts *f)
{
    memset(f, 0, sizeof *f);
    if (n->kind == TP_N_CALL && (n->ref == TP_FN_HAS || n->kids.n == 0))
        return -1; /* nothing to save */
    if (n->flags & TP_NF_INVARIANT)
        return (int32_t)lw->plan->nmemos++;
    if (n->kind != TP_N_GEN || n->kids.n == 0 || n->kids.items[0]->slot < 0)
        return -1;
    collect_free(n, n->kids.items[0]->slot, f);
    if (f->overflow || f->n == 0)
        return -1;
    /* The index key first, so that a key few elements have is seen before the others. */
    for (uint32_t i = 0; key && i < f->n; i++)
        if (f->items[i] == key) {
            f->items[i] = f->items[0];
            f->items[0] = key;
            f->index_first = 1;
        }
    return (int32_t)lw->plan->nmemos++;
}
