/* GitHub Actions workflow commands: one annotation per finding, shown on the pull request. */
#include <string.h>

#include "report/escape.h"
#include "report/report.h"

int tp_report_github(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    (void)opts;
    tp_strbuf *sb = &sink->sb;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (f->status == TP_FINDING_WAIVED || f->status == TP_FINDING_BASELINE)
            continue; /* accepted or already known: not news for a merge request */
        const char *cmd =
            f->status == TP_FINDING_ERROR ? "error" : tp_severity_names_of(f->severity)->github;
        tp_report_place at = tp_report_place_of(f);
        tp_strbuf_printf(sb, "::%s file=", cmd);
        tp_escape_gh(sb, at.file, 1);
        if (at.line)
            tp_strbuf_printf(sb, ",line=%u", at.line);
        if (at.column && !tp_report_about_waiver(f)) /* a waiver is a whole declaration */
            tp_strbuf_printf(sb, ",col=%u", at.column);
        tp_strbuf_puts(sb, ",title=");
        tp_escape_gh(sb, f->rule, 1);
        tp_strbuf_puts(sb, " ");
        tp_escape_gh(sb, f->title, 1);
        tp_strbuf_puts(sb, "::");
        tp_escape_gh(sb, f->subject, 0);
        tp_strbuf_puts(sb, ": ");
        tp_escape_gh(sb, f->message, 0);
        tp_strbuf_putc(sb, '\n');
        tp_sink_flush(sink, 0);
    }
    return tp_sink_status(sink);
}
