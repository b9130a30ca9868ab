/* What the report writers share about a run's outcome: the verdict as people read it and why,
 * the diagnostics recorded in the result, and the rules that checked nothing. */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

const char *tp_report_verdict_label(tp_verdict v)
{
    static const char *const labels[] = {"PASS",         "FAIL",       "ERROR", "NOTHING CHECKED",
                                         "POLICY ERROR", "INPUT ERROR"};
    return (unsigned)v < sizeof labels / sizeof labels[0] ? labels[v] : "UNKNOWN";
}

/* Error diagnostics of one source. */
static size_t errors_of(const tp_result *r, tp_diag_source source)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_result_diag_count(r); i++) {
        const tp_run_diag *d = tp_result_diag(r, i);
        n += d->source == source && d->diag.severity == TP_DIAG_ERROR;
    }
    return n;
}

int tp_report_verdict_reason(tp_strbuf *sb, const tp_result *r)
{
    size_t n;
    switch (tp_result_verdict(r)) {
    case TP_VERDICT_POLICY_ERROR:
        n = errors_of(r, TP_DIAG_SOURCE_POLICY);
        tp_strbuf_printf(sb, "%zu error%s in the policies: nothing was checked", n,
                         n == 1 ? "" : "s");
        return 1;
    case TP_VERDICT_INPUT_ERROR:
        n = errors_of(r, TP_DIAG_SOURCE_INPUT);
        tp_strbuf_printf(sb, "%zu input error%s: %s", n, n == 1 ? "" : "s",
                         tp_result_input_count(r) ? "the check is incomplete"
                                                  : "nothing was checked");
        return 1;
    case TP_VERDICT_NONE:
        tp_strbuf_puts(sb, errors_of(r, TP_DIAG_SOURCE_SELECTION)
                               ? "the rule filters select no rule"
                               : "no rule ran");
        return 1;
    default:
        return 0;
    }
}

static const struct {
    const char *name, *sarif, *gitlab, *github;
} diag_levels[] = {{"error", "error", "blocker", "error"},
                   {"warning", "warning", "minor", "warning"},
                   {"note", "note", "info", "notice"}};

const char *tp_report_diag_severity(const tp_diag *d)
{
    return diag_levels[d->severity <= TP_DIAG_NOTE ? d->severity : TP_DIAG_NOTE].name;
}

const char *tp_report_diag_sarif_level(const tp_diag *d)
{
    return diag_levels[d->severity <= TP_DIAG_NOTE ? d->severity : TP_DIAG_NOTE].sarif;
}

const char *tp_report_diag_gitlab_severity(const tp_diag *d)
{
    return diag_levels[d->severity <= TP_DIAG_NOTE ? d->severity : TP_DIAG_NOTE].gitlab;
}

const char *tp_report_diag_github_command(const tp_diag *d)
{
    return diag_levels[d->severity <= TP_DIAG_NOTE ? d->severity : TP_DIAG_NOTE].github;
}

const char *tp_report_diag_source(tp_diag_source source)
{
    static const char *const names[] = {"policy", "input", "selection"};
    return (unsigned)source < TP_DIAG_SOURCE_COUNT ? names[source] : "unknown";
}

void tp_report_diag_where(const tp_diag *d, char *buf, size_t size)
{
    if (!d->file)
        snprintf(buf, size, "%s", "");
    else if (d->line)
        snprintf(buf, size, "%s:%u:%u", d->file, d->line, d->column);
    else
        snprintf(buf, size, "%s", d->file);
}

int tp_report_checked_nothing(const tp_result *r, size_t input, size_t rule)
{
    size_t checked;
    return tp_result_rule_checked(&checked, r, input, rule) && checked == 0;
}

int tp_report_next_unchecked(const tp_result *r, tp_unchecked *u)
{
    size_t in = u->input, i = u->started ? u->rule + 1 : 0;
    u->started = 1;
    for (; in < tp_result_input_count(r); in++, i = 0)
        for (; i < tp_plan_rule_count(r->plan); i++)
            if (tp_report_checked_nothing(r, in, i) && tp_plan_rule(&u->info, r->plan, i) == 0) {
                u->input = in;
                u->rule = i;
                return 1;
            }
    u->input = in;
    return 0;
}

size_t tp_report_rules_checking_nothing(const tp_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_plan_rule_count(r->plan); i++) {
        size_t in = 0;
        while (in < tp_result_input_count(r) && !tp_report_checked_nothing(r, in, i))
            in++;
        n += in < tp_result_input_count(r);
    }
    return n;
}

void tp_report_unchecked_message(tp_strbuf *sb, const tp_result *r, size_t input,
                                 const tp_rule_info *rule)
{
    tp_strbuf_printf(sb, "rule %s checked nothing in %s: no subject passed its 'for' and 'where'",
                     rule->id, tp_result_input_name(r, input));
}

void tp_report_left_out_message(tp_strbuf *sb, const tp_result *r)
{
    tp_summary s;
    tp_result_summary(&s, r);
    tp_strbuf_printf(sb,
                     "%zu finding%s left out of this report (--max-findings keeps the worst); "
                     "every count includes them",
                     s.dropped, s.dropped == 1 ? "" : "s");
}
