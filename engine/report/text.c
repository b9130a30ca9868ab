/* The human report: diagnostics, then findings grouped by input, worst first, with a summary line
 * per input (and the rules that checked nothing there), then the verdict line. */
#include <string.h>

#include "base/datetime.h"
#include "report/batches.h"
#include "report/escape.h"
#include "report/report.h"

static const char *const severity_color[] = {"\033[2m", "\033[36m", "\033[33m", "\033[31m",
                                             "\033[1;31m"};

static const char *status_label(const tp_finding *f)
{
    return f->status == TP_FINDING_FAIL ? tp_severity_name(f->severity)
                                        : tp_finding_status_name(f->status);
}

static void write_finding(tp_strbuf *out, const tp_finding *f, int color)
{
    const char *c = f->status == TP_FINDING_ERROR    ? "\033[1;35m"
                    : f->status == TP_FINDING_WAIVED ? "\033[2m"
                                                     : severity_color[f->severity];
    if (color)
        tp_strbuf_printf(out, "  %s%-8s\033[0m \033[1m", c, status_label(f));
    else
        tp_strbuf_printf(out, "  %-8s ", status_label(f));
    tp_escape_text(out, f->rule);
    tp_strbuf_puts(out, color ? "\033[0m " : " ");
    tp_escape_text(out, f->subject);
    tp_strbuf_puts(out, "\n           ");
    tp_escape_text(out, f->message);
    tp_strbuf_putc(out, '\n');
    if (f->status == TP_FINDING_WAIVED && f->waiver) {
        tp_strbuf_puts(out, "           waived ");
        tp_report_waiver_note(out, f->waiver, tp_escape_text);
        tp_strbuf_putc(out, '\n');
    } else if (f->remediation && f->status != TP_FINDING_ERROR) {
        tp_strbuf_puts(out, "           fix: ");
        tp_escape_text(out, f->remediation);
        tp_strbuf_putc(out, '\n');
    }
    /* Where the subject is (the waiver, for a finding about one), then where the rule is. */
    tp_strbuf_printf(out, "           %s%s ", color ? "\033[2m" : "",
                     tp_report_place_of(f).line ? "at" : "in");
    tp_report_places(out, f, tp_escape_text, ", rule at ");
    tp_strbuf_puts(out, color ? "\033[0m\n" : "\n");
}

/* Diagnostics first, in a short form (tokpol prints them in full on stderr), at most
 * TP_REPORT_MAX_DIAGS of them: a report for people, not a log. */
static void write_diags(tp_strbuf *out, const tp_result *r, int color)
{
    size_t n = tp_result_diag_count(r);
    if (!n)
        return;
    tp_strbuf_printf(out, "%sdiagnostics%s\n", color ? "\033[1m" : "", color ? "\033[0m" : "");
    for (size_t i = 0; i < n && i < TP_REPORT_MAX_DIAGS; i++) {
        const tp_diag *d = &tp_result_diag(r, i)->diag;
        char where[600];
        tp_report_diag_where(d, where, sizeof where);
        const char *c = d->severity == TP_DIAG_ERROR ? "\033[1;31m" : "\033[33m";
        tp_strbuf_printf(out, "  %s%-8s%s ", color ? c : "", tp_report_diag_severity(d),
                         color ? "\033[0m" : "");
        tp_escape_text(out, d->code);
        tp_strbuf_puts(out, *where ? " " : "");
        tp_escape_text(out, where);
        tp_strbuf_puts(out, "\n           ");
        tp_escape_text(out, d->message);
        tp_strbuf_putc(out, '\n');
        if (d->hint) {
            tp_strbuf_puts(out, "           help: ");
            tp_escape_text(out, d->hint);
            tp_strbuf_putc(out, '\n');
        }
    }
    if (n > TP_REPORT_MAX_DIAGS)
        tp_strbuf_printf(out, "  (%zu more diagnostics: the JSON and SARIF reports list all)\n",
                         n - TP_REPORT_MAX_DIAGS);
    tp_strbuf_putc(out, '\n');
}

/* "  checked nothing: LOK003, LOK007" for an input, when some rule did. */
static void write_unchecked(tp_strbuf *out, const tp_result *r, size_t in)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_plan_rule_count(r->plan); i++) {
        tp_rule_info info;
        if (tp_plan_rule(&info, r->plan, i) != 0 || !tp_report_checked_nothing(r, in, i))
            continue;
        tp_strbuf_puts(out, n++ ? ", " : "  checked nothing: ");
        tp_escape_text(out, info.id);
    }
    if (n)
        tp_strbuf_putc(out, '\n');
}

/* ": 10 failed, 1 waived, 0 errors, 1 notice, 2 known from the baseline": true totals. */
static void write_tally(tp_strbuf *out, const tp_report_tally *t)
{
    tp_strbuf_printf(out, "%zu failed, %zu waived, %zu errors", t->failed, t->waived, t->errors);
    if (t->notices)
        tp_strbuf_printf(out, ", %zu notice%s", t->notices, t->notices == 1 ? "" : "s");
    if (t->baseline)
        tp_strbuf_printf(out, ", %zu known from the baseline", t->baseline);
}

/* An input's findings, as the batch writer hands them out: the i-th from `first`. */
typedef struct input_findings {
    const tp_result *r;
    size_t first;
    int color;
} input_findings;

static void write_nth(tp_strbuf *out, size_t i, void *state, const void *arg)
{
    (void)state;
    const input_findings *in = arg;
    write_finding(out, tp_result_finding(in->r, in->first + i), in->color);
}

/* One input: its findings worst first (the result's order), then its totals. */
static size_t write_input(tp_sink *sink, const tp_result *r, size_t in, size_t k,
                          const tp_report_options *opts)
{
    tp_strbuf *out = &sink->sb;
    const char *name = tp_result_input_name(r, in);
    size_t start = k, nf = tp_result_finding_count(r);
    while (k < nf && strcmp(tp_result_finding(r, k)->input, name) == 0)
        k++;
    if (opts->quiet && k == start)
        return k;
    tp_strbuf_puts(out, opts->color ? "\033[1m" : "");
    tp_escape_text(out, name);
    tp_strbuf_puts(out, opts->color ? "\033[0m" : "");
    if (tp_result_input_about(r, in)) {
        tp_strbuf_puts(out, ": ");
        tp_escape_text(out, tp_result_input_about(r, in));
    }
    tp_strbuf_putc(out, '\n');
    input_findings findings = {r, start, opts->color};
    tp_batch_writer w = {write_nth, NULL, NULL, 0, &findings};
    tp_report_batches(sink, k - start, opts->threads, &w);
    tp_report_tally t = tp_report_tally_of(r, in);
    tp_strbuf_printf(out, "  %zu rules, %zu subjects checked: ", r->rules_run,
                     tp_result_input_checked(r, in));
    write_tally(out, &t);
    if (t.total > k - start)
        tp_strbuf_printf(out, "; %zu not shown (--max-findings)", t.total - (k - start));
    tp_strbuf_putc(out, '\n');
    write_unchecked(out, r, in);
    tp_strbuf_putc(out, '\n');
    return k;
}

int tp_report_text(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    tp_strbuf *out = &sink->sb;
    char now[40];
    tp_report_now(r, now);
    write_diags(out, r, opts->color);
    for (size_t in = 0, k = 0; in < tp_result_input_count(r); in++)
        k = write_input(sink, r, in, k, opts);
    tp_summary s;
    tp_result_summary(&s, r);
    tp_report_tally all = tp_report_tally_of(r, TP_RESULT_ALL_INPUTS);
    tp_verdict v = tp_result_verdict(r);
    const char *verdict = tp_report_verdict_label(v);
    const char *vc = v == TP_VERDICT_PASS   ? "\033[1;32m"
                     : v == TP_VERDICT_FAIL ? "\033[1;31m"
                                            : "\033[1;35m";
    if (s.dropped)
        tp_strbuf_printf(out,
                         "%zu finding%s left out (--max-findings): every count here includes "
                         "them\n",
                         s.dropped, s.dropped == 1 ? "" : "s");
    if (all.failed) {
        tp_strbuf_puts(out, "failed by severity:");
        for (int sev = TP_SEVERITY_CRITICAL; sev > TP_SEVERITY_INFO; sev--)
            tp_strbuf_printf(
                out, " %s %zu%s", tp_severity_name((tp_severity)sev),
                tp_result_count(r, TP_RESULT_ALL_INPUTS, TP_FINDING_FAIL, (tp_severity)sev),
                sev > TP_SEVERITY_LOW ? "," : "\n");
    }
    if (opts->validation < 0)
        tp_strbuf_puts(out, "inputs were not validated against their schemas (--no-validate)\n");
    tp_strbuf_printf(out, "%s%s%s: ", opts->color ? vc : "", verdict, opts->color ? "\033[0m" : "");
    if (tp_report_verdict_reason(out, r)) {
        tp_strbuf_putc(out, '\n');
        return tp_sink_status(sink);
    }
    /* The verdict line counts every finding, shown or not. */
    tp_strbuf_printf(out, "%zu input%s, %zu rules, %zu subjects checked, ", s.inputs,
                     s.inputs == 1 ? "" : "s", s.rules, s.checked);
    write_tally(out, &all);
    size_t unchecked = tp_report_rules_checking_nothing(r);
    if (unchecked)
        tp_strbuf_printf(out, ", %zu rule%s checked nothing%s", unchecked,
                         unchecked == 1 ? "" : "s",
                         r->opts.fail_on_unchecked ? " (which fails the run)" : "");
    tp_strbuf_printf(out, " (now %s, fail on %s)\n", now, tp_severity_name(r->opts.fail_on));
    return tp_sink_status(sink);
}
