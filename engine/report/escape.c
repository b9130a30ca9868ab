#include "report/escape.h"

#include <stdint.h>
#include <string.h>

#include "base/json_bytes.h"
#include "base/unicode.h"
#include "base/redact.h"

/* The line-oriented and markup formats; JSON has its own writer (json_body). */
typedef enum mode { M_TEXT, M_MD, M_XML, M_GH_DATA, M_GH_PROP } mode;

/* Characters no report prints as they are: C0 and C1 controls, tab and DEL (they move the
 * cursor, clear screens, ring bells, start lines), the line and paragraph separators, the bidi
 * controls and marks that reorder what a reader sees (Trojan Source), the characters that show as
 * nothing or as a plain space (a zero-width space makes two token ids look the same), and
 * noncharacters (U+FFFE and U+FFFF are not even XML). */
static int unsafe(uint32_t cp)
{
    return cp == '\t' || tp_unicode_is_hidden(cp) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
           cp == 0xFFFE || cp == 0xFFFF;
}

/* The visible form of an unsafe character: \n, \r, \t, \x1B, \u202E. */
static void visible(tp_strbuf *sb, uint32_t cp)
{
    if (cp == '\n')
        tp_strbuf_puts(sb, "\\n");
    else if (cp == '\r')
        tp_strbuf_puts(sb, "\\r");
    else if (cp == '\t')
        tp_strbuf_puts(sb, "\\t");
    else if (cp < 0x80)
        tp_strbuf_printf(sb, "\\x%02X", (unsigned)cp);
    else
        tp_strbuf_printf(sb, "\\u%04X", (unsigned)cp);
}

static uint32_t decode(const unsigned char *p, size_t n)
{
    if (n == 2)
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    if (n == 3)
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
           (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

/* An unsafe character in `m`: line breaks and tabs as the format carries them (XML character
 * references, GitHub's %0A), anything else visibly escaped. */
static void put_unsafe(tp_strbuf *sb, uint32_t cp, mode m)
{
    if (m == M_XML && (cp == '\n' || cp == '\r' || cp == '\t'))
        tp_strbuf_printf(sb, "&#%u;", (unsigned)cp);
    else if ((m == M_GH_DATA || m == M_GH_PROP) && (cp == '\n' || cp == '\r'))
        tp_strbuf_puts(sb, cp == '\n' ? "%0A" : "%0D");
    else
        visible(sb, cp);
}

/* A safe ASCII character in `m`: what the format's syntax gives a meaning escaped. */
static void put_ascii(tp_strbuf *sb, char c, mode m)
{
    static const char md_special[] = "\\`*_[]";
    if (m == M_XML) {
        switch (c) {
        case '&':
            tp_strbuf_puts(sb, "&amp;");
            return;
        case '<':
            tp_strbuf_puts(sb, "&lt;");
            return;
        case '>':
            tp_strbuf_puts(sb, "&gt;");
            return;
        case '"':
            tp_strbuf_puts(sb, "&quot;");
            return;
        case '\'':
            tp_strbuf_puts(sb, "&#39;");
            return;
        }
    } else if (m == M_MD) {
        if (c == '|' || strchr(md_special, c)) {
            tp_strbuf_putc(sb, '\\');
        } else if (c == '<' || c == '&') {
            tp_strbuf_puts(sb, c == '<' ? "&lt;" : "&amp;");
            return;
        }
    } else if (m == M_GH_DATA || m == M_GH_PROP) {
        if (c == '%') {
            tp_strbuf_puts(sb, "%25");
            return;
        }
        if (m == M_GH_PROP && (c == ':' || c == ',')) {
            tp_strbuf_puts(sb, c == ':' ? "%3A" : "%2C");
            return;
        }
    }
    tp_strbuf_putc(sb, c);
}

/* Whether `m` copies the ASCII character c as it is: printable, and no syntax of the format. */
static inline __attribute__((always_inline)) int plain_ascii(unsigned char c, mode m)
{
    if (c < 0x20 || c >= 0x7F)
        return 0;
    switch (m) {
    case M_TEXT:
        return 1;
    case M_XML:
        return c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
    case M_MD:
        return c != '|' && c != '\\' && c != '`' && c != '*' && c != '_' && c != '[' && c != ']' &&
               c != '<' && c != '&';
    case M_GH_DATA:
        return c != '%';
    case M_GH_PROP:
        return c != '%' && c != ':' && c != ',';
    }
    return 0;
}

/* The n bytes at p in `m`, with no leading "::" to look for. What is copied as it is goes in runs
 * (one append per run, not per byte): reports are mostly plain text, and a large report is
 * mostly this loop. Inlined into each format's entry point, so that plain_ascii is one compare
 * or two. */
static inline __attribute__((always_inline)) void escape_span(tp_strbuf *sb, const unsigned char *p,
                                                              size_t n, mode m)
{
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (plain_ascii(c, m)) {
                i++;
                continue;
            }
            tp_strbuf_add(sb, (const char *)p + run, i - run);
            if (unsafe(c))
                put_unsafe(sb, c, m);
            else
                put_ascii(sb, (char)c, m);
            run = ++i;
            continue;
        }
        size_t len = tp_utf8_len(p + i, n - i);
        if (len == 0) { /* not UTF-8: its byte, visibly; never a raw byte an XML parser refuses */
            tp_strbuf_add(sb, (const char *)p + run, i - run);
            if (m == M_XML)
                tp_strbuf_puts(sb, "\xEF\xBF\xBD");
            else
                tp_strbuf_printf(sb, "\\x%02X", c);
            run = ++i;
            continue;
        }
        uint32_t cp = decode(p + i, len);
        if (unsafe(cp)) {
            tp_strbuf_add(sb, (const char *)p + run, i - run);
            put_unsafe(sb, cp, m);
            run = i + len;
        }
        i += len;
    }
    tp_strbuf_add(sb, (const char *)p + run, n - run);
}

/* Every escaper masks credentials first (base/redact.h): escaping, %-encoding and the "::"
 * guard change a credential's shape, so the scanner must see the value as it came. */
static inline __attribute__((always_inline)) void escape(tp_strbuf *sb, const char *s, mode m)
{
    tp_strbuf masked;
    size_t n;
    tp_strbuf_init(&masked, sb->mem);
    const unsigned char *p = (const unsigned char *)tp_redact_view(&masked, s, strlen(s), &n);
    /* "::" where a line may start (after blanks only) would be a workflow command. */
    size_t blanks = 0;
    while (blanks < n && (p[blanks] == ' ' || p[blanks] == '\t'))
        blanks++;
    if (blanks + 1 < n && p[blanks] == ':' && p[blanks + 1] == ':') {
        escape_span(sb, p, blanks, m);
        tp_strbuf_puts(sb, m == M_XML ? "&#58;" : m == M_GH_PROP ? "%3A" : "\\x3A");
        p += blanks + 1, n -= blanks + 1;
    }
    escape_span(sb, p, n, m);
    tp_strbuf_free(&masked);
}

void tp_escape_text(tp_strbuf *sb, const char *s)
{
    escape(sb, s, M_TEXT);
}

void tp_escape_xml(tp_strbuf *sb, const char *s)
{
    escape(sb, s, M_XML);
}

void tp_escape_md_cell(tp_strbuf *sb, const char *s)
{
    escape(sb, s, M_MD);
}

void tp_escape_gh(tp_strbuf *sb, const char *s, int property)
{
    escape(sb, s, property ? M_GH_PROP : M_GH_DATA);
}

/* `\u` and cp (at most U+FFFF: every unsafe character is) in four lower-case hex digits. */
static char *json_u(char *o, uint32_t cp)
{
    static const char hex[] = "0123456789abcdef";
    memcpy(o, "\\u", 2);
    for (int k = 0; k < 4; k++)
        o[2 + k] = hex[(cp >> (12 - 4 * k)) & 0xF];
    return o + 6;
}

/* The JSON escape of one byte is at most 6 bytes (\u001b, \ufffd): room for the worst case of a
 * slice of the input is reserved once and the slice written straight into it, with no call per
 * character; the slices bound what is reserved beyond what the string needs. */
#define JSON_SLICE 4096

/* The end of the run of plain bytes (base/json_bytes.h) that starts at p[j], before `stop`:
 * most report text is plain ASCII, read 8 bytes at a time. */
static size_t plain_run_end(const unsigned char *p, size_t j, size_t stop)
{
    while (j + 8 <= stop) {
        size_t k = tp_json_special8(p + j, true);
        j += k;
        if (k < 8)
            return j;
    }
    if (j < stop && stop >= 8) { /* the few left, as the last 8 bytes before stop */
        size_t at = stop - 8 + tp_json_special8(p + stop - 8, true);
        if (at >= j)
            return at;
    }
    while (j < stop && tp_json_plain(p[j]))
        j++;
    return j;
}

/* The n bytes at p as the body of a JSON string, quoted if `quote`, as escape() treats text:
 * what unsafe() names as \uXXXX (\n, \r, \t for those), '"' and '\\' escaped, invalid UTF-8 as
 * \ufffd. Plain runs are copied with one memcpy. */
static void json_body(tp_strbuf *sb, const unsigned char *p, size_t n, int quote)
{
    size_t i = 0;
    do {
        size_t stop = n - i < JSON_SLICE ? n : i + JSON_SLICE;
        /* A sequence that starts before `stop` ends at most 3 bytes after it; 2 for the quotes. */
        char *out = tp_strbuf_room(sb, 6 * (stop - i + 3) + 2);
        if (!out)
            return;
        char *o = out;
        if (quote && i == 0)
            *o++ = '"';
        while (i < stop) {
            unsigned char c = p[i];
            if (tp_json_plain(c)) {
                size_t j = plain_run_end(p, i + 1, stop);
                memcpy(o, p + i, j - i);
                o += j - i;
                i = j;
            } else if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
                *o++ = '\\';
                *o++ = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : (char)c;
                i++;
            } else if (c < 0x80) {
                o = json_u(o, c);
                i++;
            } else {
                size_t len = tp_utf8_len(p + i, n - i);
                uint32_t cp = len ? decode(p + i, len) : 0xFFFD; /* not UTF-8: U+FFFD */
                if (!len || unsafe(cp)) {
                    o = json_u(o, cp);
                } else {
                    memcpy(o, p + i, len);
                    o += len;
                }
                i += len ? len : 1;
            }
        }
        if (quote && i == n)
            *o++ = '"';
        tp_strbuf_commit(sb, (size_t)(o - out));
    } while (i < n);
}

/* JSON is masked first too; a value with no credential is not copied (tp_redact_view). */
static void json_masked(tp_strbuf *sb, const char *s, int quote)
{
    tp_strbuf masked;
    size_t n;
    tp_strbuf_init(&masked, sb->mem);
    const char *p = tp_redact_view(&masked, s, strlen(s), &n);
    json_body(sb, (const unsigned char *)p, n, quote);
    tp_strbuf_free(&masked);
}

void tp_escape_json(tp_strbuf *sb, const char *s)
{
    json_masked(sb, s, 0);
}

void tp_escape_json_string(tp_strbuf *sb, const char *s)
{
    json_masked(sb, s, 1);
}

void tp_escape_json_shown(tp_strbuf *sb, const char *s)
{
    json_body(sb, (const unsigned char *)s, strlen(s), 1);
}

void tp_escape_memo_init(tp_escape_memo *m, const tp_mem *mem)
{
    m->key = NULL;
    tp_strbuf_init(&m->json, mem);
}

void tp_escape_memo_free(tp_escape_memo *m)
{
    tp_strbuf_free(&m->json);
}

void tp_escape_json_memo(tp_strbuf *sb, tp_escape_memo *m, const char *s)
{
    if (s != m->key) {
        tp_strbuf_reset(&m->json);
        json_masked(&m->json, s, 1);
        m->key = s;
    }
    if (m->json.failed) {
        m->key = NULL;
        sb->failed = 1; /* the report fails as if sb had run out */
        return;
    }
    tp_strbuf_add(sb, m->json.data, m->json.len);
}

/* s masked, with the bytes not in `keep` %-encoded. */
static void percent_encode(tp_strbuf *sb, const char *s, const char *keep)
{
    tp_strbuf masked;
    size_t len;
    tp_strbuf_init(&masked, sb->mem);
    const char *p = tp_redact_view(&masked, s, strlen(s), &len);
    for (size_t i = 0; i < len; i++) {
        if (p[i] && strchr(keep, p[i]))
            tp_strbuf_putc(sb, p[i]);
        else
            tp_strbuf_printf(sb, "%%%02X", (unsigned char)p[i]);
    }
    tp_strbuf_free(&masked);
}

void tp_escape_url(tp_strbuf *sb, const char *s)
{
    percent_encode(sb, s,
                   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                   "-._~:/?#[]@!$&'*+,;=%");
}

void tp_escape_uri(tp_strbuf *sb, const char *s)
{
    if (*s == '/')
        tp_strbuf_puts(sb, "file://"); /* an absolute path is a file URI, not a relative one */
    percent_encode(sb, s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/");
}
