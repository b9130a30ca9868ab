/* JUnit XML (the Ant schema Jenkins and GitLab read): a testsuite per input, a testcase per rule.
 * A rule fails when it has a finding at or above --fail-on, errs when it could not decide, and
 * is skipped when every finding it has is waived: the test view agrees with the exit code. */
#include <string.h>

#include "report/escape.h"
#include "report/report.h"

/* What one rule did on one input. */
typedef struct rule_outcome {
    size_t failing, below, waived, errors; /* waived counts findings known from the baseline too */
} rule_outcome;

static rule_outcome outcome_of(const tp_result *r, size_t from, size_t to, const char *rule)
{
    rule_outcome o = {0, 0, 0, 0};
    for (size_t i = from; i < to; i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (strcmp(f->rule, rule) != 0)
            continue;
        if (f->status == TP_FINDING_ERROR)
            o.errors++;
        else if (f->status == TP_FINDING_WAIVED || f->status == TP_FINDING_BASELINE)
            o.waived++;
        else if (f->severity >= r->opts.fail_on)
            o.failing++;
        else
            o.below++;
    }
    return o;
}

static void details(tp_strbuf *sb, const tp_result *r, size_t from, size_t to, const char *rule,
                    int errors)
{
    for (size_t i = from; i < to; i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (strcmp(f->rule, rule) != 0 || (f->status == TP_FINDING_ERROR) != errors ||
            f->status == TP_FINDING_WAIVED || f->status == TP_FINDING_BASELINE)
            continue;
        tp_escape_xml(sb, f->subject);
        tp_strbuf_puts(sb, ": ");
        tp_escape_xml(sb, f->message);
        if (f->input_line)
            tp_strbuf_printf(sb, " (line %u)", f->input_line);
        tp_strbuf_putc(sb, '\n');
    }
}

static void testcase(tp_strbuf *sb, const tp_result *r, size_t from, size_t to, const char *id,
                     const char *title, tp_severity severity)
{
    rule_outcome o = outcome_of(r, from, to, id);
    tp_strbuf_puts(sb, "    <testcase name=\"");
    tp_escape_xml(sb, id);
    tp_strbuf_puts(sb, " ");
    tp_escape_xml(sb, title);
    tp_strbuf_puts(sb, "\" classname=\"tokpol.");
    tp_escape_xml(sb, id);
    tp_strbuf_puts(sb, "\" time=\"0\"");
    if (o.errors) {
        tp_strbuf_printf(sb,
                         ">\n      <error type=\"evaluation\" message=\"%zu subject%s could not "
                         "be decided\">",
                         o.errors, o.errors == 1 ? "" : "s");
        details(sb, r, from, to, id, 1);
        tp_strbuf_puts(sb, "</error>\n    </testcase>\n");
    } else if (o.failing) {
        tp_strbuf_printf(sb, ">\n      <failure type=\"%s\" message=\"%zu finding%s\">",
                         tp_severity_name(severity), o.failing, o.failing == 1 ? "" : "s");
        details(sb, r, from, to, id, 0);
        tp_strbuf_puts(sb, "</failure>\n    </testcase>\n");
    } else if (o.waived && !o.below) {
        tp_strbuf_puts(sb, ">\n      <skipped message=\"");
        const char *why = "known from the baseline";
        for (size_t i = from; i < to; i++) {
            const tp_finding *f = tp_result_finding(r, i);
            if (strcmp(f->rule, id) == 0 && f->status == TP_FINDING_WAIVED && f->waiver) {
                tp_strbuf_puts(sb, "waived: ");
                why = f->waiver->reason ? f->waiver->reason : "";
                break;
            }
        }
        tp_escape_xml(sb, why);
        tp_strbuf_puts(sb, "\"/>\n    </testcase>\n");
    } else {
        tp_strbuf_puts(sb, "/>\n");
    }
}

/* A testcase: a rule of the plan, or a waiver.* check that reported something. */
typedef struct test_ref {
    const char *id, *title;
    tp_severity severity;
} test_ref;

static size_t tests_of(const tp_result *r, const tp_plan *plan, size_t from, size_t to,
                       test_ref *out)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_plan_rule_count(plan); i++) {
        tp_rule_info info;
        tp_plan_rule(&info, plan, i);
        if (tp_result_rule_ran(r, i))
            out[n++] = (test_ref){info.id, info.title, info.severity};
    }
    size_t rules = n;
    for (size_t i = from; i < to; i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (!tp_report_about_waiver(f))
            continue;
        size_t k = rules;
        while (k < n && strcmp(out[k].id, f->rule) != 0)
            k++;
        if (k == n)
            out[n++] = (test_ref){f->rule, f->title, f->severity};
    }
    return n;
}

int tp_report_junit(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    const tp_plan *plan = r->plan;
    (void)opts;
    tp_strbuf *sb = &sink->sb;
    test_ref *tests = tp_mem_alloc(&r->mem, (tp_plan_rule_count(plan) + 3) * sizeof *tests);
    if (!tests)
        return TP_ENOMEM;
    char now[40];
    tp_report_now(r, now);
    char stamp[20];
    snprintf(stamp, sizeof stamp, "%.19s", now); /* the schema's timestamp has no zone */
    tp_strbuf_puts(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    size_t nf = tp_result_finding_count(r), k = 0;
    for (size_t in = 0; in < tp_result_input_count(r); in++) {
        const char *name = tp_result_input_name(r, in);
        size_t from = k;
        while (k < nf && strcmp(tp_result_finding(r, k)->input, name) == 0)
            k++;
        size_t ntests = tests_of(r, plan, from, k, tests);
        /* The suite's attributes count the outcomes, so work them out first. */
        size_t failures = 0, errors = 0, skipped = 0;
        for (size_t i = 0; i < ntests; i++) {
            rule_outcome o = outcome_of(r, from, k, tests[i].id);
            errors += o.errors > 0;
            failures += !o.errors && o.failing;
            skipped += !o.errors && !o.failing && o.waived && !o.below;
        }
        tp_strbuf_printf(sb, "  <testsuite package=\"tokpol\" id=\"%zu\" name=\"", in);
        tp_escape_xml(sb, name);
        tp_strbuf_printf(sb,
                         "\" timestamp=\"%s\" hostname=\"tokpol\" tests=\"%zu\" failures=\"%zu\" "
                         "errors=\"%zu\" skipped=\"%zu\" time=\"0\">\n",
                         stamp, ntests, failures, errors, skipped);
        tp_strbuf_printf(sb,
                         "    <properties>\n      <property name=\"now\" value=\"%s\"/>\n"
                         "      <property name=\"fail_on\" value=\"%s\"/>\n    </properties>\n",
                         now, tp_severity_name(r->opts.fail_on));
        for (size_t i = 0; i < ntests; i++) {
            testcase(sb, r, from, k, tests[i].id, tests[i].title, tests[i].severity);
            tp_sink_flush(sink, 0);
        }
        tp_strbuf_puts(sb, "    <system-out/>\n    <system-err/>\n  </testsuite>\n");
    }
    tp_strbuf_puts(sb, "</testsuites>\n");
    tp_mem_free(&r->mem, tests);
    return tp_sink_status(sink);
}
