#include "report/escape.h"

#include <stdint.h>
#include <string.h>

#include "base/unicode.h"
#include "base/redact.h"

typedef enum mode { M_TEXT, M_MD, M_XML, M_GH_DATA, M_GH_PROP, M_JSON } mode;

/* Characters no report prints as they are: C0 and C1 controls and DEL (they move the cursor,
 * clear screens, ring bells, start lines), the line and paragraph separators, the bidi controls
 * and marks that reorder what a reader sees (Trojan Source), and noncharacters (U+FFFE and
 * U+FFFF are not even XML). */
static int unsafe(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0xFDD0 && cp <= 0xFDEF) || cp == 0xFFFE ||
           cp == 0xFFFF;
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
    if (m == M_JSON && (cp == '\n' || cp == '\r' || cp == '\t'))
        tp_strbuf_puts(sb, cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : "\\t");
    else if (m == M_JSON)
        tp_strbuf_printf(sb, "\\u%04x", (unsigned)cp);
    else if (m == M_XML && (cp == '\n' || cp == '\r' || cp == '\t'))
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
    } else if (m == M_JSON) {
        if (c == '"' || c == '\\')
            tp_strbuf_putc(sb, '\\');
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

/* Every escaper masks credentials first (base/redact.h): escaping, %-encoding and the "::"
 * guard change a credential's shape, so the scanner must see the value as it came. */
static void escape(tp_strbuf *sb, const char *s, mode m)
{
    tp_strbuf masked;
    size_t left;
    tp_strbuf_init(&masked, sb->mem);
    const unsigned char *p = (const unsigned char *)tp_redact_view(&masked, s, strlen(s), &left);
    int lead = 1; /* still in the value's leading blanks */
    while (left) {
        unsigned char c = *p;
        if (lead && m != M_JSON && c == ':' && left > 1 && p[1] == ':') {
            /* "::" where a line may start would be a workflow command. */
            tp_strbuf_puts(sb, m == M_XML ? "&#58;" : m == M_GH_PROP ? "%3A" : "\\x3A");
            p++, left--, lead = 0;
            continue;
        }
        lead = lead && (c == ' ' || c == '\t');
        if (c < 0x80) {
            if (unsafe(c))
                put_unsafe(sb, c, m);
            else
                put_ascii(sb, (char)c, m);
            p++, left--;
            continue;
        }
        size_t n = tp_utf8_len(p, left);
        if (n == 0) { /* not UTF-8: its byte, visibly; never a raw byte an XML parser refuses */
            if (m == M_XML)
                tp_strbuf_puts(sb, "\xEF\xBF\xBD");
            else if (m == M_JSON)
                tp_strbuf_puts(sb, "\\ufffd");
            else
                tp_strbuf_printf(sb, "\\x%02X", c);
            p++, left--;
            continue;
        }
        uint32_t cp = decode(p, n);
        if (unsafe(cp))
            put_unsafe(sb, cp, m);
        else
            tp_strbuf_add(sb, (const char *)p, n);
        p += n, left -= n;
    }
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

void tp_escape_json(tp_strbuf *sb, const char *s)
{
    escape(sb, s, M_JSON);
}

void tp_escape_json_string(tp_strbuf *sb, const char *s)
{
    tp_strbuf_putc(sb, '"');
    escape(sb, s, M_JSON);
    tp_strbuf_putc(sb, '"');
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
