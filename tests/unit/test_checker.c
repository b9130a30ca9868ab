/* The checker: every "must be rejected at compile time" case, with its exact diagnostic. */
#include <string.h>

#include "helpers.h"

typedef struct bad_policy {
    const char *name;
    const char *src;
    unsigned line, col;
    const char *message;
} bad_policy;

static bad_policy bad[] = {
    {"two assertions", "rule A {\n  require true\n  deny false\n}", 3, 3,
     "rule A has a second assertion; a rule has exactly one 'require' or 'deny'"},
    {"no assertion", "rule A {\n  title \"x\"\n}", 1, 6, "rule A has no assertion"},
    {"duplicate rule id", "rule A { require true }\nrule A { deny true }", 2, 6,
     "rule A is defined twice"},
    {"unknown function", "rule A { require lenght(\"x\") > 0 }", 1, 18,
     "unknown function 'lenght'"},
    {"too many arguments", "rule A { require len(\"a\", \"b\") > 0 }", 1, 18,
     "len() takes 1 argument, not 2"},
    {"too few arguments", "rule A { require startswith(\"a\") }", 1, 18,
     "startswith() takes 2 arguments, not 1"},
    {"let used before definition",
     "rule A {\n  for t in tokens\n  require owner.role == \"x\"\n  let owner = t.owner\n}", 3, 11,
     "'owner' is used before its definition"},
    {"file let used before definition", "let a = b\nlet b = 1\nrule A { require a == 1 }", 1, 9,
     "'b' is used before its definition"},
    {"waiver for an unknown rule",
     "rule A { require true }\nwaive LOK003 { subjects [\"x\"] reason \"r\" expires @2026-01-01 }",
     2, 7, "waiver for rule LOK003, which no loaded policy defines"},
    {"waiver without reason",
     "rule A { require true }\nwaive A { subjects [\"x\"] expires @2026-01-01 }", 2, 7,
     "waiver for A has no reason"},
    {"waiver without expiry", "rule A { require true }\nwaive A { subjects [\"x\"] reason \"r\" }",
     2, 7, "waiver for A has no expiry"},
    {"string ordered with duration", "rule A { require \"90\" > 90d }", 1, 18,
     "'>' cannot order a string and a duration: it compares numbers, strings, times or durations"},
    {"count of a number", "rule A { require count(42) == 1 }", 1, 24,
     "count() takes a list, not a number"},
    {"string equal to duration", "rule A { require \"90\" == 90d }", 1, 18,
     "comparing a string with a duration is always false"},
    {"arithmetic on strings", "rule A { require \"a\" + 1 == 2 }", 1, 18,
     "'+' is not defined for a string and a number"},
    {"condition is not boolean", "rule A { require 1 + 1 }", 1, 18,
     "an assertion must be a boolean, not a number"},
    {"where is not boolean", "rule A { where \"yes\" require true }", 1, 16,
     "a 'where' condition must be a boolean, not a string"},
    {"not of a number", "rule A { require not 3 }", 1, 22,
     "the operand of 'not' must be a boolean, not a number"},
    {"unknown severity", "rule A { severity hihg require true }", 1, 19,
     "severity must be one of info, low, medium, high, critical"},
    {"unknown clause", "rule A { titel \"x\" require true }", 1, 10,
     "unknown clause 'titel' in rule A"},
    {"clause given twice", "rule A { title \"x\" title \"y\" require true }", 1, 20,
     "'title' is given twice in rule A"},
    {"two for clauses", "rule A { for a in x for b in y require true }", 1, 21,
     "a rule has one 'for'"},
    {"for after where", "rule A { where true for a in x require true }", 1, 21,
     "'for' must come before let, where, require and deny"},
    {"where after the assertion", "rule A { require true where true }", 1, 23,
     "'where' after the assertion never filters anything"},
    {"let shadows", "rule A { for t in x let t = 1 require true }", 1, 25, "'t' is already bound"},
    {"generator outside an aggregate", "rule A { require len(x for x in y) > 0 }", 1, 22,
     "len() does not take a generator; only any, all, count, distinct, first, sum, min and max "
     "do"},
    {"has of a non-path", "rule A { require has(1) }", 1, 22, "has() takes a field or an index"},
    {"invalid regex", "rule A { require matches(\"a\", \"(\") }", 1, 31,
     "invalid regular expression: missing closing parenthesis (at byte 1 of the pattern)"},
    {"field of a number", "rule A { require (1).f == 1 }", 1, 19,
     "cannot read field 'f' of a number"},
    {"for over a number", "rule A { for t in 3 require true }", 1, 19,
     "'for ... in' needs a list, not a number"},
    {"in over a number", "rule A { require 1 in 2 }", 1, 23,
     "'in' needs a list, a string or an object on its right, not a number"},
    {"number in a string", "rule A { require 1 in \"abc\" }", 1, 18,
     "only a string can be in a string, not a number"},
    {"param that is not a literal", "param p = tokens\nrule A { require true }", 1, 11,
     "the default of param 'p' must be a literal"},
    {"param declared twice", "param p = 1\nparam p = 2\nrule A { require true }", 2, 7,
     "'p' is declared twice in this file"},
    {"builtin name as param", "param len = 1\nrule A { require true }", 1, 7,
     "'len' is a built-in name"},
    {"negating a string", "rule A { require -\"a\" == 1 }", 1, 18,
     "'-' negates a number or a duration, not a string"},
    {"title with interpolation", "rule A { for t in x title \"{t.id}\" require true }", 1, 27,
     "'title' takes a plain string"},
    {"expires is not a time",
     "rule A { require true }\nwaive A { subjects [] reason \"r\" expires \"2026\" }", 2, 42,
     "'expires' takes a timestamp literal"},
    {"waiver with subjects and where",
     "rule A { for t in x require true }\nwaive A { subjects [\"a\"] where t.id == \"a\" reason "
     "\"r\" expires @2026-01-01 }",
     2, 26, "a waiver has 'subjects' or 'where', not both"},
    {"pack with a rule clause", "pack p { require true }\nrule A { require true }", 1, 10,
     "a pack header holds title, version, description, schema, document, subject, docs and about"},
    {"age of a boolean", "rule A { require age(true) > 1d }", 1, 22,
     "age() takes a string, number or time, not a boolean"},
    {"days of a string", "rule A { require days(\"x\") > 1 }", 1, 23,
     "days() takes a duration, not a string"},
    {"if of a number", "rule A { require if 1 then true else false }", 1, 21,
     "the condition of 'if' must be a boolean, not a number"},
    {"conditional of numbers ordered with a string",
     "rule A { require (if true then 1 else 2) > \"a\" }", 1, 18,
     "'>' cannot order a number and a string: it compares numbers, strings, times or durations"},
    {"conditional's branch reads a let defined below",
     "rule A {\n  require if true then owner == 1 else false\n  let owner = 1\n}", 2, 24,
     "'owner' is used before its definition"},
    {"conditional's condition reads a later generator variable",
     "rule A { require count(x for x in [1] where if y > 1 then true else false for y in [2]) > 0 "
     "}",
     1, 48, "'y' is used before its 'for' (line 1)"},
};

/* Criterion runs each case in a fresh process where pointers from this one are not valid:
 * the parameters are indexes into the table. */
static size_t case_index[sizeof bad / sizeof bad[0]];

ParameterizedTestParameters(checker, rejects)
{
    for (size_t i = 0; i < sizeof case_index / sizeof case_index[0]; i++)
        case_index[i] = i;
    return cr_make_param_array(size_t, case_index, sizeof case_index / sizeof case_index[0]);
}

ParameterizedTest(size_t *index, checker, rejects)
{
    const bad_policy *b = &bad[*index];
    cr_log_info("case: %s", b->name);
    assert_diag(b->src, b->line, b->col, b->message);
}

Test(checker, suggestions_for_close_names)
{
    tp_compiler *c = NULL;
    compile_status("rule A { require lenght(\"x\") > 0 }", &c);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->hint, "did you mean 'len'?");
    tp_compiler_free(c);
    compile_status("rule A { severity hihg require true }", &c);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->hint, "did you mean 'high'?");
    tp_compiler_free(c);
    compile_status("rule LOK003 { require true }\nwaive LOK030 { subjects [] reason \"r\" expires "
                   "@2026-01-01 }",
                   &c);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->hint, "did you mean 'LOK003'?");
    tp_compiler_free(c);
}

Test(checker, a_root_name_close_to_a_let_is_a_warning)
{
    tp_compiler *c = NULL;
    int rc = compile_status(
        "rule A {\n  for t in tokens\n  let services = [1]\n  require count(servces) < 2\n}", &c);
    cr_expect_eq(rc, 0);
    cr_assert_eq(tp_compiler_diag_count(c), 2, "the typo, and the let it leaves unused");
    cr_expect_str_eq(tp_compiler_diag(c, 0)->code, "W-UNUSED");
    cr_expect_str_eq(tp_compiler_diag(c, 0)->message, "'services' is bound but never used");
    const tp_diag *d = tp_compiler_diag(c, 1);
    cr_expect_eq(d->severity, TP_DIAG_WARNING);
    cr_expect_str_eq(d->message,
                     "'servces' is not bound by the policy, so it is read from the input");
    cr_expect_str_eq(d->hint, "did you mean 'services'?");
    tp_compiler_free(c);
}

Test(checker, rule_ids_must_be_unique_across_files)
{
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    const char *a = "rule LOK001 { require true }", *b = "rule LOK001 { deny true }";
    tp_compiler_add_source(c, "a.tpol", a, strlen(a));
    tp_compiler_add_source(c, "b.tpol", b, strlen(b));
    tp_plan *p = NULL;
    cr_expect_eq(tp_compiler_compile(&p, c), TP_EPOLICY);
    cr_expect_null(p);
    const tp_diag *d = tp_compiler_diag(c, 0);
    cr_expect_str_eq(d->file, "b.tpol");
    cr_expect_str_eq(d->message, "rule LOK001 is defined twice");
    cr_expect_str_eq(d->hint, "the first is at a.tpol:1");
    tp_compiler_free(c);
}

Test(checker, params_are_overridden_with_literals_of_their_type)
{
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    const char *src = "param max_age = 90d\nrule A { require max_age == 30d }";
    tp_compiler_add_source(c, "p.tpol", src, strlen(src));
    cr_assert_eq(tp_compiler_set_param(c, "max_age", "30d"), 0);
    tp_plan *p = NULL;
    cr_assert_eq(tp_compiler_compile(&p, c), 0);
    tp_result *r = eval_json(p, "{}", NULL);
    cr_expect_eq(tp_result_finding_count(r), 0, "the override must be what the rule sees");
    tp_result_free(r);
    tp_plan_free(p);
    tp_compiler_free(c);

    tp_compiler_new(&c, NULL);
    tp_compiler_add_source(c, "p.tpol", src, strlen(src));
    tp_compiler_set_param(c, "max_age", "thirty");
    cr_expect_eq(tp_compiler_compile(&p, c), TP_EPOLICY);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->message,
                     "--param max_age=thirty: the param is a duration, the value a string");
    tp_compiler_free(c);

    tp_compiler_new(&c, NULL);
    tp_compiler_add_source(c, "p.tpol", src, strlen(src));
    tp_compiler_set_param(c, "max_agee", "30d");
    cr_expect_eq(tp_compiler_compile(&p, c), TP_EPOLICY);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->message, "no loaded policy declares param 'max_agee'");
    cr_expect_str_eq(tp_compiler_diag(c, 0)->hint, "did you mean 'max_age'?");
    tp_compiler_free(c);
}

Test(checker, errors_are_capped_per_file)
{
    char src[8192] = "";
    for (int i = 0; i < 60; i++)
        strcat(src, "rule A { require = }\n");
    tp_compiler *c = NULL;
    compile_status(src, &c);
    cr_expect_eq(tp_compiler_diag_count(c), 20);
    tp_compiler_free(c);
}
