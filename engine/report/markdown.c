/* Markdown for a pull-request comment: the verdict (and why, when nothing was checked), a table of
 * counts, diagnostics, rules that checked nothing, findings by severity. */
#include <string.h>

#include "report/escape.h"
#include "report/report.h"

static void finding_row(tp_strbuf *sb, const tp_finding *f)
{
    tp_strbuf_puts(sb, "| ");
    tp_escape_md_cell(sb, f->rule);
    tp_strbuf_puts(sb, " | ");
    tp_escape_md_cell(sb, f->subject);
    tp_strbuf_puts(sb, " | ");
    tp_escape_md_cell(sb, f->message);
    if (f->status == TP_FINDING_WAIVED && f->waiver) {
        tp_strbuf_puts(sb, " *(waived: ");
        tp_escape_md_cell(sb, f->waiver->reason ? f->waiver->reason : "");
        tp_strbuf_puts(sb, ")*");
    }
    tp_strbuf_puts(sb, " | ");
    tp_escape_md_cell(sb, f->input);
    if (f->input_line)
        tp_strbuf_printf(sb, ":%u", f->input_line);
    tp_strbuf_puts(sb, " |\n");
}

/* A section of the findings whose status is `status` and, for failures, severity `sev`. */
static void section(tp_strbuf *sb, const tp_result *r, const char *heading,
                    tp_finding_status status, int sev)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        n += f->status == status && (sev < 0 || (int)f->severity == sev);
    }
    if (!n)
        return;
    tp_strbuf_printf(sb,
                     "\n### %s (%zu)\n\n| Rule | Subject | Message | Input |\n|---|---|---|---|\n",
                     heading, n);
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (f->status == status && (sev < 0 || (int)f->severity == sev))
            finding_row(sb, f);
    }
}

static void diagnostics(tp_strbuf *sb, const tp_result *r)
{
    size_t n = tp_result_diag_count(r);
    if (!n)
        return;
    tp_strbuf_printf(sb,
                     "\n### Diagnostics (%zu)\n\n| Severity | Code | Where | Message |\n"
                     "|---|---|---|---|\n",
                     n);
    for (size_t i = 0; i < n && i < TP_REPORT_MAX_DIAGS; i++) {
        const tp_diag *d = &tp_result_diag(r, i)->diag;
        char where[600];
        tp_report_diag_where(d, where, sizeof where);
        tp_strbuf_printf(sb, "| %s | ", tp_report_diag_severity(d));
        tp_escape_md_cell(sb, d->code);
        tp_strbuf_puts(sb, " | ");
        tp_escape_md_cell(sb, where);
        tp_strbuf_puts(sb, " | ");
        tp_escape_md_cell(sb, d->message);
        if (d->hint) {
            tp_strbuf_puts(sb, " (");
            tp_escape_md_cell(sb, d->hint);
            tp_strbuf_putc(sb, ')');
        }
        tp_strbuf_puts(sb, " |\n");
    }
    if (n > TP_REPORT_MAX_DIAGS)
        tp_strbuf_printf(sb, "\n%zu more diagnostics: the JSON and SARIF reports list all.\n",
                         n - TP_REPORT_MAX_DIAGS);
}

static void checked_nothing(tp_strbuf *sb, const tp_result *r)
{
    size_t n = tp_result_unchecked_count(r);
    if (!n)
        return;
    tp_strbuf_printf(sb,
                     "\n### Rules that checked nothing (%zu)\n\n%s| Rule | Input |\n|---|---|\n", n,
                     r->opts.fail_on_unchecked ? "Checking nothing fails this run.\n\n" : "");
    for (tp_unchecked u = {0}; tp_report_next_unchecked(r, &u);) {
        tp_strbuf_puts(sb, "| ");
        tp_escape_md_cell(sb, u.info.id);
        tp_strbuf_puts(sb, " | ");
        tp_escape_md_cell(sb, tp_result_input_name(r, u.input));
        tp_strbuf_puts(sb, " |\n");
    }
}

int tp_report_markdown(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    (void)opts;
    tp_strbuf *sb = &sink->sb;
    size_t counts[TP_FINDING_STATUS_COUNT][TP_SEVERITY_COUNT];
    tp_report_counts(r, counts);
    tp_summary s;
    tp_result_summary(&s, r);
    char now[40];
    tp_report_now(r, now);
    tp_strbuf_printf(sb, "## tokpol: %s\n\n", tp_report_verdict_label(tp_result_verdict(r)));
    int explained = tp_report_verdict_reason(sb, r);
    if (explained)
        tp_strbuf_puts(sb, ".\n");
    if (s.inputs) {
        tp_strbuf_printf(sb,
                         "%s%zu input%s, %zu rules, %zu subjects checked at %s; findings at or "
                         "above **%s** fail.\n\n",
                         explained ? "\n" : "", s.inputs, s.inputs == 1 ? "" : "s", s.rules,
                         s.checked, now, tp_severity_name(r->opts.fail_on));
        tp_strbuf_puts(sb,
                       "| | Critical | High | Medium | Low | Info |\n|---|---|---|---|---|---|\n");
        static const char *const rows[] = {"failed", "waived", "errors", "baseline"};
        for (int st = 0; st < TP_FINDING_STATUS_COUNT; st++) {
            tp_strbuf_printf(sb, "| %s |", rows[st]);
            for (int sev = TP_SEVERITY_CRITICAL; sev >= TP_SEVERITY_INFO; sev--)
                if (st == TP_FINDING_FAIL && sev == TP_SEVERITY_INFO)
                    tp_strbuf_puts(sb, " – |"); /* a failure at info is a notice (below) */
                else
                    tp_strbuf_printf(sb, " %zu |", counts[st][sev]);
            tp_strbuf_putc(sb, '\n');
        }
        if (counts[TP_FINDING_FAIL][TP_SEVERITY_INFO])
            tp_strbuf_printf(sb, "| notices | – | – | – | – | %zu |\n",
                             counts[TP_FINDING_FAIL][TP_SEVERITY_INFO]);
    }
    diagnostics(sb, r);
    checked_nothing(sb, r);
    section(sb, r, "Errors: rules that could not decide", TP_FINDING_ERROR, -1);
    for (int sev = TP_SEVERITY_CRITICAL; sev >= TP_SEVERITY_INFO; sev--)
        section(sb, r, tp_severity_names_of((tp_severity)sev)->title, TP_FINDING_FAIL, sev);
    section(sb, r, "Waived", TP_FINDING_WAIVED, -1);
    section(sb, r, "Known from the baseline", TP_FINDING_BASELINE, -1);
    if (s.dropped)
        tp_strbuf_printf(sb,
                         "\n%zu finding%s left out (--max-findings keeps the worst); the counts "
                         "above include them.\n",
                         s.dropped, s.dropped == 1 ? "" : "s");
    return tp_sink_status(sink);
}
