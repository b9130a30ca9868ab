/* Waivers: what they cover, until the exact instant they expire, and what they report. */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

static const char rules[] = "rule R { severity high for t in tokens deny t.bad }\n";
static const char inv[] = "{\"tokens\": [{\"id\": \"a\", \"bad\": true, \"team\": \"qa\"},"
                          " {\"id\": \"b\", \"bad\": true, \"team\": \"web\"},"
                          " {\"id\": \"c\", \"bad\": false}]}";

static tp_result *with_waiver(const char *waiver, const char *now, int64_t warn, tp_plan **plan)
{
    char src[2048];
    snprintf(src, sizeof src, "%s%s", rules, waiver);
    *plan = compile_src(src, NULL);
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_parse(&doc, inv, sizeof inv - 1, NULL, NULL), 0);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&o.now_us, now);
    o.warn_expiring_us = warn;
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, *plan, "inv.json", &b, 1, &o), 0);
    tp_document_free(doc);
    return r;
}

static const char by_subject[] =
    "waive R { subjects [\"a\"] reason \"known\" owner \"qa@x\" expires @2026-12-01 }\n";

TestSuite(waivers);

Test(waivers, a_waiver_covers_its_subjects_only)
{
    tp_plan *p;
    tp_result *r = with_waiver(by_subject, "2026-11-27T09:00:00Z", 0, &p);
    const tp_finding *a = find_finding(r, "R", "a"), *b = find_finding(r, "R", "b");
    cr_assert_not_null(a);
    cr_expect_eq(a->status, TP_FINDING_WAIVED);
    cr_assert_not_null(a->waiver);
    cr_expect_str_eq(a->waiver->reason, "known");
    cr_expect_str_eq(a->waiver->owner, "qa@x");
    cr_expect_eq(b->status, TP_FINDING_FAIL);
    tp_summary s;
    tp_result_summary(&s, r);
    cr_expect_eq(s.waived, 1);
    cr_expect_eq(s.failed, 1);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(waivers, waived_findings_do_not_fail_the_run)
{
    tp_plan *p;
    tp_result *r =
        with_waiver("waive R { subjects [\"a\", \"b\"] reason \"r\" expires @2027-01-01 }\n",
                    "2026-11-27", 0, &p);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_PASS);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(waivers, expiry_is_exact_to_the_instant)
{
    tp_plan *p;
    /* One microsecond before: still waived, nothing about the waiver itself. */
    tp_result *r = with_waiver(by_subject, "2026-11-30T23:59:59.999999Z", 0, &p);
    cr_expect_eq(find_finding(r, "R", "a")->status, TP_FINDING_WAIVED);
    cr_expect_eq(count_findings(r, "waiver.expired", TP_FINDING_FAIL), 0);
    tp_result_free(r);
    tp_plan_free(p);
    /* At the instant: the finding fails again and the expired waiver is reported, high. */
    r = with_waiver(by_subject, "2026-12-01T00:00:00Z", 0, &p);
    cr_expect_eq(find_finding(r, "R", "a")->status, TP_FINDING_FAIL);
    const tp_finding *e = find_finding(r, "waiver.expired", "R@test.tpol:2");
    cr_assert_not_null(e);
    cr_expect_eq(e->severity, TP_SEVERITY_HIGH);
    cr_expect_str_eq(e->policy_file, "test.tpol");
    cr_expect_eq(e->policy_line, 2);
    cr_expect_str_eq(e->message, "the waiver for R (qa@x) expired at 2026-12-01T00:00:00Z and no "
                                 "longer applies: its findings fail again");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(waivers, a_waiver_that_matches_nothing_is_stale)
{
    tp_plan *p;
    tp_result *r = with_waiver("waive R { subjects [\"c\"] reason \"r\" expires @2027-01-01 }\n",
                               "2026-11-27", 0, &p);
    const tp_finding *st = find_finding(r, "waiver.stale", "R@test.tpol:2");
    cr_assert_not_null(st);
    cr_expect_eq(st->severity, TP_SEVERITY_LOW);
    cr_expect_str_eq(st->message, "the waiver for R (no owner) matched no finding");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(waivers, where_waivers_read_the_rule_variable)
{
    tp_plan *p;
    tp_result *r =
        with_waiver("waive R { where t.team == \"web\" reason \"r\" expires @2027-01-01 }\n",
                    "2026-11-27", 0, &p);
    cr_expect_eq(find_finding(r, "R", "a")->status, TP_FINDING_FAIL);
    cr_expect_eq(find_finding(r, "R", "b")->status, TP_FINDING_WAIVED);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(waivers, expiring_waivers_are_reported_within_the_window)
{
    tp_plan *p;
    int64_t d14 = 0;
    cr_assert_eq(tp_duration_parse(&d14, "14d"), 0);
    tp_result *r = with_waiver(by_subject, "2026-11-27T00:00:00Z", d14, &p);
    const tp_finding *w = find_finding(r, "waiver.expiring", "R@test.tpol:2");
    cr_assert_not_null(w);
    cr_expect_eq(w->severity, TP_SEVERITY_INFO);
    cr_expect_str_eq(w->message,
                     "the waiver for R (qa@x) expires at 2026-12-01T00:00:00Z, in 4 days");
    cr_expect_eq(find_finding(r, "R", "a")->status, TP_FINDING_WAIVED, "still applies");
    tp_result_free(r);
    tp_plan_free(p);
    r = with_waiver(by_subject, "2026-11-01T00:00:00Z", d14, &p);
    cr_expect_null(find_finding(r, "waiver.expiring", "R@test.tpol:2"), "30 days out: not yet");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(waivers, waiver_files_hold_only_waivers)
{
    char path[512];
    temp_file(path, sizeof path);
    FILE *f = fopen(path, "w");
    fputs(
        "waive R { subjects [\"a\"] reason \"r\" expires @2027-01-01 }\nrule S { require true }\n",
        f);
    fclose(f);
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    tp_compiler_add_source(c, "rules.tpol", rules, sizeof rules - 1);
    cr_assert_eq(tp_compiler_add_waivers(c, path), 0);
    tp_plan *p = NULL;
    cr_expect_eq(tp_compiler_compile(&p, c), TP_EPOLICY);
    const tp_diag *d = tp_compiler_diag(c, 0);
    cr_expect_str_eq(d->message, "a --waivers file holds only waivers");
    cr_expect_eq(d->line, 2);
    tp_compiler_free(c);
    remove(path);
}

Test(waivers, waivers_of_rules_not_run_are_not_reported)
{
    tp_plan *p = compile_src("rule R { severity high for t in tokens deny t.bad }\n"
                             "rule Q { require true }\n"
                             "waive R { subjects [\"zzz\"] reason \"r\" expires @2020-01-01 }\n",
                             NULL);
    const char *only[] = {"Q"};
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&o.now_us, TEST_NOW);
    o.rules = only;
    o.nrules = 1;
    tp_result *r = eval_json(p, inv, NULL);
    cr_expect_eq(count_findings(r, "waiver.expired", TP_FINDING_FAIL), 1);
    tp_result_free(r);
    tp_document *doc = NULL;
    tp_document_parse(&doc, inv, sizeof inv - 1, NULL, NULL);
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    tp_evaluate(r, p, "inv.json", &b, 1, &o);
    cr_expect_eq(tp_result_finding_count(r), 0);
    cr_expect_eq(tp_plan_waiver_count(p), 1);
    cr_expect_str_eq(tp_plan_waiver(p, 0)->rule, "R");
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);
}
