/* Report writers: each renders a finished result and reads nothing else. */
#ifndef TP_REPORT_H
#define TP_REPORT_H

#include <stdio.h>

#include "base/severity.h"
#include "eval/result.h"
#include "report/sink.h"

int tp_report_text(tp_sink *sink, const tp_result *r, const tp_report_options *opts);
int tp_report_json(tp_sink *sink, const tp_result *r, const tp_report_options *opts);

int tp_report_sarif(tp_sink *sink, const tp_result *r, const tp_report_options *opts);
int tp_report_junit(tp_sink *sink, const tp_result *r, const tp_report_options *opts);
int tp_report_gitlab(tp_sink *sink, const tp_result *r, const tp_report_options *opts);
int tp_report_github(tp_sink *sink, const tp_result *r, const tp_report_options *opts);
int tp_report_markdown(tp_sink *sink, const tp_result *r, const tp_report_options *opts);
int tp_report_html(tp_sink *sink, const tp_result *r, const tp_report_options *opts);

/* Where a report points for a finding: the subject's record in its input, or, for a finding
 * about a waiver (waiver.expired, .stale, .expiring), the waiver. line 0: not known. */
typedef struct tp_report_place {
    const char *file;
    unsigned line, column;
} tp_report_place;

int tp_report_about_waiver(const tp_finding *f);
tp_report_place tp_report_place_of(const tp_finding *f);

/* Every finding (kept or left out by --max-findings) by status and severity. */
void tp_report_counts(const tp_result *r,
                      size_t counts[TP_FINDING_STATUS_COUNT][TP_SEVERITY_COUNT]);

/* True totals of an input (or TP_RESULT_ALL_INPUTS) as reports name them: `failed` are failures
 * at low and above; a failure at info is a `notice`, never counted as failed. */
typedef struct tp_report_tally {
    size_t failed, notices, waived, errors, baseline;
    size_t total; /* every finding */
} tp_report_tally;
tp_report_tally tp_report_tally_of(const tp_result *r, size_t input);

/* An escaping function of escape.h, for the helpers below that every format shares. */
typedef void (*tp_report_escape_fn)(tp_strbuf *sb, const char *s);
/* "inventory.json:11:5" then `rule_at` and "lokalise.tpol:64:1": where a finding's record is and
 * where its rule is; for a waiver.* finding, the waiver only. */
void tp_report_places(tp_strbuf *sb, const tp_finding *f, tp_report_escape_fn esc,
                      const char *rule_at);
/* "until 2026-12-05T00:00:00Z by OWNER: REASON" of a waiver. */
void tp_report_waiver_note(tp_strbuf *sb, const tp_waiver_info *w, tp_report_escape_fn esc);

/* The indices of the findings, worst first across every input (tp_finding_compare, then the
 * result's order); free with tp_mem_free(&r->mem, ...). NULL when out of memory. */
size_t *tp_report_worst_first(const tp_result *r);
/* The top risks in a sentence: the `max_rules` worst rules that need action, each with its
 * severity and up to three subjects ("LOK004 No team-owner tokens in CI (critical: lok-1); ...").
 * 0 when nothing needs action. Unescaped. */
int tp_report_top_risks(tp_strbuf *sb, const tp_result *r, const size_t *order, size_t max_rules);
/* "10 failed (2 critical, 4 high, ...), 1 waived, 0 errors in 1 input, findings at or above low
 * fail": the true totals in a sentence. */
void tp_report_summary_sentence(tp_strbuf *sb, const tp_result *r);

/* How a report names `file` to a consumer that resolves paths from opts->srcroot (code scanning,
 * GitLab, GitHub annotations): relative (*relative = 1, "./" dropped) when it is relative or
 * inside srcroot, else as given. A name that is no file of the repository (builtin:lokalise.tpol,
 * <stdin>) is as given and not relative. */
const char *tp_report_path(const char *file, const tp_report_options *opts, int *relative);

/* "2026-11-27T09:00:00Z" for the result's clock; buf holds 40 bytes. */
void tp_report_now(const tp_result *r, char *buf);

/* The diagnostics the text and Markdown reports show (the others show all). */
#define TP_REPORT_MAX_DIAGS 50

/* outcome.c: the verdict as people read it ("PASS", "POLICY ERROR", ...). */
const char *tp_report_verdict_label(tp_verdict v);
/* Appends why a run that checked nothing has its verdict ("2 errors in the policies: nothing
 * was checked") and returns 1; returns 0 for PASS, FAIL and ERROR, which counts explain. */
int tp_report_verdict_reason(tp_strbuf *sb, const tp_result *r);
/* A diagnostic's severity as each format names it: "error" / "warning" / "note", SARIF's
 * level, GitLab's severity, GitHub's workflow command. */
const char *tp_report_diag_severity(const tp_diag *d);
const char *tp_report_diag_sarif_level(const tp_diag *d);
const char *tp_report_diag_gitlab_severity(const tp_diag *d);
const char *tp_report_diag_github_command(const tp_diag *d);
/* "policy", "input" or "selection". */
const char *tp_report_diag_source(tp_diag_source source);
/* "file:line:col", "file", or "" when the diagnostic is about no file. */
void tp_report_diag_where(const tp_diag *d, char *buf, size_t size);
/* Whether plan rule `rule` ran on input `input` and checked no subject there. */
int tp_report_checked_nothing(const tp_result *r, size_t input, size_t rule);
/* The (input, rule) pairs that checked nothing, inputs first, rules in plan order:
 * `tp_unchecked u = {0}; while (tp_report_next_unchecked(r, &u)) ...u.input, u.rule, u.info`. */
typedef struct tp_unchecked {
    size_t input, rule;
    tp_rule_info info;
    int started;
} tp_unchecked;
int tp_report_next_unchecked(const tp_result *r, tp_unchecked *u);
/* How many plan rules checked nothing in some input. */
size_t tp_report_rules_checking_nothing(const tp_result *r);
/* "rule LOK007 checked nothing in inventory.json: ..." (unescaped). */
void tp_report_unchecked_message(tp_strbuf *sb, const tp_result *r, size_t input,
                                 const tp_rule_info *rule);

/* "3 findings left out of this report (--max-findings keeps the worst); ..." (unescaped). */
void tp_report_left_out_message(tp_strbuf *sb, const tp_result *r);

#endif
