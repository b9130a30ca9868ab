/* The built-in functions that take values. Arity and static types are checked at compile time;
 * runtime types are checked here, and a mismatch is an evaluation error, never a silent false.
 * To add one: a line in TP_BUILTIN_LIST (base/lang.h) and an fn_NAME below. */
#include "eval/builtins.h"

#include <fnmatch.h>
#include <math.h>
#include <string.h>

#include "base/datetime.h"
#include "base/secret_scan.h"
#include "eval/operators.h"

typedef int (*builtin_fn)(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out);

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

static int set_string(tp_eval *ev, const tp_strbuf *sb, tp_value *out)
{
    char *s = sb->failed ? NULL : tp_arena_strndup(ev->arena, tp_strbuf_cstr(sb), sb->len);
    memset(out, 0, sizeof *out);
    out->kind = TP_V_STR;
    out->u.s = s;
    out->len = (uint32_t)sb->len;
    return s ? 0 : TP_ENOMEM;
}

/* "len() takes a string, but t.label is a number": argument i of call is not what it takes. */
static int type_error(tp_eval *ev, const tp_expr *call, uint32_t i, const tp_value *v,
                      const char *want)
{
    const tp_expr *arg = call->args[i];
    return tp_eval_fail(ev, arg, "%s() takes %s, but %s is %s", call->name, want,
                        arg->display ? arg->display : "the argument", tp_value_kind_phrase(v));
}

/* Both arguments of a function of two strings. */
static int two_strings(tp_eval *ev, const tp_expr *call, const tp_value *args)
{
    if (args[0].kind != TP_V_STR)
        return type_error(ev, call, 0, &args[0], "a string");
    if (args[1].kind != TP_V_STR)
        return type_error(ev, call, 1, &args[1], "a string");
    return 0;
}

static int fn_has(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    (void)ev;
    (void)call;
    set_bool(out, args[0].kind != TP_V_ABSENT);
    return 0;
}

static bool holds_secret(const tp_value *v);

static int member_holds_secret(const tp_value *key, const tp_value *value, void *state)
{
    (void)state;
    return (key->kind == TP_V_STR && tp_secret_contains(key->u.s, key->len)) || holds_secret(value);
}

/* Whether v is or holds a credential, as a report would mask it: a non-empty string or a number
 * read from a field named like one (or from inside such a value: the value's `secret` mark), a
 * string in which the scanner finds one, a key that is one, at any depth. */
static bool holds_secret(const tp_value *v)
{
    if (v->kind == TP_V_STR)
        return v->len && (v->secret || tp_secret_contains(v->u.s, v->len));
    if (v->kind == TP_V_NUM)
        return v->secret;
    if (tp_value_is_objlike(v))
        return tp_value_each_member(v, member_holds_secret, NULL) != 0;
    if (tp_value_is_listlike(v)) {
        tp_iter it;
        tp_value e;
        tp_iter_init(&it, v);
        while (tp_iter_next(&it, &e))
            if (holds_secret(&e))
                return true;
    }
    return false;
}

/* is_secret(x): absent is no secret, as has() takes an absent field. */
static int fn_is_secret(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    (void)ev;
    (void)call;
    set_bool(out, holds_secret(&args[0]));
    return 0;
}

static int fn_len(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    const tp_value *a = &args[0];
    if (a->kind == TP_V_STR) {
        double n = 0;
        for (uint32_t i = 0; i < a->len; i++)
            n += ((unsigned char)a->u.s[i] & 0xC0) != 0x80; /* code points */
        set_num(out, n);
    } else if (tp_value_is_listlike(a) || tp_value_is_objlike(a)) {
        set_num(out, tp_value_count(a));
    } else {
        return type_error(ev, call, 0, a, "a string, a list or an object");
    }
    return 0;
}

/* ASCII case mapping, whatever the process's locale: a string already in the case it asks for is
 * its own result (lower(b.env) over every binding of a large inventory copies nothing). */
static int change_case(tp_eval *ev, const tp_expr *call, const tp_value *s, tp_value *out,
                       int upper)
{
    if (s->kind != TP_V_STR)
        return type_error(ev, call, 0, s, "a string");
    unsigned char from = upper ? 'a' : 'A';
    uint32_t first = 0;
    while (first < s->len && (unsigned char)(s->u.s[first] - from) >= 26)
        first++;
    *out = *s;
    if (first == s->len)
        return 0;
    /* The copy keeps s's origin: it is located where s is, as the string itself would be. */
    char *room = tp_eval_alloc(ev, TP_VALUE_STAND_IN_PREFIX + s->len + 1);
    if (!room)
        return TP_ENOMEM;
    char *p = tp_value_stand_in(room, s, s->origin ? &ev->sources[s->origin - 1] : NULL);
    memcpy(p, s->u.s, first);
    for (uint32_t i = first; i < s->len; i++) {
        unsigned char c = (unsigned char)s->u.s[i];
        p[i] = (char)((unsigned char)(c - from) < 26 ? c ^ 0x20 : c);
    }
    p[s->len] = '\0';
    out->u.s = p;
    return 0;
}

static int fn_lower(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    return change_case(ev, call, &args[0], out, 0);
}

static int fn_upper(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    return change_case(ev, call, &args[0], out, 1);
}

static int fn_startswith(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    int rc = two_strings(ev, call, args);
    const tp_value *a = &args[0], *b = &args[1];
    if (rc == 0)
        set_bool(out, b->len <= a->len && memcmp(a->u.s, b->u.s, b->len) == 0);
    return rc;
}

static int fn_endswith(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    int rc = two_strings(ev, call, args);
    const tp_value *a = &args[0], *b = &args[1];
    if (rc == 0)
        set_bool(out, b->len <= a->len && memcmp(a->u.s + a->len - b->len, b->u.s, b->len) == 0);
    return rc;
}

static int fn_contains(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    int found;
    int rc = tp_op_membership(ev, call, &args[1], &args[0], &found);
    if (rc == 0)
        set_bool(out, found);
    return rc;
}

/* The compiled pattern of a matches() or capture() call: the plan's, for a literal pattern, or
 * compiled (and kept) by the context's regex run. Checks the string's length limit first. */
static int pattern_of(tp_eval *ev, const tp_expr *call, const tp_value *args, const tp_regex **re)
{
    int rc = two_strings(ev, call, args);
    if (rc)
        return rc;
    const tp_value *s = &args[0], *pat = &args[1];
    if (s->len > ev->plan->max_regex_input)
        return tp_eval_fail(ev, call->args[0],
                            "%s() input of %u bytes is over the limit of %zu (raise it with "
                            "--max-regex-input)",
                            call->name, s->len, ev->plan->max_regex_input);
    if (!ev->regex && (rc = tp_regex_run_new(&ev->regex, ev->mem)) != 0)
        return rc;
    if (call->regex) {
        *re = call->regex;
        return 0;
    }
    char why[160];
    rc = tp_regex_run_compile(ev->regex, re, pat->u.s, pat->len, ev->plan->max_regex_bytes, why,
                              sizeof why);
    if (rc == TP_ENOMEM)
        return rc;
    if (rc)
        return tp_eval_fail(ev, call->args[1], "%s", why);
    return 0;
}

/* Runs the pattern of a matches() or capture() call over its string: 1 or 0, or an error that
 * names the limit a match ran into. */
static int run_pattern(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_regex_span *group)
{
    const tp_regex *re = NULL;
    int rc = pattern_of(ev, call, args, &re);
    if (rc)
        return rc;
    char why[240];
    rc = tp_regex_match(ev->regex, re, args[0].u.s, args[0].len, group, why, sizeof why);
    if (rc == TP_ELIMIT)
        return tp_eval_fail(ev, call, "%s(): %s", call->name, why);
    return rc;
}

static int fn_matches(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    int rc = run_pattern(ev, call, args, NULL);
    if (rc >= 0)
        set_bool(out, rc);
    return rc < 0 ? rc : 0;
}

/* capture(s, re): what the first group matched at the first match, or absent. The part of a
 * secret is secret too. */
static int fn_capture(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    tp_regex_span g;
    int rc = run_pattern(ev, call, args, &g);
    if (rc <= 0 || !g.set)
        return rc < 0 ? rc : 0; /* *out stays absent */
    char *part = tp_arena_strndup(ev->arena, args[0].u.s + g.start, g.end - g.start);
    if (!part)
        return TP_ENOMEM;
    out->kind = TP_V_STR;
    out->secret = args[0].secret;
    out->u.s = part;
    out->len = (uint32_t)(g.end - g.start);
    return 0;
}

/* file(x): the path of the file x was read from, or absent for a value the policy built (or one
 * read from standard input). */
static int fn_file(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    (void)call;
    uint16_t origin = args[0].origin;
    const char *name =
        origin && origin <= ev->nsources ? tp_source_file(&ev->sources[origin - 1]) : NULL;
    if (!name)
        return 0; /* *out stays absent */
    out->kind = TP_V_STR;
    out->u.s = name;
    out->len = (uint32_t)strlen(name);
    return 0;
}

static int fn_glob(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    int rc = two_strings(ev, call, args);
    if (rc == 0)
        set_bool(out, fnmatch(args[1].u.s, args[0].u.s, 0) == 0);
    return rc;
}

static int fn_join(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    const tp_value *list = &args[0], *sep = &args[1];
    if (!tp_value_is_listlike(list))
        return type_error(ev, call, 0, list, "a list");
    if (sep->kind != TP_V_STR)
        return type_error(ev, call, 1, sep, "a string separator");
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
    int rc = set_string(ev, &sb, out);
    tp_strbuf_free(&sb);
    return rc;
}

/* split(s, sep): the pieces of s between occurrences of sep, empty ones included. Pieces of a
 * secret are secret too. */
static int fn_split(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    int rc = two_strings(ev, call, args);
    if (rc)
        return rc;
    const tp_value *s = &args[0], *sep = &args[1];
    if (sep->len == 0)
        return tp_eval_fail(ev, call->args[1], "split() needs a separator that is not empty");
    tp_listbuf lb = {0};
    const char *p = s->u.s, *end = s->u.s + s->len;
    for (;;) {
        const char *hit = p;
        while (hit + sep->len <= end && memcmp(hit, sep->u.s, sep->len) != 0)
            hit++;
        if (hit + sep->len > end)
            hit = end;
        tp_value piece = {.kind = TP_V_STR, .secret = s->secret, .len = (uint32_t)(hit - p)};
        if (!(piece.u.s = tp_arena_strndup(ev->arena, p, (size_t)(hit - p))) ||
            tp_listbuf_push(ev, &lb, &piece))
            return TP_ENOMEM;
        if (hit == end)
            break;
        p = hit + sep->len;
    }
    *out = tp_listbuf_value(&lb);
    return 0;
}

/* flatten(list): the elements of each element that is a list, in order, and every other element
 * as it is: one level. */
static int fn_flatten(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    const tp_value *list = &args[0];
    if (!tp_value_is_listlike(list))
        return type_error(ev, call, 0, list, "a list");
    tp_listbuf lb = {0};
    tp_iter it, inner;
    tp_value e, x;
    tp_iter_init(&it, list);
    while (tp_iter_next(&it, &e)) {
        if (!tp_value_is_listlike(&e)) {
            if (tp_listbuf_push(ev, &lb, &e))
                return TP_ENOMEM;
            continue;
        }
        tp_iter_init(&inner, &e);
        while (tp_iter_next(&inner, &x))
            if (tp_listbuf_push(ev, &lb, &x))
                return TP_ENOMEM;
    }
    *out = tp_listbuf_value(&lb);
    return 0;
}

typedef struct member_list {
    tp_eval *ev;
    tp_listbuf lb;
    int keys;
} member_list;

/* A value keeps the mark of the field it came from: values() must not launder a secret into a
 * plain list. */
static int push_member(const tp_value *key, const tp_value *value, void *state)
{
    member_list *m = state;
    return tp_listbuf_push(m->ev, &m->lb, m->keys ? key : value);
}

static int members(tp_eval *ev, const tp_expr *call, const tp_value *obj, tp_value *out, int keys)
{
    if (!tp_value_is_objlike(obj))
        return type_error(ev, call, 0, obj, "an object");
    member_list m = {ev, {0}, keys};
    int rc = tp_value_each_member(obj, push_member, &m);
    *out = tp_listbuf_value(&m.lb);
    return rc;
}

static int fn_keys(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    return members(ev, call, &args[0], out, 1);
}

static int fn_values(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    return members(ev, call, &args[0], out, 0);
}

static int fn_string(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    (void)call;
    tp_strbuf sb;
    tp_strbuf_init(&sb, ev->mem);
    tp_value_render(&sb, &args[0]);
    int rc = set_string(ev, &sb, out);
    tp_strbuf_free(&sb);
    return rc;
}

/* The value an error is about, as a message shows it (a secret redacted), quoted when it is a
 * string and cut when it is long: "N/A". */
static const char *shown(char *buf, size_t size, const tp_eval *ev, const tp_value *v)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, ev->mem);
    tp_value_render(&sb, v);
    const char *q = v->kind == TP_V_STR ? "\"" : "";
    if (sb.failed)
        snprintf(buf, size, "%s", tp_value_kind_phrase(v));
    else if (sb.len > 60)
        snprintf(buf, size, "%s%.57s...%s", q, tp_strbuf_cstr(&sb), q);
    else
        snprintf(buf, size, "%s%s%s", q, tp_strbuf_cstr(&sb), q);
    tp_strbuf_free(&sb);
    return buf;
}

/* time(x): RFC 3339 / date strings, Unix seconds, or a time. */
static int to_time(tp_eval *ev, const tp_expr *call, const tp_value *v, int64_t *us)
{
    const tp_expr *arg = call->args[0];
    char value[80];
    if (v->kind == TP_V_TIME) {
        *us = v->u.us;
        return 0;
    }
    if (v->kind == TP_V_NUM) {
        if (!(fabs(v->u.n) < 9.2e12))
            return tp_eval_fail(ev, arg, "%s() got a Unix time out of range: %s", call->name,
                                shown(value, sizeof value, ev, v));
        *us = (int64_t)llround(v->u.n * 1e6);
        return 0;
    }
    if (v->kind == TP_V_STR) {
        if (tp_datetime_parse(v->u.s, v->len, us) == 0)
            return 0;
        shown(value, sizeof value, ev, v);
        if (!arg->display)
            return tp_eval_fail(ev, arg,
                                "%s() cannot read %s as a time: expected RFC 3339 (with an "
                                "offset) or YYYY-MM-DD",
                                call->name, value);
        return tp_eval_fail(ev, arg,
                            "%s() cannot read %s (%s) as a time: expected RFC 3339 (with an "
                            "offset) or YYYY-MM-DD",
                            call->name, arg->display, value);
    }
    return type_error(ev, call, 0, v, "a string, a number or a time");
}

static int fn_time(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    memset(out, 0, sizeof *out);
    out->kind = TP_V_TIME;
    return to_time(ev, call, &args[0], &out->u.us);
}

static int fn_age(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    int64_t us;
    int rc = to_time(ev, call, &args[0], &us);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    out->kind = TP_V_DUR;
    if (__builtin_sub_overflow(ev->now, us, &out->u.us))
        return tp_eval_fail(ev, call->args[0], "age() is out of range");
    return 0;
}

static int fn_days(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    const tp_value *a = &args[0];
    if (a->kind != TP_V_DUR)
        return type_error(ev, call, 0, a, "a duration");
    int64_t d = a->u.us / TP_US_PER_DAY;
    if (a->u.us % TP_US_PER_DAY < 0)
        d--; /* floor, also for negative durations */
    set_num(out, (double)d);
    return 0;
}

/* One implementation per built-in, by id; NULL for aggregates. */
#define TP_IMPL_VALUES(impl) fn_##impl
#define TP_IMPL_RAW(impl) fn_##impl
#define TP_IMPL_AGGREGATE(impl) NULL
static const builtin_fn implementations[TP_FN_COUNT_] = {
#define TP_X(id, name, lo, hi, pass, res, a1, a2, impl) TP_IMPL_##pass(impl),
    TP_BUILTIN_LIST(TP_X)
#undef TP_X
};

/* Whether a value a built-in made from `args` must be shown masked: a string (or list, or map)
 * made from a secret, or from a string that holds a credential, by a function that can break the
 * credential's shape for the scanner (lower(), split(), capture(), ...). The parts of a masked
 * string stay masked. */
static bool derived_from_secret(const tp_expr *call, const tp_value *args, const tp_value *out)
{
    /* Booleans, numbers, times and durations carry no text of their arguments: age(t.created)
     * is not scanned, once per subject. */
    if (out->secret || out->kind == TP_V_BOOL || out->kind == TP_V_NUM ||
        out->kind == TP_V_ABSENT || out->kind == TP_V_NULL || out->kind == TP_V_TIME ||
        out->kind == TP_V_DUR)
        return false;
    for (uint32_t i = 0; i < call->nargs; i++)
        if (args[i].secret ||
            (args[i].kind == TP_V_STR && tp_secret_contains(args[i].u.s, args[i].len)))
            return true;
    return false;
}

int tp_builtin_apply(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out)
{
    builtin_fn fn = implementations[call->op];
    memset(out, 0, sizeof *out);
    if (!fn)
        return tp_eval_fail(ev, call, "%s() is not callable here", call->name);
    int rc = fn(ev, call, args, out);
    if (rc == 0 && derived_from_secret(call, args, out))
        out->secret = 1;
    return rc;
}
