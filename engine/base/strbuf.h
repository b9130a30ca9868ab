/* A growable string; an allocation failure is sticky (`failed`) so callers check once at the end.
 */
#ifndef TP_STRBUF_H
#define TP_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"

typedef struct tp_strbuf {
    const tp_mem *mem;
    char *data;
    size_t len, cap;
    int failed;
} tp_strbuf;

void tp_strbuf_init(tp_strbuf *sb, const tp_mem *mem);
void tp_strbuf_free(tp_strbuf *sb);
void tp_strbuf_reset(tp_strbuf *sb);
/* Room for `extra` more bytes at the end (and the NUL), to write into directly before
 * tp_strbuf_commit; NULL when memory ran out (then `failed` is set). Inline when the room is
 * there: reports and messages append millions of short pieces, most of them literals whose length
 * the compiler knows. */
char *tp_strbuf_grow_room(tp_strbuf *sb, size_t extra);
static inline char *tp_strbuf_room(tp_strbuf *sb, size_t extra)
{
    if (!sb->failed && extra < sb->cap - sb->len)
        return sb->data + sb->len;
    return tp_strbuf_grow_room(sb, extra);
}

/* Makes the n bytes written at tp_strbuf_room's pointer part of the string (n <= extra). */
static inline void tp_strbuf_commit(tp_strbuf *sb, size_t n)
{
    sb->len += n;
    sb->data[sb->len] = '\0';
}

static inline void tp_strbuf_add(tp_strbuf *sb, const char *s, size_t len)
{
    char *at = tp_strbuf_room(sb, len);
    if (at) {
        memcpy(at, s, len);
        tp_strbuf_commit(sb, len);
    }
}

static inline void tp_strbuf_puts(tp_strbuf *sb, const char *s)
{
    tp_strbuf_add(sb, s, strlen(s));
}

static inline void tp_strbuf_putc(tp_strbuf *sb, char c)
{
    tp_strbuf_add(sb, &c, 1);
}

/* Writes v in decimal at out (room for TP_UINT_DIGITS_MAX bytes, no NUL); returns its length.
 * Messages and reports print millions of small numbers: printf's parsing of "%llu" is most of
 * the cost of one. */
enum { TP_UINT_DIGITS_MAX = 20 };
size_t tp_format_uint(char *out, uint64_t v);
/* Appends v in decimal, with a '-' when negative. */
void tp_strbuf_put_int(tp_strbuf *sb, int64_t v);

void tp_strbuf_printf(tp_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tp_strbuf_vprintf(tp_strbuf *sb, const char *fmt, va_list ap);
/* Appends s as the body of a JSON string (no quotes), escaping what JSON requires. */
void tp_strbuf_json_escape(tp_strbuf *sb, const char *s, size_t len);
/* Always NUL-terminated, "" when empty or failed. */
const char *tp_strbuf_cstr(const tp_strbuf *sb);

#endif
