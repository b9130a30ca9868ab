/* The HTML audit report: one self-contained file an auditor can read, print and sign. An
 * executive summary (the verdict, true totals by severity, the top risks in a sentence, the clock,
 * what each inventory is about, the policies and their versions), changes since a baseline, the
 * findings worst first (html_findings.c), the controls that passed with the subjects they
 * checked, the waivers with their owners, expiry and state, and the diagnostics when there are
 * any. Assets (stylesheet, script) are inline (html_assets.c). */
#include <string.h>

#include "base/datetime.h"
#include "report/escape.h"
#include "report/html.h"

static void section_open(tp_strbuf *sb, const char *id, const char *heading)
{
    tp_strbuf_printf(sb, "<section id=\"%s\" aria-labelledby=\"h-%s\">\n<h2 id=\"h-%s\">%s</h2>\n",
                     id, id, id, heading);
}

/* The bars of failed findings by severity, as an inline image (the table says the same). */
static void chart(tp_strbuf *sb, const tp_result *r)
{
    static const char *const colors[] = {"#455a64", "#0d47a1", "#8a4b00", "#b71c1c", "#7f0000"};
    size_t max = 1, n[TP_SEVERITY_COUNT];
    for (int sev = 0; sev < TP_SEVERITY_COUNT; sev++) {
        n[sev] = tp_result_count(r, TP_RESULT_ALL_INPUTS, TP_FINDING_FAIL, (tp_severity)sev);
        max = n[sev] > max ? n[sev] : max;
    }
    tp_strbuf_printf(sb,
                     "<svg id=\"chart\" width=\"420\" height=\"150\" role=\"img\" "
                     "aria-label=\"failed findings by severity: %zu critical, %zu high, %zu "
                     "medium, %zu low, %zu info\">\n",
                     n[4], n[3], n[2], n[1], n[0]);
    for (int k = 0; k < TP_SEVERITY_COUNT; k++) {
        int sev = TP_SEVERITY_CRITICAL - k;
        unsigned h = (unsigned)(n[sev] * 100 / max), x = 10 + (unsigned)k * 82;
        tp_strbuf_printf(sb,
                         "<rect x=\"%u\" y=\"%u\" width=\"56\" height=\"%u\" fill=\"%s\"/>"
                         "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\">%zu</text>"
                         "<text x=\"%u\" y=\"145\" text-anchor=\"middle\">%s</text>\n",
                         x, 120 - h, h, colors[sev], x + 28, 115 - h, n[sev], x + 28,
                         tp_severity_name((tp_severity)sev));
    }
    tp_strbuf_puts(sb, "</svg>\n");
}

static void counts_table(tp_strbuf *sb, const tp_result *r)
{
    static const char *const rows[] = {"Failed", "Waived", "Errors", "Known from the baseline",
                                       "Notices"};
    tp_strbuf_puts(sb, "<table class=\"counts\" id=\"counts\"><caption>Findings by status and "
                       "severity: every finding, listed or not</caption>\n<thead><tr>"
                       "<th scope=\"col\">Status</th>");
    for (int sev = TP_SEVERITY_CRITICAL; sev >= TP_SEVERITY_INFO; sev--)
        tp_strbuf_printf(sb, "<th scope=\"col\">%s</th>",
                         tp_severity_names_of((tp_severity)sev)->title);
    tp_strbuf_puts(sb, "<th scope=\"col\">Total</th></tr></thead><tbody>\n");
    /* A failure at info is a notice (its own row), never counted as failed. */
    for (int row = 0; row <= TP_FINDING_STATUS_COUNT; row++) {
        int st = row == TP_FINDING_STATUS_COUNT ? TP_FINDING_FAIL : row;
        size_t total = 0;
        tp_strbuf_printf(sb, "<tr><th scope=\"row\">%s</th>", rows[row]);
        for (int sev = TP_SEVERITY_CRITICAL; sev >= TP_SEVERITY_INFO; sev--) {
            int none = (row == TP_FINDING_FAIL && sev == TP_SEVERITY_INFO) ||
                       (row == TP_FINDING_STATUS_COUNT && sev != TP_SEVERITY_INFO);
            size_t k = none ? 0
                            : tp_result_count(r, TP_RESULT_ALL_INPUTS, (tp_finding_status)st,
                                              (tp_severity)sev);
            total += k;
            if (none)
                tp_strbuf_puts(sb, "<td>&ndash;</td>");
            else
                tp_strbuf_printf(sb, "<td>%zu</td>", k);
        }
        tp_strbuf_printf(sb, "<td>%zu</td></tr>\n", total);
    }
    tp_strbuf_puts(sb, "</tbody></table>\n");
}

/* The policies: each file, with its pack's name, title and version. */
static void policies(tp_strbuf *sb, const tp_plan *plan)
{
    for (size_t i = 0; plan && i < plan->nfiles; i++) {
        tp_strbuf_puts(sb, i ? "<br>" : "");
        tp_html_text(sb, plan->files[i]);
        for (size_t k = 0; k < plan->npacks; k++) {
            const tp_pack_info *pk = &plan->packs[k].info;
            if (plan->packs[k].file != i)
                continue;
            tp_strbuf_puts(sb, ": ");
            tp_html_text(sb, pk->title ? pk->title : pk->name);
            tp_strbuf_puts(sb, " (pack ");
            tp_html_text(sb, pk->name);
            if (pk->version) {
                tp_strbuf_puts(sb, ", version ");
                tp_html_text(sb, pk->version);
            }
            tp_strbuf_putc(sb, ')');
        }
    }
}

static void facts(tp_strbuf *sb, const tp_result *r, const tp_report_options *opts, const char *now)
{
    tp_summary s;
    tp_result_summary(&s, r);
    tp_strbuf_puts(sb, "<table class=\"facts\"><caption>What was checked</caption><tbody>\n"
                       "<tr><th scope=\"row\">Inventories</th><td>");
    for (size_t i = 0; i < tp_result_input_count(r); i++) {
        tp_strbuf_puts(sb, i ? "<br>" : "");
        tp_strbuf_puts(sb, "<code>");
        tp_html_text(sb, tp_result_input_name(r, i));
        tp_strbuf_puts(sb, "</code>");
        if (tp_result_input_about(r, i)) {
            tp_strbuf_puts(sb, ": <strong>");
            tp_html_text(sb, tp_result_input_about(r, i));
            tp_strbuf_puts(sb, "</strong>");
        }
        tp_strbuf_printf(sb, " (%zu subjects checked)", tp_result_input_checked(r, i));
    }
    if (!tp_result_input_count(r))
        tp_strbuf_puts(sb, "none was checked");
    tp_strbuf_printf(sb, "</td></tr>\n<tr><th scope=\"row\">Checked at</th><td>%s</td></tr>\n",
                     now);
    tp_strbuf_puts(sb, "<tr><th scope=\"row\">Policies</th><td>");
    policies(sb, r->plan);
    tp_strbuf_printf(sb,
                     "</td></tr>\n<tr><th scope=\"row\">Rules</th><td>%zu ran</td></tr>\n"
                     "<tr><th scope=\"row\">Gate</th><td>findings at or above %s fail the run "
                     "(exit code %d)</td></tr>\n",
                     s.rules, tp_severity_name(r->opts.fail_on), opts->exit_code);
    if (opts->validation)
        tp_strbuf_printf(sb, "<tr><th scope=\"row\">Schema validation</th><td>%s</td></tr>\n",
                         opts->validation > 0 ? "every input conforms to its schema"
                                              : "skipped (--no-validate)");
    if (r->opts.baseline)
        tp_strbuf_printf(sb,
                         "<tr><th scope=\"row\">Baseline</th><td>%zu known findings</td></tr>\n",
                         tp_baseline_count(r->opts.baseline));
    tp_strbuf_printf(sb,
                     "<tr><th scope=\"row\">Tool</th><td>tokpol %s</td></tr>\n</tbody></table>\n",
                     tp_version());
}

/* The verdict, the totals and the top risks in two sentences; then the facts and the counts. */
static void summary(tp_strbuf *sb, const tp_result *r, const tp_report_options *opts,
                    const size_t *order, const char *now, tp_strbuf *text)
{
    tp_verdict v = tp_result_verdict(r);
    section_open(sb, "summary", "Executive summary");
    tp_strbuf_printf(sb, "<p class=\"lead\"><span class=\"verdict v-%s\">%s</span> ",
                     tp_verdict_name(v), tp_report_verdict_label(v));
    tp_strbuf_reset(text);
    if (!tp_report_verdict_reason(text, r))
        tp_report_summary_sentence(text, r);
    tp_html_text(sb, tp_strbuf_cstr(text));
    tp_strbuf_puts(sb, ".</p>\n");
    tp_strbuf_reset(text);
    if (order && tp_report_top_risks(text, r, order, 3)) {
        tp_strbuf_puts(sb, "<p class=\"risks\"><strong>Top risks:</strong> ");
        tp_html_text(sb, tp_strbuf_cstr(text));
        tp_strbuf_puts(sb, ".</p>\n");
    } else if (tp_result_input_count(r)) {
        tp_strbuf_puts(sb, "<p class=\"risks\">No finding needs action.</p>\n");
    }
    facts(sb, r, opts, now);
    counts_table(sb, r);
    chart(sb, r);
    tp_strbuf_puts(sb, "<p class=\"muted\">Failed findings by severity (notices at info).</p>\n");
    tp_summary s;
    tp_result_summary(&s, r);
    if (s.dropped)
        tp_strbuf_printf(sb,
                         "<p>%zu findings left out (--max-findings keeps the worst); the counts "
                         "include them.</p>\n",
                         s.dropped);
    tp_strbuf_puts(sb, "</section>\n");
}

/* With a baseline: what is new, unchanged and fixed since that report. */
static void changes(tp_strbuf *sb, const tp_result *r)
{
    if (!r->opts.baseline)
        return;
    tp_report_tally t = tp_report_tally_of(r, TP_RESULT_ALL_INPUTS);
    size_t fixed = tp_result_fixed_count(r);
    section_open(sb, "changes", "Changes since the baseline");
    tp_strbuf_printf(sb,
                     "<p><span class=\"new\">%zu new</span> (status fail), %zu unchanged (known "
                     "from the baseline), <span class=\"fixed\">%zu fixed</span>.</p>\n",
                     t.failed + t.notices, t.baseline, fixed);
    if (fixed) {
        tp_strbuf_puts(sb, "<table id=\"fixed\"><caption>Fixed: in the baseline, found no more "
                           "although their rule ran on their inventory</caption>\n<thead><tr>"
                           "<th scope=\"col\">Rule</th><th scope=\"col\">Severity</th>"
                           "<th scope=\"col\">Subject</th><th scope=\"col\">What the baseline "
                           "said</th></tr></thead><tbody>\n");
        for (size_t i = 0; i < fixed; i++) {
            const tp_baseline_finding *e = tp_result_fixed(r, i);
            tp_strbuf_puts(sb, "<tr><th scope=\"row\"><code>");
            tp_html_text(sb, e->rule);
            tp_strbuf_puts(sb, "</code> ");
            tp_html_text(sb, e->title);
            tp_strbuf_printf(sb, "</th><td>%s</td><td>", tp_severity_name(e->severity));
            tp_html_text(sb, e->subject);
            tp_strbuf_puts(sb, "<br><span class=\"muted\">");
            tp_html_text(sb, e->input);
            tp_strbuf_puts(sb, "</span></td><td>");
            tp_html_text(sb, e->message);
            tp_strbuf_puts(sb, "</td></tr>\n");
        }
        tp_strbuf_puts(sb, "</tbody></table>\n");
    }
    tp_strbuf_puts(sb, "</section>\n");
}

/* Rules that ran and found nothing to report, with the subjects they checked; rules that checked
 * nothing apart, since they vouch for nothing. */
static void passed(tp_strbuf *sb, const tp_result *r)
{
    if (!tp_result_input_count(r))
        return;
    section_open(sb, "passed", "Passed controls");
    size_t n = 0;
    for (size_t in = 0; in < tp_result_input_count(r); in++)
        for (size_t i = 0; i < tp_plan_rule_count(r->plan); i++) {
            const tp_rule_info *info = &r->plan->rules[i].info;
            size_t checked;
            if (!tp_result_rule_checked(&checked, r, in, i) || !checked ||
                tp_result_rule_findings(r, in, i, TP_FINDING_FAIL) ||
                tp_result_rule_findings(r, in, i, TP_FINDING_ERROR) ||
                tp_result_rule_findings(r, in, i, TP_FINDING_BASELINE))
                continue;
            if (n++ == 0)
                tp_strbuf_puts(sb, "<table id=\"passed-controls\"><caption>Rules that checked "
                                   "their subjects and found nothing but what a waiver accepts"
                                   "</caption>\n<thead><tr><th scope=\"col\">Rule</th>"
                                   "<th scope=\"col\">Severity</th><th scope=\"col\">Inventory"
                                   "</th><th scope=\"col\">Subjects checked</th><th scope=\"col\">"
                                   "Waived</th></tr></thead><tbody>\n");
            tp_strbuf_puts(sb, "<tr><th scope=\"row\"><code>");
            tp_html_text(sb, info->id);
            tp_strbuf_puts(sb, "</code> ");
            tp_html_text(sb, info->title);
            tp_strbuf_printf(sb, "</th><td>%s</td><td>", tp_severity_name(info->severity));
            tp_html_text(sb, tp_result_input_name(r, in));
            tp_strbuf_printf(sb, "</td><td>%zu</td><td>%zu</td></tr>\n", checked,
                             tp_result_rule_findings(r, in, i, TP_FINDING_WAIVED));
        }
    tp_strbuf_puts(sb, n ? "</tbody></table>\n" : "<p>No rule passed.</p>\n");
    size_t none = tp_result_unchecked_count(r);
    if (none) {
        tp_strbuf_printf(sb,
                         "<h3>Rules that checked nothing (%zu)</h3>\n<p>No subject passed their "
                         "<code>for</code> and <code>where</code>: they vouch for nothing%s.</p>\n"
                         "<table id=\"unchecked\"><thead><tr><th scope=\"col\">Rule</th>"
                         "<th scope=\"col\">Inventory</th><th scope=\"col\">Where</th></tr>"
                         "</thead><tbody>\n",
                         none, r->opts.fail_on_unchecked ? "; this fails the run" : "");
        for (tp_unchecked u = {0}; tp_report_next_unchecked(r, &u);) {
            tp_strbuf_puts(sb, "<tr><th scope=\"row\"><code>");
            tp_html_text(sb, u.info.id);
            tp_strbuf_puts(sb, "</code></th><td>");
            tp_html_text(sb, tp_result_input_name(r, u.input));
            tp_strbuf_puts(sb, "</td><td>");
            tp_html_text(sb, u.info.file);
            tp_strbuf_printf(sb, ":%u</td></tr>\n", u.info.line);
        }
        tp_strbuf_puts(sb, "</tbody></table>\n");
    }
    tp_strbuf_puts(sb, "</section>\n");
}

/* A waiver's state: expired, unused (it covered nothing, a waiver.stale finding), expiring
 * (a waiver.expiring finding), or active; and how many findings it covers. */
static const char *waiver_state(const tp_result *r, const tp_waiver_info *w, size_t *covers)
{
    const char *state = tp_result_now(r) >= w->expires_us ? "expired" : "active";
    *covers = 0;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (f->waiver != w)
            continue;
        if (f->status == TP_FINDING_WAIVED)
            (*covers)++;
        else if (strcmp(f->rule, "waiver.stale") == 0)
            state = "unused";
        else if (strcmp(f->rule, "waiver.expiring") == 0)
            state = "expiring";
    }
    return state;
}

static void waivers(tp_strbuf *sb, const tp_result *r)
{
    size_t n = tp_plan_waiver_count(r->plan);
    if (!r->plan)
        return;
    section_open(sb, "waivers", "Waivers");
    if (!n) {
        tp_strbuf_puts(sb, "<p>None: every finding counts.</p>\n</section>\n");
        return;
    }
    tp_strbuf_puts(sb, "<table id=\"waiver-list\"><caption>Exceptions, with who answers for them "
                       "and until when</caption>\n<thead><tr><th scope=\"col\">Rule</th>"
                       "<th scope=\"col\">Owner</th><th scope=\"col\">Expires</th>"
                       "<th scope=\"col\">State</th><th scope=\"col\">Findings covered</th>"
                       "<th scope=\"col\">Reason</th><th scope=\"col\">Where</th></tr></thead>"
                       "<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const tp_waiver_info *w = tp_plan_waiver(r->plan, i);
        char when[40];
        size_t covers;
        const char *state = waiver_state(r, w, &covers);
        tp_datetime_format(w->expires_us, when);
        tp_strbuf_puts(sb, "<tr><th scope=\"row\"><code>");
        tp_html_text(sb, w->rule);
        tp_strbuf_puts(sb, "</code></th><td>");
        tp_html_text(sb, w->owner ? w->owner : "(no owner)");
        tp_strbuf_printf(sb, "</td><td class=\"nowrap\">%.10s</td><td>%s</td><td>%zu</td><td>",
                         when, state, covers);
        tp_html_text(sb, w->reason ? w->reason : "");
        tp_strbuf_puts(sb, "</td><td>");
        tp_html_text(sb, w->file);
        tp_strbuf_printf(sb, ":%u</td></tr>\n", w->line);
    }
    tp_strbuf_puts(sb, "</tbody></table>\n</section>\n");
}

/* What went wrong around the evaluation: policy errors, inputs that could not be used. */
static void diagnostics(tp_strbuf *sb, const tp_result *r)
{
    size_t n = tp_result_diag_count(r);
    if (!n)
        return;
    tp_strbuf_printf(sb,
                     "<section id=\"diagnostics\" aria-labelledby=\"h-diagnostics\">\n"
                     "<h2 id=\"h-diagnostics\">Diagnostics (%zu)</h2>\n<table id=\"diag-list\">"
                     "<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Code</th>"
                     "<th scope=\"col\">Where</th><th scope=\"col\">Message</th></tr></thead>"
                     "<tbody>\n",
                     n);
    for (size_t i = 0; i < n; i++) {
        const tp_diag *d = &tp_result_diag(r, i)->diag;
        char where[600];
        tp_report_diag_where(d, where, sizeof where);
        tp_strbuf_printf(sb, "<tr class=\"diag-%s\"><td>%s</td><td><code>",
                         tp_report_diag_severity(d), tp_report_diag_severity(d));
        tp_html_text(sb, d->code);
        tp_strbuf_puts(sb, "</code></td><td>");
        tp_html_text(sb, where);
        tp_strbuf_puts(sb, "</td><td>");
        tp_html_text(sb, d->message);
        if (d->hint) {
            tp_strbuf_puts(sb, "<div class=\"fix\">");
            tp_html_text(sb, d->hint);
            tp_strbuf_puts(sb, "</div>");
        }
        tp_strbuf_puts(sb, "</td></tr>\n");
    }
    tp_strbuf_puts(sb, "</tbody></table>\n</section>\n");
}

int tp_report_html(tp_sink *sink, const tp_result *r, const tp_report_options *opts)
{
    tp_strbuf *sb = &sink->sb;
    char now[40] = "not evaluated";
    if (tp_result_now(r))
        tp_report_now(r, now);
    tp_verdict v = tp_result_verdict(r);
    size_t *order = tp_report_worst_first(r);
    tp_strbuf text;
    tp_strbuf_init(&text, &r->mem);
    /* What the audit is about: the first input's `about`, else its name. */
    const char *about = tp_result_input_count(r) ? tp_result_input_about(r, 0) : NULL;
    tp_strbuf_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>Token audit");
    if (about) {
        tp_strbuf_puts(sb, ": ");
        tp_html_text(sb, about);
    }
    tp_strbuf_printf(sb,
                     " (%s)</title>\n%s</head><body>\n<header>\n<h1>Token audit report</h1>\n"
                     "<p class=\"subtitle\">",
                     tp_report_verdict_label(v), tp_html_style);
    if (about) {
        tp_html_text(sb, about);
        tp_strbuf_puts(sb, " &middot; ");
    }
    tp_strbuf_printf(sb, "checked at %s &middot; tokpol %s</p>\n</header>\n<main>\n", now,
                     tp_version());
    summary(sb, r, opts, order, now, &text);
    changes(sb, r);
    diagnostics(sb, r);
    if (tp_result_input_count(r) && (order || !tp_result_finding_count(r)))
        tp_html_findings(sink, r, order);
    passed(sb, r);
    waivers(sb, r);
    tp_strbuf_printf(sb,
                     "</main>\n<footer>Generated by tokpol %s from the policies and inventories "
                     "above, at the clock %s. Credential values are never shown: the evidence is "
                     "redacted.</footer>\n%s</body></html>\n",
                     tp_version(), now, tp_html_script);
    int failed = text.failed || (!order && tp_result_finding_count(r));
    tp_strbuf_free(&text);
    tp_mem_free(&r->mem, order);
    return failed ? TP_ENOMEM : tp_sink_status(sink);
}
