#include "base/strbuf.h"

#include <stdio.h>
#include <string.h>

void tp_strbuf_init(tp_strbuf *sb, const tp_mem *mem)
{
    sb->mem = mem;
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->failed = 0;
}

void tp_strbuf_free(tp_strbuf *sb)
{
    tp_mem_free(sb->mem, sb->data);
    tp_strbuf_init(sb, sb->mem);
}

void tp_strbuf_reset(tp_strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

static int reserve(tp_strbuf *sb, size_t extra)
{
    if (sb->failed)
        return -1;
    if (extra < sb->cap - sb->len) /* room for it and the NUL: the common case */
        return 0;
    void *items = sb->data;
    if (tp_mem_grow(sb->mem, &items, &sb->cap, sb->len + extra + 1, 1) != 0) {
        sb->failed = 1;
        return -1;
    }
    sb->data = items;
    return 0;
}

char *tp_strbuf_grow_room(tp_strbuf *sb, size_t extra)
{
    return reserve(sb, extra) == 0 ? sb->data + sb->len : NULL;
}

void tp_strbuf_vprintf(tp_strbuf *sb, const char *fmt, va_list ap)
{
    if (sb->failed)
        return;
    /* One pass when it fits in the room left (the common case), a second after growing. */
    size_t room = sb->cap - sb->len;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(room ? sb->data + sb->len : NULL, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        if (room)
            sb->data[sb->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        if (reserve(sb, (size_t)n) != 0) {
            if (room)
                sb->data[sb->len] = '\0';
            return;
        }
        vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    }
    sb->len += (size_t)n;
}

void tp_strbuf_printf(tp_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tp_strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

void tp_strbuf_json_escape(tp_strbuf *sb, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        tp_strbuf_add(sb, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            tp_strbuf_puts(sb, "\\\"");
            break;
        case '\\':
            tp_strbuf_puts(sb, "\\\\");
            break;
        case '\n':
            tp_strbuf_puts(sb, "\\n");
            break;
        case '\t':
            tp_strbuf_puts(sb, "\\t");
            break;
        case '\r':
            tp_strbuf_puts(sb, "\\r");
            break;
        default:
            tp_strbuf_printf(sb, "\\u%04x", c);
            break;
        }
    }
    tp_strbuf_add(sb, s + run, len - run);
}

size_t tp_format_uint(char *out, uint64_t v)
{
    char digits[TP_UINT_DIGITS_MAX];
    size_t i = sizeof digits;
    do
        digits[--i] = (char)('0' + v % 10);
    while (v /= 10);
    memcpy(out, digits + i, sizeof digits - i);
    return sizeof digits - i;
}

void tp_strbuf_put_int(tp_strbuf *sb, int64_t v)
{
    char *at = tp_strbuf_room(sb, TP_UINT_DIGITS_MAX + 1);
    if (!at)
        return;
    size_t n = 0;
    if (v < 0)
        at[n++] = '-';
    /* -(v + 1) + 1: the magnitude of INT64_MIN too, without overflow. */
    uint64_t mag = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    n += tp_format_uint(at + n, mag);
    tp_strbuf_commit(sb, n);
}

const char *tp_strbuf_cstr(const tp_strbuf *sb)
{
    return sb->data && !sb->failed ? sb->data : "";
}
