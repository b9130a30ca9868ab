#include "base/redact.h"

#include <string.h>

#include "base/secret_name.h"
#include "base/secret_scan.h"

bool tp_redact_field(const char *key, size_t klen, const char *s, size_t slen)
{
    return tp_secret_field(key, klen, s, slen);
}

bool tp_redact_field_always(const char *key, size_t klen)
{
    return tp_secret_name_class(key, klen) == TP_SECRET_NAME_ALWAYS;
}

bool tp_redact_looks_secret(const char *s, size_t len)
{
    if (tp_secret_whole(s, len) != TP_SECRET_NONE)
        return true;
    /* A private key block anywhere: the rest of the string is its wrapping. */
    tp_secret_scan sc;
    tp_secret_span sp;
    tp_secret_scan_init(&sc, s, len);
    while (tp_secret_scan_next(&sc, &sp))
        if (sp.kind == TP_SECRET_PRIVATE_KEY)
            return true;
    return false;
}

void tp_redact_append(tp_strbuf *sb, const char *s, size_t len)
{
    tp_secret_kind kind = tp_secret_whole(s, len);
    if (kind != TP_SECRET_NONE) {
        tp_secret_append_mask(sb, kind, s, len);
        return;
    }
    /* No hash: a person may have chosen it, and 32 bits of the hash of a weak password let
     * anyone with the report confirm a guess. */
    tp_strbuf_puts(sb, "[redacted]");
}

void tp_redact_text(tp_strbuf *sb, const char *s, size_t len)
{
    tp_secret_mask(sb, s, len);
}

const char *tp_redact_view(tp_strbuf *tmp, const char *s, size_t len, size_t *shown_len)
{
    *shown_len = len;
    if (!tp_secret_contains(s, len))
        return s;
    tp_strbuf_reset(tmp);
    tp_secret_mask(tmp, s, len);
    if (tmp->failed) {
        static const char withheld[] = "[redacted]";
        *shown_len = sizeof withheld - 1;
        return withheld;
    }
    *shown_len = tmp->len;
    return tmp->data;
}

/* Bytes of s[0, n) that fit in `room` without splitting a UTF-8 character. */
static size_t fit_utf8(const char *s, size_t n, size_t room)
{
    if (n <= room)
        return n;
    while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
        room--;
    return room;
}

typedef struct bounded {
    char *dst;
    size_t size, len; /* len: of the whole text, what fits or not */
    int full;         /* a piece did not fit: nothing more is written */
} bounded;

static void bounded_add(bounded *b, const char *s, size_t n)
{
    if (b->size && !b->full) {
        size_t room = b->size - 1 - b->len; /* not full: len < size */
        size_t k = fit_utf8(s, n, room);
        if (k)
            memcpy(b->dst + b->len, s, k);
        b->dst[b->len + k] = '\0';
        b->full = k < n;
    }
    b->len += n;
}

size_t tp_redact_copy(char *dst, size_t size, const char *s, size_t len)
{
    bounded b = {dst, size, 0, 0};
    if (size)
        dst[0] = '\0';
    tp_secret_scan sc;
    tp_secret_span sp;
    size_t done = 0;
    tp_secret_scan_init(&sc, s, len);
    while (tp_secret_scan_next(&sc, &sp)) {
        char mask[TP_SECRET_MASK_MAX];
        bounded_add(&b, s + done, sp.start - done);
        bounded_add(&b, mask, tp_secret_format_mask(mask, sp.kind, s + sp.start, sp.len));
        done = sp.start + sp.len;
    }
    bounded_add(&b, s + done, len - done);
    return b.len;
}

size_t tp_redact(char *buf, size_t size, const char *text)
{
    return tp_redact_copy(buf, size, text ? text : "", text ? strlen(text) : 0);
}
