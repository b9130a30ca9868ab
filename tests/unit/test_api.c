/* The embedding API: options, streaming, filters, rendering into buffers, argument checks. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

static const char inv[] = "{\"tokens\": [{\"id\": \"a\"}, {\"id\": \"b\"}, {\"id\": \"c\"}]}";
static const char pol[] = "rule R1 { for t in tokens deny true }\n"
                          "rule R2 { for t in tokens deny t.id == \"b\" }\n"
                          "rule X9 { severity info for t in tokens deny true }\n";

static tp_result *run_with(const tp_plan *p, tp_result_options *o, const tp_eval_options *e)
{
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_parse(&doc, inv, sizeof inv - 1, NULL, NULL), 0);
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, o), 0);
    tp_binding b = {NULL, doc};
    int rc = tp_evaluate(r, p, "inv.json", &b, 1, e);
    cr_assert(rc == 0 || rc == TP_ECANCELED);
    tp_document_free(doc);
    return r;
}

typedef struct seen {
    size_t n;
    char last[64];
    size_t stop_after;
} seen;

static int on_finding(const tp_finding *f, void *payload)
{
    seen *s = payload;
    s->n++;
    snprintf(s->last, sizeof s->last, "%s/%s", f->rule, f->subject);
    return s->stop_after && s->n == s->stop_after;
}

Test(api, streaming_findings_in_constant_memory)
{
    tp_plan *p = compile_src(pol, NULL);
    seen s = {0};
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.on_finding = on_finding;
    o.payload = &s;
    o.discard_findings = 1;
    tp_result *r = run_with(p, &o, NULL);
    cr_expect_eq(s.n, 7);
    cr_expect_str_eq(s.last, "X9/c");
    cr_expect_eq(tp_result_finding_count(r), 0, "discarded findings are not kept");
    tp_summary sum;
    tp_result_summary(&sum, r);
    cr_expect_eq(sum.failed, 7);
    cr_expect_eq(sum.failing, 4, "info findings do not fail at the default threshold");
    cr_expect_eq(sum.dropped, 7);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_FAIL);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(api, a_callback_can_stop_the_evaluation)
{
    tp_plan *p = compile_src(pol, NULL);
    seen s = {0};
    s.stop_after = 2;
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.on_finding = on_finding;
    o.payload = &s;
    tp_document *doc = NULL;
    tp_document_parse(&doc, inv, sizeof inv - 1, NULL, NULL);
    tp_result *r = NULL;
    tp_result_new(&r, &o);
    tp_binding b = {NULL, doc};
    cr_expect_eq(tp_evaluate(r, p, "inv.json", &b, 1, NULL), TP_ECANCELED);
    cr_expect_eq(s.n, 2);
    cr_expect_eq(tp_result_finding_count(r), 2);
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);
}

Test(api, rule_filters_and_max_findings)
{
    tp_plan *p = compile_src(pol, NULL);
    const char *only[] = {"R*"}, *skip[] = {"R2"};
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    o.rules = only;
    o.nrules = 1;
    o.skip_rules = skip;
    o.nskip_rules = 1;
    tp_result *r = run_with(p, NULL, &o);
    tp_summary s;
    tp_result_summary(&s, r);
    cr_expect_eq(s.rules, 1, "only R1 runs");
    cr_expect_eq(tp_result_finding_count(r), 3);
    cr_expect_str_eq(tp_result_finding(r, 0)->rule, "R1");
    tp_result_free(r);

    tp_result_options m = TP_RESULT_OPTIONS_INIT;
    m.max_findings = 2;
    r = run_with(p, &m, NULL);
    tp_result_summary(&s, r);
    cr_expect_eq(tp_result_finding_count(r), 2);
    cr_expect_eq(s.failed, 7, "every finding is counted");
    cr_expect_eq(s.dropped, 5);
    char text[4096];
    cr_assert_eq(tp_report_render(text, sizeof text, NULL, r, TP_FORMAT_TEXT, NULL), 0);
    cr_expect(
        strstr(text, "5 findings left out (--max-findings): every count here includes them") !=
            NULL,
        "%s", text);
    cr_expect(strstr(text, "FAIL: 1 input, 3 rules, 9 subjects checked, 4 failed, 0 waived, 0 "
                           "errors, 3 notices") != NULL,
              "info findings are notices, not failures: %s", text);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(api, rendering_into_a_caller_buffer)
{
    tp_plan *p = compile_src(pol, NULL);
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    tp_result *r = run_with(p, &o, NULL);
    size_t needed = 0;
    char small[16];
    cr_expect_eq(tp_report_render(small, sizeof small, &needed, r, TP_FORMAT_JSON, NULL),
                 TP_ELIMIT);
    cr_expect_eq(strlen(small), 15, "truncated, still terminated");
    cr_assert_gt(needed, 100);
    char *buf = malloc(needed);
    cr_assert_eq(tp_report_render(buf, needed, NULL, r, TP_FORMAT_JSON, NULL), 0);
    cr_expect_eq(strlen(buf) + 1, needed);
    cJSON *doc = cJSON_Parse(buf);
    cr_expect_not_null(doc);
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "findings")), 7);
    cJSON_Delete(doc);
    free(buf);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(api, bad_arguments_are_refused_not_crashed_on)
{
    cr_expect_eq(tp_compiler_new(NULL, NULL), TP_EINVAL);
    tp_compiler_options bad = TP_COMPILER_OPTIONS_INIT;
    bad.version = 99;
    tp_compiler *c = (tp_compiler *)1;
    cr_expect_eq(tp_compiler_new(&c, &bad), TP_EINVAL);
    cr_expect_null(c);
    cr_expect_eq(tp_compiler_add_source(NULL, "x", "", 0), TP_EINVAL);
    cr_expect_eq(tp_compiler_compile(NULL, NULL), TP_EINVAL);
    cr_expect_eq(tp_evaluate(NULL, NULL, NULL, NULL, 0, NULL), TP_EINVAL);
    cr_expect_eq(tp_document_parse(NULL, "{}", 2, NULL, NULL), TP_EINVAL);
    cr_expect_eq(tp_document_wrap(NULL, NULL, NULL), TP_EINVAL);
    cr_expect_eq(tp_report_write(NULL, NULL, TP_FORMAT_TEXT, NULL), TP_EINVAL);
    cr_expect_null(tp_result_finding(NULL, 0));
    cr_expect_eq(tp_severity_parse(NULL, "low"), TP_EINVAL);
    cr_expect_eq(tp_result_merge(NULL, NULL), TP_EINVAL);
    cr_expect_str_eq(tp_status_str(TP_ENOMEM), "out of memory");
    cr_expect_str_eq(tp_status_str(12345), "unknown status");
    cr_expect_str_eq(tp_version(), "0.1.0");
    tp_compiler_free(NULL);
    tp_plan_free(NULL);
    tp_result_free(NULL);
    tp_document_free(NULL);
    tp_compiler_new(&c, NULL);
    cr_expect_eq(tp_compiler_add_builtin(c, "nosuchpack"), TP_EINVAL);
    cr_expect_eq(tp_compiler_add_path(c, "/nonexistent.tpol"), TP_EIO);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->message, "No such file or directory");
    tp_compiler_free(c);
}

Test(api, a_result_is_bound_to_one_plan)
{
    tp_plan *p1 = compile_src(pol, NULL), *p2 = compile_src(pol, NULL);
    tp_document *doc = NULL;
    tp_document_parse(&doc, inv, sizeof inv - 1, NULL, NULL);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    cr_expect_eq(tp_evaluate(r, p1, "a", &b, 1, NULL), 0);
    cr_expect_eq(tp_evaluate(r, p2, "b", &b, 1, NULL), TP_EINVAL);
    cr_expect_eq(tp_evaluate(r, p1, "c", &b, 1, NULL), 0);
    cr_expect_eq(tp_result_input_count(r), 2);
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p1);
    tp_plan_free(p2);
}

Test(api, an_unset_clock_is_the_current_time_never_the_epoch)
{
    tp_plan *p = compile_src("rule T { require now > @2026-01-01 }\n", NULL);
    tp_document *doc = NULL;
    tp_document_parse(&doc, inv, sizeof inv - 1, NULL, NULL);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    int64_t before = (int64_t)time(NULL) * 1000000;
    cr_assert_eq(tp_evaluate(r, p, "a", &b, 1, NULL), 0);
    /* time() may read a coarse clock, a tick behind the library's: allow its second. */
    int64_t after = ((int64_t)time(NULL) + 1) * 1000000;
    cr_expect(tp_result_now(r) >= before && tp_result_now(r) <= after,
              "the clock %lld is not the current time", (long long)tp_result_now(r));
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_PASS, "now is after 2026-01-01");
    /* One result, one clock: later evaluations share it, and refuse another. */
    int64_t first = tp_result_now(r);
    cr_expect_eq(tp_evaluate(r, p, "b", &b, 1, NULL), 0);
    cr_expect_eq(tp_result_now(r), first);
    tp_eval_options other = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&other.now_us, "2026-01-01");
    cr_expect_eq(tp_evaluate(r, p, "c", &b, 1, &other), TP_EINVAL);
    cr_expect_eq(tp_result_input_count(r), 2);
    tp_result_free(r);
    /* A fixed clock is the caller's choice. */
    tp_result_new(&r, NULL);
    cr_assert_eq(tp_evaluate(r, p, "d", &b, 1, &other), 0);
    cr_expect_eq(tp_result_now(r), other.now_us);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_FAIL);
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);
}

Test(api, a_result_no_rule_ran_on_is_not_a_pass)
{
    tp_plan *p = compile_src(pol, NULL);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_NONE, "nothing was evaluated");
    char buf[256];
    cr_expect_eq(tp_report_render(buf, sizeof buf, NULL, r, TP_FORMAT_TEXT, NULL), 0);
    cr_expect_str_eq(buf, "NOTHING CHECKED: no rule ran\n", "a report of nothing says so");
    tp_result_free(r);
    /* A filter that matches no rule is refused before anything is evaluated, and said why. */
    const char *none[] = {"NOPE*"};
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    o.rules = none;
    o.nrules = 1;
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_parse(&doc, inv, sizeof inv - 1, NULL, NULL), 0);
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    cr_expect_eq(tp_evaluate(r, p, "inv.json", &b, 1, &o), TP_EINVAL);
    cr_expect_eq(tp_evaluate(r, p, "inv.json", &b, 1, &o), TP_EINVAL);
    cr_expect_eq(tp_result_input_count(r), 0);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_NONE, "the filters selected no rule");
    cr_assert_eq(tp_result_diag_count(r), 1, "recorded once, however often it is refused");
    const tp_run_diag *d = tp_result_diag(r, 0);
    cr_expect_eq(d->source, TP_DIAG_SOURCE_SELECTION);
    cr_expect_str_eq(d->diag.code, "E-RULE-FILTER");
    cr_expect_str_eq(d->diag.message,
                     "the rule filter 'NOPE*' (rules to run) matches none of the 3 rules");
    cr_expect_str_eq(d->diag.hint, "the policies define R1, R2, X9");
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);
}

Test(api, option_functions_fill_what_the_macros_do)
{
    tp_compiler_options co;
    tp_document_options dopt;
    tp_result_options ro;
    tp_eval_options eo;
    tp_report_options rep;
    cr_expect_eq(tp_compiler_options_init(&co, TP_COMPILER_OPTIONS_VERSION), 0);
    cr_expect_eq(co.version, TP_COMPILER_OPTIONS_VERSION);
    cr_expect_eq(tp_document_options_init(&dopt, TP_DOCUMENT_OPTIONS_VERSION), 0);
    cr_expect_eq(tp_result_options_init(&ro, TP_RESULT_OPTIONS_VERSION), 0);
    cr_expect_eq(ro.fail_on, TP_SEVERITY_LOW);
    cr_expect_eq(tp_eval_options_init(&eo, TP_EVAL_OPTIONS_VERSION), 0);
    cr_expect_eq(eo.now_us, 0);
    cr_expect_eq(tp_report_options_init(&rep, TP_REPORT_OPTIONS_VERSION), 0);
    cr_expect_eq(rep.validation, TP_VALIDATION_NONE);
    cr_expect_eq(tp_compiler_options_init(&co, 1000), TP_EINVAL);
    cr_expect_eq(tp_result_options_init(&ro, 1), TP_EINVAL, "version 1 had the clock");
    cr_expect_eq(tp_eval_options_init(NULL, TP_EVAL_OPTIONS_VERSION), TP_EINVAL);
    tp_result *r = (tp_result *)1;
    ro.version = 1;
    cr_expect_eq(tp_result_new(&r, &ro), TP_EINVAL);
    cr_expect_null(r);
}

Test(api, a_result_records_what_went_wrong_before_evaluation)
{
    /* Created before anything compiles: the policy's diagnostics go into it. */
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, NULL), 0);
    tp_compiler *c = NULL;
    cr_expect_eq(compile_status("param unused = 1\nrule R { require lenght(\"x\") > 0 }\n", &c),
                 TP_EPOLICY);
    for (size_t i = 0; i < tp_compiler_diag_count(c); i++)
        cr_assert_eq(tp_result_add_diag(r, TP_DIAG_SOURCE_POLICY, tp_compiler_diag(c, i)), 0);
    tp_compiler_free(c); /* the result keeps copies */
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_POLICY_ERROR);
    cr_expect_str_eq(tp_verdict_name(tp_result_verdict(r)), "policy_error");
    const tp_run_diag *d = tp_result_diag(r, 0);
    cr_assert_not_null(d);
    cr_expect_eq(d->source, TP_DIAG_SOURCE_POLICY);
    cr_expect_str_eq(d->diag.code, "E-UNKNOWN-FUNC");
    cr_expect_str_eq(d->diag.file, "test.tpol");
    cr_expect_eq(d->diag.line, 2);
    cr_expect_null(tp_result_diag(r, tp_result_diag_count(r)));
    /* Every format renders it, with no plan: one document that says why. */
    static char buf[65536]; /* the HTML report carries its stylesheet and script */
    cr_assert_eq(tp_report_render(buf, sizeof buf, NULL, r, TP_FORMAT_JSON, NULL), 0);
    cJSON *doc = cJSON_Parse(buf);
    cr_assert_not_null(doc, "%s", buf);
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "verdict")->valuestring, "policy_error");
    cr_expect_null(cJSON_GetObjectItem(doc, "now"), "no clock: nothing was evaluated");
    cJSON_Delete(doc);
    for (int f = TP_FORMAT_TEXT; f <= TP_FORMAT_HTML; f++) {
        cr_expect_eq(tp_report_render(buf, sizeof buf, NULL, r, (tp_format)f, NULL), 0, "%s",
                     tp_format_name((tp_format)f));
        cr_expect(strstr(buf, "lenght") != NULL, "%s names the error: %s",
                  tp_format_name((tp_format)f), buf);
    }
    tp_result_free(r);
}

Test(api, input_errors_and_the_order_of_verdicts)
{
    tp_plan *p = compile_src(pol, NULL);
    tp_result *r = run_with(p, NULL, NULL);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_FAIL);
    tp_input_error err = {3, 9, 40, "duplicate key \"id\" in an object"};
    cr_assert_eq(tp_result_add_input_error(r, "other.json", TP_EINPUT, &err), 0);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_INPUT_ERROR, "an input error outranks findings");
    const tp_run_diag *d = tp_result_diag(r, 0);
    cr_expect_str_eq(d->diag.code, "E-INPUT");
    cr_expect_str_eq(d->diag.file, "other.json");
    cr_expect_eq(d->diag.line, 3);
    cr_expect_eq(d->diag.column, 9);
    cr_assert_eq(tp_result_add_input_error(r, "big.json", TP_ELIMIT, NULL), 0);
    cr_expect_str_eq(tp_result_diag(r, 1)->diag.code, "E-INPUT-LIMIT");
    cr_expect_str_eq(tp_result_diag(r, 1)->diag.message, tp_status_str(TP_ELIMIT));
    /* A warning decides nothing; a policy error outranks everything. */
    tp_diag w = {TP_DIAG_WARNING, "W-X", "p.tpol", 1, 1, 1, 2, "a warning", NULL};
    cr_assert_eq(tp_result_add_diag(r, TP_DIAG_SOURCE_POLICY, &w), 0);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_INPUT_ERROR);
    tp_diag e = {TP_DIAG_ERROR, "E-X", NULL, 0, 0, 0, 0, "an error", NULL};
    cr_assert_eq(tp_result_add_diag(r, TP_DIAG_SOURCE_POLICY, &e), 0);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_POLICY_ERROR);
    cr_expect_eq(tp_result_add_diag(r, (tp_diag_source)9, &e), TP_EINVAL);
    cr_expect_eq(tp_result_add_diag(NULL, TP_DIAG_SOURCE_POLICY, &e), TP_EINVAL);
    cr_expect_eq(tp_result_add_input_error(r, NULL, TP_EINPUT, NULL), TP_EINVAL);
    cr_expect_str_eq(tp_verdict_name((tp_verdict)42), "unknown");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(api, subjects_per_rule_and_input_and_rules_that_checked_nothing)
{
    tp_plan *p = compile_src("rule A { for t in tokens deny t.id == \"b\" }\n"
                             "rule B { for t in tokens where t.id == \"zzz\" deny true }\n",
                             NULL);
    tp_result *r = run_with(p, NULL, NULL);
    size_t n = 99;
    cr_expect_eq(tp_result_rule_checked(&n, r, 0, 0), 1);
    cr_expect_eq(n, 3, "A checked every token");
    cr_expect_eq(tp_result_rule_checked(&n, r, 0, 1), 1);
    cr_expect_eq(n, 0, "B's where excluded every token");
    cr_expect_eq(tp_result_rule_checked(&n, r, 1, 0), 0, "no second input");
    cr_expect_eq(tp_result_rule_checked(NULL, r, 0, 2), 0, "no third rule");
    cr_expect_eq(tp_result_unchecked_count(r), 1);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_FAIL, "listed, not failed, by default");
    tp_result_free(r);
    /* A rule the filters leave out did not run: it is not a rule that checked nothing. */
    const char *only[] = {"A"};
    tp_eval_options e = TP_EVAL_OPTIONS_INIT;
    e.rules = only;
    e.nrules = 1;
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.fail_on_unchecked = 1;
    r = run_with(p, &o, &e);
    cr_expect_eq(tp_result_rule_checked(NULL, r, 0, 1), 0);
    cr_expect_eq(tp_result_unchecked_count(r), 0);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_FAIL);
    tp_result_free(r);
    /* With fail_on_unchecked, checking nothing is an error, even with a failing finding. */
    r = run_with(p, &o, NULL);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_ERROR);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(api, rule_filters_are_checked_against_the_plan)
{
    tp_plan *p = compile_src(pol, NULL);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    const char *run[] = {"R*", "Q*"}, *skip[] = {"*"};
    tp_eval_options e = TP_EVAL_OPTIONS_INIT;
    e.rules = run;
    e.nrules = 1;
    cr_expect_eq(tp_result_check_rule_filters(r, p, &e), 0);
    cr_expect_eq(tp_result_check_rule_filters(r, p, NULL), 0);
    cr_expect_eq(tp_result_diag_count(r), 0);
    e.nrules = 2;
    cr_expect_eq(tp_result_check_rule_filters(r, p, &e), TP_EINVAL, "Q* matches no rule");
    cr_expect_eq(tp_result_diag_count(r), 1);
    tp_result_free(r);
    tp_result_new(&r, NULL);
    e.nrules = 1;
    e.skip_rules = skip;
    e.nskip_rules = 1;
    cr_expect_eq(tp_result_check_rule_filters(r, p, &e), TP_EINVAL, "every rule is skipped");
    cr_expect_str_eq(tp_result_diag(r, 0)->diag.code, "E-NO-RULE-SELECTED");
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_NONE);
    tp_plan *other = compile_src(pol, NULL);
    cr_expect_eq(tp_result_check_rule_filters(r, other, NULL), TP_EINVAL, "bound to one plan");
    tp_plan_free(other);
    tp_result_free(r);
    tp_plan_free(p);
}

/* `json` evaluated with plan p into a new result with these options. */
static tp_result *evaluate_into(const tp_plan *p, const tp_result_options *ro, const char *json,
                                const char *name)
{
    tp_document *doc = NULL;
    tp_input_error err;
    cr_assert_eq(tp_document_parse(&doc, json, strlen(json), NULL, &err), 0, "%s", err.message);
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, ro), 0);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    cr_assert_eq(tp_time_parse(&o.now_us, TEST_NOW), 0);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, p, name, &b, 1, &o), 0);
    tp_document_free(doc);
    return r;
}

Test(api, remediations_read_the_same_after_merging_and_pruning)
{
    /* A fixed remediation is the plan's text (findings share it); one with a value is each
     * finding's own. Both must survive the result that held them being merged, and the
     * findings being pruned to the worst (which copies what they keep). */
    tp_plan *p = compile_src("rule F { for t in tokens deny true severity high\n"
                             "  remediation \"Revoke it.\" }\n"
                             "rule V { for t in tokens deny true severity low\n"
                             "  remediation \"Revoke {t.id}.\" }\n",
                             NULL);
    const char *json[] = {"{\"tokens\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}",
                          "{\"tokens\": [{\"id\": \"c\"}, {\"id\": \"d\"}, {\"id\": \"e\"}]}"};
    for (size_t max = 0; max <= 6; max += 3) {
        tp_result_options ro = TP_RESULT_OPTIONS_INIT;
        ro.max_findings = max;
        tp_result *all = NULL;
        cr_assert_eq(tp_result_new(&all, &ro), 0);
        for (size_t i = 0; i < 2; i++) {
            tp_result *one = evaluate_into(p, &ro, json[i], i ? "two.json" : "one.json");
            cr_assert_eq(tp_result_merge(all, one), 0);
            tp_result_free(one); /* its findings' strings now belong to `all` */
        }
        size_t n = tp_result_finding_count(all);
        cr_expect_eq(n, max ? max : 10, "max %zu", max);
        for (size_t i = 0; i < n; i++) {
            const tp_finding *f = tp_result_finding(all, i);
            char want[64];
            if (strcmp(f->rule, "F") == 0)
                snprintf(want, sizeof want, "Revoke it.");
            else
                snprintf(want, sizeof want, "Revoke %s.", f->subject);
            cr_expect_str_eq(f->remediation, want, "%s on %s, max %zu", f->rule, f->subject, max);
        }
        tp_result_free(all);
    }
    tp_plan_free(p);
}
