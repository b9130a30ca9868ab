/* The HTML audit report's findings: filters and grouping on screen, and a row per finding, worst
 * first across every input, with its status, its fix or waiver, the evidence the rule saw and
 * where the record and the rule are. */
#include <string.h>

#include "base/datetime.h"
#include "base/redact.h"
#include "report/escape.h"
#include "report/html.h"

/* How a row names its status: a failure at info is a notice, not a failure. */
static const char *status_label(const tp_finding *f)
{
    if (f->status == TP_FINDING_FAIL && f->severity == TP_SEVERITY_INFO)
        return "notice";
    return f->status == TP_FINDING_BASELINE ? "known" : tp_finding_status_name(f->status);
}

/* The evidence field names findings carry, most carried first: what rows can be grouped by. A
 * name whose value is always the subject (a record's id) groups nothing the subject does not. */
#define MAX_FACETS 24
typedef struct facet {
    const char *name;
    size_t findings;
    int differs; /* some value is not the finding's subject */
} facet;

static size_t collect_facets(const tp_result *r, facet *out)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        for (size_t e = 0; e < f->nevidence; e++) {
            const tp_evidence *ev = &f->evidence[e];
            if (e > 0 && ev->item && strcmp(f->evidence[e - 1].name, ev->name) == 0) {
                out[n - 1].differs |= strcmp(ev->value, f->subject) != 0;
                continue; /* counted with the list's first item */
            }
            size_t k = 0;
            while (k < n && strcmp(out[k].name, ev->name) != 0)
                k++;
            if (k == n && n == MAX_FACETS)
                continue;
            if (k == n)
                out[n++] = (facet){ev->name, 0, 0};
            out[k].findings++;
            out[k].differs |= strcmp(ev->value, f->subject) != 0;
        }
    }
    /* Most carried first; a stable insertion sort, there are few. */
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && out[k].findings > out[k - 1].findings; k--) {
            facet t = out[k];
            out[k] = out[k - 1];
            out[k - 1] = t;
        }
    return n;
}

/* An evidence name as a data attribute's suffix: lower case, anything but letters, digits, '-',
 * '_' and '.' as '-'; credentials masked before the case changes. */
static void attr_name(tp_strbuf *sb, const char *name)
{
    tp_strbuf masked;
    size_t len;
    tp_strbuf_init(&masked, sb->mem);
    const char *text = tp_redact_view(&masked, name, strlen(name), &len);
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        int ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        tp_strbuf_putc(sb, ok ? c : c >= 'A' && c <= 'Z' ? (char)(c + 32) : '-');
    }
    tp_strbuf_free(&masked);
}

static void select_open(tp_strbuf *sb, const char *id, const char *label)
{
    tp_strbuf_printf(sb, "<label for=\"%s\">%s</label> <select id=\"%s\">", id, label, id);
}

static void option(tp_strbuf *sb, const char *value, const char *label)
{
    tp_strbuf_puts(sb, "<option value=\"");
    tp_html_text(sb, value);
    tp_strbuf_puts(sb, "\">");
    tp_html_text(sb, label);
    tp_strbuf_puts(sb, "</option>");
}

static void controls(tp_strbuf *sb, const tp_result *r)
{
    facet facets[MAX_FACETS];
    size_t nfacets = collect_facets(r, facets);
    tp_strbuf_puts(sb, "<div class=\"controls\" role=\"group\" aria-label=\"Filter and group the "
                       "findings\">\n");
    select_open(sb, "f-group", "Group by");
    option(sb, "", "nothing");
    option(sb, "rule", "rule");
    option(sb, "subject", "subject");
    for (size_t i = 0; i < nfacets; i++) {
        if (!facets[i].differs)
            continue;
        tp_strbuf_puts(sb, "<option value=\"");
        attr_name(sb, facets[i].name);
        tp_strbuf_puts(sb, "\">");
        tp_html_text(sb, facets[i].name);
        tp_strbuf_puts(sb, "</option>");
    }
    tp_strbuf_puts(sb, "</select>\n");
    select_open(sb, "f-severity", "Severity");
    option(sb, "", "all");
    for (int sev = TP_SEVERITY_CRITICAL; sev >= TP_SEVERITY_INFO; sev--)
        option(sb, tp_severity_name((tp_severity)sev), tp_severity_name((tp_severity)sev));
    tp_strbuf_puts(sb, "</select>\n");
    select_open(sb, "f-status", "Status");
    option(sb, "", "all");
    for (int st = 0; st < TP_FINDING_STATUS_COUNT; st++)
        option(sb, tp_finding_status_name((tp_finding_status)st),
               tp_finding_status_name((tp_finding_status)st));
    tp_strbuf_puts(sb, "</select>\n");
    select_open(sb, "f-rule", "Rule");
    option(sb, "", "all");
    for (size_t i = 0; i < tp_plan_rule_count(r->plan); i++)
        option(sb, r->plan->rules[i].info.id, r->plan->rules[i].info.id);
    /* The waiver.* checks that reported something. */
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        size_t k = 0;
        while (k < i && strcmp(tp_result_finding(r, k)->rule, f->rule) != 0)
            k++;
        if (k == i && tp_report_about_waiver(f))
            option(sb, f->rule, f->rule);
    }
    tp_strbuf_puts(sb, "</select>\n</div>\n");
}

/* data-g-NAME="[&quot;v1&quot;,...]" per evidence name, for grouping: a JSON list, escaped as
 * an attribute. `json` is a work buffer. */
static void group_data(tp_strbuf *sb, const tp_finding *f, tp_strbuf *json)
{
    for (size_t e = 0; e < f->nevidence;) {
        const char *name = f->evidence[e].name;
        tp_strbuf_puts(sb, " data-g-");
        attr_name(sb, name);
        tp_strbuf_reset(json);
        tp_strbuf_putc(json, '[');
        size_t first = e;
        do {
            tp_strbuf_puts(json, e > first ? "," : "");
            tp_escape_json_string(json, f->evidence[e].value);
            e++;
        } while (e < f->nevidence && f->evidence[e].item && f->evidence[e - 1].item &&
                 strcmp(f->evidence[e].name, name) == 0);
        tp_strbuf_putc(json, ']');
        tp_strbuf_puts(sb, "=\"");
        tp_html_text(sb, tp_strbuf_cstr(json));
        tp_strbuf_putc(sb, '"');
    }
}

static void evidence_cell(tp_strbuf *sb, const tp_finding *f)
{
    tp_strbuf_puts(sb, "<td>");
    if (!f->nevidence) {
        tp_strbuf_puts(sb, "</td>");
        return;
    }
    tp_strbuf_puts(sb, "<dl class=\"evidence\">");
    for (size_t e = 0; e < f->nevidence; e++) {
        const tp_evidence *ev = &f->evidence[e];
        int continues = e > 0 && ev->item && f->evidence[e - 1].item &&
                        strcmp(f->evidence[e - 1].name, ev->name) == 0;
        if (continues) {
            tp_strbuf_puts(sb, ", ");
        } else {
            tp_strbuf_puts(sb, e ? "</dd><dt>" : "<dt>");
            tp_html_text(sb, ev->name);
            tp_strbuf_puts(sb, "</dt><dd>");
        }
        tp_html_text(sb, ev->value);
    }
    tp_strbuf_puts(sb, "</dd></dl></td>");
}

static void finding_row(tp_strbuf *sb, const tp_finding *f, size_t rank, tp_strbuf *json)
{
    const char *sev = tp_severity_name(f->severity);
    const char *status = tp_finding_status_name(f->status);
    tp_strbuf_printf(sb,
                     "<tr class=\"finding st-%s\" data-severity=\"%s\" data-status=\"%s\" "
                     "data-rule=\"",
                     status, sev, status);
    tp_html_text(sb, f->rule);
    tp_strbuf_puts(sb, "\" data-subject=\"");
    tp_html_text(sb, f->subject);
    tp_strbuf_puts(sb, "\" data-input=\"");
    tp_html_text(sb, f->input);
    tp_strbuf_putc(sb, '"');
    group_data(sb, f, json);
    /* Sort keys: the report's own order for severity, text elsewhere. */
    tp_strbuf_printf(sb, "><td data-key=\"%08zu\"><span class=\"sev %s\">%s</span>", rank, sev,
                     sev);
    tp_strbuf_printf(sb, "<span class=\"status\">%s</span></td>", status_label(f));
    tp_strbuf_puts(sb, "<th scope=\"row\"><code>");
    tp_html_text(sb, f->rule);
    tp_strbuf_puts(sb, "</code><br><span class=\"muted\">");
    tp_html_text(sb, f->title);
    if (!tp_report_about_waiver(f)) { /* where the rule is written */
        tp_strbuf_puts(sb, "<br>");
        tp_html_text(sb, f->policy_file);
        tp_strbuf_printf(sb, ":%u", f->policy_line);
    }
    tp_strbuf_puts(sb, "</span></th><td>");
    tp_html_text(sb, f->subject);
    tp_report_place at = tp_report_place_of(f); /* the record, or the waiver */
    tp_strbuf_puts(sb, "<br><span class=\"muted\">");
    tp_html_text(sb, at.file);
    if (at.line)
        tp_strbuf_printf(sb, ":%u", at.line);
    tp_strbuf_puts(sb, "</span></td><td>");
    tp_html_text(sb, f->message);
    if (f->waiver && f->status == TP_FINDING_WAIVED) {
        tp_strbuf_puts(sb, "<div class=\"waiver\"><strong>Waived</strong> ");
        tp_report_waiver_note(sb, f->waiver, tp_escape_xml);
        tp_strbuf_puts(sb, "</div>");
    }
    if (f->remediation && f->status != TP_FINDING_ERROR) {
        tp_strbuf_puts(sb, "<div class=\"fix\"><strong>Fix:</strong> ");
        tp_html_text(sb, f->remediation);
        tp_strbuf_puts(sb, "</div>");
    }
    tp_strbuf_puts(sb, "</td>");
    evidence_cell(sb, f);
    tp_strbuf_puts(sb, "</tr>\n");
}

void tp_html_findings(tp_sink *sink, const tp_result *r, const size_t *order)
{
    tp_strbuf *sb = &sink->sb;
    size_t n = tp_result_finding_count(r);
    tp_strbuf_printf(sb,
                     "<section id=\"findings-section\" aria-labelledby=\"h-findings\">\n"
                     "<h2 id=\"h-findings\">Findings, worst first (<span id=\"shown\">%zu</span> "
                     "of %zu)</h2>\n",
                     n, n);
    if (!n) {
        tp_strbuf_puts(sb, "<p>No findings.</p>\n</section>\n");
        return;
    }
    controls(sb, r);
    tp_strbuf_puts(sb, "<table id=\"findings\"><caption>Each finding: the rule, the subject and "
                       "where its record is, what is wrong and how to fix it, and the evidence "
                       "the rule saw (credentials redacted)</caption>\n<colgroup><col "
                       "class=\"c-sev\"><col class=\"c-rule\"><col class=\"c-subj\"><col>"
                       "<col class=\"c-ev\"></colgroup>\n<thead><tr>");
    static const char *const sortable[] = {"Severity", "Rule", "Subject"};
    for (size_t i = 0; i < 3; i++) /* a button to sort by it; printed pages show the label */
        tp_strbuf_printf(sb,
                         "<th scope=\"col\"><button type=\"button\">%s</button><span "
                         "class=\"print-label\">%s</span></th>",
                         sortable[i], sortable[i]);
    tp_strbuf_puts(sb, "<th scope=\"col\">Finding</th><th scope=\"col\">Evidence</th></tr>"
                       "</thead>\n<tbody>\n");
    tp_strbuf json;
    tp_strbuf_init(&json, &r->mem);
    for (size_t i = 0; i < n; i++) {
        finding_row(sb, tp_result_finding(r, order[i]), i, &json);
        tp_sink_flush(sink, 0);
    }
    if (json.failed)
        sb->failed = 1;
    tp_strbuf_free(&json);
    tp_strbuf_puts(sb, "</tbody></table>\n</section>\n");
}
