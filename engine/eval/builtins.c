/* The built-in functions. Arity and static types are checked at compile time; runtime types
 * are checked here, and a mismatch is an evaluation error, never a silent false. */
#include "eval/builtins.h"

#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <regex.h>
#include <string.h>

#include "eval/eval.h"
#include "base/regex.h"
#include "base/datetime.h"

const tp_builtin tp_builtins[TP_FN_COUNT_] = {
#define TP_X(id, name, lo, hi, agg, res, a1, a2) {name, lo, hi, agg, res, {a1, a2}},
    TP_BUILTIN_LIST(TP_X)
#undef TP_X
};

int tp_builtin_lookup(const char *name)
{
    for (int i = 0; i < TP_FN_COUNT_; i++)
        if (strcmp(tp_builtins[i].name, name) == 0)
            return i;
    return -1;
}

static void set_bool(tp_value *out, int b)
{
    memset(out, 0, sizeof *out);
    out->kind = TP_V_BOOL;
    out->u.b = b;
}

static void set_num(tp_value *out, double n)
{
    memset(out, 0, sizeof *out);
    out->kind = TP_V_NUM;
    out->u.n = n;
}

static int type_error(tp_eval *ev, const tp_node *call, const tp_node *arg, const tp_value *v,
                      const char *want)
{
    (void)call;
    return tp_eval_fail(ev, arg, "%s() takes %s, but %s is %s", call->str, want,
                        arg->display ? arg->display : "the argument", tp_value_kind_phrase(v));
}

/* Evaluates argument i, which must be present and, for `kind` >= 0, of that kind. */
static int arg(tp_eval *ev, const tp_node *call, uint32_t i, int kind, tp_value *out)
{
    int rc = tp_eval_present(ev, call->kids.items[i], out);
    if (rc == 0 && kind >= 0 && out->kind != kind) {
        static const char *const want[] = {[TP_V_STR] = "a string",
                                           [TP_V_NUM] = "a number",
                                           [TP_V_DUR] = "a duration",
                                           [TP_V_BOOL] = "a boolean"};
        return type_error(ev, call, call->kids.items[i], out, want[kind] ? want[kind] : "a value");
    }
    return rc;
}

/* time(x): RFC 3339 / date strings, Unix seconds, or a time. */
static int to_time(tp_eval *ev, const tp_node *call, const tp_node *argn, const tp_value *v,
                   int64_t *us)
{
    if (v->kind == TP_V_TIME) {
        *us = v->u.us;
        return 0;
    }
    if (v->kind == TP_V_NUM) {
        if (!(fabs(v->u.n) < 9.2e12))
            return tp_eval_fail(ev, argn, "%s() got a Unix time out of range", call->str);
        *us = (int64_t)llround(v->u.n * 1e6);
        return 0;
    }
    if (v->kind == TP_V_STR) {
        if (tp_timeval_parse(v->u.s, v->len, us) == 0)
            return 0;
        return tp_eval_fail(ev, argn,
                            "%s() cannot read %s as a time: expected RFC 3339 (with an offset) "
                            "or YYYY-MM-DD",
                            call->str, argn->display ? argn->display : "the string");
    }
    return type_error(ev, call, argn, v, "a string, a number or a time");
}

static int str_case(tp_eval *ev, const tp_value *s, tp_value *out, int upper)
{
    char *p = tp_eval_alloc(ev, s->len + 1);
    if (!p)
        return TP_ENOMEM;
    for (uint32_t i = 0; i < s->len; i++)
        p[i] =
            (char)(upper ? toupper((unsigned char)s->u.s[i]) : tolower((unsigned char)s->u.s[i]));
    p[s->len] = '\0';
    *out = *s;
    out->u.s = p;
    return 0;
}

/* Strings from JSON are NUL-terminated; built ones are too (arena strndup). */
static int call_matches(tp_eval *ev, const tp_node *call, const tp_value *s, const tp_value *pat,
                        tp_value *out)
{
    regex_t dyn;
    const regex_t *re = call->aux;
    if (s->len > ev->plan->max_regex_input)
        return tp_eval_fail(ev, call->kids.items[0],
                            "matches() input of %u bytes is over the limit of %zu (raise it with "
                            "--max-regex-input)",
                            s->len, ev->plan->max_regex_input);
    if (!re) {
        char why[160];
        if (tp_regex_refuse(pat->u.s, pat->len, ev->plan->max_regex_bytes, why, sizeof why))
            return tp_eval_fail(ev, call->kids.items[1], "%s", why);
        int rc = regcomp(&dyn, pat->u.s, REG_EXTENDED | REG_NOSUB);
        if (rc != 0) {
            char buf[128];
            regerror(rc, &dyn, buf, sizeof buf);
            return tp_eval_fail(ev, call->kids.items[1], "invalid regular expression: %s", buf);
        }
        re = &dyn;
    }
    set_bool(out, regexec(re, s->u.s, 0, NULL, 0) == 0);
    if (re == &dyn)
        regfree(&dyn);
    return 0;
}

static int call_join(tp_eval *ev, const tp_node *call, const tp_value *list, const tp_value *sep,
                     tp_value *out)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, ev->mem);
    tp_iter it;
    tp_value e;
    tp_iter_init(&it, list);
    for (int first = 1; tp_iter_next(&it, &e); first = 0) {
        if (!first)
            tp_strbuf_add(&sb, sep->u.s, sep->len);
        tp_value_render(&sb, &e);
    }
    (void)call;
    char *s = sb.failed ? NULL : tp_arena_strndup(ev->arena, tp_strbuf_cstr(&sb), sb.len);
    size_t len = sb.len;
    tp_strbuf_free(&sb);
    if (!s)
        return TP_ENOMEM;
    memset(out, 0, sizeof *out);
    out->kind = TP_V_STR;
    out->u.s = s;
    out->len = (uint32_t)len;
    return 0;
}

static int call_keys_values(tp_eval *ev, const tp_value *obj, int keys, tp_value *out)
{
    tp_listbuf lb = {0};
    int rc = 0;
    if (obj->kind == TP_V_JSON) {
        for (const cJSON *c = obj->u.json->child; c && rc == 0; c = c->next) {
            /* A value keeps the mark of the field it came from: values() must not launder a
             * secret into a plain list. */
            tp_value v = tp_value_member(c);
            if (keys) {
                memset(&v, 0, sizeof v);
                v.kind = TP_V_STR;
                v.u.s = c->string;
                v.len = (uint32_t)strlen(c->string);
            }
            rc = tp_listbuf_push(ev, &lb, &v);
        }
    } else {
        for (uint32_t i = 0; i < obj->len && rc == 0; i++)
            rc = tp_listbuf_push(ev, &lb, &obj->u.items[2 * i + !keys]);
    }
    *out = tp_listbuf_value(&lb);
    return rc;
}

/* --- aggregates ------------------------------------------------------------------------- */

typedef struct agg {
    const tp_node *call;
    int id;
    tp_value acc;
    uint32_t count;
    tp_listbuf seen; /* distinct: values kept, in order */
    uint64_t *hashes;
    int32_t *table; /* distinct: open addressing over `seen` by hash */
    uint32_t mask;
} agg;

static int distinct_add(tp_eval *ev, agg *a, const tp_value *v)
{
    uint64_t h = tp_value_hash(v);
    if (tp_value_is_scalar(v) && a->table) {
        for (uint32_t i = (uint32_t)h & a->mask;; i = (i + 1) & a->mask) {
            int32_t k = a->table[i];
            if (k < 0)
                break;
            if (a->hashes[k] == h && tp_value_equal(&a->seen.items[k], v))
                return 0;
        }
    } else {
        for (uint32_t k = 0; k < a->seen.n; k++)
            if (tp_value_equal(&a->seen.items[k], v))
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
        hashes[k] = h;
        a->table = table;
        a->hashes = hashes;
        a->mask = cap - 1;
        for (uint32_t j = 0; j <= k; j++) {
            if (!tp_value_is_scalar(&a->seen.items[j]))
                continue;
            uint32_t i = (uint32_t)hashes[j] & a->mask;
            while (table[i] >= 0)
                i = (i + 1) & a->mask;
            table[i] = (int32_t)j;
        }
        return 0;
    }
    a->hashes[k] = h;
    if (tp_value_is_scalar(v)) {
        uint32_t i = (uint32_t)h & a->mask;
        while (a->table[i] >= 0)
            i = (i + 1) & a->mask;
        a->table[i] = (int32_t)k;
    }
    return 0;
}

static int agg_visit(tp_eval *ev, const tp_value *v, void *state)
{
    agg *a = state;
    const tp_node *argn = a->call->kids.items[0];
    switch (a->id) {
    case TP_FN_ANY:
    case TP_FN_ALL:
        if (v->kind != TP_V_BOOL)
            return tp_eval_fail(ev, argn, "%s() needs booleans, but an element is %s", a->call->str,
                                tp_value_kind_phrase(v));
        if (v->u.b == (a->id == TP_FN_ANY)) {
            a->acc.u.b = v->u.b;
            return 1;
        }
        return 0;
    case TP_FN_COUNT:
        a->count++;
        return 0;
    case TP_FN_FIRST:
        a->acc = *v;
        return 1;
    case TP_FN_DISTINCT:
        return distinct_add(ev, a, v);
    case TP_FN_SUM:
        if (v->kind != TP_V_NUM && v->kind != TP_V_DUR)
            return tp_eval_fail(ev, argn, "sum() adds numbers or durations, not %s",
                                tp_value_kind_phrase(v));
        if (a->count++ == 0) {
            a->acc = *v;
        } else if (a->acc.kind != v->kind) {
            return tp_eval_fail(ev, argn, "sum() cannot add %s to %s", tp_value_kind_phrase(v),
                                tp_value_kind_phrase(&a->acc));
        } else if (v->kind == TP_V_NUM) {
            a->acc.u.n += v->u.n;
        } else if (__builtin_add_overflow(a->acc.u.us, v->u.us, &a->acc.u.us)) {
            return tp_eval_fail(ev, argn, "sum() is out of range");
        }
        return 0;
    default: /* MIN, MAX */
        if (v->kind != TP_V_NUM && v->kind != TP_V_STR && v->kind != TP_V_TIME &&
            v->kind != TP_V_DUR)
            return tp_eval_fail(ev, argn,
                                "%s() compares numbers, strings, times or durations, "
                                "not %s",
                                a->call->str, tp_value_kind_phrase(v));
        if (a->count++ == 0) {
            a->acc = *v;
            return 0;
        }
        if (a->acc.kind != v->kind)
            return tp_eval_fail(ev, argn, "%s() cannot compare %s with %s", a->call->str,
                                tp_value_kind_phrase(v), tp_value_kind_phrase(&a->acc));
        int c = tp_value_compare(v, &a->acc);
        if ((a->id == TP_FN_MIN && c < 0) || (a->id == TP_FN_MAX && c > 0))
            a->acc = *v;
        return 0;
    }
}

static int call_aggregate(tp_eval *ev, const tp_node *call, int id, tp_value *out)
{
    agg a;
    memset(&a, 0, sizeof a);
    a.call = call;
    a.id = id;
    if (id == TP_FN_ANY || id == TP_FN_ALL) {
        a.acc.kind = TP_V_BOOL;
        a.acc.u.b = id == TP_FN_ALL;
    }
    int rc = tp_eval_each(ev, call->kids.items[0], agg_visit, &a);
    if (rc)
        return rc;
    switch (id) {
    case TP_FN_COUNT:
        set_num(out, a.count);
        break;
    case TP_FN_DISTINCT:
        *out = tp_listbuf_value(&a.seen);
        break;
    case TP_FN_SUM:
        if (a.count == 0)
            set_num(out, 0);
        else
            *out = a.acc;
        break;
    default:
        *out = a.acc;
        break; /* first/min/max of nothing: absent */
    }
    return 0;
}

int tp_builtin_call(tp_eval *ev, const tp_node *call, tp_value *out)
{
    int id = call->ref;
    tp_value a, b;
    int rc;
    memset(out, 0, sizeof *out);
    if (tp_builtins[id].aggregate)
        return call_aggregate(ev, call, id, out);
    if (id == TP_FN_HAS) {
        if ((rc = tp_eval_expr(ev, call->kids.items[0], &a)))
            return rc;
        set_bool(out, a.kind != TP_V_ABSENT);
        return 0;
    }
    if ((rc = arg(ev, call, 0, -1, &a)))
        return rc;
    const tp_node *a0 = call->kids.items[0];
    switch (id) {
    case TP_FN_LEN:
        if (a.kind == TP_V_STR) {
            double n = 0;
            for (uint32_t i = 0; i < a.len; i++)
                n += ((unsigned char)a.u.s[i] & 0xC0) != 0x80; /* code points */
            set_num(out, n);
        } else if (tp_value_is_listlike(&a) || tp_value_is_objlike(&a)) {
            set_num(out, tp_value_count(&a));
        } else {
            return type_error(ev, call, a0, &a, "a string, a list or an object");
        }
        return 0;
    case TP_FN_LOWER:
    case TP_FN_UPPER:
        if (a.kind != TP_V_STR)
            return type_error(ev, call, a0, &a, "a string");
        return str_case(ev, &a, out, id == TP_FN_UPPER);
    case TP_FN_STRING: {
        tp_strbuf sb;
        tp_strbuf_init(&sb, ev->mem);
        tp_value_render(&sb, &a);
        char *s = sb.failed ? NULL : tp_arena_strndup(ev->arena, tp_strbuf_cstr(&sb), sb.len);
        out->kind = TP_V_STR;
        out->u.s = s;
        out->len = (uint32_t)sb.len;
        tp_strbuf_free(&sb);
        return s ? 0 : TP_ENOMEM;
    }
    case TP_FN_KEYS:
    case TP_FN_VALUES:
        if (!tp_value_is_objlike(&a))
            return type_error(ev, call, a0, &a, "an object");
        return call_keys_values(ev, &a, id == TP_FN_KEYS, out);
    case TP_FN_TIME:
    case TP_FN_AGE: {
        int64_t us;
        if ((rc = to_time(ev, call, a0, &a, &us)))
            return rc;
        out->kind = id == TP_FN_TIME ? TP_V_TIME : TP_V_DUR;
        out->u.us = us;
        if (id == TP_FN_AGE && __builtin_sub_overflow(ev->now, us, &out->u.us))
            return tp_eval_fail(ev, a0, "age() is out of range");
        return 0;
    }
    case TP_FN_DAYS: {
        if (a.kind != TP_V_DUR)
            return type_error(ev, call, a0, &a, "a duration");
        int64_t d = a.u.us / TP_US_PER_DAY;
        if (a.u.us % TP_US_PER_DAY < 0)
            d--; /* floor, also for negative durations */
        set_num(out, (double)d);
        return 0;
    }
    default:
        break;
    }
    /* Two-argument functions. */
    if ((rc = arg(ev, call, 1, -1, &b)))
        return rc;
    const tp_node *a1 = call->kids.items[1];
    switch (id) {
    case TP_FN_CONTAINS: {
        int found;
        if ((rc = tp_eval_membership(ev, call, &b, &a, &found)))
            return rc;
        set_bool(out, found);
        return 0;
    }
    case TP_FN_JOIN:
        if (!tp_value_is_listlike(&a))
            return type_error(ev, call, a0, &a, "a list");
        if (b.kind != TP_V_STR)
            return type_error(ev, call, a1, &b, "a string separator");
        return call_join(ev, call, &a, &b, out);
    default:
        break;
    }
    if (a.kind != TP_V_STR)
        return type_error(ev, call, a0, &a, "a string");
    if (b.kind != TP_V_STR)
        return type_error(ev, call, a1, &b, "a string");
    switch (id) {
    case TP_FN_STARTSWITH:
        set_bool(out, b.len <= a.len && memcmp(a.u.s, b.u.s, b.len) == 0);
        return 0;
    case TP_FN_ENDSWITH:
        set_bool(out, b.len <= a.len && memcmp(a.u.s + a.len - b.len, b.u.s, b.len) == 0);
        return 0;
    case TP_FN_MATCHES:
        return call_matches(ev, call, &a, &b, out);
    case TP_FN_GLOB:
        set_bool(out, fnmatch(b.u.s, a.u.s, 0) == 0);
        return 0;
    default:
        return tp_eval_fail(ev, call, "%s() is not callable here", call->str);
    }
}
