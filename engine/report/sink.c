#include "report/sink.h"

#define SINK_CHUNK (1u << 16)

void tp_sink_init(tp_sink *s, const tp_mem *mem, FILE *file)
{
    tp_strbuf_init(&s->sb, mem);
    s->file = file;
    s->error = 0;
}

int tp_sink_flush(tp_sink *s, int force)
{
    if (!s->file || s->sb.failed || (!force && s->sb.len < SINK_CHUNK))
        return tp_sink_status(s);
    if (s->sb.len && fwrite(s->sb.data, 1, s->sb.len, s->file) != s->sb.len)
        s->error = 1;
    tp_strbuf_reset(&s->sb);
    return tp_sink_status(s);
}

void tp_sink_add(tp_sink *s, const char *p, size_t n)
{
    if (s->file && n >= SINK_CHUNK) {
        tp_sink_flush(s, 1);
        if (!s->sb.failed && fwrite(p, 1, n, s->file) != n)
            s->error = 1;
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
