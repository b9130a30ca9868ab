/* JUnit XML (the Ant schema Jenkins and GitLab read): a test suite per input, a test case per
 * rule and subject that has a finding, and one per rule that found nothing there. A case fails
 * for a finding at or above --fail-on (with the message, the fix and where the record is), errs
 * when the rule could not decide, is skipped when the finding is waived or known from the
 * baseline, and passes, with a note, below --fail-on: every finding SARIF lists is here, and the
 * test view agrees with the exit code. A rule that checked nothing is skipped (errs, when that
 * fails the run). Times are what each rule took. What went wrong around the evaluation is a first
 * suite, "tokpol run" (junit_run.c). */
#include <stdint.h>
#include <string.h>

#include "base/datetime.h"
#include "base/decimal.h"
#include "report/escape.h"
#include "report/junit.h"

typedef enum outcome { PASSED, FAILED, ERRED, SKIPPED } outcome;

static outcome outcome_of(const tp_result *r, const tp_finding *f)
{
    if (f->status == TP_FINDING_ERROR)
        return ERRED;
    if (f->status == TP_FINDING_WAIVED || f->status == TP_FINDING_BASELINE)
        return SKIPPED;
    return f->severity >= r->opts.fail_on ? FAILED : PASSED;
}

/* The plan index of rule `id`, or SIZE_MAX (a waiver.* check). */
static size_t rule_index(const tp_result *r, const char *id)
{
    for (size_t i = 0; i < tp_plan_rule_count(r->plan); i++)
        if (strcmp(r->plan->rules[i].info.id, id) == 0)
            return i;
    return SIZE_MAX;
}

/* Seconds a case took: its rule's time on the input, shared by the rule's cases. */
static double seconds(const tp_result *r, size_t in, size_t rule, size_t cases)
{
    if (rule == SIZE_MAX || !cases)
        return 0;
    return (double)r->inputs[in].rule_us[rule] / 1e6 / (double)cases;
}

/* What a case's body says of a finding: the message, the fix, where the record and rule are. */
static void details(tp_strbuf *sb, const tp_finding *f)
{
    tp_escape_xml(sb, f->message);
    if (f->remediation && f->status != TP_FINDING_ERROR) {
        tp_strbuf_puts(sb, "\nfix: ");
        tp_escape_xml(sb, f->remediation);
    }
    tp_strbuf_puts(sb, "\nat ");
    tp_report_places(sb, f, tp_escape_xml, "\nrule at ");
}

static void case_open(tp_strbuf *sb, const char *rule, const char *name, double secs)
{
    tp_strbuf_puts(sb, "    <testcase name=\"");
    tp_escape_xml(sb, rule);
    tp_strbuf_putc(sb, ' ');
    tp_escape_xml(sb, name);
    tp_strbuf_puts(sb, "\" classname=\"tokpol.");
    tp_escape_xml(sb, rule);
    char t[64];
    tp_strbuf_printf(sb, "\" time=\"%s\"", tp_decimal_write(t, sizeof t, 'f', 6, secs));
}

static void finding_case(tp_strbuf *sb, const tp_result *r, const tp_finding *f, double secs)
{
    case_open(sb, f->rule, f->subject, secs);
    switch (outcome_of(r, f)) {
    case ERRED:
    case FAILED:
        tp_strbuf_printf(sb, ">\n      <%s type=\"%s\" message=\"",
                         f->status == TP_FINDING_ERROR ? "error" : "failure",
                         f->status == TP_FINDING_ERROR ? "evaluation"
                                                       : tp_severity_name(f->severity));
        tp_escape_xml(sb, f->message);
        tp_strbuf_puts(sb, "\">");
        details(sb, f);
        tp_strbuf_printf(sb, "</%s>\n", f->status == TP_FINDING_ERROR ? "error" : "failure");
        break;
    case SKIPPED:
        tp_strbuf_puts(sb, ">\n      <skipped message=\"");
        if (f->status == TP_FINDING_WAIVED && f->waiver) {
            tp_strbuf_puts(sb, "waived ");
            tp_report_waiver_note(sb, f->waiver, tp_escape_xml);
        } else {
            tp_strbuf_puts(sb, "known from the baseline");
        }
        tp_strbuf_puts(sb, "\"/>\n");
        break;
    case PASSED: /* below --fail-on: the suite's system-out says what it found (note_of) */
        tp_strbuf_puts(sb, "/>\n");
        return;
    }
    tp_strbuf_puts(sb, "    </testcase>\n");
}

/* A line of the suite's system-out about a finding below --fail-on: visible, as SARIF lists it,
 * without failing the build (the Ant schema has no output inside a test case). */
static void note_of(tp_strbuf *sb, const tp_result *r, const tp_finding *f)
{
    tp_escape_xml(sb, f->rule);
    tp_strbuf_putc(sb, ' ');
    tp_escape_xml(sb, f->subject);
    tp_strbuf_printf(sb, ": %s, below --fail-on %s: ", tp_severity_name(f->severity),
                     tp_severity_name(r->opts.fail_on));
    details(sb, f);
    tp_strbuf_putc(sb, '\n');
}

static const char unchecked_text[] = "checked nothing: no subject passed its 'for' and 'where'";

/* A rule that ran on input `in` and has no finding kept there: it checked nothing, its findings
 * were left out of the report (--max-findings), or it passed. */
static outcome rule_case(tp_strbuf *sb, const tp_result *r, size_t in, size_t rule, int write)
{
    const tp_rule_info *info = &r->plan->rules[rule].info;
    size_t checked = 0, errors = tp_result_rule_findings(r, in, rule, TP_FINDING_ERROR);
    size_t failing = info->severity >= r->opts.fail_on
                         ? tp_result_rule_findings(r, in, rule, TP_FINDING_FAIL)
                         : 0;
    tp_result_rule_checked(&checked, r, in, rule);
    outcome o = !checked  ? (r->opts.fail_on_unchecked ? ERRED : SKIPPED)
                : errors  ? ERRED
                : failing ? FAILED
                          : PASSED;
    if (!write)
        return o;
    case_open(sb, info->id, info->title, seconds(r, in, rule, 1));
    if (!checked && o == ERRED)
        tp_strbuf_printf(sb, ">\n      <error type=\"checked-nothing\" message=\"%s\"/>\n",
                         unchecked_text);
    else if (!checked)
        tp_strbuf_printf(sb, ">\n      <skipped message=\"%s\"/>\n", unchecked_text);
    else if (o != PASSED)
        tp_strbuf_printf(sb,
                         ">\n      <%s type=\"%s\" message=\"%zu finding%s left out of this "
                         "report (--max-findings keeps the worst)\"/>\n",
                         o == ERRED ? "error" : "failure",
                         o == ERRED ? "evaluation" : tp_severity_name(info->severity),
                         errors + failing, errors + failing == 1 ? "" : "s");
    else {
        tp_strbuf_puts(sb, "/>\n"); /* the suite's system-out says how many it checked */
        return o;
    }
    tp_strbuf_puts(sb, "    </testcase>\n");
    return o;
}

/* How many kept findings of input [from, to) each plan rule has (counts[rule]). */
static void cases_per_rule(const tp_result *r, size_t from, size_t to, size_t *counts)
{
    memset(counts, 0, tp_plan_rule_count(r->plan) * sizeof *counts);
    for (size_t i = from; i < to; i++) {
        size_t k = rule_index(r, tp_result_finding(r, i)->rule);
        if (k != SIZE_MAX)
            counts[k]++;
    }
}

/* One input's suite: findings worst first, then the rules that found nothing there. */
static void input_suite(tp_sink *sink, const tp_result *r, size_t in, size_t from, size_t to,
                        size_t *cases, size_t id, const char *stamp, const char *now)
{
    tp_strbuf *sb = &sink->sb;
    size_t nrules = tp_plan_rule_count(r->plan), tally[4] = {0, 0, 0, 0};
    char t[64];
    cases_per_rule(r, from, to, cases);
    for (size_t i = from; i < to; i++)
        tally[outcome_of(r, tp_result_finding(r, i))]++;
    for (size_t k = 0; k < nrules; k++)
        if (!cases[k] && tp_result_rule_checked(NULL, r, in, k))
            tally[rule_case(sb, r, in, k, 0)]++;
    size_t tests = tally[PASSED] + tally[FAILED] + tally[ERRED] + tally[SKIPPED];
    tp_strbuf_printf(sb, "  <testsuite package=\"tokpol\" id=\"%zu\" name=\"", id);
    tp_escape_xml(sb, tp_result_input_name(r, in));
    tp_strbuf_printf(sb,
                     "\" timestamp=\"%s\" hostname=\"tokpol\" tests=\"%zu\" failures=\"%zu\" "
                     "errors=\"%zu\" skipped=\"%zu\" time=\"%s\">\n",
                     stamp, tests, tally[FAILED], tally[ERRED], tally[SKIPPED],
                     tp_decimal_write(t, sizeof t, 'f', 6, (double)r->inputs[in].us / 1e6));
    size_t left_out = tp_report_tally_of(r, in).total - (to - from);
    tp_strbuf_printf(sb,
                     "    <properties>\n      <property name=\"now\" value=\"%s\"/>\n"
                     "      <property name=\"fail_on\" value=\"%s\"/>\n"
                     "      <property name=\"left_out\" value=\"%zu\"/>\n    </properties>\n",
                     now, tp_severity_name(r->opts.fail_on), left_out);
    for (size_t i = from; i < to; i++) {
        const tp_finding *f = tp_result_finding(r, i);
        size_t k = rule_index(r, f->rule);
        finding_case(sb, r, f, seconds(r, in, k, k == SIZE_MAX ? 0 : cases[k]));
        tp_sink_flush(sink, 0);
    }
    for (size_t k = 0; k < nrules; k++)
        if (!cases[k] && tp_result_rule_checked(NULL, r, in, k))
            rule_case(sb, r, in, k, 1);
    /* What passed: findings below --fail-on, rules that checked subjects and found nothing. */
    tp_strbuf_puts(sb, "    <system-out>");
    for (size_t i = from; i < to; i++)
        if (outcome_of(r, tp_result_finding(r, i)) == PASSED)
            note_of(sb, r, tp_result_finding(r, i));
    for (size_t k = 0; k < nrules; k++) {
        size_t checked = 0;
        if (!cases[k] && tp_result_rule_checked(&checked, r, in, k) && checked &&
            rule_case(sb, r, in, k, 0) == PASSED) {
            tp_escape_xml(sb, r->plan->rules[k].info.id);
            tp_strbuf_printf(sb, ": %zu subject%s checked, none failed\n", checked,
                             checked == 1 ? "" : "s");
        }
    }
    if (left_out)
        tp_strbuf_printf(sb,
                         "%zu finding%s of this input left out of this report (--max-findings "
                         "keeps the worst); the counts include them\n",
                         left_out, left_out == 1 ? "" : "s");
    tp_strbuf_puts(sb, "</system-out>\n    <system-err/>\n  </testsuite>\n");
}

int tp_report_junit(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    (void)opts;
    tp_strbuf *sb = &sink->sb;
    size_t *cases = tp_mem_alloc(&r->mem, (tp_plan_rule_count(r->plan) + 1) * sizeof *cases);
    if (!cases)
        return TP_ENOMEM;
    char now[40];
    tp_datetime_format(tp_result_now(r) ? tp_result_now(r) : r->started, now);
    char stamp[20];
    snprintf(stamp, sizeof stamp, "%.19s", now); /* the schema's timestamp has no zone */
    tp_strbuf_puts(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    /* The run's suite comes first when something went wrong around the evaluation. */
    size_t first = tp_result_diag_count(r) || !tp_result_input_count(r);
    if (first)
        tp_junit_run_suite(sb, r, stamp);
    size_t nf = tp_result_finding_count(r), k = 0;
    for (size_t in = 0; in < tp_result_input_count(r); in++) {
        const char *name = tp_result_input_name(r, in);
        size_t from = k;
        while (k < nf && strcmp(tp_result_finding(r, k)->input, name) == 0)
            k++;
        input_suite(sink, r, in, from, k, cases, in + first, stamp, now);
    }
    tp_strbuf_puts(sb, "</testsuites>\n");
    tp_mem_free(&r->mem, cases);
    return tp_sink_status(sink);
}
