/*
 * Expression evaluation. Fail closed: an absent value used anywhere but under has() or on the
 * left of ?? is an error, and so is any type mismatch; nothing silently becomes false.
 */
#include "eval/eval.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eval/builtins.h"
#include "eval/hash_index.h"
#include "base/datetime.h"

void *tp_eval_alloc(tp_eval *ev, size_t size)
{
    return tp_arena_alloc(ev->arena, size);
}

int tp_eval_init(tp_eval *ev, const tp_plan *plan, const tp_mem *mem, int64_t now)
{
    memset(ev, 0, sizeof *ev);
    ev->plan = plan;
    ev->mem = mem;
    ev->now = now;
    tp_arena_init(&ev->scratch, mem);
    tp_arena_init(&ev->input, mem);
    tp_strbuf_init(&ev->text, mem);
    ev->arena = &ev->input;
    size_t ng = plan->nglobals ? plan->nglobals : 1;
    ev->globals = tp_arena_zalloc(&ev->input, ng * sizeof *ev->globals);
    ev->gstate = tp_arena_zalloc(&ev->input, ng);
    ev->gerr = tp_arena_zalloc(&ev->input, ng * sizeof *ev->gerr);
    size_t nr = plan->nroots ? plan->nroots : 1;
    ev->roots = tp_arena_zalloc(&ev->input, nr * sizeof *ev->roots);
    ev->root_docs = tp_arena_zalloc(&ev->input, nr * sizeof *ev->root_docs);
    ev->root_strip = tp_arena_zalloc(&ev->input, nr * sizeof *ev->root_strip);
    ev->indexes =
        tp_arena_zalloc(&ev->input, (plan->nindexes ? plan->nindexes : 1) * sizeof *ev->indexes);
    ev->frame = tp_arena_zalloc(&ev->input, plan->max_slots * sizeof *ev->frame);
    if (!ev->globals || !ev->gstate || !ev->gerr || !ev->roots || !ev->root_docs ||
        !ev->root_strip || !ev->indexes || !ev->frame)
        return TP_ENOMEM;
    return 0;
}

void tp_eval_free(tp_eval *ev)
{
    tp_arena_free(&ev->scratch);
    tp_arena_free(&ev->input);
    tp_strbuf_free(&ev->text);
}

int tp_eval_fail(tp_eval *ev, const tp_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(ev->err, sizeof ev->err, fmt, ap);
    va_end(ap);
    if (n && len >= 0 && (size_t)len < sizeof ev->err) {
        const char *file = n->span.file < ev->plan->nfiles ? ev->plan->files[n->span.file] : "?";
        snprintf(ev->err + len, sizeof ev->err - (size_t)len, " (%s:%u:%u)", file, n->span.line,
                 n->span.col);
    }
    return TP_EVAL_ERR;
}

int tp_eval_absent(tp_eval *ev, const tp_node *n)
{
    if (n->kind == TP_N_NAME && n->ref == TP_REF_ROOT)
        return tp_eval_fail(ev, n, "'%s' is absent from the input", n->str);
    if (n->kind == TP_N_NAME)
        return tp_eval_fail(ev, n, "'%s' is absent", n->str);
    if (n->display)
        return tp_eval_fail(ev, n, "%s is absent", n->display);
    if (n->kind == TP_N_CALL)
        return tp_eval_fail(ev, n, "%s() gave no value", n->str);
    return tp_eval_fail(ev, n, "a value is absent");
}

int tp_eval_present(tp_eval *ev, const tp_node *n, tp_value *out)
{
    int rc = tp_eval_expr(ev, n, out);
    if (rc == 0 && out->kind == TP_V_ABSENT)
        return tp_eval_absent(ev, n);
    return rc;
}

int tp_listbuf_push(tp_eval *ev, tp_listbuf *lb, const tp_value *v)
{
    tp_value *items = tp_arena_grow(ev->arena, lb->items, lb->n, &lb->cap, sizeof *items);
    if (!items)
        return TP_ENOMEM;
    lb->items = items;
    lb->items[lb->n++] = *v;
    return 0;
}

tp_value tp_listbuf_value(const tp_listbuf *lb)
{
    tp_value v;
    memset(&v, 0, sizeof v);
    v.kind = TP_V_LIST;
    v.len = lb->n;
    v.u.items = lb->items;
    return v;
}

static int eval_bool(tp_eval *ev, const tp_node *n, int *out, const char *what)
{
    tp_value v;
    int rc = tp_eval_present(ev, n, &v);
    if (rc)
        return rc;
    if (v.kind != TP_V_BOOL)
        return tp_eval_fail(ev, n, "%s must be a boolean, but it is %s", what,
                            tp_value_kind_phrase(&v));
    *out = v.u.b;
    return 0;
}

/* Binds gen's variable to elem, applies `where`, and hands the generated value to fn. */
static int gen_element(tp_eval *ev, const tp_node *gen, const tp_value *elem, const tp_node *where,
                       tp_visit_fn fn, void *state)
{
    ev->frame[gen->slot] = *elem;
    if (where) {
        int keep;
        int rc = eval_bool(ev, where, &keep, "a generator's 'where'");
        if (rc || !keep)
            return rc;
    }
    tp_value v;
    int rc = tp_eval_present(ev, gen->a, &v);
    return rc ? rc : fn(ev, &v, state);
}

static int index_element(tp_eval *ev, const tp_node *gen, const tp_value *elem, tp_visit_fn fn,
                         void *state)
{
    return gen_element(ev, gen, elem, gen->rest_where, fn, state);
}

static int eval_list_operand(tp_eval *ev, const tp_node *n, tp_value *out)
{
    int rc = tp_eval_present(ev, n, out);
    if (rc)
        return rc;
    if (!tp_value_is_listlike(out))
        return tp_eval_fail(ev, n, "expected a list, but %s is %s",
                            n->display ? n->display : "the value", tp_value_kind_phrase(out));
    return 0;
}

int tp_eval_each(tp_eval *ev, const tp_node *n, tp_visit_fn fn, void *state)
{
    tp_value list, e;
    tp_iter it;
    if (n->kind == TP_N_GEN && n->index_id >= 0)
        return tp_index_visit(ev, n, fn, state, index_element);
    const tp_node *src = n->kind == TP_N_GEN ? n->b : n;
    int rc = eval_list_operand(ev, src, &list);
    if (rc)
        return rc;
    tp_iter_init(&it, &list);
    while (tp_iter_next(&it, &e)) {
        rc = n->kind == TP_N_GEN ? gen_element(ev, n, &e, n->c, fn, state) : fn(ev, &e, state);
        if (rc)
            return rc < 0 ? rc : 0;
    }
    return 0;
}

static int collect(tp_eval *ev, const tp_value *v, void *state)
{
    return tp_listbuf_push(ev, state, v);
}

static int eval_global(tp_eval *ev, const tp_node *n, tp_value *out)
{
    int32_t g = n->slot;
    switch (ev->gstate[g]) {
    case 2:
        *out = ev->globals[g];
        return 0;
    case 3:
        snprintf(ev->err, sizeof ev->err, "%s", ev->gerr[g]);
        return TP_EVAL_ERR;
    default:
        break;
    }
    /* Globals live for the whole input: build them in the input arena with their own frame. */
    const tp_global *gl = &ev->plan->globals[g];
    tp_arena *saved_arena = ev->arena;
    tp_value *saved_frame = ev->frame;
    ev->arena = &ev->input;
    ev->frame = tp_arena_zalloc(&ev->input, (gl->nslots ? gl->nslots : 1) * sizeof(tp_value));
    int rc = ev->frame ? tp_eval_expr(ev, gl->expr, out) : TP_ENOMEM;
    ev->arena = saved_arena;
    ev->frame = saved_frame;
    if (rc == TP_EVAL_ERR) {
        ev->gerr[g] = tp_arena_strdup(&ev->input, ev->err);
        ev->gstate[g] = ev->gerr[g] ? 3 : 0;
        return ev->gerr[g] ? rc : TP_ENOMEM;
    }
    if (rc)
        return rc;
    ev->globals[g] = *out;
    ev->gstate[g] = 2;
    return 0;
}

static int eval_template(tp_eval *ev, const tp_node *n, tp_value *out)
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
    for (uint32_t i = 0; i < n->kids.n && rc == 0; i++) {
        const tp_node *part = n->kids.items[i];
        if (part->kind == TP_N_STR_LIT) {
            tp_strbuf_add(sb, part->str, part->len);
            continue;
        }
        tp_value v;
        rc = tp_eval_present(ev, part, &v);
        if (rc == 0)
            tp_value_render(sb, &v);
    }
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
static int eval_base(tp_eval *ev, const tp_node *n, tp_value *base, tp_value *out)
{
    int rc = tp_eval_expr(ev, n->a, base);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    return base->kind == TP_V_ABSENT || base->kind == TP_V_NULL;
}

static int eval_field(tp_eval *ev, const tp_node *n, tp_value *out)
{
    tp_value base;
    int rc = eval_base(ev, n, &base, out);
    if (rc)
        return rc > 0 ? 0 : rc;
    if (!tp_value_is_objlike(&base))
        return tp_eval_fail(ev, n, "cannot read field '%s' of %s", n->str,
                            tp_value_kind_phrase(&base));
    *out = tp_value_field(&base, n->str, n->len);
    return 0;
}

static int eval_index(tp_eval *ev, const tp_node *n, tp_value *out)
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

static int eval_project(tp_eval *ev, const tp_node *n, tp_value *out)
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
            rc = tp_eval_fail(ev, n, "element %u of the projection has no such value", it.i - 1);
        if (rc == 0)
            rc = tp_listbuf_push(ev, &lb, &v);
        if (rc)
            return rc;
    }
    *out = tp_listbuf_value(&lb);
    return 0;
}

static int eval_literal_list(tp_eval *ev, const tp_node *n, tp_value *out)
{
    tp_value *items = tp_eval_alloc(ev, (n->kids.n ? n->kids.n : 1) * sizeof *items);
    if (!items)
        return TP_ENOMEM;
    for (uint32_t i = 0; i < n->kids.n; i++) {
        int rc = tp_eval_present(ev, n->kids.items[i], &items[i]);
        if (rc)
            return rc;
        if (n->kind == TP_N_OBJECT && i % 2 == 0 && items[i].kind != TP_V_STR)
            return tp_eval_fail(ev, n->kids.items[i], "an object key must be a string");
    }
    out->kind = n->kind == TP_N_LIST ? TP_V_LIST : TP_V_MAP;
    out->len = n->kind == TP_N_LIST ? n->kids.n : n->kids.n / 2;
    out->u.items = items;
    return 0;
}

int tp_eval_membership(tp_eval *ev, const tp_node *n, const tp_value *x, const tp_value *in,
                       int *found)
{
    if (tp_value_is_listlike(in)) {
        tp_iter it;
        tp_value e;
        tp_iter_init(&it, in);
        *found = 0;
        while (!*found && tp_iter_next(&it, &e))
            *found = tp_value_equal(x, &e);
        return 0;
    }
    if (in->kind == TP_V_STR) {
        if (x->kind != TP_V_STR)
            return tp_eval_fail(ev, n, "only a string can be in a string, not %s",
                                tp_value_kind_phrase(x));
        *found = 0;
        for (uint32_t i = 0; x->len <= in->len && i <= in->len - x->len && !*found; i++)
            *found = memcmp(in->u.s + i, x->u.s, x->len) == 0;
        return 0;
    }
    if (tp_value_is_objlike(in)) {
        if (x->kind != TP_V_STR)
            return tp_eval_fail(ev, n, "an object's keys are strings, not %s",
                                tp_value_kind_phrase(x));
        tp_value f = tp_value_field(in, x->u.s, x->len);
        *found = f.kind != TP_V_ABSENT;
        return 0;
    }
    return tp_eval_fail(ev, n, "'in' needs a list, a string or an object, not %s",
                        tp_value_kind_phrase(in));
}

static int arith(tp_eval *ev, const tp_node *n, const tp_value *l, const tp_value *r, tp_value *out)
{
    tp_binop op = (tp_binop)n->op;
    memset(out, 0, sizeof *out);
    int lk = l->kind, rk = r->kind;
    if (lk == TP_V_NUM && rk == TP_V_NUM) {
        double a = l->u.n, b = r->u.n, v;
        switch (op) {
        case TP_OP_ADD:
            v = a + b;
            break;
        case TP_OP_SUB:
            v = a - b;
            break;
        case TP_OP_MUL:
            v = a * b;
            break;
        default:
            if (b == 0)
                return tp_eval_fail(ev, n, "division by zero");
            v = a / b;
        }
        if (!isfinite(v))
            return tp_eval_fail(ev, n, "the result is out of range");
        out->kind = TP_V_NUM;
        out->u.n = v;
        return 0;
    }
    int64_t res;
    int kind = 0;
    int overflow = 0;
    if (op == TP_OP_ADD &&
        ((lk == TP_V_TIME && rk == TP_V_DUR) || (lk == TP_V_DUR && rk == TP_V_TIME) ||
         (lk == TP_V_DUR && rk == TP_V_DUR))) {
        overflow = __builtin_add_overflow(l->u.us, r->u.us, &res);
        kind = lk == TP_V_DUR && rk == TP_V_DUR ? TP_V_DUR : TP_V_TIME;
    } else if (op == TP_OP_SUB && lk == TP_V_TIME && (rk == TP_V_DUR || rk == TP_V_TIME)) {
        overflow = __builtin_sub_overflow(l->u.us, r->u.us, &res);
        kind = rk == TP_V_TIME ? TP_V_DUR : TP_V_TIME;
    } else if (op == TP_OP_SUB && lk == TP_V_DUR && rk == TP_V_DUR) {
        overflow = __builtin_sub_overflow(l->u.us, r->u.us, &res);
        kind = TP_V_DUR;
    } else if (op == TP_OP_MUL &&
               ((lk == TP_V_DUR && rk == TP_V_NUM) || (lk == TP_V_NUM && rk == TP_V_DUR))) {
        double v = (lk == TP_V_DUR ? (double)l->u.us * r->u.n : l->u.n * (double)r->u.us);
        overflow = !(fabs(v) < 9.2e18);
        res = overflow ? 0 : (int64_t)v;
        kind = TP_V_DUR;
    } else if (op == TP_OP_DIV && lk == TP_V_DUR && rk == TP_V_NUM) {
        if (r->u.n == 0)
            return tp_eval_fail(ev, n, "division by zero");
        double v = (double)l->u.us / r->u.n;
        overflow = !(fabs(v) < 9.2e18);
        res = overflow ? 0 : (int64_t)v;
        kind = TP_V_DUR;
    } else if (op == TP_OP_DIV && lk == TP_V_DUR && rk == TP_V_DUR) {
        if (r->u.us == 0)
            return tp_eval_fail(ev, n, "division by zero");
        out->kind = TP_V_NUM;
        out->u.n = (double)l->u.us / (double)r->u.us;
        return 0;
    } else {
        return tp_eval_fail(ev, n, "'%s' is not defined for %s and %s", tp_binop_text(op),
                            tp_value_kind_phrase(l), tp_value_kind_phrase(r));
    }
    if (overflow)
        return tp_eval_fail(ev, n, "the result is out of range");
    out->kind = (uint8_t)kind;
    out->u.us = res;
    return 0;
}

static int eval_binary(tp_eval *ev, const tp_node *n, tp_value *out)
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
    switch (op) {
    case TP_OP_EQ:
    case TP_OP_NE:
        out->kind = TP_V_BOOL;
        out->u.b = tp_value_equal(&l, &r) == (op == TP_OP_EQ);
        return 0;
    case TP_OP_LT:
    case TP_OP_LE:
    case TP_OP_GT:
    case TP_OP_GE: {
        if (tp_value_type(&l) != tp_value_type(&r) || l.kind == TP_V_NULL || l.kind == TP_V_BOOL ||
            l.kind == TP_V_JSON || l.kind == TP_V_LIST || l.kind == TP_V_MAP)
            return tp_eval_fail(ev, n, "'%s' cannot compare %s with %s", tp_binop_text(op),
                                tp_value_kind_phrase(&l), tp_value_kind_phrase(&r));
        int c = tp_value_compare(&l, &r);
        out->kind = TP_V_BOOL;
        out->u.b = op == TP_OP_LT   ? c < 0
                   : op == TP_OP_LE ? c <= 0
                   : op == TP_OP_GT ? c > 0
                                    : c >= 0;
        return 0;
    }
    case TP_OP_IN:
    case TP_OP_NOT_IN: {
        int found;
        if ((rc = tp_eval_membership(ev, n, &l, &r, &found)))
            return rc;
        out->kind = TP_V_BOOL;
        out->u.b = found == (op == TP_OP_IN);
        return 0;
    }
    default:
        return arith(ev, n, &l, &r, out);
    }
}

int tp_eval_expr(tp_eval *ev, const tp_node *n, tp_value *out)
{
    memset(out, 0, sizeof *out);
    switch ((tp_node_kind)n->kind) {
    case TP_N_NULL_LIT:
        out->kind = TP_V_NULL;
        return 0;
    case TP_N_BOOL_LIT:
        out->kind = TP_V_BOOL;
        out->u.b = n->num != 0;
        return 0;
    case TP_N_NUM_LIT:
        out->kind = TP_V_NUM;
        out->u.n = n->num;
        return 0;
    case TP_N_STR_LIT:
        out->kind = TP_V_STR;
        out->u.s = n->str;
        out->len = n->len;
        return 0;
    case TP_N_DUR_LIT:
    case TP_N_TIME_LIT:
        out->kind = n->kind == TP_N_DUR_LIT ? TP_V_DUR : TP_V_TIME;
        out->u.us = n->us;
        return 0;
    case TP_N_TEMPLATE:
        return eval_template(ev, n, out);
    case TP_N_LIST:
    case TP_N_OBJECT:
        return eval_literal_list(ev, n, out);
    case TP_N_NAME:
        switch ((tp_ref_kind)n->ref) {
        case TP_REF_LOCAL:
            *out = ev->frame[n->slot];
            return 0;
        case TP_REF_GLOBAL:
            return eval_global(ev, n, out);
        case TP_REF_ROOT:
            *out = ev->roots[n->slot];
            return 0;
        case TP_REF_NOW:
            out->kind = TP_V_TIME;
            out->u.us = ev->now;
            return 0;
        default:
            return tp_eval_fail(ev, n, "'%s' is not resolved", n->str);
        }
    case TP_N_FIELD:
        return eval_field(ev, n, out);
    case TP_N_INDEX:
        return eval_index(ev, n, out);
    case TP_N_PROJECT:
        return eval_project(ev, n, out);
    case TP_N_ELEM:
        *out = ev->frame[n->slot];
        return 0;
    case TP_N_CALL:
        return tp_builtin_call(ev, n, out);
    case TP_N_GEN: {
        tp_listbuf lb = {0};
        int rc = tp_eval_each(ev, n, collect, &lb);
        if (rc == 0)
            *out = tp_listbuf_value(&lb);
        return rc;
    }
    case TP_N_NEG: {
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
    case TP_N_NOT: {
        int b;
        int rc = eval_bool(ev, n->a, &b, "the operand of 'not'");
        if (rc)
            return rc;
        out->kind = TP_V_BOOL;
        out->u.b = !b;
        return 0;
    }
    case TP_N_BINARY:
        return eval_binary(ev, n, out);
    }
    return tp_eval_fail(ev, n, "unknown expression");
}
