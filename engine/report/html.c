/* A self-contained HTML audit report: no external assets. Inputs, clock, policies, a severity
 * chart in inline SVG, findings that filter and sort (inline script; #severity=high&rule=LOK004
 * deep-links a filter), remediation, and the waivers with their owners and expiry; diagnostics
 * and rules that checked nothing when there are any. */
#include <string.h>

#include "report/escape.h"
#include "report/report.h"
#include "base/datetime.h"

static const char style[] =
    "<style>\n"
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em "
    "auto;max-width:1200px;color:#1d2330;padding:0 1em}\n"
    "h1{font-size:1.6em;margin:0}h2{margin-top:1.6em;border-bottom:1px solid "
    "#dde;padding-bottom:.2em}\n"
    ".verdict{display:inline-block;padding:.15em "
    ".6em;border-radius:4px;color:#fff;font-weight:600}\n"
    ".v-pass{background:#2e7d32}.v-fail{background:#c62828}.v-error,.v-none,.v-policy_error,"
    ".v-input_error{background:#6a1b9a}\n"
    "table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{text-align:left;padding:.35em "
    ".5em;"
    "border-bottom:1px solid "
    "#e4e6ee;vertical-align:top}th{background:#f3f4f8;cursor:pointer;user-select:none}\n"
    ".sev{font-weight:600;border-radius:3px;padding:0 .4em;color:#fff}.critical{background:#b71c1c}"
    ".high{background:#e53935}.medium{background:#fb8c00}.low{background:#1e88e5}.info{background:#"
    "78909c}\n"
    ".st-waived td,.st-baseline td{color:#777}.st-error "
    ".status{color:#6a1b9a;font-weight:600}code{font-size:.92em}\n"
    ".filters select{margin-right:1em}.meta "
    "td:first-child{width:12em;color:#555}.fix{color:#2e5d2e}\n"
    "</style>\n";

static const char script[] =
    "<script>\n"
    "(function(){\n"
    "var rows=[].slice.call(document.querySelectorAll('#findings tbody tr'));\n"
    "var "
    "sel={severity:document.getElementById('f-severity'),rule:document.getElementById('f-rule'),"
    "status:document.getElementById('f-status')};\n"
    "function apply(){var shown=0;rows.forEach(function(r){var "
    "ok=Object.keys(sel).every(function(k){"
    "return !sel[k].value||r.dataset[k]===sel[k].value;});r.hidden=!ok;if(ok)shown++;});"
    "document.getElementById('shown').textContent=shown;}\n"
    "Object.keys(sel).forEach(function(k){sel[k].addEventListener('change',apply);});\n"
    "location.hash.replace(/^#/,'').split('&').forEach(function(p){var kv=p.split('=');"
    "if(sel[kv[0]])sel[kv[0]].value=decodeURIComponent(kv[1]||'');});\n"
    "var dir={};[].slice.call(document.querySelectorAll('#findings th')).forEach(function(th,i){"
    "th.addEventListener('click',function(){dir[i]=-(dir[i]||-1);var "
    "body=rows[0]&&rows[0].parentNode;"
    "rows.sort(function(a,b){var x=a.children[i].dataset.key||a.children[i].textContent,"
    "y=b.children[i].dataset.key||b.children[i].textContent;return x<y?-dir[i]:x>y?dir[i]:0;});"
    "rows.forEach(function(r){body.appendChild(r);});});});\n"
    "apply();document.body.dataset.ready='1';\n"
    "})();\n"
    "</script>\n";

static void text(tp_strbuf *sb, const char *s)
{
    tp_escape_xml(sb, s);
}

static void chart(tp_strbuf *sb, size_t counts[TP_FINDING_STATUS_COUNT][TP_SEVERITY_COUNT])
{
    size_t max = 1;
    for (int sev = 0; sev < 5; sev++)
        if (counts[TP_FINDING_FAIL][sev] > max)
            max = counts[TP_FINDING_FAIL][sev];
    static const char *const colors[] = {"#78909c", "#1e88e5", "#fb8c00", "#e53935", "#b71c1c"};
    tp_strbuf_puts(sb, "<svg id=\"chart\" width=\"520\" height=\"170\" role=\"img\" "
                       "aria-label=\"failed findings by severity\">\n");
    for (int k = 0; k < 5; k++) {
        int sev = TP_SEVERITY_CRITICAL - k;
        size_t n = counts[TP_FINDING_FAIL][sev];
        unsigned h = (unsigned)(n * 120 / max);
        unsigned x = 20 + (unsigned)k * 100;
        tp_strbuf_printf(sb,
                         "<rect x=\"%u\" y=\"%u\" width=\"60\" height=\"%u\" fill=\"%s\"/>"
                         "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\">%zu</text>"
                         "<text x=\"%u\" y=\"165\" text-anchor=\"middle\">%s</text>\n",
                         x, 140 - h, h, colors[sev], x + 30, 135 - h, n, x + 30,
                         tp_severity_name((tp_severity)sev));
    }
    tp_strbuf_puts(sb, "</svg>\n");
}

static void options(tp_strbuf *sb, const char *id, const char *label, const char *const *values,
                    size_t n)
{
    tp_strbuf_printf(sb, "<label>%s <select id=\"%s\"><option value=\"\">all</option>", label, id);
    for (size_t i = 0; i < n; i++) {
        tp_strbuf_puts(sb, "<option>");
        text(sb, values[i]);
        tp_strbuf_puts(sb, "</option>");
    }
    tp_strbuf_puts(sb, "</select></label>\n");
}

static void finding_row(tp_strbuf *sb, const tp_finding *f)
{
    const char *sev = tp_severity_name(f->severity);
    tp_strbuf_printf(sb, "<tr class=\"st-%s\" data-severity=\"%s\" data-status=\"%s\" data-rule=\"",
                     tp_finding_status_name(f->status), sev, tp_finding_status_name(f->status));
    text(sb, f->rule);
    tp_strbuf_printf(sb, "\"><td data-key=\"%d\"><span class=\"sev %s\">%s</span></td>",
                     9 - (int)f->severity, sev, sev);
    tp_strbuf_printf(sb, "<td class=\"status\">%s</td><td><code>",
                     tp_finding_status_name(f->status));
    text(sb, f->rule);
    tp_strbuf_puts(sb, "</code></td><td>");
    text(sb, f->subject);
    tp_strbuf_puts(sb, "</td><td>");
    text(sb, f->message);
    if (f->status == TP_FINDING_WAIVED && f->waiver) {
        tp_strbuf_puts(sb, "<br><em>waived: ");
        text(sb, f->waiver->reason ? f->waiver->reason : "");
        tp_strbuf_puts(sb, "</em>");
    }
    if (f->remediation && f->status != TP_FINDING_ERROR) {
        tp_strbuf_puts(sb, "<div class=\"fix\">");
        text(sb, f->remediation);
        tp_strbuf_puts(sb, "</div>");
    }
    tp_strbuf_puts(sb, "</td><td>");
    text(sb, f->input);
    if (f->input_line)
        tp_strbuf_printf(sb, ":%u", f->input_line);
    tp_strbuf_puts(sb, "</td></tr>\n");
}

static void waivers(tp_strbuf *sb, const tp_result *r, const tp_plan *plan)
{
    size_t n = tp_plan_waiver_count(plan);
    tp_strbuf_printf(sb, "<h2>Waivers (%zu)</h2>\n", n);
    if (!n) {
        tp_strbuf_puts(sb, "<p>None.</p>\n");
        return;
    }
    tp_strbuf_puts(sb,
                   "<table id=\"waivers\"><thead><tr><th>Rule</th><th>Owner</th><th>Expires</th>"
                   "<th>State</th><th>Reason</th><th>Where</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const tp_waiver_info *w = tp_plan_waiver(plan, i);
        char when[40];
        tp_datetime_format(w->expires_us, when);
        tp_strbuf_puts(sb, "<tr><td><code>");
        text(sb, w->rule);
        tp_strbuf_puts(sb, "</code></td><td>");
        text(sb, w->owner ? w->owner : "");
        tp_strbuf_printf(sb, "</td><td>%s</td><td>%s</td><td>", when,
                         tp_result_now(r) >= w->expires_us ? "expired" : "active");
        text(sb, w->reason ? w->reason : "");
        tp_strbuf_puts(sb, "</td><td>");
        text(sb, w->file);
        tp_strbuf_printf(sb, ":%u</td></tr>\n", w->line);
    }
    tp_strbuf_puts(sb, "</tbody></table>\n");
}

/* Diagnostics recorded in the result, and rules that checked nothing: what went wrong around
 * the findings. */
static void diagnostics(tp_strbuf *sb, const tp_result *r)
{
    size_t n = tp_result_diag_count(r);
    if (!n)
        return;
    tp_strbuf_printf(sb,
                     "<h2>Diagnostics (%zu)</h2>\n<table id=\"diagnostics\"><thead><tr>"
                     "<th>Severity</th><th>Code</th><th>Where</th><th>Message</th></tr></thead>"
                     "<tbody>\n",
                     n);
    for (size_t i = 0; i < n; i++) {
        const tp_diag *d = &tp_result_diag(r, i)->diag;
        char where[600];
        tp_report_diag_where(d, where, sizeof where);
        tp_strbuf_printf(sb, "<tr class=\"diag-%s\"><td>%s</td><td><code>",
                         tp_report_diag_severity(d), tp_report_diag_severity(d));
        text(sb, d->code);
        tp_strbuf_puts(sb, "</code></td><td>");
        text(sb, where);
        tp_strbuf_puts(sb, "</td><td>");
        text(sb, d->message);
        if (d->hint) {
            tp_strbuf_puts(sb, "<div class=\"fix\">");
            text(sb, d->hint);
            tp_strbuf_puts(sb, "</div>");
        }
        tp_strbuf_puts(sb, "</td></tr>\n");
    }
    tp_strbuf_puts(sb, "</tbody></table>\n");
}

static void checked_nothing(tp_strbuf *sb, const tp_result *r)
{
    size_t n = tp_result_unchecked_count(r);
    if (!n)
        return;
    tp_strbuf_printf(sb,
                     "<h2>Rules that checked nothing (%zu)</h2>\n<p>No subject passed their "
                     "<code>for</code> and <code>where</code>%s.</p>\n<table id=\"unchecked\">"
                     "<thead><tr><th>Rule</th><th>Input</th><th>Where</th></tr></thead><tbody>\n",
                     n, r->opts.fail_on_unchecked ? "; this fails the run" : "");
    for (tp_unchecked u = {0}; tp_report_next_unchecked(r, &u);) {
        tp_strbuf_puts(sb, "<tr><td><code>");
        text(sb, u.info.id);
        tp_strbuf_puts(sb, "</code></td><td>");
        text(sb, tp_result_input_name(r, u.input));
        tp_strbuf_puts(sb, "</td><td>");
        text(sb, u.info.file);
        tp_strbuf_printf(sb, ":%u</td></tr>\n", u.info.line);
    }
    tp_strbuf_puts(sb, "</tbody></table>\n");
}

int tp_report_html(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    const tp_plan *plan = r->plan;
    (void)opts;
    tp_strbuf *sb = &sink->sb;
    size_t counts[TP_FINDING_STATUS_COUNT][TP_SEVERITY_COUNT];
    tp_report_counts(r, counts);
    tp_summary s;
    tp_result_summary(&s, r);
    char now[40] = "not evaluated";
    if (tp_result_now(r))
        tp_report_now(r, now);
    tp_verdict v = tp_result_verdict(r);
    const char *verdict = tp_report_verdict_label(v);
    tp_strbuf_printf(sb,
                     "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                     "<title>tokpol report: %s</title>\n%s</head><body>\n"
                     "<h1>tokpol audit report <span class=\"verdict v-%s\">%s</span></h1>\n",
                     verdict, style, tp_verdict_name(v), verdict);
    tp_strbuf reason;
    tp_strbuf_init(&reason, &r->mem);
    if (tp_report_verdict_reason(&reason, r)) {
        tp_strbuf_puts(sb, "<p class=\"reason\">");
        text(sb, tp_strbuf_cstr(&reason));
        tp_strbuf_puts(sb, "</p>\n");
    }
    if (reason.failed)
        sb->failed = 1;
    tp_strbuf_free(&reason);
    tp_strbuf_printf(sb,
                     "<table class=\"meta\"><tr><td>Clock</td><td>%s</td></tr>"
                     "<tr><td>Fails at</td><td>%s and above</td></tr>"
                     "<tr><td>Tool</td><td>tokpol %s</td></tr><tr><td>Inputs</td><td>",
                     now, tp_severity_name(r->opts.fail_on), tp_version());
    for (size_t i = 0; i < tp_result_input_count(r); i++) {
        tp_strbuf_puts(sb, i ? "<br>" : "");
        text(sb, tp_result_input_name(r, i));
        tp_strbuf_printf(sb, " (%zu subjects checked)", tp_result_input_checked(r, i));
    }
    tp_strbuf_puts(sb, "</td></tr><tr><td>Policies</td><td>");
    for (size_t i = 0; plan && i < plan->nfiles; i++) {
        tp_strbuf_puts(sb, i ? "<br>" : "");
        text(sb, plan->files[i]);
        for (size_t k = 0; k < plan->npacks; k++)
            if (plan->packs[k].file == i) {
                tp_strbuf_puts(sb, ": pack ");
                text(sb, plan->packs[k].info.name);
                if (plan->packs[k].info.version) {
                    tp_strbuf_puts(sb, " ");
                    text(sb, plan->packs[k].info.version);
                }
            }
    }
    tp_strbuf_printf(sb, "</td></tr><tr><td>Rules</td><td>%zu</td></tr></table>\n", s.rules);
    diagnostics(sb, r);
    checked_nothing(sb, r);

    tp_strbuf_puts(sb,
                   "<h2>Summary</h2>\n<table id=\"summary\"><thead><tr><th></th><th>Critical</th>"
                   "<th>High</th><th>Medium</th><th>Low</th><th>Info</th></tr></thead><tbody>\n");
    static const char *const rows[] = {"failed", "waived", "errors", "baseline"};
    for (int st = 0; st < TP_FINDING_STATUS_COUNT; st++) {
        tp_strbuf_printf(sb, "<tr><td>%s</td>", rows[st]);
        for (int sev = TP_SEVERITY_CRITICAL; sev >= TP_SEVERITY_INFO; sev--)
            tp_strbuf_printf(sb, "<td>%zu</td>", counts[st][sev]);
        tp_strbuf_puts(sb, "</tr>\n");
    }
    tp_strbuf_puts(sb, "</tbody></table>\n");
    chart(sb, counts);
    if (s.dropped)
        tp_strbuf_printf(sb,
                         "<p>%zu findings left out (--max-findings keeps the worst); the "
                         "counts include them.</p>\n",
                         s.dropped);

    size_t nf = tp_result_finding_count(r);
    tp_strbuf_printf(
        sb, "<h2>Findings (<span id=\"shown\">%zu</span> of %zu)</h2>\n<div class=\"filters\">\n",
        nf, nf);
    const char *sevs[TP_SEVERITY_COUNT]; /* the most severe first */
    for (int i = 0; i < TP_SEVERITY_COUNT; i++)
        sevs[i] = tp_severity_name_list[TP_SEVERITY_COUNT - 1 - i];
    const char *stats[TP_FINDING_STATUS_COUNT];
    for (int st = 0; st < TP_FINDING_STATUS_COUNT; st++)
        stats[st] = tp_finding_status_name((tp_finding_status)st);
    options(sb, "f-severity", "Severity", sevs, TP_SEVERITY_COUNT);
    size_t max_ids = tp_plan_rule_count(plan) + 3;
    const char **ids = tp_mem_alloc(&r->mem, max_ids * sizeof *ids);
    size_t nids = 0;
    for (size_t i = 0; ids && i < nf; i++) {
        const char *id = tp_result_finding(r, i)->rule;
        size_t k = 0;
        while (k < nids && strcmp(ids[k], id) != 0)
            k++;
        if (k == nids && nids < max_ids)
            ids[nids++] = id;
    }
    options(sb, "f-rule", "Rule", ids, nids);
    tp_mem_free(&r->mem, ids);
    options(sb, "f-status", "Status", stats, TP_FINDING_STATUS_COUNT);
    tp_strbuf_puts(
        sb, "</div>\n<table id=\"findings\"><thead><tr><th>Severity</th><th>Status</th>"
            "<th>Rule</th><th>Subject</th><th>Finding</th><th>Input</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < nf; i++) {
        finding_row(sb, tp_result_finding(r, i));
        tp_sink_flush(sink, 0);
    }
    tp_strbuf_puts(sb, "</tbody></table>\n");
    waivers(sb, r, plan);
    tp_strbuf_printf(sb, "%s</body></html>\n", script);
    return tp_sink_status(sink);
}
