/* JSON strings: validated (UTF-8, escapes, no control characters, no \u0000, no lone
 * surrogates) and unescaped in place in one pass. */
#include <stdint.h>

#include "base/json_bytes.h"
#include "input/json_reader.h"

static int hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char h = p[k];
        v <<= 4;
        if (h >= '0' && h <= '9')
            v |= h - '0';
        else if (h >= 'a' && h <= 'f')
            v |= h - 'a' + 10;
        else if (h >= 'A' && h <= 'F')
            v |= h - 'A' + 10;
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(unsigned char *w, unsigned cp)
{
    if (cp < 0x80) {
        w[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        w[0] = (unsigned char)(0xC0 | cp >> 6);
        w[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        w[0] = (unsigned char)(0xE0 | cp >> 12);
        w[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        w[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    w[0] = (unsigned char)(0xF0 | cp >> 18);
    w[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    w[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    w[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A byte that is neither '"' nor '\\' and below 0x20: the fault it is. */
static int control(tp_jreader *r, size_t at, size_t start)
{
    unsigned char b = (unsigned char)r->s[at];
    if (at >= r->len)
        return tp_jreader_fail(r, start, TP_EINPUT,
                               "unexpected end of input: a string is not closed");
    if (b == 0)
        return tp_jreader_fail(r, at, TP_EINPUT, "NUL byte in a string");
    return tp_jreader_fail(r, at, TP_EINPUT, "control character 0x%02x in a string: escape it", b);
}

/* The escape at s[*rd] (a backslash) of the string opened at `quote`: its bytes written at
 * s[*w]. (The reader records where lines start as it goes, so a line feed may land in the text.) */
static int unescape(tp_jreader *r, size_t *rd, size_t *w, size_t quote)
{
    unsigned char *s = (unsigned char *)r->s;
    size_t i = *rd;
    if (i + 1 >= r->len)
        return tp_jreader_fail(r, quote, TP_EINPUT,
                               "unexpected end of input: a string is not closed");
    unsigned char e = s[i + 1];
    if (e != 'u') {
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *k = e ? memchr(from, e, sizeof from - 1) : NULL;
        if (!k)
            return tp_jreader_fail(r, i, TP_EINPUT, "invalid escape '\\%c' in a string",
                                   e >= 0x20 && e < 0x7f ? e : '?');
        s[(*w)++] = (unsigned char)to[k - from];
        *rd = i + 2;
        return 0;
    }
    unsigned cp, lo;
    if (i + 6 > r->len || hex4(s + i + 2, &cp) != 0)
        return tp_jreader_fail(r, i, TP_EINPUT, "invalid \\u escape: expected four hex digits");
    if (cp == 0)
        return tp_jreader_fail(r, i, TP_EINPUT,
                               "\\u0000 in a string: a NUL would cut the string short");
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return tp_jreader_fail(r, i, TP_EINPUT, "invalid \\u escape: a lone low surrogate");
    size_t used = 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (i + 12 > r->len || s[i + 6] != '\\' || s[i + 7] != 'u' || hex4(s + i + 8, &lo) != 0 ||
            lo < 0xDC00 || lo > 0xDFFF)
            return tp_jreader_fail(r, i, TP_EINPUT,
                                   "invalid \\u escape: a high surrogate without its low half");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        used = 12;
    }
    *w += put_utf8(s + *w, cp);
    *rd = i + used;
    return 0;
}

/* A value moves out of the text, which the reader lends to the tree behind it, next to the nodes
 * that will point to it, its offset in the 4 bytes before it; a short one is left for its node
 * (TP_JF_SHORT), which the caller makes before the text moves on. */
static int move_out(tp_jreader *r, size_t start, size_t len, tp_jstr *out)
{
    out->s = r->s + start;
    out->len = len;
    if (len <= TP_JSTR_SHORT_MAX) { /* its node will hold it: nothing to copy */
        out->flags = TP_JF_SHORT;
        return 0;
    }
    uint32_t at = (uint32_t)start - 1;
    char *copy = tp_chunks_alloc_bytes(&r->doc->chunks, sizeof at + len + 1);
    if (!copy)
        return tp_read_no_memory(r->doc, r->err);
    memcpy(copy, &at, sizeof at);
    memcpy(copy + sizeof at, r->s + start, len);
    copy[sizeof at + len] = '\0';
    out->s = copy + sizeof at;
    out->flags = TP_JF_MOVED;
    return 0;
}

/* A string's len bytes, unescaped at `start`: a value moves out, a key stays, ended with a NUL. */
static int string_read(tp_jreader *r, size_t start, size_t len, int copy, tp_jstr *out)
{
    if (copy)
        return move_out(r, start, len, out);
    r->s[start + len] = '\0';
    out->s = r->s + start;
    out->len = len;
    out->flags = 0;
    return 0;
}

/* The rest of a string from its first backslash at s[i]: unescaping moves bytes left. */
static int read_escaped(tp_jreader *r, size_t i, size_t start, int copy, tp_jstr *out)
{
    unsigned char *s = (unsigned char *)r->s;
    size_t w = i;
    for (;;) {
        unsigned char b = s[i];
        if (b == '"')
            break;
        if (b == '\\') {
            int rc = unescape(r, &i, &w, start - 1);
            if (rc)
                return rc;
        } else if (b >= 0x80) {
            size_t n = tp_utf8_len(s + i, r->len - i);
            if (!n)
                return tp_jreader_fail(r, i, TP_EINPUT, "invalid UTF-8 (byte 0x%02x)", b);
            memmove(s + w, s + i, n);
            w += n;
            i += n;
        } else if (b < 0x20) {
            return control(r, i, start - 1);
        } else {
            s[w++] = b;
            i++;
        }
    }
    r->i = i + 1;
    return string_read(r, start, w - start, copy, out);
}

int tp_json_string(tp_jreader *r, int copy, tp_jstr *out)
{
    unsigned char *s = (unsigned char *)r->s;
    size_t start = r->i + 1, i = start, len = r->len;
    for (;;) {
        if (i + 8 <= len) {
            size_t k = tp_json_special8(s + i, false);
            i += k;
            if (k == 8)
                continue;
        }
        unsigned char b = s[i];
        if (b == '"') {
            r->i = i + 1;
            return string_read(r, start, i - start, copy, out);
        }
        if (b == '\\')
            return read_escaped(r, i, start, copy, out);
        if (b >= 0x80) {
            size_t n = tp_utf8_len(s + i, len - i);
            if (!n)
                return tp_jreader_fail(r, i, TP_EINPUT, "invalid UTF-8 (byte 0x%02x)", b);
            i += n;
        } else if (b < 0x20) {
            return control(r, i, start - 1);
        } else {
            i++;
        }
    }
}
