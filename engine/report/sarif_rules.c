/* The rules of a SARIF report (tool.driver.rules): what code scanning shows about a rule next to
 * each alert. The text comes from the rule's clauses (title, description, rationale, example,
 * remediation) and the page about it from its pack's `docs`. */
#include <stdint.h>
#include <string.h>

#include "base/redact.h"
#include "report/escape.h"
#include "report/sarif.h"

/* Where the waiver.* checks are documented. */
#define WAIVERS_URI "https://tokpol.dev/docs/language.md#waivers"

size_t tp_sarif_collect_rules(const tp_result *r, tp_sarif_rule *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_plan_rule_count(r->plan) && n < max; i++) {
        tp_rule_info info;
        tp_plan_rule(&info, r->plan, i);
        out[n++] = (tp_sarif_rule){info.id, info.title, info.remediation, info.severity, i};
    }
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        size_t k = 0;
        while (k < n && strcmp(out[k].id, f->rule) != 0)
            k++;
        if (k == n && n < max)
            out[n++] = (tp_sarif_rule){f->rule, f->title, f->remediation, f->severity, SIZE_MAX};
    }
    return n;
}

/* PascalCase of a title, for reportingDescriptor.name: "No team-owner tokens in CI" ->
 * "NoTeamOwnerTokensInCi" (an upper-case run would not be Pascal case). Credentials are masked
 * first: changing case and dropping punctuation would hide them from the scanner. */
static void pascal(tp_strbuf *sb, const char *title)
{
    tp_strbuf masked;
    size_t len;
    tp_strbuf_init(&masked, sb->mem);
    const char *text = tp_redact_view(&masked, title, strlen(title), &len);
    int start = 1;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
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
    tp_strbuf_free(&masked);
}

/* What one rule's documentation says: each part may be NULL. */
typedef struct rule_doc {
    const char *description, *rationale, *example, *remediation, *uri;
} rule_doc;

static rule_doc doc_of(const tp_result *r, const tp_sarif_rule *rule)
{
    rule_doc d = {NULL, NULL, NULL, rule->remediation, NULL};
    if (rule->plan_index == SIZE_MAX) {
        d.uri = strncmp(rule->id, "waiver.", 7) == 0 ? WAIVERS_URI : NULL;
        return d;
    }
    d.description = tp_plan_rule_doc(r->plan, rule->plan_index, TP_RULE_DESCRIPTION);
    d.rationale = tp_plan_rule_doc(r->plan, rule->plan_index, TP_RULE_RATIONALE);
    d.example = tp_plan_rule_doc(r->plan, rule->plan_index, TP_RULE_EXAMPLE);
    d.uri = tp_plan_rule_doc(r->plan, rule->plan_index, TP_RULE_HELP_URI);
    return d;
}

/* What it checks and why: the description and the rationale, else the title. */
static void full_description(tp_strbuf *out, const tp_sarif_rule *rule, const rule_doc *d)
{
    tp_strbuf_puts(out, d->description ? d->description : rule->title);
    if (d->rationale) {
        tp_strbuf_putc(out, ' ');
        tp_strbuf_puts(out, d->rationale);
    }
}

static void help_text(tp_strbuf *out, const tp_sarif_rule *rule, const rule_doc *d)
{
    full_description(out, rule, d);
    if (d->example)
        tp_strbuf_printf(out, "\n\nExample: %s", d->example);
    if (d->remediation)
        tp_strbuf_printf(out, "\n\nHow to fix it: %s", d->remediation);
    if (d->uri)
        tp_strbuf_printf(out, "\n\nMore: %s", d->uri);
}

/* A paragraph of help Markdown: a bold lead and policy text, escaped (policies may be a third
 * party's). */
static void md_part(tp_strbuf *out, const char *lead, const char *text)
{
    if (!text)
        return;
    if (lead)
        tp_strbuf_printf(out, "\n\n**%s** ", lead);
    tp_escape_md_cell(out, text);
}

static void help_markdown(tp_strbuf *out, const tp_sarif_rule *rule, const rule_doc *d)
{
    tp_strbuf_puts(out, "**");
    tp_escape_md_cell(out, rule->title);
    tp_strbuf_printf(out, "** (%s)\n\n", tp_severity_name(rule->severity));
    md_part(out, NULL, d->description ? d->description : rule->title);
    md_part(out, "Why it matters.", d->rationale);
    md_part(out, "Example.", d->example);
    md_part(out, "How to fix it.", d->remediation);
    if (d->uri) {
        tp_strbuf_puts(out, "\n\n[The rule's documentation](");
        tp_escape_url(out, d->uri);
        tp_strbuf_putc(out, ')');
    }
}

void tp_sarif_write_rule(tp_strbuf *sb, const tp_result *r, const tp_sarif_rule *rule,
                         tp_strbuf *scratch, int first)
{
    rule_doc d = doc_of(r, rule);
    tp_strbuf_puts(sb, first ? "\n          {\"id\": " : ",\n          {\"id\": ");
    tp_escape_json_string(sb, rule->id);
    tp_strbuf_puts(sb, ", \"name\": \"");
    pascal(sb, rule->title);
    tp_strbuf_puts(sb, "\", \"shortDescription\": {\"text\": ");
    tp_escape_json_string(sb, rule->title);
    tp_strbuf_reset(scratch);
    full_description(scratch, rule, &d);
    tp_strbuf_puts(sb, "}, \"fullDescription\": {\"text\": ");
    tp_escape_json_string(sb, tp_strbuf_cstr(scratch));
    tp_strbuf_reset(scratch);
    help_text(scratch, rule, &d);
    tp_strbuf_puts(sb, "}, \"help\": {\"text\": ");
    tp_escape_json_string(sb, tp_strbuf_cstr(scratch));
    tp_strbuf_reset(scratch);
    help_markdown(scratch, rule, &d);
    tp_strbuf_puts(sb, ", \"markdown\": ");
    tp_escape_json_string(sb, tp_strbuf_cstr(scratch));
    tp_strbuf_putc(sb, '}');
    if (d.uri) {
        tp_strbuf_puts(sb, ", \"helpUri\": ");
        tp_escape_json_string(sb, d.uri);
    }
    const tp_severity_names *names = tp_severity_names_of(rule->severity);
    tp_strbuf_printf(sb,
                     ", \"defaultConfiguration\": {\"level\": \"%s\"}, \"properties\": "
                     "{\"security-severity\": \"%s\", \"tags\": [\"security\"], "
                     "\"precision\": \"very-high\"}}",
                     names->sarif_level, names->sarif_score);
}
