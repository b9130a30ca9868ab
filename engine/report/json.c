/* The JSON report (docs/reports.md, schema/report-v1.json): the result as data. */
#include <string.h>
#include "report/escape.h"
#include "report/report.h"
#include "base/datetime.h"
#include "base/strbuf.h"

/* Writes `"key": "value"`, preceded by ", " unless it opens an object. */
static void field_str(tp_strbuf *sb, const char *key, const char *value, int first)
{
    /* Hot for large reports: plain appends, no printf. */
    tp_strbuf_puts(sb, first ? "\"" : ", \"");
    tp_strbuf_puts(sb, key);
    tp_strbuf_puts(sb, "\": ");
    tp_escape_json_string(sb, value);
}

/* One finding per line: reports stay readable and diff well. */
static void write_finding(tp_strbuf *sb, const tp_finding *f)
{
    tp_strbuf_puts(sb, "    {");
    field_str(sb, "rule", f->rule, 1);
    field_str(sb, "title", f->title, 0);
    field_str(sb, "severity", tp_severity_name(f->severity), 0);
    field_str(sb, "status", tp_finding_status_name(f->status), 0);
    field_str(sb, "input", f->input, 0);
    field_str(sb, "subject", f->subject, 0);
    field_str(sb, "pointer", f->pointer, 0);
    if (f->input_line) {
        tp_strbuf_puts(sb, ", \"location\": {");
        if (f->input_file) { /* a document bound by --input */
            field_str(sb, "file", f->input_file, 1);
            tp_strbuf_puts(sb, ", ");
        }
        tp_strbuf_printf(sb, "\"line\": %u, \"column\": %u}", f->input_line, f->input_column);
    }
    field_str(sb, "message", f->message, 0);
    if (f->remediation)
        field_str(sb, "remediation", f->remediation, 0);
    if (f->waiver) {
        char when[40];
        tp_datetime_format(f->waiver->expires_us, when);
        tp_strbuf_puts(sb, ", \"waiver\": {");
        field_str(sb, "reason", f->waiver->reason ? f->waiver->reason : "", 1);
        if (f->waiver->owner)
            field_str(sb, "owner", f->waiver->owner, 0);
        field_str(sb, "expires", when, 0);
        field_str(sb, "file", f->waiver->file, 0);
        tp_strbuf_printf(sb, ", \"line\": %u}", f->waiver->line);
    }
    tp_strbuf_puts(sb, ", \"policy\": {");
    field_str(sb, "file", f->policy_file, 1);
    tp_strbuf_printf(sb, ", \"line\": %u, \"column\": %u}", f->policy_line, f->policy_column);
    field_str(sb, "fingerprint", f->fingerprint, 0);
    tp_strbuf_puts(sb, "}");
}

int tp_report_json(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    tp_strbuf *sb = &sink->sb;
    char now[40];
    tp_report_now(r, now);
    tp_summary s;
    tp_result_summary(&s, r);
    tp_strbuf_printf(sb, "{\n  \"tool\": {\"name\": \"tokpol\", \"version\": \"%s\"},\n",
                     tp_version());
    tp_strbuf_printf(sb, "  \"now\": \"%s\",\n  \"fail_on\": \"%s\",\n", now,
                     tp_severity_name(r->opts.fail_on));
    if (opts->validation)
        tp_strbuf_printf(sb, "  \"validation\": \"%s\",\n",
                         opts->validation > 0 ? "passed" : "skipped");
    tp_strbuf_puts(sb, "  \"inputs\": [");
    for (size_t i = 0; i < tp_result_input_count(r); i++) {
        tp_strbuf_puts(sb, i ? ",\n    {" : "\n    {");
        field_str(sb, "name", tp_result_input_name(r, i), 1);
        tp_strbuf_printf(sb, ", \"subjects\": %zu}", tp_result_input_checked(r, i));
    }
    tp_strbuf_puts(sb, s.inputs ? "\n  ],\n" : "],\n");
    tp_strbuf_printf(sb,
                     "  \"summary\": {\"rules\": %zu, \"checked\": %zu, \"failed\": %zu, "
                     "\"waived\": %zu, \"errors\": %zu, \"baseline\": %zu, \"exit_code\": %d},\n"
                     "  \"findings\": [",
                     s.rules, s.checked, s.failed, s.waived, s.errors, s.baseline, opts->exit_code);
    size_t n = tp_result_finding_count(r);
    for (size_t i = 0; i < n; i++) {
        tp_strbuf_puts(sb, i ? ",\n" : "\n");
        write_finding(sb, tp_result_finding(r, i));
        /* Stream in chunks: a report of a million findings is not held in memory. */
        tp_sink_flush(sink, 0);
    }
    tp_strbuf_puts(sb, n ? "\n  ]\n}\n" : "]\n}\n");
    return tp_sink_status(sink);
}
