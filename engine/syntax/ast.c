#include "syntax/ast.h"

#include <string.h>

tp_span tp_span_join(tp_span a, tp_span b)
{
    tp_span s = a;
    s.end_line = b.end_line;
    s.end_col = b.end_col;
    return s;
}

tp_node *tp_ast_node(tp_arena *a, tp_node_kind kind, tp_span span)
{
    tp_node *n = tp_arena_zalloc(a, sizeof *n);
    if (!n)
        return NULL;
    n->kind = (uint8_t)kind;
    n->span = span;
    n->slot = -1;
    return n;
}

tp_node *tp_ast_null(tp_arena *a, tp_span span)
{
    return tp_ast_node(a, TP_N_NULL_LIT, span);
}

tp_node *tp_ast_bool(tp_arena *a, bool value, tp_span span)
{
    tp_node *n = tp_ast_node(a, TP_N_BOOL_LIT, span);
    if (n)
        n->num = value;
    return n;
}

tp_node *tp_ast_number(tp_arena *a, double value, tp_span span)
{
    tp_node *n = tp_ast_node(a, TP_N_NUM_LIT, span);
    if (n)
        n->num = value;
    return n;
}

static tp_node *microseconds(tp_arena *a, tp_node_kind kind, int64_t us, tp_span span)
{
    tp_node *n = tp_ast_node(a, kind, span);
    if (n)
        n->us = us;
    return n;
}

tp_node *tp_ast_duration(tp_arena *a, int64_t us, tp_span span)
{
    return microseconds(a, TP_N_DUR_LIT, us, span);
}

tp_node *tp_ast_time(tp_arena *a, int64_t us, tp_span span)
{
    return microseconds(a, TP_N_TIME_LIT, us, span);
}

tp_node *tp_ast_text(tp_arena *a, const char *text, size_t len, tp_span span)
{
    tp_node *n = text ? tp_ast_node(a, TP_N_STR_LIT, span) : NULL;
    if (n) {
        n->str = text;
        n->len = (uint32_t)len;
    }
    return n;
}

tp_node *tp_ast_key(tp_arena *a, const char *name, size_t len, tp_span span)
{
    return tp_ast_text(a, tp_arena_strndup(a, name, len), len, span);
}

static tp_node *with_kids(tp_arena *a, tp_node_kind kind, tp_nodes kids, tp_span span)
{
    tp_node *n = tp_ast_node(a, kind, span);
    if (n)
        n->kids = kids;
    return n;
}

tp_node *tp_ast_list(tp_arena *a, tp_nodes items, tp_span span)
{
    return with_kids(a, TP_N_LIST, items, span);
}

tp_node *tp_ast_object(tp_arena *a, tp_nodes pairs, tp_span span)
{
    return with_kids(a, TP_N_OBJECT, pairs, span);
}

tp_node *tp_ast_block(tp_arena *a, const char *name, size_t len, tp_nodes pairs, tp_span span)
{
    tp_node *n = with_kids(a, TP_N_OBJECT, pairs, span);
    if (n && !(n->str = tp_arena_strndup(a, name, len)))
        return NULL;
    if (n)
        n->len = (uint32_t)len;
    return n;
}

tp_node *tp_ast_paren(tp_node *n)
{
    if (n)
        n->flags |= TP_NF_PAREN;
    return n;
}

tp_node *tp_ast_binary(tp_arena *a, tp_binop op, tp_node *l, tp_node *r, tp_span span)
{
    if (!l || !r)
        return NULL;
    tp_node *n = tp_ast_node(a, TP_N_BINARY, span);
    if (n) {
        n->op = (uint8_t)op;
        n->a = l;
        n->b = r;
    }
    return n;
}

tp_node *tp_ast_unary(tp_arena *a, tp_node_kind kind, tp_node *operand, tp_span span)
{
    if (!operand)
        return NULL;
    tp_node *n = tp_ast_node(a, kind, span);
    if (n)
        n->a = operand;
    return n;
}

tp_node *tp_ast_cond(tp_arena *a, tp_node *cond, tp_node *yes, tp_node *no, tp_span span)
{
    if (!cond || !yes || !no)
        return NULL;
    tp_node *n = tp_ast_node(a, TP_N_COND, span);
    if (n) {
        n->a = cond;
        n->b = yes;
        n->c = no;
    }
    return n;
}

tp_node *tp_ast_name(tp_arena *a, const char *name, size_t len, tp_span span)
{
    tp_node *n = tp_ast_node(a, TP_N_NAME, span);
    if (n && !(n->str = tp_arena_strndup(a, name, len)))
        return NULL;
    if (n)
        n->len = (uint32_t)len;
    return n;
}

/* An open projection is one not closed by parentheses; postfix operators apply to its body. */
static tp_node *open_projection(tp_node *base)
{
    return base && base->kind == TP_N_PROJECT && !(base->flags & TP_NF_PAREN) ? base : NULL;
}

tp_node *tp_ast_field(tp_arena *a, tp_node *base, const char *name, size_t len, tp_span span)
{
    if (!base)
        return NULL;
    tp_node *proj = open_projection(base);
    if (proj) {
        tp_node *body = tp_ast_field(a, proj->b, name, len, span);
        if (!body)
            return NULL;
        proj->b = body;
        proj->span = tp_span_join(proj->span, span);
        return proj;
    }
    tp_node *n = tp_ast_node(a, TP_N_FIELD, tp_span_join(base->span, span));
    if (!n || !(n->str = tp_arena_strndup(a, name, len)))
        return NULL;
    n->len = (uint32_t)len;
    n->a = base;
    return n;
}

tp_node *tp_ast_index(tp_arena *a, tp_node *base, tp_node *index, tp_span span)
{
    if (!base || !index)
        return NULL;
    tp_node *proj = open_projection(base);
    if (proj) {
        tp_node *body = tp_ast_index(a, proj->b, index, span);
        if (!body)
            return NULL;
        proj->b = body;
        proj->span = tp_span_join(proj->span, span);
        return proj;
    }
    tp_node *n = tp_ast_node(a, TP_N_INDEX, tp_span_join(base->span, span));
    if (n) {
        n->a = base;
        n->b = index;
    }
    return n;
}

tp_node *tp_ast_project(tp_arena *a, tp_node *base, tp_span span)
{
    if (!base)
        return NULL;
    tp_node *proj = open_projection(base);
    if (proj) {
        /* x[*].f[*]: project each element's f in turn, giving a list of lists. */
        tp_node *body = tp_ast_project(a, proj->b, span);
        if (!body)
            return NULL;
        proj->b = body;
        proj->span = tp_span_join(proj->span, span);
        return proj;
    }
    tp_node *n = tp_ast_node(a, TP_N_PROJECT, tp_span_join(base->span, span));
    tp_node *elem = tp_ast_node(a, TP_N_ELEM, span);
    if (!n || !elem)
        return NULL;
    n->a = base;
    n->b = elem;
    return n;
}

tp_node *tp_ast_call(tp_arena *a, const char *name, size_t len, tp_nodes args, tp_span span)
{
    tp_node *n = tp_ast_node(a, TP_N_CALL, span);
    if (!n || !(n->str = tp_arena_strndup(a, name, len)))
        return NULL;
    n->len = (uint32_t)len;
    n->kids = args;
    return n;
}

tp_node *tp_ast_gen(tp_arena *a, tp_node *expr, tp_nodes clauses, tp_span span)
{
    if (!expr || clauses.n == 0)
        return NULL;
    tp_node *n = tp_ast_node(a, TP_N_GEN, span);
    if (n) {
        n->a = expr;
        n->kids = clauses;
    }
    return n;
}

tp_node *tp_ast_gen_for(tp_arena *a, const char *var, size_t len, tp_node *list, tp_node *where,
                        tp_span span)
{
    if (!list)
        return NULL;
    tp_node *n = tp_ast_node(a, TP_N_GEN_FOR, span);
    if (!n || !(n->str = tp_arena_strndup(a, var, len)))
        return NULL;
    n->len = (uint32_t)len;
    n->b = list;
    n->c = where;
    return n;
}

tp_node *tp_ast_string(tp_arena *a, tp_nodes parts, tp_span span)
{
    size_t total = 0;
    int constant = 1;
    for (uint32_t i = 0; i < parts.n; i++) {
        if (!parts.items[i])
            return NULL;
        if (parts.items[i]->kind == TP_N_STR_LIT)
            total += parts.items[i]->len;
        else
            constant = 0;
    }
    if (!constant)
        return with_kids(a, TP_N_TEMPLATE, parts, span);
    tp_node *n = tp_ast_node(a, TP_N_STR_LIT, span);
    char *text = tp_arena_alloc(a, total + 1);
    if (!n || !text)
        return NULL;
    size_t off = 0;
    for (uint32_t i = 0; i < parts.n; i++) {
        memcpy(text + off, parts.items[i]->str, parts.items[i]->len);
        off += parts.items[i]->len;
    }
    text[off] = '\0';
    n->str = text;
    n->len = (uint32_t)total;
    return n;
}

static int push(tp_arena *a, tp_nodes *list, tp_node *node)
{
    tp_node **items =
        node ? tp_arena_grow(a, list->items, list->n, &list->cap, sizeof *items) : NULL;
    if (!items)
        return -1;
    list->items = items;
    list->items[list->n++] = node;
    return 0;
}

int tp_ast_append(tp_arena *a, tp_nodes *out, const tp_nodes *prev, tp_node *node)
{
    *out = prev ? *prev : TP_NODES_EMPTY;
    return push(a, out, node);
}

int tp_ast_pair(tp_arena *a, tp_nodes *out, const tp_nodes *prev, tp_node *key, tp_node *value)
{
    *out = prev ? *prev : TP_NODES_EMPTY;
    return key && value && push(a, out, key) == 0 ? push(a, out, value) : -1;
}

int tp_ast_clause(tp_arena *a, tp_clause *out, tp_clause_kind kind, const char *name, size_t len,
                  tp_span span, tp_span name_span, tp_node *expr)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->name = tp_arena_strndup(a, name, len);
    out->span = span;
    out->name_span = name_span;
    out->expr = expr;
    out->slot = -1;
    return out->name && expr ? 0 : -1;
}

int tp_ast_attr(tp_arena *a, tp_clause *out, const char *name, size_t len, tp_span span,
                tp_span name_span, tp_nodes values)
{
    tp_node *expr = values.n == 1 ? values.items[0] : NULL;
    if (values.n > 1 &&
        (expr = tp_ast_list(a, values,
                            tp_span_join(values.items[0]->span, values.items[values.n - 1]->span))))
        expr->flags |= TP_NF_BARE;
    return tp_ast_clause(a, out, TP_CL_ATTR, name, len, span, name_span, expr);
}

int tp_ast_add_clause(tp_arena *a, tp_clauses *out, const tp_clauses *prev, const tp_clause *c)
{
    *out = *prev;
    tp_clause *items = tp_arena_grow(a, out->items, out->n, &out->cap, sizeof *items);
    if (!items)
        return -1;
    out->items = items;
    out->items[out->n++] = *c;
    return 0;
}

tp_decl *tp_ast_decl(tp_arena *a, tp_decl_kind kind, uint32_t file, const char *name, size_t len,
                     tp_span span, tp_span name_span, tp_node *expr, const tp_clauses *clauses)
{
    if ((kind == TP_D_PARAM || kind == TP_D_LET) && !expr)
        return NULL;
    tp_decl *d = tp_arena_zalloc(a, sizeof *d);
    if (!d || !(d->name = tp_arena_strndup(a, name, len)))
        return NULL;
    d->kind = kind;
    d->file = file;
    d->span = span;
    d->name_span = name_span;
    d->expr = expr;
    d->clauses = clauses ? *clauses : TP_CLAUSES_EMPTY;
    return d;
}

int tp_ast_is_literal(const tp_node *n)
{
    switch ((tp_node_kind)n->kind) {
    case TP_N_NULL_LIT:
    case TP_N_BOOL_LIT:
    case TP_N_NUM_LIT:
    case TP_N_STR_LIT:
    case TP_N_DUR_LIT:
    case TP_N_TIME_LIT:
        return 1;
    case TP_N_NEG:
        return tp_ast_is_literal(n->a);
    case TP_N_LIST:
    case TP_N_OBJECT:
        for (uint32_t i = 0; i < n->kids.n; i++)
            if (!tp_ast_is_literal(n->kids.items[i]))
                return 0;
        return 1;
    default:
        return 0;
    }
}

size_t tp_ast_conjuncts(tp_node *n, tp_node **out, size_t max)
{
    if (n->kind == TP_N_BINARY && n->op == TP_OP_AND && !(n->flags & TP_NF_PAREN)) {
        size_t k = tp_ast_conjuncts(n->a, out, max);
        return k + tp_ast_conjuncts(n->b, out + k, max - k);
    }
    if (max == 0)
        return 0;
    out[0] = n;
    return 1;
}
