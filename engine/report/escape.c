#include "report/escape.h"

#include <string.h>

void tp_escape_xml(tp_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            tp_strbuf_puts(sb, "&amp;");
            break;
        case '<':
            tp_strbuf_puts(sb, "&lt;");
            break;
        case '>':
            tp_strbuf_puts(sb, "&gt;");
            break;
        case '"':
            tp_strbuf_puts(sb, "&quot;");
            break;
        case '\'':
            tp_strbuf_puts(sb, "&#39;");
            break;
        default:
            /* XML 1.0 cannot carry most control characters, even escaped. */
            if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
                tp_strbuf_putc(sb, *s);
        }
    }
}

void tp_escape_json_string(tp_strbuf *sb, const char *s)
{
    tp_strbuf_putc(sb, '"');
    tp_strbuf_json_escape(sb, s, strlen(s));
    tp_strbuf_putc(sb, '"');
}

void tp_escape_uri(tp_strbuf *sb, const char *s)
{
    if (*s == '/')
        tp_strbuf_puts(sb,
                       "file://"); /* an absolute path is a file URI, not a relative reference */
    static const char keep[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/";
    for (; *s; s++) {
        if (strchr(keep, *s))
            tp_strbuf_putc(sb, *s);
        else
            tp_strbuf_printf(sb, "%%%02X", (unsigned char)*s);
    }
}

void tp_escape_md_cell(tp_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            tp_strbuf_puts(sb, "\\|");
        else if (*s == '\n' || *s == '\r')
            tp_strbuf_putc(sb, ' ');
        else if (*s == '<')
            tp_strbuf_puts(sb, "&lt;");
        else
            tp_strbuf_putc(sb, *s);
    }
}

void tp_escape_gh(tp_strbuf *sb, const char *s, int property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%':
            tp_strbuf_puts(sb, "%25");
            break;
        case '\r':
            tp_strbuf_puts(sb, "%0D");
            break;
        case '\n':
            tp_strbuf_puts(sb, "%0A");
            break;
        case ':':
            tp_strbuf_puts(sb, property ? "%3A" : ":");
            break;
        case ',':
            tp_strbuf_puts(sb, property ? "%2C" : ",");
            break;
        default:
            tp_strbuf_putc(sb, *s);
        }
    }
}
