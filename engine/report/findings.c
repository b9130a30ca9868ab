/* What the report writers share about findings: where one points, counts by status and
 * severity, status names, the clock. */
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
    memset(counts, 0, TP_FINDING_STATUS_COUNT * sizeof counts[0]);
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        counts[f->status][f->severity]++;
    }
}
