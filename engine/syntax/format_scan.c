/* The formatter's scanner: tokens with their text, comments and line breaks (format_scan.h). It
 * follows the lexer's rules for where a token ends, so that the layout it prints lexes back to the
 * same tokens. */
#include "syntax/format_scan.h"

#include <string.h>

#include "base/secret_scan.h"
#include "tokpol.h"

void tp_ftoks_init(tp_ftoks *t, const tp_mem *mem)
{
    memset(t, 0, sizeof *t);
    t->mem = mem;
}

void tp_ftoks_free(tp_ftoks *t)
{
    tp_mem_free(t->mem, t->items);
    t->items = NULL;
    t->n = t->cap = 0;
}

static int is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
    return is_alpha(c) || is_digit(c);
}

typedef struct scanner {
    const char *src;
    size_t len, pos;
} scanner;

static size_t digits_from(const scanner *s, size_t i)
{
    while (i < s->len && is_digit(s->src[i]))
        i++;
    return i;
}

/* The end of a number or duration starting at s->pos: the longer of the lexer's two patterns. */
static size_t number_end(const scanner *s)
{
    size_t d = digits_from(s, s->pos), n = d;
    if (n + 1 < s->len && s->src[n] == '.' && is_digit(s->src[n + 1]))
        n = digits_from(s, n + 1);
    if (n < s->len && (s->src[n] == 'e' || s->src[n] == 'E')) {
        size_t e = n + 1;
        if (e < s->len && (s->src[e] == '+' || s->src[e] == '-'))
            e++;
        if (e < s->len && is_digit(s->src[e]))
            n = digits_from(s, e);
    }
    size_t dur = d;
    if (dur < s->len && is_alpha(s->src[dur]))
        while (dur < s->len && is_alnum(s->src[dur]))
            dur++;
    return dur > n ? dur : n;
}

static void skip_string(scanner *s);

/* Skips the inside of an interpolation, up to and including the '}' that closes it. */
static void skip_interpolation(scanner *s)
{
    unsigned depth = 0;
    while (s->pos < s->len) {
        char c = s->src[s->pos];
        if (c == '#') {
            while (s->pos < s->len && s->src[s->pos] != '\n')
                s->pos++;
        } else if (c == '"') {
            skip_string(s);
        } else if (c == '{') {
            depth++;
            s->pos++;
        } else if (c == '}') {
            s->pos++;
            if (depth-- == 0)
                return;
        } else {
            s->pos++;
        }
    }
}

/* Skips a string literal from its opening quote to its closing one (or to where the lexer
 * would stop: a line break or the end). */
static void skip_string(scanner *s)
{
    s->pos++;
    while (s->pos < s->len) {
        char c = s->src[s->pos];
        if (c == '"') {
            s->pos++;
            return;
        }
        if (c == '\n')
            return;
        if (c == '\\' || (c == '{' && s->pos + 1 < s->len && s->src[s->pos + 1] == '{') ||
            (c == '}' && s->pos + 1 < s->len && s->src[s->pos + 1] == '}')) {
            s->pos += s->pos + 1 < s->len && s->src[s->pos + 1] != '\n' ? 2 : 1;
        } else if (c == '{') {
            s->pos++;
            skip_interpolation(s);
        } else {
            s->pos++;
        }
    }
}

static int push(tp_ftoks *t, tp_ftok_kind kind, const char *text, size_t len, unsigned nl)
{
    void *items = t->items;
    if (tp_mem_grow(t->mem, &items, &t->cap, t->n + 1, sizeof *t->items))
        return TP_ENOMEM;
    t->items = items;
    tp_ftok *k = &t->items[t->n++];
    k->kind = kind;
    k->text = text;
    k->len = len;
    k->nl_before = nl;
    k->glued = 0;
    return 0;
}

/* Whether a token starting at byte `at` is inside a credential that started before it. */
static int inside_secret(tp_secret_cursor *spans, size_t at)
{
    const tp_secret_span *sp = tp_secret_cursor_at(spans, at);
    return sp && sp->start < at;
}

/* The kind and end of the token at s->pos. `rule_id`: the previous word was `rule` or `waive`,
 * after which the lexer reads a rule id. */
static tp_ftok_kind token_at(const scanner *s, int rule_id, size_t *end)
{
    static const char *const pairs[] = {"==", "!=", "<=", ">=", "??"};
    const char *p = s->src + s->pos;
    size_t left = s->len - s->pos, i = 1;
    if (rule_id && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) {
        while (i < left && (is_alnum(p[i]) || p[i] == '.' || p[i] == '-'))
            i++;
        *end = s->pos + i;
        return TP_FT_RULE_ID;
    }
    if (is_alpha(*p)) {
        while (i < left && is_alnum(p[i]))
            i++;
        *end = s->pos + i;
        return TP_FT_WORD;
    }
    if (is_digit(*p)) {
        *end = number_end(s);
        return TP_FT_ATOM;
    }
    if (*p == '@' && left > 1 && is_digit(p[1])) {
        while (i < left && (is_alnum(p[i]) || strchr(":.+-", p[i])))
            i++;
        *end = s->pos + i;
        return TP_FT_ATOM;
    }
    if ((unsigned char)*p >= 0xC0) /* a multi-byte character, as the lexer's MULTI */
        while (i < left && ((unsigned char)p[i] & 0xC0) == 0x80)
            i++;
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0] && left >= 2; k++)
        if (p[0] == pairs[k][0] && p[1] == pairs[k][1])
            i = 2;
    *end = s->pos + i;
    return TP_FT_PUNCT;
}

int tp_format_scan(tp_ftoks *t, const char *src, size_t len)
{
    scanner s = {src, len, 0};
    t->n = 0;
    unsigned nl = 0;
    int rule_id = 0;
    tp_secret_cursor spans;
    tp_secret_cursor_init(&spans, src, len);
    size_t prev_end = SIZE_MAX;
    while (s.pos < len) {
        char c = src[s.pos];
        if (c == '\n' || c == ' ' || c == '\t' || c == '\r') {
            nl += c == '\n';
            s.pos++;
            continue;
        }
        size_t start = s.pos, end;
        tp_ftok_kind kind;
        if (c == '#') {
            while (s.pos < len && src[s.pos] != '\n')
                s.pos++;
            end = s.pos;
            while (end > start &&
                   (src[end - 1] == ' ' || src[end - 1] == '\t' || src[end - 1] == '\r'))
                end--;
            kind = TP_FT_COMMENT;
        } else if (c == '"') {
            skip_string(&s);
            end = s.pos;
            kind = TP_FT_STRING;
        } else {
            kind = token_at(&s, rule_id, &end);
        }
        if (push(t, kind, src + start, end - start, nl))
            return TP_ENOMEM;
        t->items[t->n - 1].glued = start == prev_end && inside_secret(&spans, start);
        prev_end = end;
        if (kind != TP_FT_COMMENT)
            rule_id = kind == TP_FT_WORD && (tp_ftok_is(&t->items[t->n - 1], "rule") ||
                                             tp_ftok_is(&t->items[t->n - 1], "waive"));
        s.pos = end > s.pos ? end : s.pos;
        nl = 0;
    }
    t->nl_after = nl;
    return 0;
}

int tp_ftok_is(const tp_ftok *t, const char *s)
{
    size_t n = strlen(s);
    return t->kind != TP_FT_COMMENT && t->kind != TP_FT_STRING && t->len == n &&
           memcmp(t->text, s, n) == 0;
}

int tp_ftoks_same(const tp_ftoks *a, const tp_ftoks *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        const tp_ftok *x = &a->items[i], *y = &b->items[i];
        if (x->kind != y->kind || x->len != y->len || memcmp(x->text, y->text, x->len) != 0)
            return 0;
    }
    return 1;
}
