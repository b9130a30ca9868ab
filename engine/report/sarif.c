/* SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, ...): one run, a rules[] entry per rule,
 * results located in the input file, waived findings as suppressions; diagnostics and rules that
 * checked nothing as tool execution notifications of the one invocation, which did not succeed
 * when nothing could be checked. */
#include <string.h>

#include "report/batches.h"
#include "report/escape.h"
#include "report/sarif.h"

static const char *level(tp_severity s)
{
    return tp_severity_names_of(s)->sarif_level;
}

/* "physicalLocation": a file, with a region when the line is known. A file of the repository is
 * a URI relative to %SRCROOT%; another absolute path a file:// URI. */
static void physical(tp_strbuf *sb, const tp_report_options *opts, const char *file, unsigned line,
                     unsigned column, unsigned end_line, unsigned end_column)
{
    int relative;
    const char *path = tp_report_path(file, opts, &relative);
    tp_strbuf_puts(sb, "\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"");
    tp_escape_uri(sb, path);
    tp_strbuf_puts(sb, relative ? "\", \"uriBaseId\": \"%SRCROOT%\"}" : "\"}");
    if (line) {
        tp_strbuf_printf(sb, ", \"region\": {\"startLine\": %u, \"startColumn\": %u", line,
                         column ? column : 1);
        if (end_line > line || (end_line == line && end_column > column))
            tp_strbuf_printf(sb, ", \"endLine\": %u, \"endColumn\": %u", end_line, end_column);
        tp_strbuf_putc(sb, '}');
    }
    tp_strbuf_putc(sb, '}');
}

static void write_result(tp_strbuf *sb, const tp_report_options *opts, const tp_finding *f,
                         size_t rule_index, int first)
{
    tp_strbuf_puts(sb, first ? "\n        {\"ruleId\": " : ",\n        {\"ruleId\": ");
    tp_escape_json_string(sb, f->rule);
    tp_strbuf_printf(sb, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ",
                     rule_index, f->status == TP_FINDING_ERROR ? "error" : level(f->severity));
    tp_escape_json_shown(sb, f->message);
    tp_strbuf_puts(sb, "}, \"locations\": [{");
    tp_report_place at = tp_report_place_of(f);
    physical(sb, opts, at.file, at.line, at.column, 0, 0);
    if (*f->pointer) {
        tp_strbuf_puts(sb, ", \"logicalLocations\": [{\"fullyQualifiedName\": ");
        tp_escape_json_shown(sb, f->pointer);
        tp_strbuf_puts(sb, ", \"kind\": \"object\"}]");
    }
    tp_strbuf_puts(sb, "}], \"partialFingerprints\": {\"tokpolFingerprint/v1\": ");
    tp_escape_json_string(sb, f->fingerprint);
    tp_strbuf_puts(sb, "}, \"properties\": {\"subject\": ");
    tp_escape_json_shown(sb, f->subject);
    tp_strbuf_printf(sb, ", \"status\": \"%s\"}", tp_finding_status_name(f->status));
    if (f->status == TP_FINDING_BASELINE)
        tp_strbuf_puts(sb, ", \"baselineState\": \"unchanged\"");
    if (f->status == TP_FINDING_WAIVED && f->waiver) {
        tp_strbuf_puts(sb, ", \"suppressions\": [{\"kind\": \"external\", \"status\": "
                           "\"accepted\", \"justification\": ");
        tp_escape_json_string(sb, f->waiver->reason ? f->waiver->reason : "");
        tp_strbuf_puts(sb, "}]");
    }
    tp_strbuf_putc(sb, '}');
}

/* What writing a result needs besides the finding. */
typedef struct results_of {
    const tp_result *r;
    const tp_report_options *opts;
    const tp_sarif_rule *rules;
    size_t nrules;
} results_of;

/* The result of finding i, with the index of its rule in rules[]. */
static void write_nth(tp_strbuf *sb, size_t i, void *state, const void *arg)
{
    (void)state;
    const results_of *of = arg;
    const tp_finding *f = tp_result_finding(of->r, i);
    size_t k = 0;
    while (k < of->nrules && strcmp(of->rules[k].id, f->rule) != 0)
        k++;
    write_result(sb, of->opts, f, k, i == 0);
}

/* A diagnostic as a tool execution notification. */
static void write_notification(tp_strbuf *sb, const tp_report_options *opts, const tp_run_diag *rd,
                               int first)
{
    const tp_diag *d = &rd->diag;
    tp_strbuf_printf(sb, "%s{\"level\": \"%s\", \"message\": {\"text\": \"",
                     first ? "\n        " : ",\n        ", tp_report_diag_sarif_level(d));
    tp_escape_json(sb, d->message);
    if (d->hint) {
        tp_strbuf_puts(sb, " (");
        tp_escape_json(sb, d->hint);
        tp_strbuf_putc(sb, ')');
    }
    tp_strbuf_puts(sb, "\"}, \"descriptor\": {\"id\": ");
    tp_escape_json_string(sb, d->code);
    tp_strbuf_putc(sb, '}');
    if (d->file) {
        tp_strbuf_puts(sb, ", \"locations\": [{");
        physical(sb, opts, d->file, d->line, d->column, d->end_line, d->end_column);
        tp_strbuf_puts(sb, "}]");
    }
    tp_strbuf_printf(sb, ", \"properties\": {\"source\": \"%s\"}}",
                     tp_report_diag_source(rd->source));
}

/* A rule that checked nothing in an input, as a notification about that rule. */
static void write_unchecked(tp_strbuf *sb, const tp_result *r, const tp_report_options *opts,
                            const tp_unchecked *u, tp_strbuf *scratch, int first)
{
    const tp_rule_info *info = &u->info;
    tp_strbuf_reset(scratch);
    tp_report_unchecked_message(scratch, r, u->input, info);
    tp_strbuf_printf(
        sb, "%s{\"level\": \"%s\", \"message\": {\"text\": ", first ? "\n        " : ",\n        ",
        r->opts.fail_on_unchecked ? "error" : "note");
    tp_escape_json_string(sb, tp_strbuf_cstr(scratch));
    tp_strbuf_puts(sb, "}, \"descriptor\": {\"id\": \"checked-nothing\"}, \"associatedRule\": "
                       "{\"id\": ");
    tp_escape_json_string(sb, info->id);
    tp_strbuf_printf(sb, ", \"index\": %zu}, \"locations\": [{", u->rule);
    physical(sb, opts, info->file, info->line, info->column, 0, 0);
    tp_strbuf_puts(sb, "}]}");
}

/* `"NAME": {"uri": "file:///ROOT/"}`: a directory as an absolute file URI. */
static void write_root(tp_strbuf *sb, const char *name, const char *root)
{
    tp_strbuf_printf(sb, "\"%s\": {\"uri\": \"", name);
    tp_escape_uri(sb, root);
    size_t len = strlen(root);
    tp_strbuf_puts(sb, len && root[len - 1] == '/' ? "\"}" : "/\"}");
}

/* The one invocation: whether tokpol could check what it was asked to, and what went wrong. */
static void write_invocation(tp_strbuf *sb, const tp_result *r, const tp_report_options *opts,
                             tp_strbuf *scratch)
{
    tp_verdict v = tp_result_verdict(r);
    int ok = v != TP_VERDICT_POLICY_ERROR && v != TP_VERDICT_INPUT_ERROR && v != TP_VERDICT_NONE;
    tp_strbuf_printf(sb, "      \"invocations\": [{\"executionSuccessful\": %s, ",
                     ok ? "true" : "false");
    if (opts->srcroot) { /* where absolute paths are resolved from: GitHub's checkout path */
        write_root(sb, "workingDirectory", opts->srcroot);
        tp_strbuf_puts(sb, ", ");
    }
    tp_strbuf_puts(sb, "\"toolExecutionNotifications\": [");
    size_t n = 0;
    for (size_t i = 0; i < tp_result_diag_count(r); i++)
        write_notification(sb, opts, tp_result_diag(r, i), n++ == 0);
    for (tp_unchecked u = {0}; tp_report_next_unchecked(r, &u);)
        write_unchecked(sb, r, opts, &u, scratch, n++ == 0);
    size_t diags_left_out = tp_result_diags_left_out(r);
    if (diags_left_out) /* the list above is not all there was */
        tp_strbuf_printf(sb,
                         "%s{\"level\": \"note\", \"message\": {\"text\": \"%zu more "
                         "diagnostic%s found but not listed (--max-errors lists at most that many "
                         "errors, and warnings, per policy file)\"}, \"descriptor\": {\"id\": "
                         "\"diagnostics-left-out\"}}",
                         n++ ? ",\n        " : "\n        ", diags_left_out,
                         diags_left_out == 1 ? "" : "s");
    tp_summary s;
    tp_result_summary(&s, r);
    if (s.dropped) {
        tp_strbuf_reset(scratch);
        tp_report_left_out_message(scratch, r);
        tp_strbuf_printf(sb, "%s{\"level\": \"note\", \"message\": {\"text\": ",
                         n++ ? ",\n        " : "\n        ");
        tp_escape_json_string(sb, tp_strbuf_cstr(scratch));
        tp_strbuf_puts(sb, "}, \"descriptor\": {\"id\": \"left-out\"}}");
    }
    tp_strbuf_printf(sb,
                     "%s], \"properties\": {\"verdict\": \"%s\", \"leftOut\": %zu, "
                     "\"diagnosticsLeftOut\": %zu",
                     n ? "\n      " : "", tp_verdict_name(v), s.dropped, diags_left_out);
    if (tp_result_now(r)) {
        char now[40];
        tp_report_now(r, now);
        tp_strbuf_printf(sb, ", \"now\": \"%s\"", now);
    }
    tp_strbuf_puts(sb, "}}],\n");
}

int tp_report_sarif(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    tp_strbuf *sb = &sink->sb;
    size_t max = tp_plan_rule_count(r->plan) + 3;
    tp_sarif_rule *rules = tp_mem_alloc(&r->mem, max * sizeof *rules);
    if (!rules)
        return TP_ENOMEM;
    size_t nrules = tp_sarif_collect_rules(r, rules, max);
    tp_strbuf scratch;
    tp_strbuf_init(&scratch, &r->mem);
    tp_strbuf_printf(sb,
                     "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                     "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n"
                     "        \"driver\": {\"name\": \"tokpol\", \"version\": \"%s\", "
                     "\"semanticVersion\": \"%s\", \"informationUri\": \"https://tokpol.dev\", "
                     "\"rules\": [",
                     tp_version(), tp_version());
    for (size_t i = 0; i < nrules; i++)
        tp_sarif_write_rule(sb, r, &rules[i], &scratch, i == 0);
    tp_strbuf_printf(sb, "%s]}\n      },\n", nrules ? "\n        " : "");
    if (opts->srcroot) {
        tp_strbuf_puts(sb, "      \"originalUriBaseIds\": {");
        write_root(sb, "%SRCROOT%", opts->srcroot);
        tp_strbuf_puts(sb, "},\n");
    }
    write_invocation(sb, r, opts, &scratch);
    tp_strbuf_puts(sb, "      \"results\": [");
    size_t n = tp_result_finding_count(r);
    results_of of = {r, opts, rules, nrules};
    tp_batch_writer w = {write_nth, NULL, NULL, 0, &of};
    tp_report_batches(sink, n, opts->threads, &w);
    tp_strbuf_puts(sb, n ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
    tp_mem_free(&r->mem, rules);
    int failed = scratch.failed;
    tp_strbuf_free(&scratch);
    return failed ? TP_ENOMEM : tp_sink_status(sink);
}
