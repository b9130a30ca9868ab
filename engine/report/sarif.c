/* SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, ...): one run, a rules[] entry per rule,
 * results located in the input file, waived findings as suppressions; diagnostics and rules that
 * checked nothing as tool execution notifications of the one invocation, which did not succeed
 * when nothing could be checked. */
#include <string.h>

#include "report/escape.h"
#include "report/report.h"

static const char *level(tp_severity s)
{
    return tp_severity_names_of(s)->sarif_level;
}

static const char *security_severity(tp_severity s)
{
    return tp_severity_names_of(s)->sarif_score;
}

/* PascalCase of a title, for reportingDescriptor.name: "No team-owner tokens in CI" ->
 * "NoTeamOwnerTokensInCi" (an upper-case run would not be Pascal case). */
static void pascal(tp_strbuf *sb, const char *title)
{
    int start = 1;
    for (const char *p = title; *p; p++) {
        char c = *p;
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum) {
            start = 1;
            continue;
        }
        if (start && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        else if (!start && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        tp_strbuf_putc(sb, c);
        start = 0;
    }
}

/* The rules a report describes: the plan's, then waiver.* rules that have findings. */
typedef struct rule_ref {
    const char *id, *title, *help;
    tp_severity severity;
} rule_ref;

static size_t collect_rules(const tp_result *r, const tp_plan *plan, rule_ref *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_plan_rule_count(plan) && n < max; i++) {
        tp_rule_info info;
        tp_plan_rule(&info, plan, i);
        out[n++] = (rule_ref){info.id, info.title, info.remediation, info.severity};
    }
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        size_t k = 0;
        while (k < n && strcmp(out[k].id, f->rule) != 0)
            k++;
        if (k == n && n < max)
            out[n++] = (rule_ref){f->rule, f->title, f->remediation, f->severity};
    }
    return n;
}

static void write_rule(tp_strbuf *sb, const rule_ref *rr, int first)
{
    tp_strbuf_puts(sb, first ? "\n          {\"id\": " : ",\n          {\"id\": ");
    tp_escape_json_string(sb, rr->id);
    tp_strbuf_puts(sb, ", \"name\": \"");
    pascal(sb, rr->title);
    tp_strbuf_puts(sb, "\", \"shortDescription\": {\"text\": ");
    tp_escape_json_string(sb, rr->title);
    tp_strbuf_puts(sb, "}, \"fullDescription\": {\"text\": ");
    tp_escape_json_string(sb, rr->help ? rr->help : rr->title);
    tp_strbuf_puts(sb, "}, \"help\": {\"text\": ");
    tp_escape_json_string(sb, rr->help ? rr->help : rr->title);
    tp_strbuf_printf(sb,
                     "}, \"defaultConfiguration\": {\"level\": \"%s\"}, \"properties\": "
                     "{\"security-severity\": \"%s\", \"tags\": [\"security\"], "
                     "\"precision\": \"very-high\"}}",
                     level(rr->severity), security_severity(rr->severity));
}

/* "physicalLocation": a file, with a region when the line is known. */
static void physical(tp_strbuf *sb, const char *file, unsigned line, unsigned column,
                     unsigned end_line, unsigned end_column)
{
    tp_strbuf_puts(sb, "\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"");
    tp_escape_uri(sb, file);
    tp_strbuf_puts(sb, "\"}");
    if (line) {
        tp_strbuf_printf(sb, ", \"region\": {\"startLine\": %u, \"startColumn\": %u", line,
                         column ? column : 1);
        if (end_line > line || (end_line == line && end_column > column))
            tp_strbuf_printf(sb, ", \"endLine\": %u, \"endColumn\": %u", end_line, end_column);
        tp_strbuf_putc(sb, '}');
    }
    tp_strbuf_putc(sb, '}');
}

static void write_result(tp_strbuf *sb, const tp_finding *f, size_t rule_index, int first)
{
    tp_strbuf_puts(sb, first ? "\n        {\"ruleId\": " : ",\n        {\"ruleId\": ");
    tp_escape_json_string(sb, f->rule);
    tp_strbuf_printf(sb, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ",
                     rule_index, f->status == TP_FINDING_ERROR ? "error" : level(f->severity));
    tp_escape_json_string(sb, f->message);
    tp_strbuf_puts(sb, "}, \"locations\": [{");
    tp_report_place at = tp_report_place_of(f);
    physical(sb, at.file, at.line, at.column, 0, 0);
    if (*f->pointer) {
        tp_strbuf_puts(sb, ", \"logicalLocations\": [{\"fullyQualifiedName\": ");
        tp_escape_json_string(sb, f->pointer);
        tp_strbuf_puts(sb, ", \"kind\": \"object\"}]");
    }
    tp_strbuf_puts(sb, "}], \"partialFingerprints\": {\"tokpolFingerprint/v1\": ");
    tp_escape_json_string(sb, f->fingerprint);
    tp_strbuf_puts(sb, "}, \"properties\": {\"subject\": ");
    tp_escape_json_string(sb, f->subject);
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

/* A diagnostic as a tool execution notification. */
static void write_notification(tp_strbuf *sb, const tp_run_diag *rd, int first)
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
        physical(sb, d->file, d->line, d->column, d->end_line, d->end_column);
        tp_strbuf_puts(sb, "}]");
    }
    tp_strbuf_printf(sb, ", \"properties\": {\"source\": \"%s\"}}",
                     tp_report_diag_source(rd->source));
}

/* A rule that checked nothing in an input, as a notification about that rule. */
static void write_unchecked(tp_strbuf *sb, const tp_result *r, const tp_unchecked *u,
                            tp_strbuf *scratch, int first)
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
    physical(sb, info->file, info->line, info->column, 0, 0);
    tp_strbuf_puts(sb, "}]}");
}

/* The one invocation: whether tokpol could check what it was asked to, and what went wrong. */
static void write_invocation(tp_strbuf *sb, const tp_result *r)
{
    tp_verdict v = tp_result_verdict(r);
    int ok = v != TP_VERDICT_POLICY_ERROR && v != TP_VERDICT_INPUT_ERROR && v != TP_VERDICT_NONE;
    tp_strbuf_printf(sb,
                     "      \"invocations\": [{\"executionSuccessful\": %s, "
                     "\"toolExecutionNotifications\": [",
                     ok ? "true" : "false");
    size_t n = 0;
    for (size_t i = 0; i < tp_result_diag_count(r); i++)
        write_notification(sb, tp_result_diag(r, i), n++ == 0);
    tp_strbuf scratch;
    tp_strbuf_init(&scratch, &r->mem);
    for (tp_unchecked u = {0}; tp_report_next_unchecked(r, &u);)
        write_unchecked(sb, r, &u, &scratch, n++ == 0);
    tp_summary s;
    tp_result_summary(&s, r);
    if (s.dropped) {
        tp_strbuf_reset(&scratch);
        tp_report_left_out_message(&scratch, r);
        tp_strbuf_printf(sb, "%s{\"level\": \"note\", \"message\": {\"text\": ",
                         n++ ? ",\n        " : "\n        ");
        tp_escape_json_string(sb, tp_strbuf_cstr(&scratch));
        tp_strbuf_puts(sb, "}, \"descriptor\": {\"id\": \"left-out\"}}");
    }
    if (scratch.failed)
        sb->failed = 1;
    tp_strbuf_free(&scratch);
    tp_strbuf_printf(sb, "%s], \"properties\": {\"verdict\": \"%s\", \"leftOut\": %zu",
                     n ? "\n      " : "", tp_verdict_name(v), s.dropped);
    if (tp_result_now(r)) {
        char now[40];
        tp_report_now(r, now);
        tp_strbuf_printf(sb, ", \"now\": \"%s\"", now);
    }
    tp_strbuf_puts(sb, "}}],\n");
}

int tp_report_sarif(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    const tp_plan *plan = r->plan;
    (void)opts;
    tp_strbuf *sb = &sink->sb;
    size_t max = tp_plan_rule_count(plan) + 3;
    rule_ref *rules = tp_mem_alloc(&r->mem, max * sizeof *rules);
    if (!rules)
        return TP_ENOMEM;
    size_t nrules = collect_rules(r, plan, rules, max);
    tp_strbuf_printf(sb,
                     "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                     "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n"
                     "        \"driver\": {\"name\": \"tokpol\", \"version\": \"%s\", "
                     "\"semanticVersion\": \"%s\", \"informationUri\": \"https://tokpol.dev\", "
                     "\"rules\": [",
                     tp_version(), tp_version());
    for (size_t i = 0; i < nrules; i++)
        write_rule(sb, &rules[i], i == 0);
    tp_strbuf_printf(sb, "%s]}\n      },\n", nrules ? "\n        " : "");
    write_invocation(sb, r);
    tp_strbuf_puts(sb, "      \"results\": [");
    size_t n = tp_result_finding_count(r);
    for (size_t i = 0; i < n; i++) {
        const tp_finding *f = tp_result_finding(r, i);
        size_t k = 0;
        while (k < nrules && strcmp(rules[k].id, f->rule) != 0)
            k++;
        write_result(sb, f, k, i == 0);
        tp_sink_flush(sink, 0);
    }
    tp_strbuf_puts(sb, n ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
    tp_mem_free(&r->mem, rules);
    return tp_sink_status(sink);
}
