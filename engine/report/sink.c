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

void tp_sink_free(tp_sink *s)
{
    tp_strbuf_free(&s->sb);
}

int tp_sink_status(const tp_sink *s)
{
    return s->sb.failed ? TP_ENOMEM : s->error ? TP_EIO : 0;
}
