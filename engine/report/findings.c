/* What the report writers share about findings: where one points, counts by status and
 * severity, status names, the clock. */
#include <stdlib.h>
#include <string.h>

#include "base/datetime.h"
#include "report/report.h"

void tp_report_now(const tp_result *r, char *buf)
{
    tp_datetime_format(tp_result_now(r), buf);
}

int tp_report_about_waiver(const tp_finding *f)
{
    return f->waiver && strncmp(f->rule, "waiver.", 7) == 0;
}

tp_report_place tp_report_place_of(const tp_finding *f)
{
    /* A subject read from a document bound by name is in that document's file. */
    tp_report_place p = {f->input_file && f->input_line ? f->input_file : f->input, f->input_line,
                         f->input_column};
    if (tp_report_about_waiver(f)) {
        p.file = f->waiver->file;
        p.line = f->waiver->line;
        p.column = f->waiver->column;
    }
    return p;
}

const char *tp_finding_status_name(tp_finding_status status)
{
    static const char *const names[] = {"fail", "waived", "error", "baseline"};
    return (unsigned)status < TP_FINDING_STATUS_COUNT ? names[status] : "unknown";
}

void tp_report_counts(const tp_result *r, size_t counts[TP_FINDING_STATUS_COUNT][TP_SEVERITY_COUNT])
{
    for (int st = 0; st < TP_FINDING_STATUS_COUNT; st++)
        for (int sev = 0; sev < TP_SEVERITY_COUNT; sev++)
            counts[st][sev] =
                tp_result_count(r, TP_RESULT_ALL_INPUTS, (tp_finding_status)st, (tp_severity)sev);
}

tp_report_tally tp_report_tally_of(const tp_result *r, size_t input)
{
    tp_report_tally t = {0, 0, 0, 0, 0, 0};
    for (int sev = 0; sev < TP_SEVERITY_COUNT; sev++) {
        size_t fail = tp_result_count(r, input, TP_FINDING_FAIL, (tp_severity)sev);
        if (sev == TP_SEVERITY_INFO)
            t.notices += fail;
        else
            t.failed += fail;
        t.waived += tp_result_count(r, input, TP_FINDING_WAIVED, (tp_severity)sev);
        t.errors += tp_result_count(r, input, TP_FINDING_ERROR, (tp_severity)sev);
        t.baseline += tp_result_count(r, input, TP_FINDING_BASELINE, (tp_severity)sev);
    }
    t.total = t.failed + t.notices + t.waived + t.errors + t.baseline;
    return t;
}

const char *tp_report_path(const char *file, const tp_report_options *opts, int *relative)
{
    *relative = 0;
    size_t word = strspn(file, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
    if ((word && file[word] == ':') || *file == '<' || strcmp(file, "-") == 0)
        return file; /* builtin:lokalise.tpol, <stdin>: not a file of the repository */
    if (*file != '/') {
        while (file[0] == '.' && file[1] == '/')
            file += 2;
        *relative = 1;
        return file;
    }
    const char *root = opts->srcroot;
    if (!root || *root != '/')
        return file;
    size_t len = strlen(root);
    while (len > 1 && root[len - 1] == '/')
        len--;
    if (len == 1) /* the root directory itself */
        len = 0;
    if (strncmp(file, root, len) == 0 && file[len] == '/' && file[len + 1]) {
        *relative = 1;
        return file + len + 1;
    }
    return file;
}

/* A finding and where it is in the result, so that qsort (which passes no context) needs none. */
typedef struct ranked {
    const tp_finding *f;
    size_t index;
} ranked;

static int by_worst(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    int c = tp_finding_compare(a->f, b->f);
    return c ? c : a->index < b->index ? -1 : a->index > b->index;
}

size_t *tp_report_worst_first(const tp_result *r)
{
    size_t n = tp_result_finding_count(r);
    ranked *all = tp_mem_alloc(&r->mem, (n ? n : 1) * sizeof *all);
    size_t *order = tp_mem_alloc(&r->mem, (n ? n : 1) * sizeof *order);
    if (!all || !order) {
        tp_mem_free(&r->mem, all);
        tp_mem_free(&r->mem, order);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        all[i] = (ranked){tp_result_finding(r, i), i};
    qsort(all, n, sizeof *all, by_worst);
    for (size_t i = 0; i < n; i++)
        order[i] = all[i].index;
    tp_mem_free(&r->mem, all);
    return order;
}

/* Whether a finding needs action: it failed at or above --fail-on, or its rule could not decide. */
static int needs_action(const tp_result *r, const tp_finding *f)
{
    return f->status == TP_FINDING_ERROR ||
           (f->status == TP_FINDING_FAIL && f->severity >= r->opts.fail_on);
}

int tp_report_top_risks(tp_strbuf *sb, const tp_result *r, const size_t *order, size_t max_rules)
{
    const char *rules[8];
    size_t nrules = 0, n = tp_result_finding_count(r);
    if (max_rules > 8)
        max_rules = 8;
    for (size_t i = 0; i < n && nrules < max_rules; i++) {
        const tp_finding *f = tp_result_finding(r, order[i]);
        size_t k = 0;
        while (k < nrules && strcmp(rules[k], f->rule) != 0)
            k++;
        if (k < nrules || !needs_action(r, f))
            continue;
        rules[nrules++] = f->rule;
        /* The rule, and the subjects it failed for (worst first: the order is the result's). */
        tp_strbuf_printf(sb, "%s%s %s (%s", nrules == 1 ? "" : "; ", f->rule, f->title,
                         tp_severity_name(f->severity));
        size_t shown = 0, more = 0;
        for (size_t j = i; j < n; j++) {
            const tp_finding *g = tp_result_finding(r, order[j]);
            if (strcmp(g->rule, f->rule) != 0 || !needs_action(r, g))
                continue;
            if (shown < 3)
                tp_strbuf_printf(sb, "%s%s", shown++ ? ", " : ": ", g->subject);
            else
                more++;
        }
        if (more)
            tp_strbuf_printf(sb, " and %zu more", more);
        tp_strbuf_putc(sb, ')');
    }
    return nrules > 0;
}

void tp_report_summary_sentence(tp_strbuf *sb, const tp_result *r)
{
    tp_report_tally t = tp_report_tally_of(r, TP_RESULT_ALL_INPUTS);
    size_t inputs = tp_result_input_count(r);
    tp_strbuf_printf(sb, "%zu failed", t.failed);
    if (t.failed) {
        const char *sep = " (";
        for (int sev = TP_SEVERITY_CRITICAL; sev > TP_SEVERITY_INFO; sev--) {
            size_t k = tp_result_count(r, TP_RESULT_ALL_INPUTS, TP_FINDING_FAIL, (tp_severity)sev);
            if (k) {
                tp_strbuf_printf(sb, "%s%zu %s", sep, k, tp_severity_name((tp_severity)sev));
                sep = ", ";
            }
        }
        tp_strbuf_putc(sb, ')');
    }
    tp_strbuf_printf(sb, ", %zu waived, %zu error%s", t.waived, t.errors, t.errors == 1 ? "" : "s");
    if (t.notices)
        tp_strbuf_printf(sb, ", %zu notice%s", t.notices, t.notices == 1 ? "" : "s");
    if (t.baseline)
        tp_strbuf_printf(sb, ", %zu known from the baseline", t.baseline);
    tp_strbuf_printf(sb, " in %zu input%s, findings at or above %s fail", inputs,
                     inputs == 1 ? "" : "s", tp_severity_name(r->opts.fail_on));
}

void tp_report_places(tp_strbuf *sb, const tp_finding *f, tp_report_escape_fn esc,
                      const char *rule_at)
{
    tp_report_place at = tp_report_place_of(f);
    esc(sb, at.file);
    if (at.line)
        tp_strbuf_printf(sb, ":%u:%u", at.line, at.column ? at.column : 1);
    if (tp_report_about_waiver(f))
        return; /* the waiver is where the rule is */
    tp_strbuf_puts(sb, rule_at);
    esc(sb, f->policy_file);
    tp_strbuf_printf(sb, ":%u:%u", f->policy_line, f->policy_column);
}

void tp_report_waiver_note(tp_strbuf *sb, const tp_waiver_info *w, tp_report_escape_fn esc)
{
    char when[40];
    tp_datetime_format(w->expires_us, when);
    tp_strbuf_printf(sb, "until %s by ", when);
    esc(sb, w->owner ? w->owner : "(no owner)");
    tp_strbuf_puts(sb, ": ");
    esc(sb, w->reason ? w->reason : "");
}
