/*
 * The checker, expressions: resolves every name to a slot, global or input root, keeps scopes,
 * and walks every operand before check_types.c applies the type rules to it. Everything it
 * reports is a diagnostic; it never stops at the first error.
 */
#include <stdio.h>
#include <string.h>

#include "base/decimal.h"
#include "base/strbuf.h"
#include "check/checker.h"

static tp_expr_facts merge(tp_expr_facts a, tp_expr_facts b)
{
    if (b.min_local < a.min_local)
        a.min_local = b.min_local;
    return a;
}

/* A short rendering of a path for messages: t.owner.email, x[0], input. */
static const char *display_path(tp_checker *ck, const tp_node *n)
{
    tp_strbuf sb;
    char num[32];
    tp_strbuf_init(&sb, ck->arena->mem);
    const tp_node *chain[32];
    size_t depth = 0;
    while (n && depth < 32 && (n->kind == TP_N_FIELD || n->kind == TP_N_INDEX)) {
        chain[depth++] = n;
        n = n->a;
    }
    if (!n || n->kind != TP_N_NAME) {
        tp_strbuf_free(&sb);
        return NULL;
    }
    tp_strbuf_puts(&sb, n->str);
    while (depth-- > 0) {
        const tp_node *p = chain[depth];
        if (p->kind == TP_N_FIELD)
            tp_strbuf_printf(&sb, ".%s", p->str);
        else if (p->b->kind == TP_N_NUM_LIT)
            tp_strbuf_printf(&sb, "[%s]", tp_decimal_write(num, sizeof num, 'g', 6, p->b->num));
        else if (p->b->kind == TP_N_STR_LIT)
            tp_strbuf_printf(&sb, "[\"%s\"]", p->b->str);
        else
            tp_strbuf_puts(&sb, "[...]");
    }
    char *out = sb.failed ? NULL : tp_arena_strdup(ck->arena, tp_strbuf_cstr(&sb));
    if (!out)
        ck->oom = 1;
    tp_strbuf_free(&sb);
    return out;
}

/* Warns when a name read from the input is one letter away from a name the policy binds. */
static void warn_root_typo(tp_checker *ck, const tp_node *n)
{
    enum { MAX_CANDIDATES = TP_SCOPE_MAX + 64 };
    const char *cands[MAX_CANDIDATES];
    size_t nc = 0;
    for (uint32_t i = 0; i < ck->scope.n; i++)
        if (ck->scope.items[i].name)
            cands[nc++] = ck->scope.items[i].name;
    /* The file's globals are the same for every use of the name in the file: once none of them
     * is close to it, only the locals are looked at again (a name read by 100,000 rules is
     * compared with the globals once). */
    size_t len = strlen(n->str);
    if (tp_strmap_get(&ck->typo_far, n->str, len) != (int64_t)ck->file) {
        const char *globals[MAX_CANDIDATES];
        size_t ng = tp_check_file_global_names(ck, globals, MAX_CANDIDATES);
        if (!tp_suggest(n->str, globals, ng) &&
            tp_strmap_set(&ck->typo_far, n->str, len, ck->file) != 0)
            ck->oom = 1;
        nc += tp_check_file_global_names(ck, cands + nc, MAX_CANDIDATES - nc);
    }
    char hint[128];
    if (tp_did_you_mean(hint, sizeof hint, n->str, cands, nc))
        CHECK_WARN(ck, n->span, "W-ROOT-TYPO", hint,
                   "'%s' is not bound by the policy, so it is read from the input", n->str);
}

static tp_expr_facts resolve_name(tp_checker *ck, tp_node *n)
{
    tp_expr_facts r = {TP_T_ANY, NO_LOCAL, NULL};
    int d = tp_scope_find(&ck->scope, n->str);
    if (d >= 0) {
        n->ref = TP_REF_LOCAL;
        n->slot = ck->scope.items[d].slot;
        r.min_local = (uint32_t)d;
        r.type = (tp_type)ck->scope.items[d].type;
        r.shape = ck->scope.items[d].shape;
        return r;
    }
    if (strcmp(n->str, "now") == 0) {
        n->ref = TP_REF_NOW;
        r.type = TP_T_TIME;
        return r;
    }
    int g = tp_check_global_index(ck, n->str, ck->global_limit);
    if (g >= 0) {
        n->ref = TP_REF_GLOBAL;
        n->slot = g;
        r.type = (tp_type)ck->out->globals[g].type;
        r.shape = ck->out->globals[g].shape;
        return r;
    }
    /* A let of this rule written after the use. */
    if (ck->clauses) {
        for (uint32_t k = ck->cur_clause + 1; k < ck->clauses->n; k++) {
            const tp_clause *cl = &ck->clauses->items[k];
            if ((cl->kind == TP_CL_LET || cl->kind == TP_CL_FOR) && strcmp(cl->name, n->str) == 0) {
                char hint[96];
                snprintf(hint, sizeof hint, "move 'let %s' (line %u) above this line", n->str,
                         cl->span.line);
                CHECK_ERR(ck, n->span, "E-USE-BEFORE-DEF", hint,
                          "'%s' is used before its definition", n->str);
                return r;
            }
        }
    }
    /* A variable of a generator clause not bound yet: `where` or a list reading a later `for`. */
    for (unsigned i = 0; i < ck->npending; i++) {
        const tp_node *gen = ck->pending[i].gen;
        for (uint32_t k = ck->pending[i].next; k < gen->kids.n; k++) {
            const tp_node *cl = gen->kids.items[k];
            if (strcmp(cl->str, n->str) != 0)
                continue;
            CHECK_ERR(ck, n->span, "E-USE-BEFORE-DEF",
                      "a generator's list and 'where' read the variables of the 'for' clauses "
                      "before them: move this after the 'for' that binds it",
                      "'%s' is used before its 'for' (line %u)", n->str, cl->span.line);
            return r;
        }
    }
    int later = tp_check_global_index(ck, n->str, ck->out->nglobals);
    if (later >= 0) {
        char hint[96];
        snprintf(hint, sizeof hint, "move the declaration (line %u) above this line",
                 ck->out->globals[later].span.line);
        CHECK_ERR(ck, n->span, "E-USE-BEFORE-DEF", hint, "'%s' is used before its definition",
                  n->str);
        return r;
    }
    n->ref = TP_REF_ROOT;
    n->slot = tp_check_root_slot(ck, n->str);
    r.shape = tp_check_root_shape(ck, n);
    if (!r.shape)
        warn_root_typo(ck, n);
    return r;
}

/* Remembers the paths a condition's has() conjuncts guard, for what is checked after it. */
void tp_check_push_has_guards(tp_checker *ck, tp_node *cond)
{
    tp_node *conj[16];
    size_t nc = tp_ast_conjuncts(cond, conj, 16);
    for (size_t i = 0; i < nc && ck->nguards < sizeof ck->guards / sizeof ck->guards[0]; i++) {
        const tp_node *c = conj[i];
        if (c->kind == TP_N_CALL && c->ref == TP_FN_HAS && c->kids.n == 1 &&
            c->kids.items[0]->display)
            ck->guards[ck->nguards++] = c->kids.items[0]->display;
        /* P != null: P is present and not null below */
        else if (c->kind == TP_N_BINARY && c->op == TP_OP_NE && c->b->kind == TP_N_NULL_LIT &&
                 c->a->display)
            ck->guards[ck->nguards++] = c->a->display;
    }
}

static tp_expr_facts check_binary(tp_checker *ck, tp_node *n)
{
    tp_binop op = (tp_binop)n->op;
    /* The left of ?? may be missing: no optional-field warning there. */
    ck->guarding += op == TP_OP_COALESCE;
    tp_expr_facts l = tp_check_expr(ck, n->a);
    ck->guarding -= op == TP_OP_COALESCE;
    unsigned saved_guards = ck->nguards;
    if (op == TP_OP_AND)
        tp_check_push_has_guards(ck, n->a); /* has(x.f) and x.f > 1 */
    tp_expr_facts r = tp_check_expr(ck, n->b);
    ck->nguards = saved_guards;
    tp_expr_facts res = merge(l, r);
    res.shape = NULL;
    res.type = tp_check_binary_types(ck, n, l, r);
    if (op == TP_OP_COALESCE)
        res.shape = l.shape;
    return res;
}

/* `if COND then A else B`: COND is a boolean, A is checked under COND's has() guards (as the right
 * of an `and` is), and the type is the branches' when they agree. */
static tp_expr_facts check_cond(tp_checker *ck, tp_node *n)
{
    tp_expr_facts cond = tp_check_expr(ck, n->a);
    tp_check_condition(ck, n->a, cond.type, "the condition of 'if'");
    unsigned saved_guards = ck->nguards;
    tp_check_push_has_guards(ck, n->a); /* if has(t.f) then t.f else ... */
    tp_expr_facts yes = tp_check_expr(ck, n->b);
    ck->nguards = saved_guards;
    tp_expr_facts no = tp_check_expr(ck, n->c);
    tp_expr_facts r = merge(merge(cond, yes), no);
    r.type = yes.type == no.type ? yes.type : TP_T_ANY;
    r.shape = yes.shape == no.shape ? yes.shape : NULL;
    return r;
}

/* One `for VAR in LIST [where COND]` of a generator: LIST sees the variables of the clauses
 * before it, COND those and VAR. Binds VAR until the generator ends. */
static tp_expr_facts check_gen_for(tp_checker *ck, tp_node *cl)
{
    tp_expr_facts li = tp_check_expr(ck, cl->b);
    char hint[256];
    if (tp_type_known(li.type) && li.type != TP_T_LIST)
        CHECK_ERR(ck, cl->b->span, "E-TYPE", tp_check_lists_hint(hint, sizeof hint, li.shape),
                  "'for ... in' needs a list, not %s", tp_type_phrase(li.type));
    if (tp_scope_find(&ck->scope, cl->str) >= 0 ||
        tp_check_global_index(ck, cl->str, ck->global_limit) >= 0)
        CHECK_ERR(ck, cl->span, "E-SHADOW", "pick another name for the generator variable",
                  "'%s' is already bound here", cl->str);
    cl->slot = tp_scope_push(&ck->scope, cl->str, cl->span, TP_T_ANY);
    if (cl->slot < 0) {
        CHECK_ERR(ck, cl->span, "E-DEPTH", NULL, "too many nested generators");
        return li;
    }
    ck->scope.items[ck->scope.n - 1].shape = li.shape ? li.shape->items : NULL;
    tp_expr_facts r = li;
    if (cl->c) {
        tp_expr_facts wi = tp_check_expr(ck, cl->c);
        tp_check_condition(ck, cl->c, wi.type, "a generator's 'where'");
        tp_check_push_has_guards(ck, cl->c); /* where has(x.f): x.f is safe after it */
        r = merge(r, wi);
    }
    return r;
}

static tp_expr_facts check_gen(tp_checker *ck, tp_node *n)
{
    uint32_t d0 = ck->scope.n;
    unsigned saved_guards = ck->nguards, saved_pending = ck->npending;
    tp_expr_facts r = {TP_T_LIST, NO_LOCAL, NULL};
    if (ck->npending < sizeof ck->pending / sizeof ck->pending[0])
        ck->pending[ck->npending++] = (tp_gen_pending){n, 0};
    for (uint32_t k = 0; k < n->kids.n; k++) {
        if (ck->npending > saved_pending)
            ck->pending[ck->npending - 1].next = k; /* clause k's list may not read its VAR */
        r = merge(r, check_gen_for(ck, n->kids.items[k]));
        if (ck->npending > saved_pending)
            ck->pending[ck->npending - 1].next = k + 1;
        if (n->kids.items[k]->slot < 0)
            break;
    }
    ck->npending = saved_pending;
    tp_expr_facts ei = tp_check_expr(ck, n->a);
    r = merge(r, ei);
    tp_scope_pop(&ck->scope, d0);
    ck->nguards = saved_guards;
    r.type = TP_T_LIST;
    r.shape = tp_check_list_of(ck, ei.shape);
    if (r.min_local >= d0)
        r.min_local = NO_LOCAL;
    return r;
}

static tp_expr_facts check_call(tp_checker *ck, tp_node *n)
{
    tp_expr_facts r = {TP_T_ANY, NO_LOCAL, NULL};
    int id = tp_builtin_lookup(n->str);
    if (id < 0) {
        char hint[512];
        tp_span s = n->span;
        s.end_line = s.line;
        s.end_col = s.col + n->len;
        CHECK_ERR(ck, s, "E-UNKNOWN-FUNC", tp_check_function_hint(hint, sizeof hint, n->str),
                  "unknown function '%s'", n->str);
        for (uint32_t i = 0; i < n->kids.n; i++)
            r = merge(r, tp_check_expr(ck, n->kids.items[i]));
        r.type = TP_T_ANY;
        return r;
    }
    const tp_builtin *b = &tp_builtins[id];
    n->ref = id;
    if (n->kids.n < b->min_args || n->kids.n > b->max_args) {
        if (b->min_args == b->max_args)
            CHECK_ERR(ck, n->span, "E-ARITY", NULL, "%s() takes %u argument%s, not %u", b->name,
                      b->min_args, b->min_args == 1 ? "" : "s", n->kids.n);
        else
            CHECK_ERR(ck, n->span, "E-ARITY", NULL, "%s() takes %u to %u arguments, not %u",
                      b->name, b->min_args, b->max_args, n->kids.n);
    }
    tp_expr_facts args[2];
    ck->guarding += id == TP_FN_HAS;
    for (uint32_t i = 0; i < n->kids.n; i++) {
        tp_node *arg = n->kids.items[i];
        if (arg->kind == TP_N_GEN && b->pass != TP_PASS_AGGREGATE && !(arg->flags & TP_NF_PAREN))
            CHECK_ERR(ck, arg->span, "E-GENERATOR", "write [EXPR for X in LIST] to build a list",
                      "%s() does not take a generator; only any, all, count, distinct, first, sum, "
                      "min and max do",
                      b->name);
        tp_expr_facts ai = tp_check_expr(ck, arg);
        r = merge(r, ai);
        if (i < 2)
            args[i] = ai;
    }
    ck->guarding -= id == TP_FN_HAS;
    tp_check_call_types(ck, n, args);
    const tp_shape *arg_shape = n->kids.n ? args[0].shape : NULL;
    r.type = b->result;
    r.shape = NULL;
    if (arg_shape && (id == TP_FN_FIRST || id == TP_FN_MIN || id == TP_FN_MAX))
        r.shape = arg_shape->items;
    else if (id == TP_FN_DISTINCT)
        r.shape = arg_shape;
    else if (id == TP_FN_FLATTEN && arg_shape && arg_shape->items &&
             arg_shape->items->types == TP_T_LIST)
        r.shape = arg_shape->items; /* a list of pages: the list of their elements */
    return r;
}

static tp_expr_facts check_kids(tp_checker *ck, tp_node *n, tp_expr_facts r)
{
    for (uint32_t i = 0; i < n->kids.n; i++)
        r = merge(r, tp_check_expr(ck, n->kids.items[i]));
    return r;
}

static tp_expr_facts check_inner(tp_checker *ck, tp_node *n)
{
    tp_expr_facts r = {TP_T_ANY, NO_LOCAL, NULL};
    switch ((tp_node_kind)n->kind) {
    case TP_N_NULL_LIT:
        r.type = TP_T_NULL;
        break;
    case TP_N_BOOL_LIT:
        r.type = TP_T_BOOL;
        break;
    case TP_N_NUM_LIT:
        r.type = TP_T_NUM;
        break;
    case TP_N_STR_LIT:
        r.type = TP_T_STR;
        break;
    case TP_N_DUR_LIT:
        r.type = TP_T_DUR;
        break;
    case TP_N_TIME_LIT:
        r.type = TP_T_TIME;
        break;
    case TP_N_TEMPLATE:
        r = check_kids(ck, n, r);
        r.type = TP_T_STR;
        break;
    case TP_N_LIST:
        r = check_kids(ck, n, r);
        r.type = TP_T_LIST;
        break;
    case TP_N_OBJECT:
        r = check_kids(ck, n, r);
        r.type = TP_T_OBJ;
        break;
    case TP_N_NAME:
        r = resolve_name(ck, n);
        n->display = n->str; /* "tokens is an object" reads better than "it is an object" */
        break;
    case TP_N_FIELD: {
        tp_expr_facts b = tp_check_expr(ck, n->a);
        if (tp_type_known(b.type) && b.type != TP_T_OBJ && b.type != TP_T_NULL)
            CHECK_ERR(ck, n->span, "E-TYPE",
                      b.type == TP_T_LIST ? "write x[*].field for the field of every element"
                                          : NULL,
                      "cannot read field '%s' of %s", n->str, tp_type_phrase(b.type));
        r = b;
        r.type = TP_T_ANY;
        n->display = display_path(ck, n);
        r.shape = tp_check_field_shape(ck, n, b.shape);
        break;
    }
    case TP_N_INDEX: {
        tp_expr_facts b = tp_check_expr(ck, n->a), i = tp_check_expr(ck, n->b);
        if (tp_type_known(b.type) && b.type != TP_T_LIST && b.type != TP_T_OBJ &&
            b.type != TP_T_NULL)
            CHECK_ERR(ck, n->span, "E-TYPE", NULL, "cannot index %s", tp_type_phrase(b.type));
        if (tp_type_known(i.type) && i.type != TP_T_NUM && i.type != TP_T_STR)
            CHECK_ERR(ck, n->b->span, "E-TYPE", NULL, "an index is a number or a string, not %s",
                      tp_type_phrase(i.type));
        r = merge(b, i);
        r.type = TP_T_ANY;
        n->display = display_path(ck, n);
        r.shape = NULL;
        if (b.shape && n->b->kind == TP_N_NUM_LIT)
            r.shape = b.shape->items;
        else if (b.shape && n->b->kind == TP_N_STR_LIT) {
            const tp_shape_prop *p = tp_shape_prop_find(b.shape, n->b->str);
            r.shape = p ? p->shape : NULL;
        }
        break;
    }
    case TP_N_PROJECT: {
        uint32_t d0 = ck->scope.n;
        tp_expr_facts b = tp_check_expr(ck, n->a);
        if (tp_type_known(b.type) && b.type != TP_T_LIST)
            CHECK_ERR(ck, n->a->span, "E-TYPE", NULL, "[*] projects a list, not %s",
                      tp_type_phrase(b.type));
        int32_t saved = ck->elem_slot;
        uint32_t saved_depth = ck->elem_depth;
        ck->elem_depth = ck->scope.n;
        n->slot = ck->elem_slot = tp_scope_push(&ck->scope, NULL, n->span, TP_T_ANY);
        if (n->slot >= 0)
            ck->scope.items[ck->scope.n - 1].shape = b.shape ? b.shape->items : NULL;
        tp_expr_facts body = tp_check_expr(ck, n->b);
        ck->elem_slot = saved;
        ck->elem_depth = saved_depth;
        tp_scope_pop(&ck->scope, d0);
        r = merge(b, body);
        if (r.min_local >= d0)
            r.min_local = NO_LOCAL;
        r.type = TP_T_LIST;
        r.shape = tp_check_list_of(ck, body.shape);
        break;
    }
    case TP_N_ELEM:
        n->slot = ck->elem_slot;
        r.min_local = ck->elem_depth;
        if (ck->elem_depth < ck->scope.n)
            r.shape = ck->scope.items[ck->elem_depth].shape;
        break;
    case TP_N_CALL:
        r = check_call(ck, n);
        break;
    case TP_N_GEN:
        r = check_gen(ck, n);
        break;
    case TP_N_GEN_FOR: /* checked by check_gen, in order */
        break;
    case TP_N_NEG:
        r = tp_check_expr(ck, n->a);
        if (tp_type_known(r.type) && r.type != TP_T_NUM && r.type != TP_T_DUR)
            CHECK_ERR(ck, n->span, "E-TYPE", NULL, "'-' negates a number or a duration, not %s",
                      tp_type_phrase(r.type));
        break;
    case TP_N_NOT:
        r = tp_check_expr(ck, n->a);
        tp_check_condition(ck, n->a, r.type, "the operand of 'not'");
        r.type = TP_T_BOOL;
        break;
    case TP_N_BINARY:
        r = check_binary(ck, n);
        break;
    case TP_N_COND:
        r = check_cond(ck, n);
        break;
    }
    return r;
}

tp_expr_facts tp_check_expr(tp_checker *ck, tp_node *n)
{
    tp_expr_facts r = {TP_T_ANY, NO_LOCAL, NULL};
    if (ck->depth >= ck->in->max_expr_depth) {
        if (!ck->depth_reported)
            CHECK_ERR(ck, n->span, "E-DEPTH",
                      "split it with 'let', or raise the limit with --max-expr-depth (at most 500)",
                      "expression nested deeper than %u levels", ck->in->max_expr_depth);
        ck->depth_reported = 1;
        return r;
    }
    ck->depth++;
    r = check_inner(ck, n);
    ck->depth--;
    if (r.shape && !tp_type_known(r.type))
        r.type = (tp_type)tp_shape_type(r.shape);
    n->type = (uint8_t)r.type;
    if (r.min_local == NO_LOCAL)
        n->flags |= TP_NF_INVARIANT;
    return r;
}
