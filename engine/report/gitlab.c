/* GitLab Code Quality: a JSON array of issues for merge-request widgets, with their categories
 * (Security; Bug Risk for the run's own problems) and paths relative to the project directory
 * (the report options' srcroot). Waived findings are left out, as GitLab has no notion of an
 * accepted issue. Diagnostics (policy errors and warnings,
 * inputs that could not be used) come first, located where they are; so do rules that checked
 * nothing, when that fails the run. */
#include <string.h>

#include "base/sha256.h"
#include "report/escape.h"
#include "report/report.h"

/* `"location": {"path": P, "lines": {"begin": L}}}` closing an issue: the path relative to the
 * project directory when the file is in it (GitLab maps only such paths to the merge request). */
static void location(tp_strbuf *sb, const tp_report_options *opts, const char *file, unsigned line)
{
    int relative;
    tp_strbuf_puts(sb, ", \"location\": {\"path\": ");
    tp_escape_json_string(sb, tp_report_path(file, opts, &relative));
    tp_strbuf_printf(sb, ", \"lines\": {\"begin\": %u}}}", line ? line : 1);
}

/* One issue; `key` (its identity across runs) is hashed into the fingerprint. */
static void issue(tp_strbuf *sb, const tp_report_options *opts, size_t *written, const char *check,
                  const char *description, const char *key, size_t keylen, const char *severity,
                  const char *category, const char *path, unsigned line)
{
    char fp[33];
    tp_sha256_hex(key, keylen, 16, fp);
    tp_strbuf_puts(sb, (*written)++ ? ",\n  {\"description\": " : "\n  {\"description\": ");
    tp_escape_json_string(sb, description);
    tp_strbuf_puts(sb, ", \"check_name\": ");
    tp_escape_json_string(sb, check);
    tp_strbuf_printf(sb,
                     ", \"fingerprint\": \"%s\", \"severity\": \"%s\", \"categories\": [\"%s\"]",
                     fp, severity, category);
    location(sb, opts, path, line);
}

/* Errors and warnings; notes belong to them and are left out. */
static void diag_issues(tp_strbuf *sb, const tp_result *r, const tp_report_options *opts,
                        tp_strbuf *text, tp_strbuf *key, size_t *written)
{
    const char *fallback = r->plan && r->plan->nfiles ? r->plan->files[0] : ".";
    for (size_t i = 0; i < tp_result_diag_count(r); i++) {
        const tp_run_diag *rd = tp_result_diag(r, i);
        const tp_diag *d = &rd->diag;
        if (d->severity == TP_DIAG_NOTE)
            continue;
        tp_strbuf_reset(text);
        tp_strbuf_printf(text, "%s: %s", d->code, d->message);
        if (d->hint)
            tp_strbuf_printf(text, " (%s)", d->hint);
        tp_strbuf_reset(key);
        tp_strbuf_printf(key, "%s|%s|%s|%u|%u|%s", tp_report_diag_source(rd->source), d->code,
                         d->file ? d->file : "", d->line, d->column, d->message);
        issue(sb, opts, written, d->code, tp_strbuf_cstr(text), tp_strbuf_cstr(key), key->len,
              tp_report_diag_gitlab_severity(d), "Bug Risk", d->file ? d->file : fallback, d->line);
    }
}

/* Rules that checked nothing, located at the rule, when that fails the run. */
static void unchecked_issues(tp_strbuf *sb, const tp_result *r, const tp_report_options *opts,
                             tp_strbuf *text, tp_strbuf *key, size_t *written)
{
    for (tp_unchecked u = {0}; r->opts.fail_on_unchecked && tp_report_next_unchecked(r, &u);) {
        tp_strbuf_reset(text);
        tp_strbuf_printf(text, "%s (checked nothing): ", u.info.id);
        tp_report_unchecked_message(text, r, u.input, &u.info);
        tp_strbuf_reset(key);
        tp_strbuf_printf(key, "checked-nothing|%s|%s", u.info.id, tp_result_input_name(r, u.input));
        issue(sb, opts, written, u.info.id, tp_strbuf_cstr(text), tp_strbuf_cstr(key), key->len,
              "major", "Bug Risk", u.info.file, u.info.line);
    }
}

int tp_report_gitlab(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    tp_strbuf *sb = &sink->sb;
    tp_strbuf text, key;
    tp_strbuf_init(&text, &r->mem);
    tp_strbuf_init(&key, &r->mem);
    tp_strbuf_putc(sb, '[');
    size_t written = 0;
    diag_issues(sb, r, opts, &text, &key, &written);
    unchecked_issues(sb, r, opts, &text, &key, &written);
    tp_summary s;
    tp_result_summary(&s, r);
    if (s.dropped) { /* at the first input: the report is about it */
        tp_strbuf_reset(&text);
        tp_report_left_out_message(&text, r);
        issue(sb, opts, &written, "tokpol.left-out", tp_strbuf_cstr(&text), "left-out", 8, "info",
              "Clarity", tp_result_input_name(r, 0), 1);
    }
    int failed = text.failed || key.failed;
    tp_strbuf_free(&text);
    tp_strbuf_free(&key);
    if (failed)
        return TP_ENOMEM;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (f->status == TP_FINDING_WAIVED || f->status == TP_FINDING_BASELINE)
            continue; /* accepted or already known: not news for a merge request */
        tp_report_place at = tp_report_place_of(f);
        tp_strbuf_puts(sb, written++ ? ",\n  {\"description\": " : "\n  {\"description\": ");
        tp_strbuf_putc(sb, '"');
        tp_escape_json(sb, f->rule);
        tp_strbuf_printf(sb, "%s: ", f->status == TP_FINDING_ERROR ? " (error)" : "");
        tp_escape_json(sb, f->message);
        tp_strbuf_puts(sb, "\", \"check_name\": ");
        tp_escape_json_string(sb, f->rule);
        tp_strbuf_puts(sb, ", \"fingerprint\": ");
        tp_escape_json_string(sb, f->fingerprint);
        tp_strbuf_printf(sb, ", \"severity\": \"%s\", \"categories\": [\"Security\"]",
                         f->status == TP_FINDING_ERROR ? "major"
                                                       : tp_severity_names_of(f->severity)->gitlab);
        location(sb, opts, at.file, at.line);
        tp_sink_flush(sink, 0);
    }
    tp_strbuf_puts(sb, written ? "\n]\n" : "]\n");
    return tp_sink_status(sink);
}
