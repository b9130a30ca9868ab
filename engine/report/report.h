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

/* Kept findings by status (tp_finding_status) and severity. */
#define TP_FINDING_STATUS_COUNT (TP_FINDING_BASELINE + 1)
void tp_report_counts(const tp_result *r,
                      size_t counts[TP_FINDING_STATUS_COUNT][TP_SEVERITY_COUNT]);

/* "2026-11-27T09:00:00Z" for the result's clock; buf holds 40 bytes. */
void tp_report_now(const tp_result *r, char *buf);

#endif
