/* GitHub Actions workflow commands: one annotation per finding, shown on the pull request. */
#include <string.h>

#include "escape.h"
#include "report.h"

int tp_report_github(tp_sink *sink, const tp_result *r, const tp_plan *plan,
                     const tp_report_options *opts)
{
    (void)plan;
    (void)opts;
    tp_strbuf *sb = &sink->sb;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (f->status == TP_FINDING_WAIVED || f->status == TP_FINDING_BASELINE)
            continue; /* accepted or already known: not news for a merge request */
        const char *cmd = f->status == TP_FINDING_ERROR || f->severity >= TP_SEVERITY_HIGH ? "error"
                          : f->severity == TP_SEVERITY_MEDIUM ? "warning"
                                                              : "notice";
        int about_waiver = f->waiver && strncmp(f->rule, "waiver.", 7) == 0;
        tp_strbuf_printf(sb, "::%s file=", cmd);
        tp_escape_gh(sb, about_waiver ? f->waiver->file : f->input, 1);
        unsigned line = about_waiver ? f->waiver->line : f->input_line;
        if (line)
            tp_strbuf_printf(sb, ",line=%u", line);
        if (!about_waiver && f->input_column)
            tp_strbuf_printf(sb, ",col=%u", f->input_column);
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
