/* The aggregates: any all count distinct first sum min max, fed one element at a time by the
 * evaluator (over a generator or a list). To add one: a line in TP_BUILTIN_LIST (base/lang.h)
 * and an agg_NAME step below (and its result in tp_aggregate_finish when it is not `acc`). */
#include "eval/aggregate.h"

#include <string.h>

#include "eval/hash_index.h"

/* distinct(): `seen` keeps the values in order, and an open-addressing table over them by hash
 * finds a repeat at once, whatever kind of value it is. */
static int distinct_add(tp_eval *ev, tp_aggregate *a, const tp_value *v)
{
    uint64_t h = tp_value_deep_hash(v);
    for (uint32_t i = (uint32_t)h & a->mask; a->table; i = (i + 1) & a->mask) {
        int32_t k = a->table[i];
        if (k < 0)
            break;
        if (a->hashes[k] == h && tp_value_equal(&a->seen.items[k], v))
            return 0;
    }
    uint32_t k = a->seen.n;
    int rc = tp_listbuf_push(ev, &a->seen, v);
    if (rc)
        return rc;
    /* Rebuild the hash table when it would pass half full. */
    if (!a->table || 2 * (k + 1) > a->mask) {
        uint32_t cap = a->mask ? (a->mask + 1) * 2 : 64;
        while (cap < 4 * (k + 1))
            cap *= 2;
        int32_t *table = tp_eval_alloc(ev, cap * sizeof *table);
        uint64_t *hashes = tp_eval_alloc(ev, cap * sizeof *hashes);
        if (!table || !hashes)
            return TP_ENOMEM;
        memset(table, 0xff, cap * sizeof *table);
        if (a->hashes)
            memcpy(hashes, a->hashes, k * sizeof *hashes);
        a->table = table;
        a->hashes = hashes;
        a->mask = cap - 1;
        for (uint32_t j = 0; j < k; j++) {
            uint32_t i = (uint32_t)hashes[j] & a->mask;
            while (table[i] >= 0)
                i = (i + 1) & a->mask;
            table[i] = (int32_t)j;
        }
    }
    a->hashes[k] = h;
    uint32_t i = (uint32_t)h & a->mask;
    while (a->table[i] >= 0)
        i = (i + 1) & a->mask;
    a->table[i] = (int32_t)k;
    return 0;
}

static int agg_bool(tp_eval *ev, tp_aggregate *a, const tp_value *v, int stop_on)
{
    if (v->kind != TP_V_BOOL)
        return tp_eval_fail(ev, a->call->args[0], "%s() needs booleans, but an element is %s",
                            a->call->name, tp_value_kind_phrase(v));
    if (v->u.b == stop_on) {
        a->acc.u.b = v->u.b;
        return 1;
    }
    return 0;
}

static int agg_any(tp_eval *ev, tp_aggregate *a, const tp_value *v)
{
    return agg_bool(ev, a, v, 1);
}

static int agg_all(tp_eval *ev, tp_aggregate *a, const tp_value *v)
{
    return agg_bool(ev, a, v, 0);
}

static int agg_count(tp_eval *ev, tp_aggregate *a, const tp_value *v)
{
    (void)ev;
    (void)v;
    a->count++;
    return 0;
}

static int agg_first(tp_eval *ev, tp_aggregate *a, const tp_value *v)
{
    (void)ev;
    a->acc = *v;
    return 1;
}

static int agg_distinct(tp_eval *ev, tp_aggregate *a, const tp_value *v)
{
    return distinct_add(ev, a, v);
}

static int agg_sum(tp_eval *ev, tp_aggregate *a, const tp_value *v)
{
    const tp_expr *arg = a->call->args[0];
    if (v->kind != TP_V_NUM && v->kind != TP_V_DUR)
        return tp_eval_fail(ev, arg, "sum() adds numbers or durations, not %s",
                            tp_value_kind_phrase(v));
    if (a->count++ == 0) {
        a->acc = *v;
    } else if (a->acc.kind != v->kind) {
        return tp_eval_fail(ev, arg, "sum() cannot add %s to %s", tp_value_kind_phrase(v),
                            tp_value_kind_phrase(&a->acc));
    } else if (v->kind == TP_V_NUM) {
        a->acc.u.n += v->u.n;
    } else if (__builtin_add_overflow(a->acc.u.us, v->u.us, &a->acc.u.us)) {
        return tp_eval_fail(ev, arg, "sum() is out of range");
    }
    return 0;
}

/* min and max: keep the element that compares lowest (sign -1) or highest (sign 1). */
static int extreme(tp_eval *ev, tp_aggregate *a, const tp_value *v, int sign)
{
    const tp_expr *arg = a->call->args[0];
    if (v->kind != TP_V_NUM && v->kind != TP_V_STR && v->kind != TP_V_TIME && v->kind != TP_V_DUR)
        return tp_eval_fail(ev, arg, "%s() compares numbers, strings, times or durations, not %s",
                            a->call->name, tp_value_kind_phrase(v));
    if (a->count++ == 0) {
        a->acc = *v;
        return 0;
    }
    if (a->acc.kind != v->kind)
        return tp_eval_fail(ev, arg, "%s() cannot compare %s with %s", a->call->name,
                            tp_value_kind_phrase(v), tp_value_kind_phrase(&a->acc));
    if (tp_value_compare(v, &a->acc) * sign > 0)
        a->acc = *v;
    return 0;
}

static int agg_min(tp_eval *ev, tp_aggregate *a, const tp_value *v)
{
    return extreme(ev, a, v, -1);
}

static int agg_max(tp_eval *ev, tp_aggregate *a, const tp_value *v)
{
    return extreme(ev, a, v, 1);
}

typedef int (*step_fn)(tp_eval *ev, tp_aggregate *a, const tp_value *v);

/* One step per aggregate, by built-in id; NULL for the other built-ins. */
#define TP_STEP_VALUES(impl) NULL
#define TP_STEP_RAW(impl) NULL
#define TP_STEP_AGGREGATE(impl) agg_##impl
static const step_fn steps[TP_FN_COUNT_] = {
#define TP_X(id, name, lo, hi, pass, res, a1, a2, impl) TP_STEP_##pass(impl),
    TP_BUILTIN_LIST(TP_X)
#undef TP_X
};

void tp_aggregate_start(tp_aggregate *a, const tp_expr *call)
{
    memset(a, 0, sizeof *a);
    a->call = call;
    if (call->op == TP_FN_ANY || call->op == TP_FN_ALL) {
        a->acc.kind = TP_V_BOOL;
        a->acc.u.b = call->op == TP_FN_ALL;
    }
}

int tp_aggregate_add(tp_eval *ev, const tp_value *v, void *state)
{
    tp_aggregate *a = state;
    return steps[a->call->op](ev, a, v);
}

void tp_aggregate_finish(const tp_aggregate *a, tp_value *out)
{
    memset(out, 0, sizeof *out);
    switch (a->call->op) {
    case TP_FN_COUNT:
        out->kind = TP_V_NUM;
        out->u.n = a->count;
        break;
    case TP_FN_DISTINCT:
        *out = tp_listbuf_value(&a->seen);
        break;
    case TP_FN_SUM:
        if (a->count == 0) {
            out->kind = TP_V_NUM; /* the sum of nothing is 0 */
            break;
        }
        *out = a->acc;
        break;
    default:
        *out = a->acc; /* first/min/max of nothing: absent */
        break;
    }
}
