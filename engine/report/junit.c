/* JUnit XML (the Ant schema Jenkins and GitLab read): a testsuite per input, a testcase per rule.
 * A rule fails when it has a finding at or above --fail-on, errs when it could not decide, and
 * is skipped when every finding it has is waived or when it checked nothing (errs, when that
 * fails the run): the test view agrees with the exit code. What went wrong around the evaluation
 * (policy errors, inputs that could not be used) is a first suite, "tokpol run", whose test cases
 * err. */
#include <stdint.h>
#include <string.h>

#include "base/datetime.h"
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

/* A testcase: a rule of the plan (`rule` its index), or a waiver.* check that reported
 * something (`rule` NO_RULE). */
#define NO_RULE SIZE_MAX
typedef struct test_ref {
    const char *id, *title;
    tp_severity severity;
    size_t rule;
} test_ref;

static const char unchecked_text[] = "checked nothing: no subject passed its 'for' and 'where'";

static void testcase(tp_strbuf *sb, const tp_result *r, size_t from, size_t to, size_t in,
                     const test_ref *t)
{
    const char *id = t->id;
    rule_outcome o = outcome_of(r, from, to, id);
    tp_strbuf_puts(sb, "    <testcase name=\"");
    tp_escape_xml(sb, id);
    tp_strbuf_puts(sb, " ");
    tp_escape_xml(sb, t->title);
    tp_strbuf_puts(sb, "\" classname=\"tokpol.");
    tp_escape_xml(sb, id);
    tp_strbuf_puts(sb, "\" time=\"0\"");
    if (t->rule != NO_RULE && tp_report_checked_nothing(r, in, t->rule)) {
        /* Nothing to fail: skipped, or an error when checking nothing fails the run. */
        if (r->opts.fail_on_unchecked)
            tp_strbuf_printf(sb,
                             ">\n      <error type=\"checked-nothing\" message=\"%s\"/>\n"
                             "    </testcase>\n",
                             unchecked_text);
        else
            tp_strbuf_printf(sb, ">\n      <skipped message=\"%s\"/>\n    </testcase>\n",
                             unchecked_text);
    } else if (o.errors) {
        tp_strbuf_printf(sb,
                         ">\n      <error type=\"evaluation\" message=\"%zu subject%s could not "
                         "be decided\">",
                         o.errors, o.errors == 1 ? "" : "s");
        details(sb, r, from, to, id, 1);
        tp_strbuf_puts(sb, "</error>\n    </testcase>\n");
    } else if (o.failing) {
        tp_strbuf_printf(sb, ">\n      <failure type=\"%s\" message=\"%zu finding%s\">",
                         tp_severity_name(t->severity), o.failing, o.failing == 1 ? "" : "s");
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

/* The testcases of input `in`: the rules that ran on it, then waiver checks. */
static size_t tests_of(const tp_result *r, const tp_plan *plan, size_t in, size_t from, size_t to,
                       test_ref *out)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_plan_rule_count(plan); i++) {
        tp_rule_info info;
        tp_plan_rule(&info, plan, i);
        if (tp_result_rule_checked(NULL, r, in, i))
            out[n++] = (test_ref){info.id, info.title, info.severity, i};
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
            out[n++] = (test_ref){f->rule, f->title, f->severity, NO_RULE};
    }
    return n;
}

/* The run's own testcases: one per source of diagnostics ("policies", "inputs", "rule
 * filters"), erring when that source has an error; or, when nothing was evaluated and nothing
 * says why, one that errs because no rule ran. */
static const char *const run_tests[][2] = {
    {"policies", "policy"}, {"inputs", "input"}, {"rule filters", "selection"}};

static size_t diags_of(const tp_result *r, int source, int errors_only)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_result_diag_count(r); i++) {
        const tp_run_diag *d = tp_result_diag(r, i);
        n += (int)d->source == source && (!errors_only || d->diag.severity == TP_DIAG_ERROR);
    }
    return n;
}

static void diag_lines(tp_strbuf *sb, const tp_result *r, int source)
{
    for (size_t i = 0; i < tp_result_diag_count(r); i++) {
        const tp_run_diag *rd = tp_result_diag(r, i);
        if (source >= 0 && (int)rd->source != source)
            continue;
        char where[600];
        tp_report_diag_where(&rd->diag, where, sizeof where);
        tp_escape_xml(sb, where);
        tp_strbuf_printf(sb, "%s%s: ", *where ? ": " : "", tp_report_diag_severity(&rd->diag));
        tp_escape_xml(sb, rd->diag.message);
        tp_strbuf_puts(sb, " [");
        tp_escape_xml(sb, rd->diag.code);
        tp_strbuf_puts(sb, "]\n");
    }
}

static void run_suite(tp_strbuf *sb, const tp_result *r, const char *stamp)
{
    size_t tests = 0, errors = 0;
    for (int src = 0; src < TP_DIAG_SOURCE_COUNT; src++) {
        tests += diags_of(r, src, 0) > 0;
        errors += diags_of(r, src, 1) > 0;
    }
    int none = tests == 0; /* nothing evaluated, and no diagnostic says why */
    tp_strbuf_printf(sb,
                     "  <testsuite package=\"tokpol\" id=\"0\" name=\"tokpol run\" "
                     "timestamp=\"%s\" hostname=\"tokpol\" tests=\"%zu\" failures=\"0\" "
                     "errors=\"%zu\" skipped=\"0\" time=\"0\">\n    <properties>\n"
                     "      <property name=\"verdict\" value=\"%s\"/>\n    </properties>\n",
                     stamp, tests + none, errors + none, tp_verdict_name(tp_result_verdict(r)));
    for (int src = 0; src < TP_DIAG_SOURCE_COUNT; src++) {
        size_t n = diags_of(r, src, 1);
        if (!diags_of(r, src, 0))
            continue;
        tp_strbuf_printf(sb, "    <testcase name=\"%s\" classname=\"tokpol.%s\" time=\"0\"",
                         run_tests[src][0], run_tests[src][1]);
        if (!n) {
            tp_strbuf_puts(sb, "/>\n");
            continue;
        }
        tp_strbuf_printf(sb, ">\n      <error type=\"%s\" message=\"%zu error%s\">",
                         run_tests[src][1], n, n == 1 ? "" : "s");
        diag_lines(sb, r, src);
        tp_strbuf_puts(sb, "</error>\n    </testcase>\n");
    }
    if (none)
        tp_strbuf_puts(sb, "    <testcase name=\"rules\" classname=\"tokpol.rules\" time=\"0\">\n"
                           "      <error type=\"none\" message=\"no rule ran: nothing was "
                           "checked\"/>\n    </testcase>\n");
    tp_strbuf_puts(sb, "    <system-out/>\n    <system-err>");
    diag_lines(sb, r, -1); /* warnings too */
    tp_strbuf_puts(sb, "</system-err>\n  </testsuite>\n");
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
    tp_datetime_format(tp_result_now(r) ? tp_result_now(r) : r->started, now);
    char stamp[20];
    snprintf(stamp, sizeof stamp, "%.19s", now); /* the schema's timestamp has no zone */
    tp_strbuf_puts(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    /* The run's suite comes first when something went wrong around the evaluation. */
    size_t first = tp_result_diag_count(r) || !tp_result_input_count(r);
    if (first)
        run_suite(sb, r, stamp);
    size_t nf = tp_result_finding_count(r), k = 0;
    for (size_t in = 0; in < tp_result_input_count(r); in++) {
        const char *name = tp_result_input_name(r, in);
        size_t from = k;
        while (k < nf && strcmp(tp_result_finding(r, k)->input, name) == 0)
            k++;
        size_t ntests = tests_of(r, plan, in, from, k, tests);
        /* The suite's attributes count the outcomes, so work them out first. */
        size_t failures = 0, errors = 0, skipped = 0;
        for (size_t i = 0; i < ntests; i++) {
            rule_outcome o = outcome_of(r, from, k, tests[i].id);
            if (tests[i].rule != NO_RULE && tp_report_checked_nothing(r, in, tests[i].rule)) {
                errors += r->opts.fail_on_unchecked != 0;
                skipped += !r->opts.fail_on_unchecked;
                continue;
            }
            errors += o.errors > 0;
            failures += !o.errors && o.failing;
            skipped += !o.errors && !o.failing && o.waived && !o.below;
        }
        tp_strbuf_printf(sb, "  <testsuite package=\"tokpol\" id=\"%zu\" name=\"", in + first);
        tp_escape_xml(sb, name);
        tp_strbuf_printf(sb,
                         "\" timestamp=\"%s\" hostname=\"tokpol\" tests=\"%zu\" failures=\"%zu\" "
                         "errors=\"%zu\" skipped=\"%zu\" time=\"0\">\n",
                         stamp, ntests, failures, errors, skipped);
        size_t left_out = tp_report_tally_of(r, in).total - (k - from);
        tp_strbuf_printf(sb,
                         "    <properties>\n      <property name=\"now\" value=\"%s\"/>\n"
                         "      <property name=\"fail_on\" value=\"%s\"/>\n"
                         "      <property name=\"left_out\" value=\"%zu\"/>\n    </properties>\n",
                         now, tp_severity_name(r->opts.fail_on), left_out);
        for (size_t i = 0; i < ntests; i++) {
            testcase(sb, r, from, k, in, &tests[i]);
            tp_sink_flush(sink, 0);
        }
        if (left_out)
            tp_strbuf_printf(
                sb,
                "    <system-out>%zu finding%s of this input left out of this report "
                "(--max-findings keeps the worst); the counts include them</system-out>\n",
                left_out, left_out == 1 ? "" : "s");
        else
            tp_strbuf_puts(sb, "    <system-out/>\n");
        tp_strbuf_puts(sb, "    <system-err/>\n  </testsuite>\n");
    }
    tp_strbuf_puts(sb, "</testsuites>\n");
    tp_mem_free(&r->mem, tests);
    return tp_sink_status(sink);
}
