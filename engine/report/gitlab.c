/* GitLab Code Quality: a JSON array of issues for merge-request widgets. Waived findings are left
 * out, as GitLab has no notion of an accepted issue. */
#include <string.h>

#include "report/escape.h"
#include "report/report.h"

int tp_report_gitlab(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    (void)opts;
    tp_strbuf *sb = &sink->sb;
    tp_strbuf_putc(sb, '[');
    size_t written = 0;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (f->status == TP_FINDING_WAIVED || f->status == TP_FINDING_BASELINE)
            continue; /* accepted or already known: not news for a merge request */
        tp_report_place at = tp_report_place_of(f);
        tp_strbuf_puts(sb, written++ ? ",\n  {\"description\": " : "\n  {\"description\": ");
        tp_strbuf_printf(sb, "\"%s%s: ", f->rule, f->status == TP_FINDING_ERROR ? " (error)" : "");
        tp_strbuf_json_escape(sb, f->message, strlen(f->message));
        tp_strbuf_puts(sb, "\", \"check_name\": ");
        tp_escape_json_string(sb, f->rule);
        tp_strbuf_puts(sb, ", \"fingerprint\": ");
        tp_escape_json_string(sb, f->fingerprint);
        tp_strbuf_printf(sb, ", \"severity\": \"%s\", \"location\": {\"path\": ",
                         f->status == TP_FINDING_ERROR ? "major"
                                                       : tp_severity_names_of(f->severity)->gitlab);
        tp_escape_json_string(sb, at.file);
        tp_strbuf_printf(sb, ", \"lines\": {\"begin\": %u}}}", at.line ? at.line : 1);
        tp_sink_flush(sink, 0);
    }
    tp_strbuf_puts(sb, written ? "\n]\n" : "]\n");
    return tp_sink_status(sink);
}
