/* GitHub Actions workflow commands. First a summary annotation (the verdict, the true totals, the
 * top risks), then one per diagnostic (policy errors and warnings, inputs that could not be used)
 * and, when that fails the run, per rule that checked nothing; then one per finding, worst first
 * across every input, since GitHub shows only the first 10 of each level per step; and the details
 * of each finding (the fix, where the rule is) in a collapsed ::group:: of the log. */
#include <string.h>

#include "report/escape.h"
#include "report/report.h"

/* "::CMD file=F,line=L,col=C,title=T::" with the parts that are known; F relative to the
 * workspace when it is in it, as GitHub needs to show it on the pull request. */
static void command(tp_strbuf *sb, const tp_report_options *opts, const char *cmd, const char *file,
                    unsigned line, unsigned column, const char *title)
{
    tp_strbuf_printf(sb, "::%s ", cmd);
    if (file) {
        int relative;
        tp_strbuf_puts(sb, "file=");
        tp_escape_gh(sb, tp_report_path(file, opts, &relative), 1);
        if (line)
            tp_strbuf_printf(sb, ",line=%u", line);
        if (line && column)
            tp_strbuf_printf(sb, ",col=%u", column);
        tp_strbuf_putc(sb, ',');
    }
    tp_strbuf_puts(sb, "title=");
    tp_escape_gh(sb, title, 1);
    tp_strbuf_puts(sb, "::");
}

static void run_annotations(tp_strbuf *sb, const tp_result *r, const tp_report_options *opts,
                            tp_strbuf *text)
{
    for (size_t i = 0; i < tp_result_diag_count(r); i++) {
        const tp_diag *d = &tp_result_diag(r, i)->diag;
        command(sb, opts, tp_report_diag_github_command(d), d->file, d->line, d->column, d->code);
        tp_escape_gh(sb, d->message, 0);
        if (d->hint) {
            tp_strbuf_puts(sb, " (");
            tp_escape_gh(sb, d->hint, 0);
            tp_strbuf_putc(sb, ')');
        }
        tp_strbuf_putc(sb, '\n');
    }
    tp_summary s;
    tp_result_summary(&s, r);
    if (s.dropped) {
        tp_strbuf_reset(text);
        tp_report_left_out_message(text, r);
        command(sb, opts, "notice", NULL, 0, 0, "tokpol");
        tp_escape_gh(sb, tp_strbuf_cstr(text), 0);
        tp_strbuf_putc(sb, '\n');
    }
    for (tp_unchecked u = {0}; r->opts.fail_on_unchecked && tp_report_next_unchecked(r, &u);) {
        tp_strbuf_reset(text);
        tp_strbuf_printf(text, "%s checked nothing", u.info.id);
        command(sb, opts, "error", u.info.file, u.info.line, 0, tp_strbuf_cstr(text));
        tp_strbuf_reset(text);
        tp_report_unchecked_message(text, r, u.input, &u.info);
        tp_escape_gh(sb, tp_strbuf_cstr(text), 0);
        tp_strbuf_putc(sb, '\n');
    }
}

/* The first annotation: what the run found, in a sentence. An error unless the run passed. */
static void summary_annotation(tp_strbuf *sb, const tp_result *r, const tp_report_options *opts,
                               const size_t *order, tp_strbuf *text)
{
    tp_verdict v = tp_result_verdict(r);
    tp_strbuf_reset(text);
    tp_strbuf_printf(text, "tokpol: %s", tp_report_verdict_label(v));
    command(sb, opts, v == TP_VERDICT_PASS ? "notice" : "error", NULL, 0, 0, tp_strbuf_cstr(text));
    tp_strbuf_reset(text);
    if (!tp_report_verdict_reason(text, r)) {
        tp_report_summary_sentence(text, r);
        size_t mark = text->len;
        tp_strbuf_puts(text, ". Fix first: ");
        if (!order || !tp_report_top_risks(text, r, order, 3)) {
            text->len = mark; /* nothing needs action */
            tp_strbuf_putc(text, '.');
        }
    }
    tp_escape_gh(sb, tp_strbuf_cstr(text), 0);
    tp_strbuf_putc(sb, '\n');
}

static void finding_annotation(tp_strbuf *sb, const tp_report_options *opts, const tp_finding *f,
                               tp_strbuf *text)
{
    const char *cmd =
        f->status == TP_FINDING_ERROR ? "error" : tp_severity_names_of(f->severity)->github;
    tp_report_place at = tp_report_place_of(f);
    tp_strbuf_reset(text);
    tp_strbuf_printf(text, "%s %s", f->rule, f->title);
    /* A waiver is a whole declaration: no column. */
    command(sb, opts, cmd, at.file, at.line, tp_report_about_waiver(f) ? 0 : at.column,
            tp_strbuf_cstr(text));
    tp_escape_gh(sb, f->subject, 0);
    tp_strbuf_puts(sb, ": ");
    tp_escape_gh(sb, f->message, 0);
    tp_strbuf_putc(sb, '\n');
}

/* The details of one finding, for the log: plain lines, every value escaped. */
static void finding_details(tp_strbuf *sb, const tp_finding *f)
{
    tp_strbuf_printf(sb, "%-8s ",
                     f->status == TP_FINDING_ERROR ? "error" : tp_severity_name(f->severity));
    tp_escape_text(sb, f->rule);
    tp_strbuf_putc(sb, ' ');
    tp_escape_text(sb, f->subject);
    tp_strbuf_puts(sb, ": ");
    tp_escape_text(sb, f->message);
    if (f->remediation && f->status != TP_FINDING_ERROR) {
        tp_strbuf_puts(sb, "\n         fix: ");
        tp_escape_text(sb, f->remediation);
    }
    tp_strbuf_puts(sb, "\n         at ");
    tp_report_places(sb, f, tp_escape_text, ", rule at ");
    tp_strbuf_putc(sb, '\n');
}

/* Waived and baseline findings are accepted or already known: not news for a pull request. */
static int is_news(const tp_finding *f)
{
    return f->status != TP_FINDING_WAIVED && f->status != TP_FINDING_BASELINE;
}

int tp_report_github(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    tp_strbuf *sb = &sink->sb;
    tp_strbuf text;
    tp_strbuf_init(&text, &r->mem);
    size_t n = tp_result_finding_count(r), news = 0;
    size_t *order = tp_report_worst_first(r);
    summary_annotation(sb, r, opts, order, &text);
    run_annotations(sb, r, opts, &text);
    for (size_t i = 0; order && i < n; i++) {
        const tp_finding *f = tp_result_finding(r, order[i]);
        if (!is_news(f))
            continue;
        finding_annotation(sb, opts, f, &text);
        news++;
        tp_sink_flush(sink, 0);
    }
    if (news) {
        tp_strbuf_printf(sb, "::group::tokpol: the %zu finding%s, worst first\n", news,
                         news == 1 ? "" : "s");
        for (size_t i = 0; i < n; i++) {
            const tp_finding *f = tp_result_finding(r, order[i]);
            if (is_news(f))
                finding_details(sb, f);
            tp_sink_flush(sink, 0);
        }
        tp_strbuf_puts(sb, "::endgroup::\n");
    }
    int failed = text.failed || (!order && n);
    tp_mem_free(&r->mem, order);
    tp_strbuf_free(&text);
    return failed ? TP_ENOMEM : tp_sink_status(sink);
}
