#include "syntax/source_chars.h"

#include <stdio.h>

#include "base/unicode.h"

/* "U+200B ZERO WIDTH SPACE", or "U+00E9" for a character with no name here. */
static void describe(char *buf, size_t size, uint32_t cp)
{
    const char *name = tp_unicode_name(cp);
    snprintf(buf, size, "U+%04X%s%s", (unsigned)cp, name ? " " : "", name ? name : "");
}

static const char *const places[] = {"a string", "a comment"};

static void bidi_error(tp_parse_ctx *ctx, tp_span at, uint32_t cp, const char *where)
{
    char what[96], hint[160];
    describe(what, sizeof what, cp);
    snprintf(hint, sizeof hint,
             "delete it; a string that must hold it writes it as \\u{%X}, which shows", cp);
    tp_parse_error(ctx, at, "E-BIDI", hint,
                   "bidirectional control character %s in %s: it can show the code in another "
                   "order than it runs (Trojan Source, CVE-2021-42574)",
                   what, where);
}

void tp_source_check_text(tp_parse_ctx *ctx, unsigned line, unsigned col, const char *text,
                          size_t len, tp_text_place place)
{
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = tp_utf8_decode(p + i, len - i, &cp);
        tp_span at = {ctx->file, line, col + (unsigned)i, line, col + (unsigned)(i + (n ? n : 1))};
        char what[96], hint[96];
        if (n == 0) {
            tp_parse_error(ctx, at, "E-CHAR", "a policy is UTF-8 text",
                           "invalid UTF-8 (byte 0x%02x) in %s", p[i], places[place]);
            i++;
            continue;
        }
        i += n;
        if (tp_unicode_is_bidi(cp)) {
            bidi_error(ctx, at, cp, places[place]);
        } else if ((cp < 0x20 && cp != '\t' && !(cp == '\r' && place == TP_TEXT_COMMENT)) ||
                   (cp >= 0x7F && cp <= 0x9F)) {
            describe(what, sizeof what, cp);
            snprintf(hint, sizeof hint, "write it as \\u{%X} if it is meant", cp);
            tp_parse_error(ctx, at, "E-CHAR", place == TP_TEXT_STRING ? hint : "delete it",
                           "control character %s in %s", what, places[place]);
        } else if (place == TP_TEXT_STRING && tp_unicode_is_invisible(cp)) {
            describe(what, sizeof what, cp);
            snprintf(hint, sizeof hint, "write it as \\u{%X} if it is meant, or delete it", cp);
            tp_diags_add(ctx->diags, TP_DIAG_WARNING, "W-INVISIBLE", ctx->file_name, at, hint,
                         "invisible character %s in a string: the text is not what it shows", what);
        }
    }
}

void tp_source_bad_char(tp_parse_ctx *ctx, tp_span span, const char *text, size_t len)
{
    uint32_t cp;
    size_t n = tp_utf8_decode((const unsigned char *)text, len, &cp);
    if (n == 0 || n != len) {
        tp_parse_error(ctx, span, "E-CHAR", "a policy is UTF-8 text", "invalid UTF-8 (byte 0x%02x)",
                       (unsigned char)text[0]);
        return;
    }
    if (tp_unicode_is_bidi(cp)) {
        bidi_error(ctx, span, cp, "the policy");
        return;
    }
    char what[96], hint[128];
    describe(what, sizeof what, cp);
    char like = tp_unicode_lookalike(cp);
    if (cp == 0xFEFF)
        snprintf(hint, sizeof hint, "a byte order mark is taken only at the very start of a file");
    else if (like == ' ')
        snprintf(hint, sizeof hint, "it looks like a space but is not one: write a plain space");
    else if (like)
        snprintf(hint, sizeof hint,
                 "it looks like the ASCII '%c': outside strings, a policy is "
                 "written in ASCII",
                 like);
    else if (tp_unicode_is_invisible(cp))
        snprintf(hint, sizeof hint, "it does not show: delete it");
    else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        snprintf(hint, sizeof hint, "control characters have no place in a policy: delete it");
    else
        snprintf(hint, sizeof hint, "outside strings and comments, a policy is written in ASCII");
    tp_parse_error(ctx, span, "E-CHAR", hint, "unexpected character %s", what);
}
