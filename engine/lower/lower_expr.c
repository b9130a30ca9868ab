/* Lowering, expressions: one plan node per checked syntax node, strings copied into the plan. */
#include <string.h>

#include "lower/lowering.h"

static tp_expr *new_expr(tp_lowering *lw, tp_expr_kind kind, const tp_node *n)
{
    tp_expr *e = tp_arena_zalloc(lw->arena, sizeof *e);
    if (!e) {
        lw->oom = 1;
        return NULL;
    }
    e->kind = (uint8_t)kind;
    e->slot = -1;
    e->memo = -1;
    e->span = n->span;
    if (n->display && !(e->display = tp_arena_strdup(lw->arena, n->display)))
        lw->oom = 1;
    return e;
}

static void copy_name(tp_lowering *lw, tp_expr *e, const char *s, uint32_t len)
{
    if (!s)
        return;
    e->len = len;
    if (!(e->name = tp_arena_strndup(lw->arena, s, len)))
        lw->oom = 1;
}

/* Lowers every node of `kids` into e->args. */
static void lower_args(tp_lowering *lw, tp_expr *e, const tp_nodes *kids)
{
    e->nargs = kids->n;
    e->args = tp_arena_alloc(lw->arena, (kids->n ? kids->n : 1) * sizeof *e->args);
    if (!e->args) {
        lw->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < kids->n; i++)
        e->args[i] = tp_lower_expr(lw, kids->items[i]);
}

static tp_expr *lower_constant(tp_lowering *lw, const tp_node *n)
{
    tp_expr *e = new_expr(lw, TP_E_CONST, n);
    if (!e)
        return NULL;
    switch ((tp_node_kind)n->kind) {
    case TP_N_BOOL_LIT:
        e->op = TP_LIT_BOOL;
        e->lit.b = n->num != 0;
        break;
    case TP_N_NUM_LIT:
        e->op = TP_LIT_NUM;
        e->lit.num = n->num;
        break;
    case TP_N_STR_LIT:
        e->op = TP_LIT_STR;
        copy_name(lw, e, n->str, n->len);
        break;
    case TP_N_DUR_LIT:
    case TP_N_TIME_LIT:
        e->op = n->kind == TP_N_DUR_LIT ? TP_LIT_DUR : TP_LIT_TIME;
        e->lit.us = n->us;
        break;
    default:
        e->op = TP_LIT_NULL;
        break;
    }
    return e;
}

static tp_expr *lower_name(tp_lowering *lw, const tp_node *n)
{
    static const tp_expr_kind kinds[] = {[TP_REF_LOCAL] = TP_E_LOCAL,
                                         [TP_REF_GLOBAL] = TP_E_GLOBAL,
                                         [TP_REF_ROOT] = TP_E_ROOT,
                                         [TP_REF_NOW] = TP_E_NOW};
    tp_expr *e = new_expr(lw, kinds[n->ref], n);
    if (e) {
        e->slot = n->slot;
        copy_name(lw, e, n->str, n->len);
    }
    return e;
}

/* Whether an evaluation may keep e's value for its input, and by which keys: the parts of it
 * that read the subject's variables, lowered again to be evaluated on their own. */
static void set_memo(tp_lowering *lw, tp_expr *e, const tp_node *n, const tp_node *key)
{
    tp_memo_parts parts;
    e->memo = tp_lower_memo(lw, n, key, &parts);
    if (e->memo < 0 || parts.n == 0)
        return;
    e->memo_keys = tp_arena_alloc(lw->arena, parts.n * sizeof *e->memo_keys);
    if (!e->memo_keys) {
        lw->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < parts.n; i++)
        e->memo_keys[i] = tp_lower_expr(lw, parts.items[i]);
    e->nmemo_keys = parts.n;
    /* With one clause, the elements of an index key are all the work there is. */
    if (parts.index_first && e->nclauses == 1 && e->clauses[0].index_id >= 0)
        e->memo_index = &e->clauses[0];
}

/* matches() or capture() with a literal pattern: compiled once, here, and kept with the plan. */
static void compile_pattern(tp_lowering *lw, tp_expr *call, const tp_node *pattern)
{
    tp_plan *p = lw->plan;
    tp_regex **items = tp_arena_grow(lw->arena, p->regexes, (uint32_t)p->nregexes, &lw->cap_regexes,
                                     sizeof *items);
    if (!items) {
        lw->oom = 1;
        return;
    }
    p->regexes = items;
    char why[160];
    tp_regex *re = NULL;
    int rc = tp_regex_compile(&re, &p->mem, pattern->str, pattern->len, p->max_regex_bytes, 0, why,
                              sizeof why);
    if (rc == TP_ENOMEM)
        lw->oom = 1;
    if (re)
        call->regex = p->regexes[p->nregexes++] = re;
}

static tp_expr *lower_call(tp_lowering *lw, const tp_node *n)
{
    tp_expr *e = new_expr(lw, TP_E_CALL, n);
    if (!e)
        return NULL;
    e->op = (uint8_t)n->ref;
    copy_name(lw, e, n->str, n->len);
    lower_args(lw, e, &n->kids);
    if ((n->ref == TP_FN_MATCHES || n->ref == TP_FN_CAPTURE) && n->kids.n == 2 &&
        n->kids.items[1]->kind == TP_N_STR_LIT)
        compile_pattern(lw, e, n->kids.items[1]);
    tp_expr *arg = e->nargs == 1 ? e->args[0] : NULL;
    if (arg && arg->kind == TP_E_GENERATE && arg->memo >= 0 &&
        tp_builtins[n->ref].pass == TP_PASS_AGGREGATE) {
        /* Keep the aggregate's result rather than the list it is fed. */
        e->memo = arg->memo;
        e->memo_keys = arg->memo_keys;
        e->nmemo_keys = arg->nmemo_keys;
        e->memo_index = arg->memo_index;
        arg->memo = -1;
        arg->nmemo_keys = 0;
        arg->memo_index = NULL;
    } else {
        set_memo(lw, e, n, NULL);
    }
    return e;
}

/* `rest` joined with `and`, left to right, as the parser would have built it. */
static tp_expr *lower_conjunction(tp_lowering *lw, tp_node *const *rest, size_t n)
{
    tp_expr *acc = n ? tp_lower_expr(lw, rest[0]) : NULL;
    for (size_t i = 1; acc && i < n; i++) {
        tp_expr *e = new_expr(lw, TP_E_BINARY, rest[i]);
        if (!e)
            return NULL;
        e->op = TP_OP_AND;
        e->span = tp_span_join(acc->span, rest[i]->span);
        e->a = acc;
        e->b = tp_lower_expr(lw, rest[i]);
        acc = e;
    }
    return acc;
}

/* One `for` clause: a scan filtered by its `where`, or a lookup in a hash index (whose key
 * expression goes to *key). */
static void lower_gen_for(tp_lowering *lw, const tp_node *n, tp_gen_clause *c, const tp_node **key)
{
    c->slot = n->slot;
    c->list = tp_lower_expr(lw, n->b);
    c->index_id = -1;
    tp_index_split split;
    if (tp_lower_index_split(lw, n, &split)) {
        c->index_id = split.index_id;
        c->key_path = tp_lower_expr(lw, split.key_path);
        c->key_expr = tp_lower_expr(lw, split.key_expr);
        c->rest_where = lower_conjunction(lw, split.rest, split.nrest);
        *key = split.key_expr;
    } else {
        c->where = tp_lower_expr(lw, n->c);
    }
}

static tp_expr *lower_generator(tp_lowering *lw, const tp_node *n)
{
    tp_expr *e = new_expr(lw, TP_E_GENERATE, n);
    tp_gen_clause *c = tp_arena_zalloc(lw->arena, n->kids.n * sizeof *c);
    if (!e || !c) {
        lw->oom = 1;
        return NULL;
    }
    e->clauses = c;
    e->nclauses = n->kids.n;
    const tp_node *key = NULL, *inner_key = NULL;
    for (uint32_t k = 0; k < n->kids.n; k++)
        lower_gen_for(lw, n->kids.items[k], &c[k], k == 0 ? &key : &inner_key);
    e->a = tp_lower_expr(lw, n->a);
    set_memo(lw, e, n, key);
    return e;
}

static tp_expr *lower_children(tp_lowering *lw, tp_expr_kind kind, const tp_node *n)
{
    tp_expr *e = new_expr(lw, kind, n);
    if (!e)
        return NULL;
    e->op = n->op;
    e->slot = n->slot;
    e->a = tp_lower_expr(lw, n->a);
    e->b = tp_lower_expr(lw, n->b);
    e->c = tp_lower_expr(lw, n->c);
    if (kind == TP_E_FIELD) {
        copy_name(lw, e, n->str, n->len);
        e->site = lw->plan->nfield_sites++;
    }
    return e;
}

tp_expr *tp_lower_expr(tp_lowering *lw, const tp_node *n)
{
    if (!n)
        return NULL;
    switch ((tp_node_kind)n->kind) {
    case TP_N_NULL_LIT:
    case TP_N_BOOL_LIT:
    case TP_N_NUM_LIT:
    case TP_N_STR_LIT:
    case TP_N_DUR_LIT:
    case TP_N_TIME_LIT:
        return lower_constant(lw, n);
    case TP_N_TEMPLATE:
    case TP_N_LIST:
    case TP_N_OBJECT: {
        tp_expr *e = new_expr(lw,
                              n->kind == TP_N_TEMPLATE ? TP_E_TEMPLATE
                              : n->kind == TP_N_LIST   ? TP_E_LIST
                                                       : TP_E_OBJECT,
                              n);
        if (e)
            lower_args(lw, e, &n->kids);
        return e;
    }
    case TP_N_NAME:
        return lower_name(lw, n);
    case TP_N_ELEM: {
        tp_expr *e = new_expr(lw, TP_E_LOCAL, n);
        if (e)
            e->slot = n->slot;
        return e;
    }
    case TP_N_CALL:
        return lower_call(lw, n);
    case TP_N_GEN:
        return lower_generator(lw, n);
    case TP_N_GEN_FOR: /* lowered with its generator */
        break;
    case TP_N_FIELD:
        return lower_children(lw, TP_E_FIELD, n);
    case TP_N_INDEX:
        return lower_children(lw, TP_E_INDEX, n);
    case TP_N_PROJECT: {
        tp_expr *e = lower_children(lw, TP_E_PROJECT, n);
        if (e)
            set_memo(lw, e, n, NULL);
        return e;
    }
    case TP_N_NEG:
        return lower_children(lw, TP_E_NEG, n);
    case TP_N_NOT:
        return lower_children(lw, TP_E_NOT, n);
    case TP_N_BINARY:
        return lower_children(lw, TP_E_BINARY, n);
    case TP_N_COND:
        return lower_children(lw, TP_E_COND, n);
    }
    lw->oom = 1; /* unreachable: every kind is lowered */
    return NULL;
}
