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
    tp_report_place p = {f->input, f->input_line, f->input_column};
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
