#include "report.h"

#include <string.h>

#include "timeval.h"

void tp_report_now(const tp_result *r, char *buf)
{
    tp_timeval_format(tp_result_now(r), buf);
}

int tp_format_parse(tp_format *out, const char *name)
{
    if (!out || !name)
        return TP_EINVAL;
    if (strcmp(name, "text") == 0)
        *out = TP_FORMAT_TEXT;
    else if (strcmp(name, "json") == 0)
        *out = TP_FORMAT_JSON;
    else
        return TP_EINVAL;
    return 0;
}

int tp_report_write(FILE *stream, const tp_result *result, const tp_plan *plan, tp_format format,
                    const tp_report_options *opts)
{
    tp_report_options defaults = TP_REPORT_OPTIONS_INIT;
    if (!stream || !result || !plan)
        return TP_EINVAL;
    if (opts && opts->version != TP_REPORT_OPTIONS_VERSION)
        return TP_EINVAL;
    if (!opts)
        opts = &defaults;
    int rc;
    switch (format) {
    case TP_FORMAT_TEXT:
        rc = tp_report_text(stream, result, plan, opts);
        break;
    case TP_FORMAT_JSON:
        rc = tp_report_json(stream, result, plan, opts);
        break;
    default:
        return TP_EINVAL;
    }
    if (rc == 0 && (fflush(stream) != 0 || ferror(stream)))
        rc = TP_EIO;
    return rc;
}
