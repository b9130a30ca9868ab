/*
 * Regular expressions of matches() and capture(): the dialect (PCRE2, with `.` and `$` as the
 * POSIX expressions had them), what is refused when a policy compiles, and the budgets that stop
 * a match on a hostile string or pattern as an evaluation error instead of a hang.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

Test(regex, the_dialect_is_pcre2_over_one_text)
{
    /* `.` matches a line break, `$` is only the very end, `^` only the start */
    EXPECT("matches(\"a\\nb\", \"^a.b$\")", "{}", 'p');
    EXPECT("not matches(\"ab\\n\", \"b$\")", "{}", 'p');
    EXPECT("not matches(\"x\\nab\", \"^ab\")", "{}", 'p');
    /* one `.` is one character, not one byte */
    EXPECT("matches(\"\xc3\xa9t\xc3\xa9\", \"^...$\")", "{}", 'p');
    EXPECT("capture(\"caf\xc3\xa9!\", \"f(.)\") == \"\xc3\xa9\"", "{}", 'p');
    /* Perl classes, POSIX classes, lazy repeats, non-capturing groups */
    EXPECT("matches(\"lok-12\", \"^lok-\\\\d+$\") and matches(\"a b\", \"a\\\\sb\")", "{}", 'p');
    EXPECT("matches(\"AB12\", \"^[[:upper:]]+[[:digit:]]+$\")", "{}", 'p');
    EXPECT("capture(\"<a><b>\", \"<(.+?)>\") == \"a\"", "{}", 'p');
    EXPECT("capture(\"key-42\", \"(?:key|id)-(\\\\d+)\") == \"42\"", "{}", 'p');
    /* the first alternative that matches wins, not the longest */
    EXPECT("capture(\"abc\", \"(a|ab)\") == \"a\"", "{}", 'p');
    /* case-insensitive by an inline flag */
    EXPECT("matches(\"CI-Deploy\", \"(?i)^ci-\")", "{}", 'p');
}

Test(regex, patterns_of_the_shipped_packs_mean_what_they_meant)
{
    EXPECT(
        "matches(\"ci-release\", \"^ci-|jenkins\") and matches(\"my-jenkins\", \"^ci-|jenkins\")",
        "{}", 'p');
    EXPECT("not matches(\"deploy-ci-\", \"^ci-|jenkins\")", "{}", 'p');
    EXPECT("matches(\"vso.code_write vso.work\", \"[a-z_.]+_(write|execute|manage|full)( |$)\")",
           "{}", 'p');
    EXPECT("not matches(\"vso.code_writer\", \"[a-z_.]+_(write|execute|manage|full)( |$)\")", "{}",
           'p');
    EXPECT("capture(\"AKIAABCDEFGHIJKLMNOP.json\", \"([A-Z0-9]{{20}})[.]json$\") == "
           "\"AKIAABCDEFGHIJKLMNOP\"",
           "{}", 'p');
}

Test(regex, literal_patterns_over_a_limit_do_not_compile)
{
    /* PCRE2 refuses, in microseconds, what glibc took 24 GB to try */
    assert_diag("rule A { require matches(\"a\", \"(.{{1,32767}}){{1,32767}}\") }", 1, 31,
                "regular expression is too large: it compiles to more than PCRE2 can hold (lower "
                "its repeat counts)");
    assert_diag("rule A { require matches(\"a\", \"((a{{1,255}}){{1,255}}){{1,255}}\") }", 1, 31,
                "regular expression is too large: it compiles to more than PCRE2 can hold (lower "
                "its repeat counts)");
    assert_diag("rule A { require matches(\"a\", \"(a)\\\\1\") }", 1, 31,
                "backreferences (like \\1) are not allowed in regular expressions: the time they "
                "take cannot be bounded");
    assert_diag("rule A { require matches(\"a\", \"(?<n>a)\\\\k<n>\") }", 1, 31,
                "backreferences (like \\1) are not allowed in regular expressions: the time they "
                "take cannot be bounded");
    assert_diag("rule A { require matches(\"a\", \"a{{2,1}}\") }", 1, 31,
                "invalid regular expression: numbers out of order in {} quantifier (at byte 5 of "
                "the pattern)");
}

/* {"s": LABEL, "re": PATTERN} with LABEL `n` copies of `unit` and then `tail`. */
static char *doc_of(const char *unit, size_t n, const char *tail, const char *pattern)
{
    size_t u = strlen(unit);
    char *doc = malloc(n * u + strlen(tail) + strlen(pattern) + 64);
    char *p = doc + sprintf(doc, "{\"s\": \"");
    for (size_t i = 0; i < n; i++, p += u)
        memcpy(p, unit, u);
    sprintf(p, "%s\", \"re\": \"%s\"}", tail, pattern);
    return doc;
}

Test(regex, a_catastrophic_match_stops_at_its_budget, .timeout = 30)
{
    /* PCRE2's match limit restarts at every position: this one succeeds after 5 s without the
     * budget of the whole match */
    char *doc = doc_of("ab", 8191, "", "");
    expect_require_error("matches(input.s, \"(a{{0,100}}){{0,100}}$\")", doc,
                         "matches(): the regular expression was stopped after 1000000 steps on "
                         "this string (the budget of one match) (test.tpol:2:11)");
    free(doc);
    doc = doc_of("a", 16383, "!", "");
    expect_require_error("matches(input.s, \"^(a+)+$\")", doc,
                         "matches(): the regular expression was stopped after 1000000 steps on "
                         "this string (the budget of one match) (test.tpol:2:11)");
    expect_require_error("capture(input.s, \"(a|aa)*$\") == \"\"", doc,
                         "capture(): the regular expression was stopped after 1000000 steps on "
                         "this string (the budget of one match) (test.tpol:2:11)");
    /* a repeat that scans the rest of the string from every position is quadratic */
    expect_require_error("not matches(input.s, \"[a-z]*[0-9]\")", doc,
                         "matches(): the regular expression was stopped after 1000000 steps on "
                         "this string (the budget of one match) (test.tpol:2:15)");
    free(doc);
}

Test(regex, a_pattern_from_the_input_has_the_same_budget, .timeout = 30)
{
    char *doc = doc_of("a", 16383, "!", "(a|aa)*$");
    expect_require_error("not matches(input.s, input.re)", doc,
                         "matches(): the regular expression was stopped after 1000000 steps on "
                         "this string (the budget of one match) (test.tpol:2:15)");
    free(doc);
    expect_require_error("matches(\"a\", input.re)", "{\"re\": \"(a)\\\\1\"}",
                         "backreferences (like \\1) are not allowed in regular expressions: the "
                         "time they take cannot be bounded (test.tpol:2:24)");
    expect_require_error("matches(\"a\", input.re)", "{\"re\": \"(.{1,32767}){1,32767}\"}",
                         "regular expression is too large: it compiles to more than PCRE2 can hold "
                         "(lower its repeat counts) (test.tpol:2:24)");
    expect_require_error("matches(\"a\", input.re)", "{\"re\": \"[a-\"}",
                         "invalid regular expression: missing terminating ] for character class "
                         "(at byte 3 of the pattern) (test.tpol:2:24)");
}

Test(regex, linear_matches_over_the_longest_string_pass, .timeout = 30)
{
    char *doc = doc_of("ab", 8192, "", "");
    EXPECT("matches(input.s, \"^(a|b)*$\")", doc, 'p');
    EXPECT("capture(input.s, \"(b+)$\") == \"b\"", doc, 'p');
    EXPECT("not matches(input.s, \"secret|password\")", doc, 'p');
    free(doc);
}

/* Subjects a rule checks: n tokens whose label is `len` copies of `unit`. */
static char *tokens_of(size_t n, const char *unit, size_t len)
{
    size_t u = strlen(unit);
    char *doc = malloc(n * (u * len + 48) + 32);
    char *p = doc + sprintf(doc, "{\"tokens\": [");
    for (size_t i = 0; i < n; i++) {
        p += sprintf(p, "%s{\"id\": \"t%zu\", \"label\": \"", i ? ", " : "", i);
        for (size_t k = 0; k < len; k++, p += u)
            memcpy(p, unit, u);
        p += sprintf(p, "\"}");
    }
    sprintf(p, "]}");
    return doc;
}

/* How many subjects the error findings whose message holds `text` count. */
static size_t subjects_of_errors(const tp_result *r, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        const char *more = strstr(f->message, "; for ");
        if (f->status == TP_FINDING_ERROR && strstr(f->message, text))
            n += more ? strtoul(more + 6, NULL, 10) : 1;
    }
    return n;
}

Test(regex, an_evaluation_stops_superlinear_matches_when_its_budget_is_spent, .timeout = 60)
{
    /* Each match spends its 1,000,000 steps, of which 131,064 are free (8 per byte of its 16,382,
     * and 8): the evaluation's 100,000,000 others are gone after 115 of them. The next ones stop as
     * soon as they go past their free steps. */
    char *doc = tokens_of(130, "ab", 8191);
    tp_plan *p;
    tp_result *r = check_src("rule R { for t in tokens require not matches(t.label, "
                             "\"(a{{0,100}}){{0,100}}$\") }\n"
                             "rule S { for t in tokens where t.id == \"t129\" "
                             "require not matches(t.label, \"[a-z]*[0-9]\") }\n"
                             "rule L { for t in tokens where t.id == \"t129\" "
                             "require matches(t.label, \"^(a|b)*$\") }",
                             doc, &p);
    size_t own = subjects_of_errors(r, "stopped after 1000000 steps on this string");
    size_t eval = subjects_of_errors(r, "stopped after its 131064 free steps on this string (8 per "
                                        "byte): earlier matches spent the evaluation's budget of "
                                        "100000000 more steps");
    cr_expect_eq(own, 115, "matches stopped by their own budget: %zu", own);
    cr_expect_eq(eval, 16, "matches stopped by the evaluation's (15 of R, 1 of S): %zu", eval);
    /* a linear match stays within its free steps and still runs */
    cr_expect_eq(count_findings(r, "L", TP_FINDING_ERROR), 0);
    cr_expect_eq(count_findings(r, "L", TP_FINDING_FAIL), 0);
    tp_result_free(r);
    tp_plan_free(p);
    free(doc);
}

Test(regex, a_pattern_from_a_param_is_compiled_once_and_works)
{
    tp_plan *p;
    tp_result *r = check_src("param ci = \"^ci-|jenkins\"\n"
                             "rule R { for t in tokens deny matches(t.label, ci) }",
                             "{\"tokens\": [{\"id\": \"a\", \"label\": \"ci-x\"}, {\"id\": \"b\", "
                             "\"label\": \"web\"}, {\"id\": \"c\", \"label\": \"jenkins\"}]}",
                             &p);
    cr_expect_eq(count_findings(r, "R", TP_FINDING_FAIL), 2);
    cr_expect_not_null(find_finding(r, "R", "a"));
    cr_expect_not_null(find_finding(r, "R", "c"));
    tp_result_free(r);
    tp_plan_free(p);
}
