#include "report/sink.h"

#include <errno.h>

#define SINK_CHUNK (1u << 16)

void tp_sink_init(tp_sink *s, const tp_mem *mem, FILE *file)
{
    tp_strbuf_init(&s->sb, mem);
    s->file = file;
    s->error = 0;
}

/* Writes n bytes to the file. The errno of a failure is kept: tp_report_write hands it to its
 * caller, whose errno it is not when another of the report's threads wrote. */
static void put(tp_sink *s, const char *p, size_t n)
{
    errno = 0;
    if (fwrite(p, 1, n, s->file) != n && !s->error)
        s->error = errno ? errno : EIO;
}

int tp_sink_flush(tp_sink *s, int force)
{
    if (!s->file || s->sb.failed || (!force && s->sb.len < SINK_CHUNK))
        return tp_sink_status(s);
    if (s->sb.len)
        put(s, s->sb.data, s->sb.len);
    tp_strbuf_reset(&s->sb);
    return tp_sink_status(s);
}

void tp_sink_add(tp_sink *s, const char *p, size_t n)
{
    if (s->file && n >= SINK_CHUNK) {
        tp_sink_flush(s, 1);
        if (!s->sb.failed)
            put(s, p, n);
        return;
    }
    tp_strbuf_add(&s->sb, p, n);
    tp_sink_flush(s, 0);
}

void tp_sink_free(tp_sink *s)
{
    tp_strbuf_free(&s->sb);
}

int tp_sink_status(const tp_sink *s)
{
    return s->sb.failed ? TP_ENOMEM : s->error ? TP_EIO : 0;
}
