/*
 * The checker, expressions: resolves every name to a slot, global or input root, infers static
 * types where it can, and marks generators that can use a hash index. Everything it reports is a
 * diagnostic; it never stops at the first error.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "eval/builtins.h"
#include "check/checker.h"
#include "base/regex.h"

static info merge(info a, info b)
{
    if (b.min_local < a.min_local)
        a.min_local = b.min_local;
    return a;
}

/* "did you mean 'x'?" into buf, or NULL. */
const char *chk_did_you_mean(char *buf, size_t size, const char *word, const char *const *cands,
                             size_t n)
{
    const char *best = tp_suggest(word, cands, n);
    if (!best)
        return NULL;
    snprintf(buf, size, "did you mean '%s'?", best);
    return buf;
}

/* A short rendering of a path for messages: t.owner.email, x[0], input. */
static const char *display_path(chk *ch, const tp_node *n)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, ch->arena->mem);
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
            tp_strbuf_printf(&sb, "[%g]", p->b->num);
        else if (p->b->kind == TP_N_STR_LIT)
            tp_strbuf_printf(&sb, "[\"%s\"]", p->b->str);
        else
            tp_strbuf_puts(&sb, "[...]");
    }
    char *out = sb.failed ? NULL : tp_arena_strdup(ch->arena, tp_strbuf_cstr(&sb));
    if (!out)
        ch->oom = 1;
    tp_strbuf_free(&sb);
    return out;
}

static void add_root(chk *ch, tp_node *n)
{
    tp_plan *p = ch->plan;
    for (size_t i = 0; i < p->nroots; i++)
        if (strcmp(p->roots[i], n->str) == 0) {
            n->slot = (int32_t)i;
            return;
        }
    if (p->nroots == ch->cap_roots) {
        size_t ncap = ch->cap_roots ? ch->cap_roots * 2 : 8;
        const char **r = tp_arena_alloc(ch->arena, ncap * sizeof *r);
        if (!r) {
            ch->oom = 1;
            return;
        }
        if (p->nroots)
            memcpy(r, p->roots, p->nroots * sizeof *r);
        p->roots = r;
        ch->cap_roots = ncap;
    }
    p->roots[p->nroots] = n->str;
    n->slot = (int32_t)p->nroots++;
}

int chk_global_index(const chk *ch, const char *name, size_t limit)
{
    for (size_t i = 0; i < limit && i < ch->plan->nglobals; i++)
        if (ch->plan->globals[i].file == ch->file && strcmp(ch->plan->globals[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Warns when a name read from the input is one letter away from a name the policy binds. */
static void warn_root_typo(chk *ch, const tp_node *n)
{
    const char *cands[TP_SCOPE_MAX + 64];
    size_t nc = 0;
    for (uint32_t i = 0; i < ch->scope.n; i++)
        if (ch->scope.items[i].name)
            cands[nc++] = ch->scope.items[i].name;
    for (size_t i = 0; i < ch->plan->nglobals && nc < sizeof cands / sizeof cands[0]; i++)
        if (ch->plan->globals[i].file == ch->file)
            cands[nc++] = ch->plan->globals[i].name;
    char hint[128];
    if (chk_did_you_mean(hint, sizeof hint, n->str, cands, nc))
        CHK_WARN(ch, n->span, "W-ROOT-TYPO", hint,
                 "'%s' is not bound by the policy, so it is read from the input", n->str);
}

static info resolve_name(chk *ch, tp_node *n)
{
    info r = {TP_T_ANY, NO_LOCAL, NULL};
    int d = tp_scope_find(&ch->scope, n->str);
    if (d >= 0) {
        n->ref = TP_REF_LOCAL;
        n->slot = ch->scope.items[d].slot;
        r.min_local = (uint32_t)d;
        r.type = (tp_type)ch->scope.items[d].type;
        r.shape = ch->scope.items[d].shape;
        return r;
    }
    if (strcmp(n->str, "now") == 0) {
        n->ref = TP_REF_NOW;
        r.type = TP_T_TIME;
        return r;
    }
    int g = chk_global_index(ch, n->str, ch->global_limit);
    if (g >= 0) {
        n->ref = TP_REF_GLOBAL;
        n->slot = g;
        r.type = (tp_type)ch->plan->globals[g].type;
        r.shape = ch->plan->globals[g].shape;
        return r;
    }
    /* A let of this rule written after the use. */
    if (ch->clauses) {
        for (uint32_t k = ch->cur_clause + 1; k < ch->clauses->n; k++) {
            const tp_clause *cl = &ch->clauses->items[k];
            if ((cl->kind == TP_CL_LET || cl->kind == TP_CL_FOR) && strcmp(cl->name, n->str) == 0) {
                char hint[96];
                snprintf(hint, sizeof hint, "move 'let %s' (line %u) above this line", n->str,
                         cl->span.line);
                CHK_ERR(ch, n->span, "E-USE-BEFORE-DEF", hint, "'%s' is used before its definition",
                        n->str);
                return r;
            }
        }
    }
    int later = chk_global_index(ch, n->str, ch->plan->nglobals);
    if (later >= 0) {
        char hint[96];
        snprintf(hint, sizeof hint, "move the declaration (line %u) above this line",
                 ch->plan->globals[later].span.line);
        CHK_ERR(ch, n->span, "E-USE-BEFORE-DEF", hint, "'%s' is used before its definition",
                n->str);
        return r;
    }
    n->ref = TP_REF_ROOT;
    add_root(ch, n);
    r.shape = chk_root_shape(ch, n);
    if (!r.shape)
        warn_root_typo(ch, n);
    return r;
}

void chk_check_condition(chk *ch, const tp_node *n, tp_type t, const char *what)
{
    if (chk_known(t) && t != TP_T_BOOL)
        CHK_ERR(ch, n->span, "E-TYPE", NULL, "%s must be a boolean, not %s", what,
                tp_type_phrase(t));
}

static const char *const orderable_names = "numbers, strings, times or durations";

static int orderable(tp_type t)
{
    return t == TP_T_NUM || t == TP_T_STR || t == TP_T_TIME || t == TP_T_DUR;
}

/* Result type of arithmetic, or -1 for a type error. */
static int arith_type(tp_binop op, tp_type l, tp_type r)
{
    if (!chk_known(l) || !chk_known(r)) {
        if ((op == TP_OP_MUL || op == TP_OP_DIV) && (l == TP_T_DUR || r == TP_T_DUR))
            return TP_T_ANY;
        return TP_T_ANY;
    }
    switch (op) {
    case TP_OP_ADD:
        if (l == TP_T_NUM && r == TP_T_NUM)
            return TP_T_NUM;
        if ((l == TP_T_TIME && r == TP_T_DUR) || (l == TP_T_DUR && r == TP_T_TIME))
            return TP_T_TIME;
        if (l == TP_T_DUR && r == TP_T_DUR)
            return TP_T_DUR;
        return -1;
    case TP_OP_SUB:
        if (l == TP_T_NUM && r == TP_T_NUM)
            return TP_T_NUM;
        if (l == TP_T_TIME && r == TP_T_DUR)
            return TP_T_TIME;
        if (l == TP_T_TIME && r == TP_T_TIME)
            return TP_T_DUR;
        if (l == TP_T_DUR && r == TP_T_DUR)
            return TP_T_DUR;
        return -1;
    case TP_OP_MUL:
        if (l == TP_T_NUM && r == TP_T_NUM)
            return TP_T_NUM;
        if ((l == TP_T_DUR && r == TP_T_NUM) || (l == TP_T_NUM && r == TP_T_DUR))
            return TP_T_DUR;
        return -1;
    default: /* DIV */
        if (l == TP_T_NUM && r == TP_T_NUM)
            return TP_T_NUM;
        if (l == TP_T_DUR && r == TP_T_NUM)
            return TP_T_DUR;
        if (l == TP_T_DUR && r == TP_T_DUR)
            return TP_T_NUM;
        return -1;
    }
}

/* Remembers the paths a condition's has() conjuncts guard, for what is checked after it. */
void chk_push_has_guards(chk *ch, tp_node *cond)
{
    tp_node *conj[16];
    size_t nc = chk_conjuncts(cond, conj, 16);
    for (size_t i = 0; i < nc && ch->nguards < sizeof ch->guards / sizeof ch->guards[0]; i++) {
        const tp_node *c = conj[i];
        if (c->kind == TP_N_CALL && c->ref == TP_FN_HAS && c->kids.n == 1 &&
            c->kids.items[0]->display)
            ch->guards[ch->nguards++] = c->kids.items[0]->display;
        /* P != null: P is present and not null below */
        else if (c->kind == TP_N_BINARY && c->op == TP_OP_NE && c->b->kind == TP_N_NULL_LIT &&
                 c->a->display)
            ch->guards[ch->nguards++] = c->a->display;
    }
}

static info check_binary(chk *ch, tp_node *n)
{
    tp_binop op = (tp_binop)n->op;
    /* The left of ?? may be missing: no optional-field warning there. */
    ch->guarding += op == TP_OP_COALESCE;
    info l = chk_check(ch, n->a);
    ch->guarding -= op == TP_OP_COALESCE;
    unsigned saved_guards = ch->nguards;
    if (op == TP_OP_AND)
        chk_push_has_guards(ch, n->a); /* has(x.f) and x.f > 1 */
    info r = chk_check(ch, n->b);
    ch->nguards = saved_guards;
    info res = merge(l, r);
    res.shape = NULL;
    res.type = TP_T_ANY;
    switch (op) {
    case TP_OP_OR:
    case TP_OP_AND:
        chk_check_condition(ch, n->a, l.type, "an operand of 'and'/'or'");
        chk_check_condition(ch, n->b, r.type, "an operand of 'and'/'or'");
        res.type = TP_T_BOOL;
        break;
    case TP_OP_EQ:
    case TP_OP_NE:
        chk_check_enum(ch, l.shape, n->b, n->a->display ? n->a->display : "it");
        chk_check_enum(ch, r.shape, n->a, n->b->display ? n->b->display : "it");
        if (chk_known(l.type) && chk_known(r.type) && l.type != r.type && l.type != TP_T_NULL &&
            r.type != TP_T_NULL)
            CHK_ERR(ch, n->span, "E-TYPE", "convert one side, e.g. with time() or string()",
                    "comparing %s with %s is always %s", tp_type_phrase(l.type),
                    tp_type_phrase(r.type), op == TP_OP_EQ ? "false" : "true");
        res.type = TP_T_BOOL;
        break;
    case TP_OP_LT:
    case TP_OP_LE:
    case TP_OP_GT:
    case TP_OP_GE:
        if (chk_known(l.type) && chk_known(r.type) && (l.type != r.type || !orderable(l.type)))
            CHK_ERR(ch, n->span, "E-TYPE", NULL, "'%s' cannot order %s and %s: it compares %s",
                    tp_binop_text(op), tp_type_phrase(l.type), tp_type_phrase(r.type),
                    orderable_names);
        else if ((chk_known(l.type) && !orderable(l.type)) ||
                 (chk_known(r.type) && !orderable(r.type)))
            CHK_ERR(ch, n->span, "E-TYPE", NULL, "'%s' compares %s, not %s", tp_binop_text(op),
                    orderable_names,
                    tp_type_phrase(chk_known(l.type) && !orderable(l.type) ? l.type : r.type));
        res.type = TP_T_BOOL;
        break;
    case TP_OP_IN:
    case TP_OP_NOT_IN:
        for (uint32_t i = 0; n->b->kind == TP_N_LIST && i < n->b->kids.n; i++)
            chk_check_enum(ch, l.shape, n->b->kids.items[i], n->a->display ? n->a->display : "it");
        if (r.shape && r.shape->items) /* "api" in t.scopes */
            chk_check_enum(ch, r.shape->items, n->a, "an element of it");
        if (chk_known(r.type) && r.type != TP_T_LIST && r.type != TP_T_STR && r.type != TP_T_OBJ)
            CHK_ERR(ch, n->b->span, "E-TYPE", NULL,
                    "'%s' needs a list, a string or an object on its right, not %s",
                    tp_binop_text(op), tp_type_phrase(r.type));
        else if (r.type == TP_T_STR && chk_known(l.type) && l.type != TP_T_STR)
            CHK_ERR(ch, n->a->span, "E-TYPE", NULL, "only a string can be in a string, not %s",
                    tp_type_phrase(l.type));
        res.type = TP_T_BOOL;
        break;
    case TP_OP_COALESCE:
        res.type = l.type == r.type ? l.type : TP_T_ANY;
        res.shape = l.shape;
        break;
    default: {
        int t = arith_type(op, l.type, r.type);
        if (t < 0)
            CHK_ERR(ch, n->span, "E-TYPE", NULL, "'%s' is not defined for %s and %s",
                    tp_binop_text(op), tp_type_phrase(l.type), tp_type_phrase(r.type));
        res.type = t < 0 ? TP_T_ANY : (tp_type)t;
        break;
    }
    }
    return res;
}

/* The conjuncts of an `and` chain, left to right. */
size_t chk_conjuncts(tp_node *n, tp_node **out, size_t max)
{
    if (n->kind == TP_N_BINARY && n->op == TP_OP_AND && !(n->flags & TP_NF_PAREN)) {
        size_t k = chk_conjuncts(n->a, out, max);
        return k + chk_conjuncts(n->b, out + k, max - k);
    }
    if (max == 0)
        return 0;
    out[0] = n;
    return 1;
}

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

/* Two indexes are the same when they cover the same named list by the same field path
 * (`b.token` over `bindings` in five rules): one build and one table serve them all. */
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

static int32_t shared_index(chk *ch, const tp_node *list, const tp_node *path)
{
    int named = list->kind == TP_N_NAME && (list->ref == TP_REF_ROOT || list->ref == TP_REF_GLOBAL);
    for (uint32_t i = 0; named && i < ch->nindex_keys; i++) {
        const tp_node *l = ch->index_keys[i].list;
        if (l->ref == list->ref && l->slot == list->slot && same_path(ch->index_keys[i].path, path))
            return ch->index_keys[i].id;
    }
    int32_t id = (int32_t)ch->plan->nindexes++;
    if (named && ch->nindex_keys < sizeof ch->index_keys / sizeof ch->index_keys[0]) {
        ch->index_keys[ch->nindex_keys].list = list;
        ch->index_keys[ch->nindex_keys].path = path;
        ch->index_keys[ch->nindex_keys].id = id;
        ch->nindex_keys++;
    }
    return id;
}

/* Turns `VAR.path == E and REST` over an invariant list into an indexed lookup. */
static void plan_index(chk *ch, tp_node *gen, int list_invariant)
{
    if (!gen->c || !list_invariant)
        return;
    tp_node *conj[64];
    size_t nc = chk_conjuncts(gen->c, conj, 64);
    if (nc == 0 || nc == 64)
        return;
    tp_node *eq = conj[0];
    if (eq->kind != TP_N_BINARY || eq->op != TP_OP_EQ)
        return;
    tp_node *path = NULL, *key = NULL;
    if (is_var_path(eq->a, gen->slot) && !reads_slot(eq->b, gen->slot)) {
        path = eq->a;
        key = eq->b;
    } else if (is_var_path(eq->b, gen->slot) && !reads_slot(eq->a, gen->slot)) {
        path = eq->b;
        key = eq->a;
    } else {
        return;
    }
    tp_node *rest = nc > 1 ? conj[1] : NULL;
    for (size_t i = 2; i < nc; i++) {
        rest = tp_ast_binary(ch->arena, TP_OP_AND, rest, conj[i],
                             tp_span_join(rest->span, conj[i]->span));
        if (!rest) {
            ch->oom = 1;
            return;
        }
        rest->type = TP_T_BOOL;
    }
    gen->key_path = path;
    gen->key_expr = key;
    gen->rest_where = rest;
    gen->index_id = shared_index(ch, gen->b, path);
}

static info check_gen(chk *ch, tp_node *n)
{
    uint32_t d0 = ch->scope.n;
    info li = chk_check(ch, n->b);
    if (chk_known(li.type) && li.type != TP_T_LIST)
        CHK_ERR(ch, n->b->span, "E-TYPE", NULL, "'for ... in' needs a list, not %s",
                tp_type_phrase(li.type));
    if (tp_scope_find(&ch->scope, n->str) >= 0 ||
        chk_global_index(ch, n->str, ch->global_limit) >= 0)
        CHK_ERR(ch, n->span, "E-SHADOW", "pick another name for the generator variable",
                "'%s' is already bound here", n->str);
    n->slot = tp_scope_push(&ch->scope, n->str, n->span, TP_T_ANY);
    if (n->slot < 0) {
        CHK_ERR(ch, n->span, "E-DEPTH", NULL, "too many nested generators");
        return li;
    }
    ch->scope.items[ch->scope.n - 1].shape = li.shape ? li.shape->items : NULL;
    info r = li;
    if (n->c) {
        info wi = chk_check(ch, n->c);
        chk_check_condition(ch, n->c, wi.type, "a generator's 'where'");
        r = merge(r, wi);
    }
    info ei = chk_check(ch, n->a);
    r = merge(r, ei);
    tp_scope_pop(&ch->scope, d0);
    plan_index(ch, n, li.min_local >= d0);
    r.type = TP_T_LIST;
    r.shape = chk_list_of(ch, ei.shape);
    if (r.min_local >= d0)
        r.min_local = NO_LOCAL;
    return r;
}

static void compile_regex(chk *ch, tp_node *call, const tp_node *pattern)
{
    char why[160];
    if (tp_regex_refuse(pattern->str, pattern->len, ch->in->max_regex_bytes, why, sizeof why)) {
        CHK_ERR(ch, pattern->span, "E-REGEX", NULL, "%s", why);
        return;
    }
    regex_t *re = tp_arena_alloc(ch->arena, sizeof *re);
    tp_regex_entry *e = tp_arena_alloc(ch->arena, sizeof *e);
    if (!re || !e) {
        ch->oom = 1;
        return;
    }
    int rc = regcomp(re, pattern->str, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char buf[160];
        regerror(rc, re, buf, sizeof buf);
        CHK_ERR(ch, pattern->span, "E-REGEX", "matches() takes a POSIX extended regular expression",
                "invalid regular expression: %s", buf);
        return;
    }
    e->regex = re;
    e->next = ch->plan->regexes;
    ch->plan->regexes = e;
    call->aux = re;
}

static info check_call(chk *ch, tp_node *n)
{
    info r = {TP_T_ANY, NO_LOCAL, NULL};
    int id = tp_builtin_lookup(n->str);
    if (id < 0) {
        const char *names[TP_FN_COUNT_];
        for (int i = 0; i < TP_FN_COUNT_; i++)
            names[i] = tp_builtins[i].name;
        char hint[96];
        tp_span s = n->span;
        s.end_line = s.line;
        s.end_col = s.col + n->len;
        CHK_ERR(ch, s, "E-UNKNOWN-FUNC",
                chk_did_you_mean(hint, sizeof hint, n->str, names, TP_FN_COUNT_),
                "unknown function '%s'", n->str);
        for (uint32_t i = 0; i < n->kids.n; i++)
            r = merge(r, chk_check(ch, n->kids.items[i]));
        r.type = TP_T_ANY;
        return r;
    }
    const tp_builtin *b = &tp_builtins[id];
    n->ref = id;
    if (n->kids.n < b->min_args || n->kids.n > b->max_args) {
        if (b->min_args == b->max_args)
            CHK_ERR(ch, n->span, "E-ARITY", NULL, "%s() takes %u argument%s, not %u", b->name,
                    b->min_args, b->min_args == 1 ? "" : "s", n->kids.n);
        else
            CHK_ERR(ch, n->span, "E-ARITY", NULL, "%s() takes %u to %u arguments, not %u", b->name,
                    b->min_args, b->max_args, n->kids.n);
    }
    const tp_shape *arg_shape = NULL;
    ch->guarding += id == TP_FN_HAS;
    for (uint32_t i = 0; i < n->kids.n; i++) {
        tp_node *arg = n->kids.items[i];
        if (arg->kind == TP_N_GEN && !b->aggregate && !(arg->flags & TP_NF_PAREN))
            CHK_ERR(ch, arg->span, "E-GENERATOR", "write [EXPR for X in LIST] to build a list",
                    "%s() does not take a generator; only any, all, count, distinct, first, sum, "
                    "min and max do",
                    b->name);
        info ai = chk_check(ch, arg);
        r = merge(r, ai);
        if (i == 0)
            arg_shape = ai.shape;
        unsigned mask = i < 2 ? b->arg_types[i] : TP_T_ANY;
        if (mask != TP_T_ANY && chk_known(ai.type) && !(ai.type & mask)) {
            const char *want = mask == TP_T_LIST  ? "a list"
                               : mask == TP_T_STR ? "a string"
                               : mask == TP_T_OBJ ? "an object"
                               : mask == TP_T_DUR ? "a duration"
                               : mask == (TP_T_STR | TP_T_NUM | TP_T_TIME)
                                   ? "a string, number or time"
                                   : "a string, list or object";
            CHK_ERR(ch, arg->span, "E-TYPE", NULL, "%s() takes %s, not %s", b->name, want,
                    tp_type_phrase(ai.type));
        }
    }
    ch->guarding -= id == TP_FN_HAS;
    /* Functions of strings and times fail on null: a nullable field needs a != null first. */
    int rejects_null =
        id != TP_FN_HAS && id != TP_FN_STRING && id != TP_FN_CONTAINS && !b->aggregate;
    if (rejects_null && arg_shape && arg_shape->nullable && n->kids.n > 0 &&
        !chk_guarded(ch, n->kids.items[0]->display) && n->kids.items[0]->display) {
        char hint[160];
        snprintf(hint, sizeof hint, "check it first: %s != null and ...",
                 n->kids.items[0]->display);
        CHK_WARN(ch, n->kids.items[0]->span, "W-NULLABLE", hint,
                 "%s may be null in the schema, and %s() fails on null", n->kids.items[0]->display,
                 b->name);
    }
    if ((id == TP_FN_TIME || id == TP_FN_AGE) && arg_shape && arg_shape->types == TP_T_STR &&
        !arg_shape->format && !arg_shape->nenums)
        CHK_ERR(ch, n->kids.items[0]->span, "E-SCHEMA-FORMAT",
                "time() and age() read RFC 3339 times or dates: format date-time or date",
                "%s() reads a time, but the schema says %s is a string with no date format",
                b->name, chk_shown(n->kids.items[0]));
    if (id == TP_FN_HAS && n->kids.n == 1 && n->kids.items[0]->kind != TP_N_FIELD &&
        n->kids.items[0]->kind != TP_N_INDEX)
        CHK_ERR(ch, n->kids.items[0]->span, "E-HAS", "write has(x.field) or has(x[\"key\"])",
                "has() takes a field or an index");
    if (id == TP_FN_MATCHES && n->kids.n == 2 && n->kids.items[1]->kind == TP_N_STR_LIT)
        compile_regex(ch, n, n->kids.items[1]);
    r.type = b->result;
    r.shape = NULL;
    if (arg_shape && (id == TP_FN_FIRST || id == TP_FN_MIN || id == TP_FN_MAX))
        r.shape = arg_shape->items;
    else if (id == TP_FN_DISTINCT)
        r.shape = arg_shape;
    return r;
}

static info check_kids(chk *ch, tp_node *n, info r)
{
    for (uint32_t i = 0; i < n->kids.n; i++)
        r = merge(r, chk_check(ch, n->kids.items[i]));
    return r;
}

static info check_inner(chk *ch, tp_node *n)
{
    info r = {TP_T_ANY, NO_LOCAL, NULL};
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
        r = check_kids(ch, n, r);
        r.type = TP_T_STR;
        break;
    case TP_N_LIST:
        r = check_kids(ch, n, r);
        r.type = TP_T_LIST;
        break;
    case TP_N_OBJECT:
        r = check_kids(ch, n, r);
        r.type = TP_T_OBJ;
        break;
    case TP_N_NAME:
        r = resolve_name(ch, n);
        n->display = n->str; /* "tokens is an object" reads better than "it is an object" */
        break;
    case TP_N_FIELD: {
        info b = chk_check(ch, n->a);
        if (chk_known(b.type) && b.type != TP_T_OBJ && b.type != TP_T_NULL)
            CHK_ERR(ch, n->span, "E-TYPE",
                    b.type == TP_T_LIST ? "write x[*].field for the field of every element" : NULL,
                    "cannot read field '%s' of %s", n->str, tp_type_phrase(b.type));
        r = b;
        r.type = TP_T_ANY;
        n->display = display_path(ch, n);
        r.shape = chk_field_shape(ch, n, b.shape);
        break;
    }
    case TP_N_INDEX: {
        info b = chk_check(ch, n->a), i = chk_check(ch, n->b);
        if (chk_known(b.type) && b.type != TP_T_LIST && b.type != TP_T_OBJ && b.type != TP_T_NULL)
            CHK_ERR(ch, n->span, "E-TYPE", NULL, "cannot index %s", tp_type_phrase(b.type));
        if (chk_known(i.type) && i.type != TP_T_NUM && i.type != TP_T_STR)
            CHK_ERR(ch, n->b->span, "E-TYPE", NULL, "an index is a number or a string, not %s",
                    tp_type_phrase(i.type));
        r = merge(b, i);
        r.type = TP_T_ANY;
        n->display = display_path(ch, n);
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
        uint32_t d0 = ch->scope.n;
        info b = chk_check(ch, n->a);
        if (chk_known(b.type) && b.type != TP_T_LIST)
            CHK_ERR(ch, n->a->span, "E-TYPE", NULL, "[*] projects a list, not %s",
                    tp_type_phrase(b.type));
        int32_t saved = ch->elem_slot;
        uint32_t saved_depth = ch->elem_depth;
        ch->elem_depth = ch->scope.n;
        n->slot = ch->elem_slot = tp_scope_push(&ch->scope, NULL, n->span, TP_T_ANY);
        if (n->slot >= 0)
            ch->scope.items[ch->scope.n - 1].shape = b.shape ? b.shape->items : NULL;
        info body = chk_check(ch, n->b);
        ch->elem_slot = saved;
        ch->elem_depth = saved_depth;
        tp_scope_pop(&ch->scope, d0);
        r = merge(b, body);
        if (r.min_local >= d0)
            r.min_local = NO_LOCAL;
        r.type = TP_T_LIST;
        r.shape = chk_list_of(ch, body.shape);
        break;
    }
    case TP_N_ELEM:
        n->slot = ch->elem_slot;
        r.min_local = ch->elem_depth;
        if (ch->elem_depth < ch->scope.n)
            r.shape = ch->scope.items[ch->elem_depth].shape;
        break;
    case TP_N_CALL:
        r = check_call(ch, n);
        break;
    case TP_N_GEN:
        r = check_gen(ch, n);
        break;
    case TP_N_NEG:
        r = chk_check(ch, n->a);
        if (chk_known(r.type) && r.type != TP_T_NUM && r.type != TP_T_DUR)
            CHK_ERR(ch, n->span, "E-TYPE", NULL, "'-' negates a number or a duration, not %s",
                    tp_type_phrase(r.type));
        break;
    case TP_N_NOT:
        r = chk_check(ch, n->a);
        chk_check_condition(ch, n->a, r.type, "the operand of 'not'");
        r.type = TP_T_BOOL;
        break;
    case TP_N_BINARY:
        r = check_binary(ch, n);
        break;
    }
    return r;
}

info chk_check(chk *ch, tp_node *n)
{
    info r = {TP_T_ANY, NO_LOCAL, NULL};
    if (ch->depth >= ch->in->max_expr_depth) {
        if (!ch->depth_reported)
            CHK_ERR(ch, n->span, "E-DEPTH",
                    "split it with 'let', or raise the limit with --max-expr-depth (at most 500)",
                    "expression nested deeper than %u levels", ch->in->max_expr_depth);
        ch->depth_reported = 1;
        return r;
    }
    ch->depth++;
    r = check_inner(ch, n);
    ch->depth--;
    if (r.shape && !chk_known(r.type))
        r.type = (tp_type)tp_shape_type(r.shape);
    n->type = (uint8_t)r.type;
    if (r.min_local == NO_LOCAL)
        n->flags |= TP_NF_INVARIANT;
    return r;
}

/* --- declarations ------------------------------------------------------------------------ */
