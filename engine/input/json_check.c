/*
 * A strict RFC 8259 validator that allocates nothing. It runs before cJSON so that every
 * rejection has an exact position and reason, so that cJSON's leniencies (leading zeros, \u0000
 * cutting a string short, numbers that overflow to infinity) never reach a policy, and so that a
 * cJSON failure afterwards can only mean it ran out of memory.
 */
#include "input/json_check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct checker {
    const unsigned char *s;
    size_t len, i;
    tp_json_fault *fault;
} checker;

static int fail(checker *c, size_t at, int limit, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(checker *c, size_t at, int limit, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->fault->message, sizeof c->fault->message, fmt, ap);
    va_end(ap);
    c->fault->offset = at;
    c->fault->limit = limit;
    return -1;
}

static void skip_ws(checker *c)
{
    while (c->i < c->len &&
           (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' || c->s[c->i] == '\r'))
        c->i++;
}

/* Length of the UTF-8 sequence at p (RFC 3629: no overlongs, no surrogates), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned char b = p[0];
    size_t need = b >= 0xC2 && b <= 0xDF   ? 2
                  : b >= 0xE0 && b <= 0xEF ? 3
                  : b >= 0xF0 && b <= 0xF4 ? 4
                                           : 0;
    if (!need || need > n)
        return 0;
    for (size_t k = 1; k < need; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    if ((b == 0xE0 && p[1] < 0xA0) || (b == 0xED && p[1] > 0x9F) || (b == 0xF0 && p[1] < 0x90) ||
        (b == 0xF4 && p[1] > 0x8F))
        return 0;
    return need;
}

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

static int check_string(checker *c)
{
    size_t start = c->i++;
    while (c->i < c->len) {
        unsigned char b = c->s[c->i];
        if (b == '"') {
            c->i++;
            return 0;
        }
        if (b == 0)
            return fail(c, c->i, 0, "NUL byte in a string");
        if (b < 0x20)
            return fail(c, c->i, 0, "control character 0x%02x in a string: escape it", b);
        if (b >= 0x80) {
            size_t n = utf8_len(c->s + c->i, c->len - c->i);
            if (!n)
                return fail(c, c->i, 0, "invalid UTF-8 (byte 0x%02x)", b);
            c->i += n;
            continue;
        }
        if (b != '\\') {
            c->i++;
            continue;
        }
        if (c->i + 1 >= c->len)
            break;
        unsigned char e = c->s[c->i + 1];
        if (e != 'u') {
            if (!strchr("\"\\/bfnrt", e))
                return fail(c, c->i, 0, "invalid escape '\\%c' in a string",
                            e >= 0x20 && e < 0x7f ? e : '?');
            c->i += 2;
            continue;
        }
        unsigned cp, lo;
        if (c->i + 6 > c->len || hex4(c->s + c->i + 2, &cp) != 0)
            return fail(c, c->i, 0, "invalid \\u escape: expected four hex digits");
        if (cp == 0)
            return fail(c, c->i, 0, "\\u0000 in a string: a NUL would cut the string short");
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return fail(c, c->i, 0, "invalid \\u escape: a lone low surrogate");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (c->i + 12 > c->len || c->s[c->i + 6] != '\\' || c->s[c->i + 7] != 'u' ||
                hex4(c->s + c->i + 8, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
                return fail(c, c->i, 0,
                            "invalid \\u escape: a high surrogate without its low half");
            c->i += 6;
        }
        c->i += 6;
    }
    return fail(c, start, 0, "unexpected end of input: a string is not closed");
}

static int digits(checker *c)
{
    size_t start = c->i;
    while (c->i < c->len && c->s[c->i] >= '0' && c->s[c->i] <= '9')
        c->i++;
    return c->i > start;
}

static int check_number(checker *c)
{
    size_t start = c->i;
    if (c->s[c->i] == '-')
        c->i++;
    if (c->i < c->len && c->s[c->i] == '0') {
        c->i++;
        if (c->i < c->len && c->s[c->i] >= '0' && c->s[c->i] <= '9')
            return fail(c, start, 0, "invalid number: a leading zero");
    } else if (!digits(c)) {
        return fail(c, start, 0, "invalid number");
    }
    if (c->i < c->len && c->s[c->i] == '.') {
        c->i++;
        if (!digits(c))
            return fail(c, start, 0, "invalid number: digits must follow '.'");
    }
    if (c->i < c->len && (c->s[c->i] == 'e' || c->s[c->i] == 'E')) {
        c->i++;
        if (c->i < c->len && (c->s[c->i] == '+' || c->s[c->i] == '-'))
            c->i++;
        if (!digits(c))
            return fail(c, start, 0, "invalid number: digits must follow the exponent");
    }
    char buf[64];
    size_t n = c->i - start;
    if (n < sizeof buf) {
        memcpy(buf, c->s + start, n);
        buf[n] = '\0';
        if (!isfinite(strtod(buf, NULL)))
            return fail(c, start, 0, "number out of range: %s", buf);
    } else if (memchr(c->s + start, 'e', n) || memchr(c->s + start, 'E', n)) {
        return fail(c, start, 0, "number too long");
    } else if (n > 309) {
        return fail(c, start, 0, "number out of range");
    }
    return 0;
}

static int check_literal(checker *c)
{
    static const char *const words[] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(words[k]);
        if (c->len - c->i >= n && memcmp(c->s + c->i, words[k], n) == 0) {
            c->i += n;
            return 0;
        }
    }
    unsigned char b = c->s[c->i];
    if (b >= 0x20 && b < 0x7f)
        return fail(c, c->i, 0, "unexpected '%c': expected a value", b);
    return fail(c, c->i, 0, "unexpected byte 0x%02x: expected a value", b);
}

/* A scalar value at c->i, or the opening of a container (left to the caller). */
static int check_scalar(checker *c)
{
    unsigned char b = c->s[c->i];
    if (b == '"')
        return check_string(c);
    if (b == '-' || (b >= '0' && b <= '9'))
        return check_number(c);
    return check_literal(c);
}

static int truncated(checker *c, size_t depth)
{
    return fail(c, c->len, 0,
                "unexpected end of input: the JSON is truncated (%zu bracket%s not closed)", depth,
                depth == 1 ? " is" : "s are");
}

static int mismatch(checker *c, size_t open_at, unsigned char closer)
{
    size_t line = 1, col = 1;
    for (size_t k = 0; k < open_at; k++) {
        if (c->s[k] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    return fail(c, c->i, 0, "'%c' closes the '%c' opened at %zu:%zu", closer, c->s[open_at], line,
                col);
}

/* A member's key and its colon, at c->i (after whitespace); `missing` says what was expected. */
static int check_key(checker *c, size_t depth, const char *missing)
{
    skip_ws(c);
    if (c->i == c->len)
        return truncated(c, depth);
    if (c->s[c->i] != '"')
        return fail(c, c->i, 0, "%s", missing);
    if (check_string(c) != 0)
        return -1;
    skip_ws(c);
    if (c->i == c->len)
        return truncated(c, depth);
    if (c->s[c->i] != ':')
        return fail(c, c->i, 0, "expected ':' after a key");
    c->i++;
    return 0;
}

int tp_json_check(const char *text, size_t len, size_t max_depth, tp_json_fault *fault)
{
    checker c = {(const unsigned char *)text, len, 0, fault};
    size_t stack[TP_JSON_MAX_DEPTH];
    size_t depth = 0;
    if (max_depth > TP_JSON_MAX_DEPTH)
        max_depth = TP_JSON_MAX_DEPTH;
    skip_ws(&c);
    if (c.i == len)
        return fail(&c, 0, 0, "empty input: expected a JSON value");
    /* Each turn reads one value, then what may follow it, until the outer value is complete. */
    for (;;) {
        skip_ws(&c);
        if (c.i == len)
            return depth ? truncated(&c, depth) : fail(&c, c.i, 0, "expected a value");
        unsigned char b = c.s[c.i];
        if (b == '{' || b == '[') {
            if (depth == max_depth)
                return fail(&c, c.i, 1,
                            "JSON nested deeper than %zu levels (raise it with --max-json-depth, "
                            "at most %d)",
                            max_depth, TP_JSON_MAX_DEPTH);
            stack[depth++] = c.i++;
            skip_ws(&c);
            if (c.i == len)
                return truncated(&c, depth);
            if (c.s[c.i] == (b == '{' ? '}' : ']')) {
                c.i++;
                depth--;
            } else if (b == '{') {
                if (check_key(&c, depth, "expected a key (a string) or '}'") != 0)
                    return -1;
                continue;
            } else {
                continue;
            }
        } else if (b == '}' || b == ']') {
            return fail(&c, c.i, 0, "unexpected '%c': expected a value", b);
        } else if (check_scalar(&c) != 0) {
            return -1;
        }
        /* A value ended: close containers, or find the separator to the next value. */
        for (;;) {
            skip_ws(&c);
            if (depth == 0) {
                if (c.i != len)
                    return fail(&c, c.i, 0, "unexpected text after the JSON value");
                return 0;
            }
            if (c.i == len)
                return truncated(&c, depth);
            unsigned char opener = c.s[stack[depth - 1]];
            unsigned char n = c.s[c.i];
            if (n == ',') {
                c.i++;
                if (opener == '{' &&
                    check_key(&c, depth, "expected a key (a string) after ','") != 0)
                    return -1;
                break;
            }
            if (n == '}' || n == ']') {
                if ((opener == '{') != (n == '}'))
                    return mismatch(&c, stack[depth - 1], n);
                c.i++;
                depth--;
                continue;
            }
            return fail(&c, c.i, 0, "expected ',' or '%c'", opener == '{' ? '}' : ']');
        }
    }
}
