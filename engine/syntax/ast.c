#include "syntax/ast.h"

#include <string.h>

const char *tp_binop_text(tp_binop op)
{
    static const char *const text[] = {
#define TP_X(k, t) t,
        TP_BINOPS(TP_X)
#undef TP_X
    };
    return text[op];
}

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
    n->index_id = -1;
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

tp_node *tp_ast_gen(tp_arena *a, tp_node *expr, const char *var, size_t len, tp_node *list,
                    tp_node *where, tp_span span)
{
    if (!expr || !list)
        return NULL;
    tp_node *n = tp_ast_node(a, TP_N_GEN, span);
    if (!n || !(n->str = tp_arena_strndup(a, var, len)))
        return NULL;
    n->len = (uint32_t)len;
    n->a = expr;
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
    if (!constant) {
        tp_node *n = tp_ast_node(a, TP_N_TEMPLATE, span);
        if (n)
            n->kids = parts;
        return n;
    }
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

int tp_nodes_push(tp_arena *a, tp_nodes *list, tp_node *node)
{
    tp_node **items =
        node ? tp_arena_grow(a, list->items, list->n, &list->cap, sizeof *items) : NULL;
    if (!items)
        return -1;
    list->items = items;
    list->items[list->n++] = node;
    return 0;
}

int tp_clauses_push(tp_arena *a, tp_clauses *list, tp_clause clause)
{
    tp_clause *items = tp_arena_grow(a, list->items, list->n, &list->cap, sizeof *items);
    if (!items)
        return -1;
    list->items = items;
    list->items[list->n++] = clause;
    return 0;
}

tp_decl *tp_ast_decl(tp_arena *a, tp_decl_kind kind, uint32_t file, const char *name, size_t len,
                     tp_span span, tp_span name_span)
{
    tp_decl *d = tp_arena_zalloc(a, sizeof *d);
    if (!d || !(d->name = tp_arena_strndup(a, name, len)))
        return NULL;
    d->kind = kind;
    d->file = file;
    d->span = span;
    d->name_span = name_span;
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
