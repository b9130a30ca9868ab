/* The report API: the formats, and rendering a result to a stream or a caller's buffer. */
#include "report/report.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "base/options.h"

TP_DEFINE_OPTIONS_INIT(report, TP_REPORT_OPTIONS_INIT, TP_REPORT_OPTIONS_VERSION)

typedef int (*writer_fn)(tp_sink *, const tp_result *, const tp_report_options *);

/* Every format, by tp_format value. */
static const struct {
    const char *name;
    writer_fn write;
} formats[] = {
    {"text", tp_report_text},         {"json", tp_report_json},     {"sarif", tp_report_sarif},
    {"junit", tp_report_junit},       {"gitlab", tp_report_gitlab}, {"github", tp_report_github},
    {"markdown", tp_report_markdown}, {"html", tp_report_html},
};

int tp_format_parse(tp_format *out, const char *name)
{
    if (!out || !name)
        return TP_EINVAL;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].name, name) == 0) {
            *out = (tp_format)i;
            return 0;
        }
    return TP_EINVAL;
}

const char *tp_format_name(tp_format format)
{
    return (unsigned)format < sizeof formats / sizeof formats[0] ? formats[format].name : "unknown";
}

/* Renders into a sink; the caller owns the sink. */
static int render(tp_sink *sink, const tp_result *result, tp_format format,
                  const tp_report_options *opts)
{
    tp_report_options defaults = TP_REPORT_OPTIONS_INIT;
    if (!result)
        return TP_EINVAL;
    if (opts && (opts->version < 1 || opts->version > TP_REPORT_OPTIONS_VERSION))
        return TP_EINVAL;
    /* An older struct is the newer one's first fields: read as far as it goes, no further. */
    if (opts)
        memcpy(&defaults, opts,
               tp_options_bytes(tp_report_options_bytes, TP_REPORT_OPTIONS_VERSION, opts->version));
    opts = &defaults;
    if ((unsigned)format >= sizeof formats / sizeof formats[0])
        return TP_EINVAL;
    return formats[format].write(sink, result, opts);
}

int tp_report_write(FILE *stream, const tp_result *result, tp_format format,
                    const tp_report_options *opts)
{
    if (!stream || !result)
        return TP_EINVAL;
    tp_sink sink;
    tp_sink_init(&sink, &result->mem, stream);
    int rc = render(&sink, result, format, opts);
    if (rc == 0)
        rc = tp_sink_flush(&sink, 1);
    tp_sink_free(&sink);
    if (rc == TP_EIO)
        errno = sink.error; /* the failed write's, whichever thread made it */
    else if (rc == 0 && (fflush(stream) != 0 || ferror(stream)))
        rc = TP_EIO;
    return rc;
}

int tp_report_render(char *buf, size_t size, size_t *needed, const tp_result *result,
                     tp_format format, const tp_report_options *opts)
{
    if ((!buf && size) || !result)
        return TP_EINVAL;
    tp_sink sink;
    tp_sink_init(&sink, &result->mem, NULL);
    int rc = render(&sink, result, format, opts);
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
