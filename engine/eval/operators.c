/* Binary operators on evaluated operands: equality, ordering, membership and arithmetic. A type
 * mismatch is an evaluation error, never a silent false. */
#include "eval/operators.h"

#include <math.h>
#include <string.h>

int tp_op_membership(tp_eval *ev, const tp_expr *n, const tp_value *x, const tp_value *in,
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

/* l + r for two lists: the elements of l, then those of r, in a new list. */
static int concatenate(tp_eval *ev, const tp_value *l, const tp_value *r, tp_value *out)
{
    uint32_t n = tp_value_count(l) + tp_value_count(r);
    tp_value *items = tp_eval_alloc(ev, (n ? n : 1) * sizeof *items);
    if (!items)
        return TP_ENOMEM;
    uint32_t k = 0;
    const tp_value *parts[2] = {l, r};
    for (int p = 0; p < 2; p++) {
        tp_iter it;
        tp_iter_init(&it, parts[p]);
        while (k < n && tp_iter_next(&it, &items[k]))
            k++;
    }
    memset(out, 0, sizeof *out);
    out->kind = TP_V_LIST;
    out->len = k;
    out->u.items = items;
    return 0;
}

static int arith(tp_eval *ev, const tp_expr *n, const tp_value *l, const tp_value *r, tp_value *out)
{
    tp_binop op = (tp_binop)n->op;
    memset(out, 0, sizeof *out);
    int lk = l->kind, rk = r->kind;
    if (op == TP_OP_ADD && tp_value_is_listlike(l) && tp_value_is_listlike(r))
        return concatenate(ev, l, r, out);
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

int tp_op_apply(tp_eval *ev, const tp_expr *n, const tp_value *lv, const tp_value *rv,
                tp_value *out)
{
    tp_binop op = (tp_binop)n->op;
    tp_value l = *lv, r = *rv;
    int rc;
    memset(out, 0, sizeof *out);
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
        if ((rc = tp_op_membership(ev, n, &l, &r, &found)))
            return rc;
        out->kind = TP_V_BOOL;
        out->u.b = found == (op == TP_OP_IN);
        return 0;
    }
    default:
        return arith(ev, n, &l, &r, out);
    }
}
