/*
 * One input's subjects shared out to threads (tp_eval_options.threads): each thread checks a range
 * of every rule's subjects, the rules without `for` run on a thread of their own, and the
 * shares' results are merged in list order. Whatever the number of threads, the result must be
 * what one thread gives, finding for finding: these tests compare whole reports, coverage and
 * counts across thread counts, and check that the threads did run (tp_result_input_threads), or
 * that one thread decided when a share could not finish as one thread would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

enum { NTOKENS = 1500, NUSERS = 400 }; /* six blocks of 256 subjects and a short one */

/* Tokens t0..t1499 (owner u(i mod 450): some owners are no users; kind "api" but at every
 * fourth; sample at every 97th, third at every third; env "CI" at every sixth), bound twice each
 * (every fifth to a second service); users u0..u399, every tenth an owner. */
static char *inventory(void)
{
    text_buf t = {0};
    text_printf(&t, "{\"tokens\": [");
    for (int i = 0; i < NTOKENS; i++)
        text_printf(&t,
                    "%s{\"id\": \"t%d\", \"owner\": \"u%d\", \"kind\": \"%s\", \"n\": %d, "
                    "\"sample\": %s, \"third\": %s}",
                    i ? ",\n" : "", i, i % 450, i % 4 ? "api" : "sdk", i, i % 97 ? "false" : "true",
                    i % 3 ? "false" : "true");
    text_printf(&t, "],\n\"bindings\": [");
    for (int i = 0; i < NTOKENS; i++)
        text_printf(&t,
                    "%s{\"token\": \"t%d\", \"service\": \"s%d\", \"env\": \"%s\"},\n"
                    "{\"token\": \"t%d\", \"service\": \"s%d\", \"env\": \"prod\"}",
                    i ? ",\n" : "", i, i % 7, i % 6 ? "test" : "CI", i, i % 5 ? i % 7 : 99);
    text_printf(&t, "],\n\"users\": [");
    for (int i = 0; i < NUSERS; i++)
        text_printf(&t, "%s{\"id\": \"u%d\", \"role\": \"%s\", \"email\": \"u%d@x.example\"}",
                    i ? ",\n" : "", i, i % 10 ? "member" : "Owner", i);
    text_printf(&t, "]}");
    return t.s;
}

/* Joins, lets, lower(), evidence, a rule over users, rules without `for` between them, a rule
 * over a list the policy builds (whose elements share a subject and have no pointer: ties the
 * report orders by list order); then waivers: one used in the last share's range, a stale one. */
static const char policy[] =
    "rule SVC { for t in tokens\n"
    "  let services = distinct(b.service for b in bindings where b.token == t.id)\n"
    "  require count(services) <= 1\n"
    "  message \"{t.id} in {join(services, \", \")}\" }\n"
    "rule ALL { require count(tokens) > 0 }\n"
    "rule OWN { for t in tokens\n"
    "  let owners = [u for u in users where u.id == t.owner and lower(u.role) == \"owner\"]\n"
    "  where any(lower(b.env) == \"ci\" for b in bindings where b.token == t.id)\n"
    "  require count(owners) == 0\n"
    "  message \"{t.id} of {first(u.email for u in owners) ?? t.owner}\" }\n"
    "rule MEMBER { for t in tokens require count(u for u in users where u.id == t.owner) > 0 }\n"
    "rule ROLE { for u in users require u.role == \"member\" severity low }\n"
    "rule TWICE { let twice = distinct(t.id for t in tokens\n"
    "    where count(x for x in tokens where x.id == t.id) > 1)\n"
    "  require count(twice) == 0 subject \"ids\" }\n"
    "rule BUILT { for p in [{\"id\": \"same\", \"v\": t.n} for t in tokens where t.sample]\n"
    "  require p.v > 2000 message \"v is {p.v}\" }\n"
    "rule KIND { for t in tokens where t.kind == \"sdk\" deny t.third }\n";
static const char waivers[] =
    "waive SVC { subjects [\"t1495\", \"t3\"] reason \"known\" expires @2027-01-01 }\n"
    "waive ROLE { subjects [\"nobody\"] reason \"stale\" expires @2027-01-01 }\n";

static char *json;
static tp_document *doc;
static tp_plan *plan;

static void setup(void)
{
    json = inventory();
    tp_input_error err;
    cr_assert_eq(tp_document_parse(&doc, json, strlen(json), NULL, &err), 0, "%s", err.message);
    size_t len = strlen(policy) + strlen(waivers) + 1;
    char *src = malloc(len);
    cr_assert_not_null(src);
    snprintf(src, len, "%s%s", policy, waivers);
    plan = compile_src(src, NULL);
    free(src);
}

static void teardown(void)
{
    tp_plan_free(plan);
    tp_document_free(doc);
    free(json);
}

TestSuite(rule_shares, .init = setup, .fini = teardown);

/* p over `d` on `threads` threads, into a new result with these options; tp_evaluate must
 * return `want`. */
static tp_result *evaluate_on(const tp_plan *p, const tp_document *d, unsigned threads,
                              tp_result_options ro, size_t max_memory, int want)
{
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, &ro), 0);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    cr_assert_eq(tp_time_parse(&o.now_us, TEST_NOW), 0);
    o.threads = threads;
    o.max_memory = max_memory;
    tp_binding b = {NULL, d};
    cr_expect_eq(tp_evaluate(r, p, "inventory.json", &b, 1, &o), want, "%u threads", threads);
    return r;
}

static tp_result *evaluate(unsigned threads)
{
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    return evaluate_on(plan, doc, threads, ro, 0, 0);
}

/* p over d on `threads` threads (with these options and budget) reports what one thread reports,
 * and `ran` threads evaluated it. */
static void expect_as_one_thread(const tp_plan *p, const tp_document *d, unsigned threads,
                                 tp_result_options ro, size_t max_memory, size_t ran)
{
    tp_result *one = evaluate_on(p, d, 1, ro, max_memory, 0);
    tp_result *many = evaluate_on(p, d, threads, ro, max_memory, 0);
    cr_expect_eq(tp_result_input_threads(many, 0), ran, "%u threads asked", threads);
    char *want = render_report(one, TP_FORMAT_JSON, NULL),
         *got = render_report(many, TP_FORMAT_JSON, NULL);
    expect_same_text(got, want, "JSON, threads", threads);
    free(want);
    free(got);
    tp_result_free(one);
    tp_result_free(many);
}

/* Every clause's coverage and every rule's subjects are the same in a and b. */
static void expect_same_tallies(const tp_result *a, const tp_result *b, unsigned threads)
{
    for (size_t rule = 0; rule < tp_plan_rule_count(plan); rule++) {
        size_t na = 0, nb = 0;
        cr_expect_eq(tp_result_rule_checked(&na, a, 0, rule),
                     tp_result_rule_checked(&nb, b, 0, rule));
        cr_expect_eq(na, nb, "rule %zu on %u threads", rule, threads);
        for (size_t c = 0; c < tp_plan_rule_clause_count(plan, rule); c++) {
            tp_clause_coverage ca, cb;
            cr_assert_eq(tp_result_clause_coverage(&ca, a, rule, c), 0);
            cr_assert_eq(tp_result_clause_coverage(&cb, b, rule, c), 0);
            cr_expect(ca.reached == cb.reached && ca.held == cb.held && ca.failed == cb.failed &&
                          ca.errors == cb.errors,
                      "rule %zu clause %zu on %u threads: reached %zu/%zu held %zu/%zu", rule, c,
                      threads, ca.reached, cb.reached, ca.held, cb.held);
        }
    }
}

Test(rule_shares, threads_report_what_one_thread_reports)
{
    tp_result *one = evaluate(1);
    cr_assert_eq(tp_result_input_threads(one, 0), 1);
    char *want = render_report(one, TP_FORMAT_JSON, NULL),
         *want_sarif = render_report(one, TP_FORMAT_SARIF, NULL);
    /* What the rules found, so that equal reports are not equally empty. */
    cr_expect_gt(count_findings(one, "SVC", TP_FINDING_FAIL), 100);
    cr_expect_eq(count_findings(one, "SVC", TP_FINDING_WAIVED), 1);
    cr_expect_gt(count_findings(one, "OWN", TP_FINDING_FAIL), 10);
    cr_expect_gt(count_findings(one, "MEMBER", TP_FINDING_FAIL), 10);
    cr_expect_eq(count_findings(one, "ROLE", TP_FINDING_FAIL), NUSERS / 10);
    cr_expect_eq(count_findings(one, "BUILT", TP_FINDING_FAIL), (NTOKENS - 1) / 97 + 1);
    cr_expect_gt(count_findings(one, "KIND", TP_FINDING_FAIL), 100);
    cr_expect_eq(count_findings(one, "waiver.stale", TP_FINDING_FAIL), 1);
    for (unsigned threads = 2; threads <= 9; threads += threads < 4 ? 1 : 5) {
        tp_result *many = evaluate(threads);
        /* The ranges' threads and one for the rules without `for`. */
        cr_expect_eq(tp_result_input_threads(many, 0), threads + 1);
        char *got = render_report(many, TP_FORMAT_JSON, NULL),
             *got_sarif = render_report(many, TP_FORMAT_SARIF, NULL);
        expect_same_text(got, want, "JSON, threads", threads);
        expect_same_text(got_sarif, want_sarif, "SARIF, threads", threads);
        expect_same_tallies(one, many, threads);
        free(got);
        free(got_sarif);
        tp_result_free(many);
    }
    free(want);
    free(want_sarif);
    tp_result_free(one);
}

Test(rule_shares, findings_are_merged_in_report_order)
{
    /* Without waivers, whose findings come after the shares' and make the input's be sorted
     * again, the merge alone orders the report. */
    tp_plan *p = compile_src(policy, NULL);
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    for (unsigned threads = 2; threads <= 4; threads++)
        expect_as_one_thread(p, doc, threads, ro, 0, threads + 1);
    tp_plan_free(p);
}

Test(rule_shares, findings_of_one_subject_keep_their_list_order)
{
    /* BUILT's subjects are all "same", with no pointer: the report orders them as the list did,
     * across the shares' ranges. */
    tp_result *r = evaluate(4);
    long last = -1;
    size_t seen = 0;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (strcmp(f->rule, "BUILT") != 0)
            continue;
        long v = strtol(f->message + strlen("v is "), NULL, 10);
        cr_expect_gt(v, last, "%s after v %ld", f->message, last);
        last = v;
        seen++;
    }
    cr_expect_eq(seen, (NTOKENS - 1) / 97 + 1);
    tp_result_free(r);
}

Test(rule_shares, several_inputs_into_one_result_each_get_their_own_findings)
{
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    tp_result *one = NULL, *many = NULL;
    cr_assert_eq(tp_result_new(&one, &ro), 0);
    cr_assert_eq(tp_result_new(&many, &ro), 0);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    cr_assert_eq(tp_time_parse(&o.now_us, TEST_NOW), 0);
    tp_binding b = {NULL, doc};
    for (int k = 0; k < 3; k++) {
        char name[32];
        snprintf(name, sizeof name, "inventory-%d.json", k);
        o.threads = 1;
        cr_assert_eq(tp_evaluate(one, plan, name, &b, 1, &o), 0);
        o.threads = 3;
        cr_assert_eq(tp_evaluate(many, plan, name, &b, 1, &o), 0);
        cr_expect_eq(tp_result_input_threads(many, (size_t)k), 4);
    }
    char *want = render_report(one, TP_FORMAT_JSON, NULL),
         *got = render_report(many, TP_FORMAT_JSON, NULL);
    expect_same_text(got, want, "JSON", 0);
    free(want);
    free(got);
    tp_result_free(one);
    tp_result_free(many);
}

Test(rule_shares, max_findings_keeps_the_same_worst_ones)
{
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    ro.max_findings = 50;
    expect_as_one_thread(plan, doc, 3, ro, 0, 4);
}

Test(rule_shares, a_per_rule_share_is_taken_by_one_thread_in_list_order)
{
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    ro.max_findings_per_rule = 3;
    expect_as_one_thread(plan, doc, 4, ro, 0, 1);
}

Test(rule_shares, errors_grouped_over_every_subject_are_decided_by_one_thread)
{
    /* E errs at every token without x (every 150th, in every share's range): its one grouped
     * finding counts them all, so the shares stop and one thread evaluates again. */
    text_buf t = {0};
    text_printf(&t, "{\"tokens\": [");
    for (int i = 0; i < 900; i++)
        text_printf(&t, "%s{\"id\": \"t%d\"%s}", i ? ", " : "", i, i % 150 ? ", \"x\": 1" : "");
    text_printf(&t, "]}");
    tp_document *d = NULL;
    tp_input_error err;
    cr_assert_eq(tp_document_parse(&d, t.s, t.len, NULL, &err), 0, "%s", err.message);
    tp_plan *p = compile_src("rule E { for t in tokens require t.x + 1 > 1 }\n"
                             "rule F { for t in tokens deny t.id == \"t899\" }\n",
                             NULL);
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    tp_result *many = evaluate_on(p, d, 3, ro, 0, 0);
    cr_assert_eq(count_findings(many, "E", TP_FINDING_ERROR), 1);
    const tp_finding *f = find_finding(many, "E", "t0");
    cr_assert_not_null(f);
    cr_expect(strstr(f->message, "for 6 subjects: t0, t150, t300, t450, t600 and 1 more") != NULL,
              "%s", f->message);
    tp_result_free(many);
    expect_as_one_thread(p, d, 3, ro, 0, 1);
    tp_plan_free(p);
    tp_document_free(d);
    free(t.s);
}

/* Whether p evaluates d on `threads` threads within a budget of `budget` bytes. */
static int fits_plan(const tp_plan *p, const tp_document *d, unsigned threads, size_t budget)
{
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, NULL), 0);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    cr_assert_eq(tp_time_parse(&o.now_us, TEST_NOW), 0);
    o.threads = threads;
    o.max_memory = budget;
    tp_binding b = {NULL, d};
    int rc = tp_evaluate(r, p, "inventory.json", &b, 1, &o);
    cr_assert(rc == 0 || rc == TP_ELIMIT, "%d", rc);
    tp_result_free(r);
    return rc == 0;
}

/* Whether `threads` threads evaluate the inventory within a memory budget of `budget` bytes. */
static int fits(unsigned threads, size_t budget)
{
    return fits_plan(plan, doc, threads, budget);
}

Test(rule_shares, a_budget_one_thread_fits_in_is_enough_for_any_number)
{
    /* The least budget one thread needs, to 1%: the threads' parts of it are too small, so one
     * thread evaluates again and succeeds; below it, both fail as one thread fails. */
    size_t lo = 1024, hi = 64u << 20;
    cr_assert(fits(1, hi) && !fits(1, lo));
    while (hi - lo > hi / 100) {
        size_t mid = lo + (hi - lo) / 2;
        *(fits(1, mid) ? &hi : &lo) = mid;
    }
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    expect_as_one_thread(plan, doc, 4, ro, hi, 1);
    cr_expect(!fits(4, lo), "%zu bytes are too few for one thread, and for four", lo);
}

Test(rule_shares, an_about_is_evaluated_in_the_same_memory_on_any_number_of_threads)
{
    /* The `about` builds a list as large as the rule's: one thread held both at once, the
     * calling thread of several only the first, so a budget too small for one thread was
     * enough for two. */
    tp_plan *p =
        compile_src("pack m { about \"{count(k for k in names)} names\" }\n"
                    "let names = [\"{t.id}/{t.owner}/{k}\" for t in tokens for k in [1, 2]]\n"
                    "rule R { for x in [\"{t.id}:{t.owner}:{t.kind}\" for t in tokens]\n"
                    "  deny x == \"\" }\n",
                    NULL);
    size_t lo = 1024, hi = 64u << 20;
    cr_assert(fits_plan(p, doc, 1, hi) && !fits_plan(p, doc, 1, lo));
    while (hi - lo > hi / 100) {
        size_t mid = lo + (hi - lo) / 2;
        *(fits_plan(p, doc, 1, mid) ? &hi : &lo) = mid;
    }
    cr_expect(!fits_plan(p, doc, 2, lo), "%zu bytes are too few for one thread, and for two", lo);
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    expect_as_one_thread(p, doc, 2, ro, 64u << 20, 2);
    tp_plan_free(p);
}

Test(rule_shares, lists_shorter_than_the_threads_check_each_subject_once)
{
    tp_plan *p = compile_src("rule A { for t in tokens deny t.bad }\n"
                             "rule B { for u in users require u.ok }\n",
                             NULL);
    const char *inputs[] = {
        "{\"tokens\": [], \"users\": []}",
        "{\"tokens\": [{\"id\": \"a\", \"bad\": true}], \"users\": []}",
        ("{\"tokens\": [{\"id\": \"a\", \"bad\": true}, {\"id\": \"b\", \"bad\": false}],"
         " \"users\": [{\"id\": \"u\", \"ok\": false}]}")};
    for (size_t k = 0; k < sizeof inputs / sizeof *inputs; k++) {
        tp_document *d = NULL;
        tp_input_error err;
        cr_assert_eq(tp_document_parse(&d, inputs[k], strlen(inputs[k]), NULL, &err), 0);
        tp_result_options ro = TP_RESULT_OPTIONS_INIT;
        tp_result *many = evaluate_on(p, d, 8, ro, 0, 0);
        tp_summary s;
        tp_result_summary(&s, many);
        cr_expect_eq(s.checked, k == 0 ? 0 : k == 1 ? 1 : 3, "input %zu", k);
        cr_expect_eq(tp_result_unchecked_count(many), k == 0 ? 2 : k == 1 ? 1 : 0, "input %zu", k);
        tp_result_free(many);
        expect_as_one_thread(p, d, 8, ro, 0, 8); /* no rule without `for`: 8 ranges */
        tp_document_free(d);
    }
    tp_plan_free(p);
}

/* A caller built against version 4 of tp_eval_options (the first with threads) gets its threads
 * from a library that has added fields since. */
Test(rule_shares, a_version_4_callers_threads_are_read)
{
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, NULL), 0);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    cr_assert_eq(tp_time_parse(&o.now_us, TEST_NOW), 0);
    o.version = 4;
    o.threads = 3;
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, plan, "inventory.json", &b, 1, &o), 0);
    cr_expect_eq(tp_result_input_threads(r, 0), 4, "three ranges and the rules without `for`");
    tp_result_free(r);
}
