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
    cr_expect(strstr(text, "(5 more findings were counted but not kept: see --max-findings)") !=
                  NULL,
              "%s", text);
    cr_expect(strstr(text, "FAIL: 1 input, 3 rules, 9 subjects checked, 7 failed") != NULL, "%s",
              text);
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
    int64_t after = (int64_t)time(NULL) * 1000000;
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
    char buf[64];
    cr_expect_eq(tp_report_render(buf, sizeof buf, NULL, r, TP_FORMAT_TEXT, NULL), TP_EINVAL,
                 "no report of nothing");
    tp_result_free(r);
    const char *none[] = {"NOPE*"};
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    o.rules = none;
    o.nrules = 1;
    r = run_with(p, NULL, &o);
    tp_summary s;
    tp_result_summary(&s, r);
    cr_expect_eq(s.rules, 0);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_NONE, "the filters selected no rule");
    tp_result_free(r);
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
