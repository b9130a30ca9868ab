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

/* Renders into a sink; the caller owns the sink. */
static int render(tp_sink *sink, const tp_result *result, const tp_plan *plan, tp_format format,
                  const tp_report_options *opts)
{
    tp_report_options defaults = TP_REPORT_OPTIONS_INIT;
    if (!result || !plan)
        return TP_EINVAL;
    if (opts && opts->version != TP_REPORT_OPTIONS_VERSION)
        return TP_EINVAL;
    if (!opts)
        opts = &defaults;
    switch (format) {
    case TP_FORMAT_TEXT:
        return tp_report_text(sink, result, plan, opts);
    case TP_FORMAT_JSON:
        return tp_report_json(sink, result, plan, opts);
    default:
        return TP_EINVAL;
    }
}

int tp_report_write(FILE *stream, const tp_result *result, const tp_plan *plan, tp_format format,
                    const tp_report_options *opts)
{
    if (!stream || !result)
        return TP_EINVAL;
    tp_sink sink;
    tp_sink_init(&sink, &result->mem, stream);
    int rc = render(&sink, result, plan, format, opts);
    if (rc == 0)
        rc = tp_sink_flush(&sink, 1);
    tp_sink_free(&sink);
    if (rc == 0 && (fflush(stream) != 0 || ferror(stream)))
        rc = TP_EIO;
    return rc;
}

int tp_report_render(char *buf, size_t size, size_t *needed, const tp_result *result,
                     const tp_plan *plan, tp_format format, const tp_report_options *opts)
{
    if ((!buf && size) || !result)
        return TP_EINVAL;
    tp_sink sink;
    tp_sink_init(&sink, &result->mem, NULL);
    int rc = render(&sink, result, plan, format, opts);
    if (rc == 0) {
        if (needed)
            *needed = sink.sb.len + 1;
        if (size) {
            size_t n = sink.sb.len < size - 1 ? sink.sb.len : size - 1;
            memcpy(buf, tp_strbuf_cstr(&sink.sb), n);
            buf[n] = '\0';
        }
        if (sink.sb.len + 1 > size)
            rc = TP_ELIMIT;
    }
    tp_sink_free(&sink);
    return rc;
}
