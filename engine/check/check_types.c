/*
 * The checker, type rules: what an operator or a built-in accepts, applied to operands already
 * checked (their facts: static type and schema shape). Nothing here walks the tree.
 */
#include <stdio.h>

#include "base/decimal.h"
#include "base/regex.h"
#include "check/checker.h"

void tp_check_condition(tp_checker *ck, const tp_node *n, tp_type t, const char *what)
{
    if (tp_type_known(t) && t != TP_T_BOOL)
        CHECK_ERR(ck, n->span, "E-TYPE", NULL, "%s must be a boolean, not %s", what,
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
    if (!tp_type_known(l) || !tp_type_known(r))
        return TP_T_ANY;
    switch (op) {
    case TP_OP_ADD:
        if (l == TP_T_NUM && r == TP_T_NUM)
            return TP_T_NUM;
        if ((l == TP_T_TIME && r == TP_T_DUR) || (l == TP_T_DUR && r == TP_T_TIME))
            return TP_T_TIME;
        if (l == TP_T_DUR && r == TP_T_DUR)
            return TP_T_DUR;
        if (l == TP_T_LIST && r == TP_T_LIST)
            return TP_T_LIST;
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

/* The type of `l op r`; reports operands the operator does not accept. */
tp_type tp_check_binary_types(tp_checker *ck, const tp_node *n, tp_expr_facts l, tp_expr_facts r)
{
    tp_binop op = (tp_binop)n->op;
    switch (op) {
    case TP_OP_OR:
    case TP_OP_AND:
        tp_check_condition(ck, n->a, l.type, "an operand of 'and'/'or'");
        tp_check_condition(ck, n->b, r.type, "an operand of 'and'/'or'");
        return TP_T_BOOL;
    case TP_OP_EQ:
    case TP_OP_NE:
        tp_check_enum(ck, l.shape, n->b, n->a->display ? n->a->display : "it");
        tp_check_enum(ck, r.shape, n->a, n->b->display ? n->b->display : "it");
        if (tp_type_known(l.type) && tp_type_known(r.type) && l.type != r.type &&
            l.type != TP_T_NULL && r.type != TP_T_NULL)
            CHECK_ERR(ck, n->span, "E-TYPE", "convert one side, e.g. with time() or string()",
                      "comparing %s with %s is always %s", tp_type_phrase(l.type),
                      tp_type_phrase(r.type), op == TP_OP_EQ ? "false" : "true");
        return TP_T_BOOL;
    case TP_OP_LT:
    case TP_OP_LE:
    case TP_OP_GT:
    case TP_OP_GE:
        if (tp_type_known(l.type) && tp_type_known(r.type) &&
            (l.type != r.type || !orderable(l.type)))
            CHECK_ERR(ck, n->span, "E-TYPE", NULL, "'%s' cannot order %s and %s: it compares %s",
                      tp_binop_text(op), tp_type_phrase(l.type), tp_type_phrase(r.type),
                      orderable_names);
        else if ((tp_type_known(l.type) && !orderable(l.type)) ||
                 (tp_type_known(r.type) && !orderable(r.type)))
            CHECK_ERR(
                ck, n->span, "E-TYPE", NULL, "'%s' compares %s, not %s", tp_binop_text(op),
                orderable_names,
                tp_type_phrase(tp_type_known(l.type) && !orderable(l.type) ? l.type : r.type));
        return TP_T_BOOL;
    case TP_OP_IN:
    case TP_OP_NOT_IN:
        for (uint32_t i = 0; n->b->kind == TP_N_LIST && i < n->b->kids.n; i++)
            tp_check_enum(ck, l.shape, n->b->kids.items[i], n->a->display ? n->a->display : "it");
        if (r.shape && r.shape->items) /* "api" in t.scopes */
            tp_check_enum(ck, r.shape->items, n->a, "an element of it");
        if (tp_type_known(r.type) && r.type != TP_T_LIST && r.type != TP_T_STR &&
            r.type != TP_T_OBJ)
            CHECK_ERR(ck, n->b->span, "E-TYPE", NULL,
                      "'%s' needs a list, a string or an object on its right, not %s",
                      tp_binop_text(op), tp_type_phrase(r.type));
        else if (r.type == TP_T_STR && tp_type_known(l.type) && l.type != TP_T_STR)
            CHECK_ERR(ck, n->a->span, "E-TYPE", NULL, "only a string can be in a string, not %s",
                      tp_type_phrase(l.type));
        return TP_T_BOOL;
    case TP_OP_COALESCE:
        return l.type == r.type ? l.type : TP_T_ANY;
    default: {
        int t = arith_type(op, l.type, r.type);
        if (t < 0)
            CHECK_ERR(ck, n->span, "E-TYPE", NULL, "'%s' is not defined for %s and %s",
                      tp_binop_text(op), tp_type_phrase(l.type), tp_type_phrase(r.type));
        return t < 0 ? TP_T_ANY : (tp_type)t;
    }
    }
}

/* A literal pattern of matches() or capture() must compile (lowering compiles it again). */
static void check_regex(tp_checker *ck, const tp_node *pattern)
{
    char why[160];
    tp_regex *re = NULL;
    int rc = tp_regex_compile(&re, ck->arena->mem, pattern->str, pattern->len,
                              ck->in->max_regex_bytes, TP_REGEX_CHECK, why, sizeof why);
    tp_regex_free(re, ck->arena->mem);
    if (rc == TP_ENOMEM)
        ck->oom = 1;
    else if (rc == TP_ELIMIT)
        CHECK_ERR(ck, pattern->span, "E-REGEX", NULL, "%s", why);
    else if (rc)
        CHECK_ERR(ck, pattern->span, "E-REGEX",
                  "matches() and capture() take a PCRE2 regular expression", "%s", why);
}

int tp_check_number_interpolation(const tp_node *s, const tp_node **part)
{
    for (uint32_t i = 0; s->kind == TP_N_TEMPLATE && i < s->kids.n; i++)
        if (s->kids.items[i]->kind == TP_N_NUM_LIT) {
            *part = s->kids.items[i];
            return 1;
        }
    return 0;
}

/* "^[0-9]{4}-" interpolates the number 4: the pattern is "^[0-9]4-", not what was meant. */
static void warn_regex_braces(tp_checker *ck, const tp_node *pattern)
{
    const tp_node *num;
    if (!tp_check_number_interpolation(pattern, &num))
        return;
    tp_span s = num->span;
    if (s.line == s.end_line && s.col > 1) { /* include the braces */
        s.col--;
        s.end_col++;
    }
    char hint[96], n[32];
    tp_decimal_write(n, sizeof n, 'g', 6, num->num);
    snprintf(hint, sizeof hint, "write {{%s}} for the quantifier {%s}", n, n);
    CHECK_WARN(ck, s, "W-REGEX-BRACES", hint,
               "'{%s}' interpolates the number %s into this regular expression, which then reads "
               "'%s' instead of a quantifier",
               n, n, n);
}

static const char *wanted(unsigned mask)
{
    return mask == TP_T_LIST                           ? "a list"
           : mask == TP_T_STR                          ? "a string"
           : mask == TP_T_OBJ                          ? "an object"
           : mask == TP_T_DUR                          ? "a duration"
           : mask == (TP_T_STR | TP_T_NUM | TP_T_TIME) ? "a string, number or time"
                                                       : "a string, list or object";
}

/* The rules of built-in call n (resolved: n->ref) for its checked arguments; args holds the facts
 * of the first two. */
void tp_check_call_types(tp_checker *ck, const tp_node *n, const tp_expr_facts *args)
{
    int id = n->ref;
    const tp_builtin *b = &tp_builtins[id];
    for (uint32_t i = 0; i < n->kids.n && i < 2; i++) {
        unsigned mask = b->arg_types[i];
        if (mask != TP_T_ANY && tp_type_known(args[i].type) && !(args[i].type & mask))
            CHECK_ERR(ck, n->kids.items[i]->span, "E-TYPE", NULL, "%s() takes %s, not %s", b->name,
                      wanted(mask), tp_type_phrase(args[i].type));
    }
    const tp_shape *arg_shape = n->kids.n ? args[0].shape : NULL;
    /* Functions of strings and times fail on null: a nullable field needs a != null first. */
    int rejects_null = id != TP_FN_HAS && id != TP_FN_STRING && id != TP_FN_CONTAINS &&
                       b->pass != TP_PASS_AGGREGATE;
    if (rejects_null && arg_shape && arg_shape->nullable && n->kids.n > 0 &&
        !tp_check_guarded(ck, n->kids.items[0]->display) && n->kids.items[0]->display) {
        char hint[160];
        snprintf(hint, sizeof hint, "check it first: %s != null and ...",
                 n->kids.items[0]->display);
        CHECK_WARN(ck, n->kids.items[0]->span, "W-NULLABLE", hint,
                   "%s may be null in the schema, and %s() fails on null",
                   n->kids.items[0]->display, b->name);
    }
    if ((id == TP_FN_TIME || id == TP_FN_AGE) && arg_shape && arg_shape->types == TP_T_STR &&
        !arg_shape->format && !arg_shape->nenums)
        CHECK_ERR(ck, n->kids.items[0]->span, "E-SCHEMA-FORMAT",
                  "time() and age() read RFC 3339 times or dates: format date-time or date",
                  "%s() reads a time, but the schema says %s is a string with no date format",
                  b->name, tp_check_shown(n->kids.items[0]));
    if (id == TP_FN_HAS && n->kids.n == 1 && n->kids.items[0]->kind != TP_N_FIELD &&
        n->kids.items[0]->kind != TP_N_INDEX)
        CHECK_ERR(ck, n->kids.items[0]->span, "E-HAS", "write has(x.field) or has(x[\"key\"])",
                  "has() takes a field or an index");
    if ((id == TP_FN_MATCHES || id == TP_FN_CAPTURE) && n->kids.n == 2) {
        if (n->kids.items[1]->kind == TP_N_STR_LIT)
            check_regex(ck, n->kids.items[1]);
        warn_regex_braces(ck, n->kids.items[1]);
    }
}
