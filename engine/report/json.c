/* The JSON report (docs/reports.md, schema/report-v1.json): the result as data, its verdict and
 * diagnostics too, so that it is one document whatever the outcome. */
#include <string.h>
#include "report/batches.h"
#include "report/escape.h"
#include "report/report.h"
#include "base/datetime.h"
#include "base/strbuf.h"

/* A field's `"key": ` (with its ", ") and its value as a JSON string. */
static void field(tp_strbuf *sb, const char *head, size_t len, const char *value)
{
    tp_strbuf_add(sb, head, len);
    tp_escape_json_string(sb, value);
}

/* The same for a finding's text, masked already (tp_escape_json_shown). */
static void field_shown(tp_strbuf *sb, const char *head, size_t len, const char *value)
{
    tp_strbuf_add(sb, head, len);
    tp_escape_json_shown(sb, value);
}

/* Writes `"key": "value"`, preceded by ", " unless it opens an object. Hot for large reports:
 * the key (a literal) is joined to its quotes by the compiler, one append, no strlen. */
#define field_as(put, sb, key, value, first)                                                       \
    ((first) ? put(sb, "\"" key "\": ", sizeof("\"" key "\": ") - 1, value)                        \
             : put(sb, ", \"" key "\": ", sizeof(", \"" key "\": ") - 1, value))
#define field_str(sb, key, value, first) field_as(field, sb, key, value, first)
#define field_text(sb, key, value, first) field_as(field_shown, sb, key, value, first)

/* `"line": 3, "column": 7}`: every finding has one or two. */
static void line_column(tp_strbuf *sb, unsigned line, unsigned column)
{
    tp_strbuf_puts(sb, "\"line\": ");
    tp_strbuf_put_int(sb, line);
    tp_strbuf_puts(sb, ", \"column\": ");
    tp_strbuf_put_int(sb, column);
    tp_strbuf_putc(sb, '}');
}

/* `, "evidence": {"owner": "20181", "services": ["a", "b"]}`: a list's items as an array. */
static void write_evidence(tp_strbuf *sb, const tp_finding *f)
{
    if (!f->nevidence)
        return;
    tp_strbuf_puts(sb, ", \"evidence\": {");
    for (size_t i = 0; i < f->nevidence;) {
        const tp_evidence *e = &f->evidence[i];
        tp_strbuf_puts(sb, i ? ", " : "");
        tp_escape_json_shown(sb, e->name); /* masked when recorded, as the value */
        tp_strbuf_puts(sb, ": ");
        if (!e->item) {
            tp_escape_json_shown(sb, e->value);
            i++;
            continue;
        }
        tp_strbuf_putc(sb, '[');
        for (size_t k = i;
             i < f->nevidence && f->evidence[i].item && strcmp(f->evidence[i].name, e->name) == 0;
             i++) {
            tp_strbuf_puts(sb, i > k ? ", " : "");
            tp_escape_json_shown(sb, f->evidence[i].value);
        }
        tp_strbuf_putc(sb, ']');
    }
    tp_strbuf_putc(sb, '}');
}

/* What every finding of a rule or an input repeats (escape.h). */
typedef struct repeated {
    tp_escape_memo rule, input, policy_file;
} repeated;

/* One finding per line: reports stay readable and diff well. */
static void write_finding(tp_strbuf *sb, const tp_finding *f, repeated *rep)
{
    tp_strbuf_puts(sb, "    {\"rule\": ");
    tp_escape_json_memo(sb, &rep->rule, f->rule);
    field_text(sb, "title", f->title, 0);
    field_text(sb, "severity", tp_severity_name(f->severity), 0);
    field_text(sb, "status", tp_finding_status_name(f->status), 0);
    tp_strbuf_puts(sb, ", \"input\": ");
    tp_escape_json_memo(sb, &rep->input, f->input);
    field_text(sb, "subject", f->subject, 0);
    field_text(sb, "pointer", f->pointer, 0);
    if (f->input_line) {
        tp_strbuf_puts(sb, ", \"location\": {");
        if (f->input_file) { /* a document bound by --input */
            field_str(sb, "file", f->input_file, 1);
            tp_strbuf_puts(sb, ", ");
        }
        line_column(sb, f->input_line, f->input_column);
    }
    field_text(sb, "message", f->message, 0);
    if (f->remediation)
        field_text(sb, "remediation", f->remediation, 0);
    write_evidence(sb, f);
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
    tp_strbuf_puts(sb, ", \"policy\": {\"file\": ");
    tp_escape_json_memo(sb, &rep->policy_file, f->policy_file);
    tp_strbuf_puts(sb, ", ");
    line_column(sb, f->policy_line, f->policy_column);
    field_text(sb, "fingerprint", f->fingerprint, 0); /* hex digits */
    tp_strbuf_puts(sb, "}");
}

static void repeated_init(void *state, const tp_mem *mem)
{
    repeated *rep = state;
    tp_escape_memo_init(&rep->rule, mem);
    tp_escape_memo_init(&rep->input, mem);
    tp_escape_memo_init(&rep->policy_file, mem);
}

static void repeated_free(void *state)
{
    repeated *rep = state;
    tp_escape_memo_free(&rep->rule);
    tp_escape_memo_free(&rep->input);
    tp_escape_memo_free(&rep->policy_file);
}

/* Finding i of the result `arg`, after the separator. */
static void write_nth(tp_strbuf *sb, size_t i, void *state, const void *arg)
{
    tp_strbuf_puts(sb, i ? ",\n" : "\n");
    write_finding(sb, tp_result_finding(arg, i), state);
}

/* One diagnostic per line: where it is, when it is about a place. */
static void write_diag(tp_strbuf *sb, const tp_run_diag *rd)
{
    const tp_diag *d = &rd->diag;
    tp_strbuf_puts(sb, "    {");
    field_str(sb, "source", tp_report_diag_source(rd->source), 1);
    field_str(sb, "severity", tp_report_diag_severity(d), 0);
    field_str(sb, "code", d->code, 0);
    if (d->file)
        field_str(sb, "file", d->file, 0);
    if (d->line)
        tp_strbuf_printf(sb, ", \"line\": %u, \"column\": %u, \"end_line\": %u, \"end_column\": %u",
                         d->line, d->column, d->end_line, d->end_column);
    field_str(sb, "message", d->message, 0);
    if (d->hint)
        field_str(sb, "hint", d->hint, 0);
    tp_strbuf_putc(sb, '}');
}

/* An input: its name, the subjects each rule that ran checked, and those that checked none. */
static void write_input(tp_strbuf *sb, const tp_result *r, size_t in)
{
    tp_strbuf_puts(sb, "    {");
    field_str(sb, "name", tp_result_input_name(r, in), 1);
    if (tp_result_input_about(r, in))
        field_str(sb, "about", tp_result_input_about(r, in), 0);
    tp_strbuf_printf(sb, ", \"subjects\": %zu, \"rules\": {", tp_result_input_checked(r, in));
    size_t n = 0, checked;
    for (size_t i = 0; i < tp_plan_rule_count(r->plan); i++) {
        tp_rule_info info;
        if (tp_plan_rule(&info, r->plan, i) != 0 || !tp_result_rule_checked(&checked, r, in, i))
            continue;
        tp_strbuf_puts(sb, n++ ? ", " : "");
        tp_escape_json_string(sb, info.id);
        tp_strbuf_printf(sb, ": %zu", checked);
    }
    tp_strbuf_puts(sb, "}, \"checked_nothing\": [");
    n = 0;
    for (size_t i = 0; i < tp_plan_rule_count(r->plan); i++) {
        tp_rule_info info;
        if (tp_plan_rule(&info, r->plan, i) != 0 || !tp_report_checked_nothing(r, in, i))
            continue;
        tp_strbuf_puts(sb, n++ ? ", " : "");
        tp_escape_json_string(sb, info.id);
    }
    tp_strbuf_puts(sb, "]}");
}

/* `"baseline": {...},` with a baseline: what is new, unchanged and fixed since that report. */
static void write_baseline(tp_strbuf *sb, const tp_result *r)
{
    if (!r->opts.baseline)
        return;
    tp_report_tally t = tp_report_tally_of(r, TP_RESULT_ALL_INPUTS);
    tp_strbuf_printf(sb, "  \"baseline\": {\"new\": %zu, \"unchanged\": %zu, \"fixed\": [",
                     t.failed + t.notices, t.baseline);
    for (size_t i = 0; i < tp_result_fixed_count(r); i++) {
        const tp_baseline_finding *e = tp_result_fixed(r, i);
        tp_strbuf_puts(sb, i ? ",\n    {" : "\n    {");
        field_str(sb, "rule", e->rule, 1);
        field_str(sb, "title", e->title, 0);
        field_str(sb, "severity", tp_severity_name(e->severity), 0);
        field_str(sb, "input", e->input, 0);
        field_str(sb, "subject", e->subject, 0);
        field_str(sb, "message", e->message, 0);
        field_str(sb, "fingerprint", e->fingerprint, 0);
        tp_strbuf_putc(sb, '}');
    }
    tp_strbuf_puts(sb, tp_result_fixed_count(r) ? "\n  ]},\n" : "]},\n");
}

int tp_report_json(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    tp_strbuf *sb = &sink->sb;
    tp_summary s;
    tp_result_summary(&s, r);
    tp_strbuf_printf(sb,
                     "{\n  \"$schema\": \"%s\",\n"
                     "  \"tool\": {\"name\": \"tokpol\", \"version\": \"%s\"},\n"
                     "  \"verdict\": \"%s\",\n",
                     TP_REPORT_SCHEMA, tp_version(), tp_verdict_name(tp_result_verdict(r)));
    if (tp_result_now(r)) { /* no clock when nothing was evaluated */
        char now[40];
        tp_report_now(r, now);
        tp_strbuf_printf(sb, "  \"now\": \"%s\",\n", now);
    }
    tp_strbuf_printf(sb, "  \"fail_on\": \"%s\",\n", tp_severity_name(r->opts.fail_on));
    if (opts->validation)
        tp_strbuf_printf(sb, "  \"validation\": \"%s\",\n",
                         opts->validation > 0 ? "passed" : "skipped");
    size_t nd = tp_result_diag_count(r);
    tp_strbuf_puts(sb, "  \"diagnostics\": [");
    for (size_t i = 0; i < nd; i++) {
        tp_strbuf_puts(sb, i ? ",\n" : "\n");
        write_diag(sb, tp_result_diag(r, i));
    }
    tp_strbuf_puts(sb, nd ? "\n  ],\n  \"inputs\": [" : "],\n  \"inputs\": [");
    for (size_t i = 0; i < tp_result_input_count(r); i++) {
        tp_strbuf_puts(sb, i ? ",\n" : "\n");
        write_input(sb, r, i);
    }
    tp_strbuf_puts(sb, s.inputs ? "\n  ],\n" : "],\n");
    write_baseline(sb, r);
    tp_report_tally all = tp_report_tally_of(r, TP_RESULT_ALL_INPUTS);
    tp_strbuf_printf(sb,
                     "  \"summary\": {\"rules\": %zu, \"checked\": %zu, \"failed\": %zu, "
                     "\"waived\": %zu, \"errors\": %zu, \"baseline\": %zu, "
                     "\"checked_nothing\": %zu, \"exit_code\": %d, \"notices\": %zu, "
                     "\"left_out\": %zu, \"diagnostics_left_out\": %zu, \"failed_by_severity\": {",
                     s.rules, s.checked, s.failed, s.waived, s.errors, s.baseline,
                     tp_result_unchecked_count(r), opts->exit_code, all.notices, s.dropped,
                     tp_result_diags_left_out(r));
    for (int sev = TP_SEVERITY_CRITICAL; sev >= TP_SEVERITY_INFO; sev--)
        tp_strbuf_printf(
            sb, "\"%s\": %zu%s", tp_severity_name((tp_severity)sev),
            tp_result_count(r, TP_RESULT_ALL_INPUTS, TP_FINDING_FAIL, (tp_severity)sev),
            sev > TP_SEVERITY_INFO ? ", " : "}},\n  \"findings\": [");
    size_t n = tp_result_finding_count(r);
    /* Streamed in batches: a report of a million findings is not held in memory. */
    tp_batch_writer w = {write_nth, repeated_init, repeated_free, sizeof(repeated), r};
    tp_report_batches(sink, n, opts->threads, &w);
    tp_strbuf_puts(sb, n ? "\n  ]\n}\n" : "]\n}\n");
    return tp_sink_status(sink);
}
