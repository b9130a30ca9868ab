/*
 * Expression evaluation over the plan. Fail closed: an absent value used anywhere but under has()
 * or on the left of ?? is an error, and so is any type mismatch; nothing silently becomes false.
 * This file holds everything that evaluates sub-expressions; the operators, built-ins,
 * aggregates and hash indexes it calls work on values only.
 */
#include "eval/expression.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/decimal.h"
#include "eval/aggregate.h"
#include "eval/builtins.h"
#include "eval/hash_index.h"
#include "eval/hints.h"
#include "eval/memo.h"
#include "eval/operators.h"

static int eval_bool(tp_eval *ev, const tp_expr *n, int *out, const char *what);

/* The error for using the absent value n gave: for a field the object lacks, the field it has
 * that is closest to the name (without a schema, a typo is only seen here); for a conditional,
 * that of the branch it took. */
static int absent_error(tp_eval *ev, const tp_expr *n)
{
    int yes;
    if (n->kind == TP_E_COND && eval_bool(ev, n->a, &yes, "the condition of 'if'") == 0)
        return absent_error(ev, yes ? n->b : n->c);
    if (n->kind == TP_E_CALL && n->op == TP_FN_CAPTURE)
        return tp_eval_fail(ev, n, "capture() found no match for its pattern in %s",
                            n->args[0]->display ? n->args[0]->display : "the string");
    tp_value base;
    if (n->kind == TP_E_FIELD && tp_eval_expr(ev, n->a, &base) == 0) {
        const char *near = tp_hint_nearest_field(&base, n->name);
        if (near && n->display)
            return tp_eval_fail(ev, n, "%s is absent: did you mean '%s'?", n->display, near);
        if (near)
            return tp_eval_fail(ev, n, "field '%s' is absent: did you mean '%s'?", n->name, near);
    }
    return tp_eval_absent(ev, n);
}

int tp_eval_present(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    int rc = tp_eval_expr(ev, n, out);
    if (rc == 0 && out->kind == TP_V_ABSENT)
        return absent_error(ev, n);
    return rc;
}

/* *out is set whatever happens, so no caller reads an unset flag. */
static int eval_bool(tp_eval *ev, const tp_expr *n, int *out, const char *what)
{
    tp_value v;
    *out = 0;
    int rc = tp_eval_present(ev, n, &v);
    if (rc)
        return rc;
    if (v.kind != TP_V_BOOL)
        return tp_eval_fail(ev, n, "%s must be a boolean, but it is %s", what,
                            tp_value_kind_phrase(&v));
    *out = v.u.b;
    return 0;
}

static int eval_list_operand(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    int rc = tp_eval_present(ev, n, out);
    if (rc)
        return rc;
    char lists[300];
    if (!tp_value_is_listlike(out))
        return tp_eval_fail(ev, n, "expected a list, but %s is %s%s",
                            n->display ? n->display : "the value", tp_value_kind_phrase(out),
                            tp_hint_lists_held(lists, sizeof lists, out));
    return 0;
}

/* --- generators: one `for` clause after another, then the value generated ------------------ */

typedef struct gen_walk {
    const tp_expr *gen;
    tp_visit_fn fn;
    void *state;
} gen_walk;

/* Returns 0 to go on, 1 when fn asked to stop, or an error. */
static int gen_clause(tp_eval *ev, const gen_walk *w, uint32_t k);

/* Binds clause k's variable to elem, applies `where`, and goes on with the next clause. */
static int gen_element(tp_eval *ev, const gen_walk *w, uint32_t k, const tp_value *elem,
                       const tp_expr *where)
{
    ev->frame[w->gen->clauses[k].slot] = *elem;
    int subject_over = ++ev->subject_steps > ev->max_subject_steps;
    if (subject_over || ++ev->steps > ev->max_steps)
        return tp_eval_fail(
            ev, w->gen,
            "this generator went over the budget of %llu elements for one %s "
            "(raise it with %s): nested 'for' clauses multiply the lengths of "
            "their lists",
            (unsigned long long)(subject_over ? ev->max_subject_steps : ev->max_steps),
            subject_over ? "subject" : "evaluation",
            subject_over ? "--max-subject-steps" : "--max-steps");
    if (where) {
        int keep;
        int rc = eval_bool(ev, where, &keep, "a generator's 'where'");
        if (rc || !keep)
            return rc;
    }
    return gen_clause(ev, w, k + 1);
}

/* Builds clause c's index in the input arena: it serves every subject of this input. */
static int build_index(tp_eval *ev, const tp_gen_clause *c, tp_hash_index **out)
{
    tp_arena *saved = ev->arena;
    ev->arena = &ev->input;
    tp_value list, e;
    int rc = tp_eval_present(ev, c->list, &list);
    if (rc == 0 && !tp_value_is_listlike(&list))
        rc =
            tp_eval_fail(ev, c->list, "expected a list, but it is %s", tp_value_kind_phrase(&list));
    tp_hash_index *ix = rc ? NULL : tp_hash_index_new(&ev->input, tp_value_count(&list));
    if (rc == 0 && !ix)
        rc = TP_ENOMEM;
    tp_iter it;
    if (rc == 0)
        tp_iter_init(&it, &list);
    tp_value elems[TP_HASH_ADD_MAX], keys[TP_HASH_ADD_MAX]; /* added a few at a time */
    uint32_t n = 0;
    while (rc == 0 && tp_iter_next(&it, &e)) {
        ev->frame[c->slot] = e;
        rc = tp_eval_expr(ev, c->key_path, &keys[n]);
        if (rc == 0 && keys[n].kind == TP_V_ABSENT)
            rc = absent_error(ev, c->key_path);
        if (rc == TP_EVAL_ERR) {
            /* A scan would fail on this element too: keep the error for every lookup. */
            rc = tp_hash_index_fail(ix, &ev->input, ev->err);
            break;
        }
        if (rc)
            break;
        elems[n++] = e;
        if (n == TP_HASH_ADD_MAX) {
            tp_hash_index_add(ix, elems, keys, n);
            n = 0;
        }
    }
    if (rc == 0)
        tp_hash_index_add(ix, elems, keys, n);
    ev->arena = saved;
    if (rc == 0)
        *out = ix;
    return rc;
}

/* Clause c's index, built on first use. */
static int index_of(tp_eval *ev, const tp_gen_clause *c, tp_hash_index **out)
{
    tp_hash_index **ix = &ev->indexes[c->index_id];
    int rc = *ix ? 0 : build_index(ev, c, ix);
    *out = *ix;
    return rc;
}

static int gen_indexed(tp_eval *ev, const gen_walk *w, uint32_t k)
{
    const tp_gen_clause *c = &w->gen->clauses[k];
    tp_hash_index *ix;
    int rc = index_of(ev, c, &ix);
    if (rc)
        return rc;
    const char *error = tp_hash_index_error(ix);
    if (!error && tp_hash_index_count(ix) == 0)
        return 0;
    tp_value key;
    if ((rc = tp_eval_present(ev, c->key_expr, &key)))
        return rc;
    if (error) {
        snprintf(ev->err, sizeof ev->err, "%s", error);
        return TP_EVAL_ERR;
    }
    tp_hash_cursor cursor = {0};
    const tp_value *e;
    while ((e = tp_hash_index_next(ix, &key, &cursor)))
        if ((rc = gen_element(ev, w, k, e, c->rest_where)))
            return rc;
    return 0;
}

static int gen_scan(tp_eval *ev, const gen_walk *w, uint32_t k)
{
    const tp_gen_clause *c = &w->gen->clauses[k];
    tp_value list, e;
    int rc = eval_list_operand(ev, c->list, &list);
    if (rc)
        return rc;
    tp_iter it;
    tp_iter_init(&it, &list);
    while (tp_iter_next(&it, &e))
        if ((rc = gen_element(ev, w, k, &e, c->where)))
            return rc;
    return 0;
}

static int gen_clause(tp_eval *ev, const gen_walk *w, uint32_t k)
{
    if (k == w->gen->nclauses) {
        tp_value v;
        int rc = tp_eval_present(ev, w->gen->a, &v);
        return rc ? rc : w->fn(ev, &v, w->state);
    }
    return w->gen->clauses[k].index_id >= 0 ? gen_indexed(ev, w, k) : gen_scan(ev, w, k);
}

int tp_eval_each(tp_eval *ev, const tp_expr *n, tp_visit_fn fn, void *state)
{
    if (n->kind == TP_E_GENERATE) {
        gen_walk w = {n, fn, state};
        int rc = gen_clause(ev, &w, 0);
        return rc < 0 ? rc : 0;
    }
    tp_value list, e;
    int rc = eval_list_operand(ev, n, &list);
    if (rc)
        return rc;
    tp_iter it;
    tp_iter_init(&it, &list);
    while (tp_iter_next(&it, &e))
        if ((rc = fn(ev, &e, state)))
            return rc < 0 ? rc : 0;
    return 0;
}

static int collect(tp_eval *ev, const tp_value *v, void *state)
{
    return tp_listbuf_push(ev, state, v);
}

/* --- names, paths and literals ---------------------------------------------------------- */

static int eval_global(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    int32_t g = n->slot;
    switch ((tp_global_state)ev->gstate[g]) {
    case TP_GLOBAL_DONE:
        *out = ev->globals[g];
        return 0;
    case TP_GLOBAL_FAILED:
        snprintf(ev->err, sizeof ev->err, "%s", ev->gerr[g]);
        return TP_EVAL_ERR;
    default:
        break;
    }
    /* Globals live for the whole input: build them in the input arena with their own frame. */
    const tp_global_plan *gl = &ev->plan->globals[g];
    tp_arena *saved_arena = ev->arena;
    tp_value *saved_frame = ev->frame;
    ev->arena = &ev->input;
    ev->frame = tp_arena_zalloc(&ev->input, (gl->nslots ? gl->nslots : 1) * sizeof(tp_value));
    int rc = ev->frame ? tp_eval_expr(ev, gl->expr, out) : TP_ENOMEM;
    ev->arena = saved_arena;
    ev->frame = saved_frame;
    if (rc == TP_EVAL_ERR) {
        ev->gerr[g] = tp_arena_strdup(&ev->input, ev->err);
        ev->gstate[g] = ev->gerr[g] ? TP_GLOBAL_FAILED : TP_GLOBAL_PENDING;
        return ev->gerr[g] ? rc : TP_ENOMEM;
    }
    if (rc)
        return rc;
    ev->globals[g] = *out;
    ev->gstate[g] = TP_GLOBAL_DONE;
    return 0;
}

static int eval_template(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    tp_strbuf fresh, *sb = &ev->text;
    int outer = !ev->text_busy;
    if (outer) {
        ev->text_busy = 1;
        tp_strbuf_reset(sb);
    } else {
        tp_strbuf_init(&fresh, ev->mem);
        sb = &fresh;
    }
    int rc = 0;
    for (uint32_t i = 0; i < n->nargs && rc == 0; i++) {
        const tp_expr *part = n->args[i];
        if (part->kind == TP_E_CONST && part->op == TP_LIT_STR) {
            tp_strbuf_add(sb, part->name, part->len);
            continue;
        }
        tp_value v;
        rc = tp_eval_present(ev, part, &v);
        if (rc == 0)
            tp_value_render(sb, &v);
    }
    if (rc == TP_EVAL_ERR && sb->failed)
        rc = TP_ENOMEM; /* the text was lost before the error: the evaluation is not complete */
    if (rc == 0) {
        char *s = sb->failed ? NULL : tp_arena_strndup(ev->arena, tp_strbuf_cstr(sb), sb->len);
        if (!s)
            rc = TP_ENOMEM;
        else {
            out->kind = TP_V_STR;
            out->u.s = s;
            out->len = (uint32_t)sb->len;
        }
    }
    if (outer)
        ev->text_busy = 0;
    else
        tp_strbuf_free(&fresh);
    return rc;
}

/* Evaluates the base of a field, index or projection. Returns 1 (with *out absent) when the
 * base is absent or null, since reading into nothing gives nothing; 0 to go on; or an error. */
static int eval_base(tp_eval *ev, const tp_expr *n, tp_value *base, tp_value *out)
{
    int rc = tp_eval_expr(ev, n->a, base);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    return base->kind == TP_V_ABSENT || base->kind == TP_V_NULL;
}

static int eval_field(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    tp_value base;
    int rc = eval_base(ev, n, &base, out);
    if (rc)
        return rc > 0 ? 0 : rc;
    if (!tp_value_is_objlike(&base))
        return tp_eval_fail(ev, n, "cannot read field '%s' of %s", n->name,
                            tp_value_kind_phrase(&base));
    *out = tp_value_field_hinted(&base, n->name, n->len, &ev->hints[n->site]);
    return 0;
}

static int eval_index(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    tp_value base, idx;
    int rc = tp_eval_present(ev, n->b, &idx);
    if (rc == 0)
        rc = eval_base(ev, n, &base, out);
    if (rc)
        return rc > 0 ? 0 : rc;
    if (tp_value_is_listlike(&base) && idx.kind == TP_V_NUM) {
        if (idx.u.n != floor(idx.u.n) || fabs(idx.u.n) > 4294967295.0)
            return tp_eval_fail(ev, n->b, "a list index is a whole number");
        *out = tp_value_at(&base, (int64_t)idx.u.n);
        return 0;
    }
    if (tp_value_is_objlike(&base) && idx.kind == TP_V_STR) {
        *out = tp_value_field(&base, idx.u.s, idx.len);
        return 0;
    }
    return tp_eval_fail(ev, n, "cannot index %s with %s", tp_value_kind_phrase(&base),
                        tp_value_kind_phrase(&idx));
}

/* "element 3 of tokens has no owner.email": where a projection found nothing. The path is that of
 * the body from the element (fields and literal indexes), when it is one. */
static int projection_absent(tp_eval *ev, const tp_expr *n, uint32_t i)
{
    char path[160] = "", num[32];
    const tp_expr *chain[16];
    size_t depth = 0;
    const tp_expr *e = n->b;
    while (depth < 16 && (e->kind == TP_E_FIELD || e->kind == TP_E_INDEX)) {
        chain[depth++] = e;
        e = e->a;
    }
    const char *list = n->a->display ? n->a->display : "the list";
    if (e->kind != TP_E_LOCAL || e->slot != n->slot || depth == 0)
        return tp_eval_fail(ev, n, "element %u of %s[*] has no such value", i, list);
    size_t off = 0;
    while (depth-- > 0 && off < sizeof path) {
        const tp_expr *p = chain[depth];
        if (p->kind == TP_E_FIELD)
            off += (size_t)snprintf(path + off, sizeof path - off, "%s%s", off ? "." : "", p->name);
        else if (p->b->kind == TP_E_CONST && p->b->op == TP_LIT_NUM)
            off += (size_t)snprintf(path + off, sizeof path - off, "[%s]",
                                    tp_decimal_write(num, sizeof num, 'g', 6, p->b->lit.num));
        else
            off += (size_t)snprintf(path + off, sizeof path - off, "[...]");
    }
    return tp_eval_fail(ev, n, "element %u of %s has no %s", i, list, path);
}

static int eval_project(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    tp_value base, e;
    int rc = eval_base(ev, n, &base, out);
    if (rc)
        return rc > 0 ? 0 : rc;
    if (!tp_value_is_listlike(&base))
        return tp_eval_fail(ev, n, "[*] needs a list, not %s", tp_value_kind_phrase(&base));
    tp_listbuf lb = {0};
    tp_iter it;
    tp_iter_init(&it, &base);
    while (tp_iter_next(&it, &e)) {
        tp_value v;
        ev->frame[n->slot] = e;
        rc = tp_eval_expr(ev, n->b, &v);
        if (rc == 0 && v.kind == TP_V_ABSENT)
            rc = projection_absent(ev, n, it.i - 1);
        if (rc == 0)
            rc = tp_listbuf_push(ev, &lb, &v);
        if (rc)
            return rc;
    }
    *out = tp_listbuf_value(&lb);
    return 0;
}

static int eval_literal_list(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    tp_value *items = tp_eval_alloc(ev, (n->nargs ? n->nargs : 1) * sizeof *items);
    if (!items)
        return TP_ENOMEM;
    for (uint32_t i = 0; i < n->nargs; i++) {
        int rc = tp_eval_present(ev, n->args[i], &items[i]);
        if (rc)
            return rc;
        if (n->kind == TP_E_OBJECT && i % 2 == 0 && items[i].kind != TP_V_STR)
            return tp_eval_fail(ev, n->args[i], "an object key must be a string");
    }
    out->kind = n->kind == TP_E_LIST ? TP_V_LIST : TP_V_MAP;
    out->len = n->kind == TP_E_LIST ? n->nargs : n->nargs / 2;
    out->u.items = items;
    return 0;
}

/* --- operators and calls ------------------------------------------------------------------ */

static int eval_binary(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    tp_binop op = (tp_binop)n->op;
    tp_value l, r;
    int rc;
    memset(out, 0, sizeof *out);
    if (op == TP_OP_AND || op == TP_OP_OR) {
        int a, b;
        if ((rc = eval_bool(ev, n->a, &a, "an operand of 'and'/'or'")))
            return rc;
        out->kind = TP_V_BOOL;
        if ((op == TP_OP_AND && !a) || (op == TP_OP_OR && a)) {
            out->u.b = a;
            return 0;
        }
        if ((rc = eval_bool(ev, n->b, &b, "an operand of 'and'/'or'")))
            return rc;
        out->u.b = b;
        return 0;
    }
    if (op == TP_OP_COALESCE) {
        if ((rc = tp_eval_expr(ev, n->a, &l)))
            return rc;
        if (l.kind != TP_V_ABSENT && l.kind != TP_V_NULL) {
            *out = l;
            return 0;
        }
        return tp_eval_expr(ev, n->b, out);
    }
    if ((rc = tp_eval_present(ev, n->a, &l)) || (rc = tp_eval_present(ev, n->b, &r)))
        return rc;
    return tp_op_apply(ev, n, &l, &r, out);
}

/* A built-in: an aggregate is fed the elements of its argument; the others get their arguments
 * evaluated (has() may get an absent one). */
static int eval_call(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    const tp_builtin *b = &tp_builtins[n->op];
    if (b->pass == TP_PASS_AGGREGATE && n->op == TP_FN_COUNT && n->args[0]->kind != TP_E_GENERATE) {
        /* count(list) reads the length: a kept list counted for each subject costs nothing. */
        tp_value list;
        int rc = eval_list_operand(ev, n->args[0], &list);
        if (rc == 0) {
            out->kind = TP_V_NUM;
            out->u.n = tp_value_count(&list);
        }
        return rc;
    }
    if (b->pass == TP_PASS_AGGREGATE) {
        tp_aggregate a;
        tp_aggregate_start(&a, n);
        int rc = tp_eval_each(ev, n->args[0], tp_aggregate_add, &a);
        if (rc == 0)
            tp_aggregate_finish(&a, out);
        return rc;
    }
    tp_value args[TP_BUILTIN_MAX_ARGS];
    if (n->nargs > TP_BUILTIN_MAX_ARGS)
        return tp_eval_fail(ev, n, "%s() takes at most %d arguments", n->name, TP_BUILTIN_MAX_ARGS);
    for (uint32_t i = 0; i < n->nargs; i++) {
        int rc = b->pass == TP_PASS_RAW ? tp_eval_expr(ev, n->args[i], &args[i])
                                        : tp_eval_present(ev, n->args[i], &args[i]);
        if (rc)
            return rc;
    }
    return tp_builtin_apply(ev, n, args, out);
}

static void constant(const tp_expr *n, tp_value *out)
{
    switch ((tp_literal_kind)n->op) {
    case TP_LIT_NULL:
        out->kind = TP_V_NULL;
        break;
    case TP_LIT_BOOL:
        out->kind = TP_V_BOOL;
        out->u.b = n->lit.b;
        break;
    case TP_LIT_NUM:
        out->kind = TP_V_NUM;
        out->u.n = n->lit.num;
        break;
    case TP_LIT_STR:
        out->kind = TP_V_STR;
        out->u.s = n->name;
        out->len = n->len;
        break;
    case TP_LIT_TIME:
    case TP_LIT_DUR:
        out->kind = n->op == TP_LIT_DUR ? TP_V_DUR : TP_V_TIME;
        out->u.us = n->lit.us;
        break;
    }
}

static int eval_node(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    memset(out, 0, sizeof *out);
    switch ((tp_expr_kind)n->kind) {
    case TP_E_CONST:
        constant(n, out);
        return 0;
    case TP_E_TEMPLATE:
        return eval_template(ev, n, out);
    case TP_E_LIST:
    case TP_E_OBJECT:
        return eval_literal_list(ev, n, out);
    case TP_E_LOCAL:
        *out = ev->frame[n->slot];
        return 0;
    case TP_E_GLOBAL:
        return eval_global(ev, n, out);
    case TP_E_ROOT:
        *out = ev->roots[n->slot];
        return 0;
    case TP_E_NOW:
        out->kind = TP_V_TIME;
        out->u.us = ev->now;
        return 0;
    case TP_E_FIELD:
        return eval_field(ev, n, out);
    case TP_E_INDEX:
        return eval_index(ev, n, out);
    case TP_E_PROJECT:
        return eval_project(ev, n, out);
    case TP_E_CALL:
        return eval_call(ev, n, out);
    case TP_E_GENERATE: {
        tp_listbuf lb = {0};
        int rc = tp_eval_each(ev, n, collect, &lb);
        if (rc == 0)
            *out = tp_listbuf_value(&lb);
        return rc;
    }
    case TP_E_NEG: {
        int rc = tp_eval_present(ev, n->a, out);
        if (rc)
            return rc;
        if (out->kind == TP_V_NUM)
            out->u.n = -out->u.n;
        else if (out->kind == TP_V_DUR && out->u.us != INT64_MIN)
            out->u.us = -out->u.us;
        else
            return tp_eval_fail(ev, n, "'-' negates a number or a duration, not %s",
                                tp_value_kind_phrase(out));
        return 0;
    }
    case TP_E_NOT: {
        int b;
        int rc = eval_bool(ev, n->a, &b, "the operand of 'not'");
        if (rc)
            return rc;
        out->kind = TP_V_BOOL;
        out->u.b = !b;
        return 0;
    }
    case TP_E_BINARY:
        return eval_binary(ev, n, out);
    case TP_E_COND: {
        int yes;
        int rc = eval_bool(ev, n->a, &yes, "the condition of 'if'");
        return rc ? rc : tp_eval_expr(ev, yes ? n->b : n->c, out);
    }
    }
    return tp_eval_fail(ev, n, "unknown expression");
}

#define MEMO_MIN_MATCHES 8

/* The key n's value is kept by: the values of its memo_keys (one value, or a list of them), in
 * *key. 1 when there is one, 0 when n is computed as usual instead: a part that is absent, not a
 * scalar, a secret (equal values may be marked differently) or fails; an index key few elements
 * have (cheap to compute again); or an index that is empty or in error (the generator says what
 * that gives, at no cost). */
static int memo_key(tp_eval *ev, const tp_expr *n, tp_value *key)
{
    tp_value parts[TP_MEMO_MAX_KEYS];
    if (n->nmemo_keys > TP_MEMO_MAX_KEYS)
        return 0;
    tp_hash_index *ix = NULL;
    if (n->memo_index) {
        /* Asked first: when no key has enough elements (ids, mostly), no key is kept, and the
         * keys need not be computed nor looked up. */
        int rc = index_of(ev, n->memo_index, &ix);
        if (rc)
            return rc == TP_ENOMEM ? rc : 0;
        if (tp_hash_index_error(ix) || tp_hash_index_most(ix) < MEMO_MIN_MATCHES)
            return 0;
    }
    for (uint32_t i = 0; i < n->nmemo_keys; i++) {
        tp_value *v = &parts[i];
        int rc = tp_eval_expr(ev, n->memo_keys[i], v);
        if (rc || !tp_value_is_scalar(v) || v->secret)
            return rc == TP_ENOMEM ? rc : 0;
    }
    if (ix && tp_hash_index_matches(ix, &parts[0]) < MEMO_MIN_MATCHES)
        return 0;
    if (n->nmemo_keys == 1) {
        *key = parts[0];
        return 1;
    }
    tp_value *items = tp_eval_alloc(ev, n->nmemo_keys * sizeof *items);
    if (!items)
        return TP_ENOMEM;
    memcpy(items, parts, n->nmemo_keys * sizeof *items);
    *key = (tp_value){.kind = TP_V_LIST, .len = n->nmemo_keys, .u.items = items};
    return 1;
}

/* A value the plan says to keep for the input (tp_expr.memo): computed once for the whole input,
 * or once for each value of the parts that read the subject's variables, so that N subjects that
 * share one key cost what one does. An error is kept too: it would be the same every time. */
static int eval_kept(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    tp_memo **memo = &ev->memos[n->memo];
    if (!*memo && !(*memo = tp_memo_new(&ev->input)))
        return TP_ENOMEM;
    tp_value key, *kp = NULL;
    if (n->nmemo_keys) {
        int rc = memo_key(ev, n, &key);
        if (rc <= 0)
            return rc < 0 ? rc : eval_node(ev, n, out);
        kp = &key;
    }
    const tp_memo_entry *e = tp_memo_find(*memo, kp);
    if (e && e->error) {
        snprintf(ev->err, sizeof ev->err, "%s", e->error);
        return TP_EVAL_ERR;
    }
    if (e) {
        *out = e->value;
        return 0;
    }
    /* Computed where values are built now (a subject's arena, rewound after it), then copied:
     * the input keeps only the result. */
    int rc = eval_node(ev, n, out);
    if (rc != 0 && rc != TP_EVAL_ERR)
        return rc;
    int kept = tp_memo_put(*memo, &ev->input, ev->sources, kp, out, rc ? ev->err : NULL);
    return kept ? kept : rc;
}

int tp_eval_expr(tp_eval *ev, const tp_expr *n, tp_value *out)
{
    return n->memo >= 0 ? eval_kept(ev, n, out) : eval_node(ev, n, out);
}
