#include "base/secret_scan.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/secret_catalogue.h"
#include "base/secret_chars.h"
#include "base/secret_name.h"
#include "base/sha256.h"

static const struct {
    const char *name;
    bool hashed;
} kinds[TP_SECRET_KIND_COUNT] = {[TP_SECRET_NONE] = {NULL, false},
#define TP_SECRET_ROW(id, str, h) [TP_SECRET_##id] = {str, h},
                                 TP_SECRET_KIND_LIST(TP_SECRET_ROW)
#undef TP_SECRET_ROW
};

const char *tp_secret_kind_name(tp_secret_kind kind)
{
    return (unsigned)kind < TP_SECRET_KIND_COUNT ? kinds[kind].name : NULL;
}

size_t tp_secret_format_mask(char *buf, tp_secret_kind kind, const char *s, size_t len)
{
    const char *name = tp_secret_kind_name(kind);
    if (!name)
        kind = TP_SECRET_REDACTED, name = kinds[kind].name;
    if (!kinds[kind].hashed)
        return (size_t)snprintf(buf, TP_SECRET_MASK_MAX, "[%s]", name);
    char hex[9];
    tp_sha256_hex(s, len, 4, hex);
    return (size_t)snprintf(buf, TP_SECRET_MASK_MAX, "[%s sha256:%s]", name, hex);
}

void tp_secret_append_mask(tp_strbuf *sb, tp_secret_kind kind, const char *s, size_t len)
{
    char mask[TP_SECRET_MASK_MAX];
    size_t n = tp_secret_format_mask(mask, kind, s, len);
    tp_strbuf_add(sb, mask, n);
}

/* The length of a mask this module writes (or wrote), starting at s[i], else 0, and its kind:
 * text masked once passes through again unchanged, and nothing inside a mask is taken for a
 * credential. */
static size_t mask_kind_at(const char *s, size_t n, size_t i, tp_secret_kind *kind_out)
{
    if (i >= n || s[i] != '[')
        return 0;
    size_t e = i + 1;
    while (e < n && e - i <= 24 && (tp_sc_lower((unsigned char)s[e]) || s[e] == '-'))
        e++;
    int kind = 1;
    while (kind < TP_SECRET_KIND_COUNT && !(strlen(kinds[kind].name) == e - i - 1 &&
                                            memcmp(s + i + 1, kinds[kind].name, e - i - 1) == 0))
        kind++;
    if (kind == TP_SECRET_KIND_COUNT)
        return 0;
    *kind_out = (tp_secret_kind)kind;
    static const char tag[] = " sha256:";
    if (n - e >= sizeof tag - 1 + 9 && memcmp(s + e, tag, sizeof tag - 1) == 0) {
        size_t h = e + sizeof tag - 1;
        size_t k = h;
        while (k < h + 8 && tp_sc_hex((unsigned char)s[k]))
            k++;
        if (k == h + 8)
            e = k;
    }
    return e < n && s[e] == ']' ? e + 1 - i : 0;
}

static size_t mask_at(const char *s, size_t n, size_t i)
{
    tp_secret_kind kind;
    return mask_kind_at(s, n, i, &kind);
}

/* Whether a mask of `kind`, m bytes long, carries a hash its kind must not have: the
 * `[redacted sha256:abcd1234]` of versions before 2026-12-01, whose 32 bits of a password's
 * SHA-256 confirm a guess. It is a span of its kind, masked again without the hash. */
static bool stale_mask(tp_secret_kind kind, size_t m)
{
    return !kinds[kind].hashed && m != strlen(kinds[kind].name) + 2;
}

bool tp_secret_has_plain_mask(const char *s, size_t len)
{
    tp_secret_kind kind;
    for (const char *p = memchr(s, '[', len); p; p = memchr(p + 1, '[', len - (size_t)(p + 1 - s)))
        if (mask_kind_at(s, len, (size_t)(p - s), &kind) && !kinds[kind].hashed)
            return true;
    return false;
}

/* ---- URL passwords: scheme://user:password@host ---- */

static bool scheme_char(unsigned char c)
{
    return tp_sc_alnum(c) || c == '+' || c == '-' || c == '.';
}

static bool userinfo_end(unsigned char c)
{
    return c == '/' || c == '?' || c == '#' || tp_sc_space(c) || c == '"' || c == '\'' ||
           c == '<' || c == '>' || c == '\\' || c == '`';
}

/* At the `:` of `://`: remembers the password, if any, to report once the user part (which may
 * hold a credential of its own) has been scanned. The host and path stay visible. */
static void url_password(tp_secret_scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t n = sc->len, j = i;
    while (j > 0 && scheme_char((unsigned char)s[j - 1]))
        j--;
    if (sc->pending_len || i - j < 2)
        return;
    size_t u = i + 3, at = SIZE_MAX;
    for (size_t t = u; t < n && !userinfo_end((unsigned char)s[t]); t++)
        if (s[t] == '@')
            at = t; /* the last one: `p@ss` is a password */
    if (at == SIZE_MAX)
        return;
    const char *colon = memchr(s + u, ':', at - u);
    if (!colon)
        return;
    size_t p = (size_t)(colon - s) + 1;
    if (p == at || mask_at(s, at, p) == at - p)
        return;
    tp_secret_kind kind = tp_secret_catalogue_whole(s + p, at - p);
    sc->pending_start = p;
    sc->pending_len = at - p;
    sc->pending_kind = kind ? kind : TP_SECRET_URL_PASSWORD;
}

/* ---- Authorization: Bearer / Basic ---- */

static bool b64token_char(unsigned char c)
{
    return tp_sc_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
           c == '=';
}

/* `Authentication` or `token-based` after Basic/Bearer is prose, not a credential. */
static bool reads_as_word(const char *s, size_t len)
{
    for (size_t k = 1; k < len; k++)
        if (!tp_sc_lower((unsigned char)s[k]) && s[k] != '-')
            return false;
    return tp_sc_alpha((unsigned char)s[0]);
}

static bool word_is(const char *s, size_t n, size_t i, const char *word)
{
    size_t w = strlen(word);
    if (n - i < w)
        return false;
    for (size_t k = 0; k < w; k++)
        if (tp_sc_lower_of((unsigned char)s[i + k]) != (unsigned char)word[k])
            return false;
    return true;
}

/* The span of a value that runs from a to b: a credential of the catalogue that starts there
 * (a PEM block may run on past b) names its kind; any other value is `fallback`. */
static tp_secret_span value_span(tp_secret_scan *sc, size_t a, size_t b, tp_secret_kind fallback)
{
    tp_secret_span cat;
    if (tp_secret_catalogue_at(sc->s, sc->len, a, a, &sc->aws_key_id, &cat) && cat.start == a)
        return (tp_secret_span){a, (cat.len > b - a ? cat.len : b - a), cat.kind};
    tp_secret_kind kind = tp_secret_catalogue_whole(sc->s + a, b - a);
    return (tp_secret_span){a, b - a, kind ? kind : fallback};
}

/* The credential after an HTTP authentication scheme word at s[v], if it looks like one. */
static bool credential_after(tp_secret_scan *sc, size_t v, tp_secret_span *out)
{
    const char *s = sc->s;
    size_t n = sc->len, e = v;
    while (e < n && b64token_char((unsigned char)s[e]))
        e++;
    if (e - v < 8 || mask_at(s, n, v) || reads_as_word(s + v, e - v))
        return false;
    *out = value_span(sc, v, e, TP_SECRET_BEARER_TOKEN);
    return true;
}

static bool auth_scheme_at(tp_secret_scan *sc, size_t i, tp_secret_span *out)
{
    static const char *const schemes[] = {"bearer", "basic"};
    const char *s = sc->s;
    size_t n = sc->len;
    if (i > sc->floor && tp_sc_alnum((unsigned char)s[i - 1]))
        return false;
    for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++) {
        size_t v = i + strlen(schemes[k]);
        if (!word_is(s, n, i, schemes[k]) || v >= n || !tp_sc_blank((unsigned char)s[v]))
            continue;
        while (v < n && tp_sc_blank((unsigned char)s[v]))
            v++;
        return credential_after(sc, v, out);
    }
    return false;
}

/* ---- name=value, name: value, "name": "value" ---- */

static bool name_char(unsigned char c)
{
    return tp_sc_alnum(c) || c == '_' || c == '-' || c == '.';
}

/* Where the name before the separator at s[i] ends: before the blanks and the closing quote
 * (`"password": `, `\"password\":`) between them. */
static size_t name_end(const char *s, size_t i)
{
    size_t k = i;
    for (int blanks = 0; k > 0 && blanks < 8 && tp_sc_blank((unsigned char)s[k - 1]); blanks++)
        k--;
    if (k > 0 && (s[k - 1] == '"' || s[k - 1] == '\'')) {
        k--;
        if (k > 0 && s[k - 1] == '\\')
            k--;
    }
    return k;
}

/* The name before the separator at s[i]: `password` in `password=`, `"password": `,
 * `X-Api-Key: `, `--password=`. Empty when there is none. */
static size_t name_before(const char *s, size_t i, size_t *start)
{
    size_t k = name_end(s, i), end = k;
    while (k > 0 && end - k < 64 && name_char((unsigned char)s[k - 1]))
        k--;
    *start = k;
    return end - k;
}

static bool ends_with_word(const char *name, size_t len, const char *word)
{
    size_t w = strlen(word);
    return len >= w && word_is(name, len, len - w, word);
}

/* The end of the {...} or [...] at s[v] (strings skipped), or the end of the text. */
static size_t balanced_end(const char *s, size_t n, size_t v)
{
    size_t depth = 0;
    char quote = 0;
    for (size_t k = v; k < n; k++) {
        char c = s[k];
        if (quote) {
            if (c == '\\')
                k++;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if ((c == ']' || c == '}') && --depth == 0) {
            return k + 1;
        }
    }
    return n;
}

/* The end of a quoted value whose text starts at a: at the closing quote, `\"` in JSON text
 * when the value was opened by `\"`. */
static size_t quoted_end(const char *s, size_t n, size_t a, char quote, bool escaped)
{
    for (size_t k = a; k < n; k++) {
        if (s[k] == '\\') {
            if (escaped && k + 1 < n && s[k + 1] == quote)
                return k;
            k++;
        } else if (s[k] == quote && !escaped) {
            return k;
        }
    }
    return n;
}

/* How far an unquoted value runs. */
typedef enum bare_value {
    BARE_WORD,    /* `name=value`, `--name value`, an ambiguous name's value: to a blank or a
                     delimiter of query strings, shells and markup */
    BARE_ENCODED, /* `name%3Dvalue` in a URL: as a word, or to an encoded `&` (`%26`) */
    BARE_PHRASE,  /* `name: value`, a connection string's `;Pwd=value`: to the end of the line
                     (a password may hold spaces) or a delimiter of lists and markup */
    BARE_LINE,    /* `Cookie: a=1; session=…`: to the end of the line, `;` and `,` included */
} bare_value;

static size_t bare_end(const char *s, size_t n, size_t a, bare_value how)
{
    size_t k = a;
    for (; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '`' ||
            (c == '\\' && k + 1 < n && s[k + 1] == '"'))
            break;
        if (how != BARE_LINE && (c == ',' || c == ';' || c == '}' || c == ']' || c == '<'))
            break;
        if ((how == BARE_WORD || how == BARE_ENCODED) &&
            (tp_sc_space(c) || c == '&' || c == ')' || c == '>'))
            break;
        if (how == BARE_ENCODED && c == '%' && k + 2 < n && s[k + 1] == '2' && s[k + 2] == '6')
            break;
    }
    while (k > a && tp_sc_blank((unsigned char)s[k - 1]))
        k--;
    return k;
}

/* The separator at s[i] and where its value starts, or 0 when s[i] is part of `==`, `!=`,
 * `<=`, `>=`, `::` or `://`. */
static size_t value_start(const char *s, size_t n, size_t i)
{
    char prev = i > 0 ? s[i - 1] : 0, next = i + 1 < n ? s[i + 1] : 0;
    size_t v = i + 1;
    if (s[i] == '=') {
        if (prev == '=' || prev == '!' || prev == '<' || prev == '>' || prev == ':' || next == '=')
            return 0;
        v += next == '>';
    } else {
        if (prev == ':' || next == ':' || (next == '/' && i + 2 < n && s[i + 2] == '/'))
            return 0;
        v += next == '=';
    }
    while (v < n && tp_sc_blank((unsigned char)s[v]))
        v++;
    return v < n ? v : 0;
}

/* Whether the name before the separator at s[i] may be a credential name, judged by its last
 * letter or digit alone (`10:00`, `"title": ` are not): cheaper than finding where it starts. */
static bool may_be_secret_name(const char *s, size_t i)
{
    return tp_secret_name_may_end(s, name_end(s, i));
}

/* Where the value at s[v] runs, [*a, *b): a quoted value to its closing quote, a JSON array or
 * object to its closing bracket, else as `how` says. False when there is nothing to mask: no
 * value, a mask already, or (opaque_only, for an ambiguous name) a value that does not look
 * opaque. */
static bool value_extent(const char *s, size_t n, size_t v, bool opaque_only, bare_value how,
                         size_t *a, size_t *b)
{
    if (v >= n || mask_at(s, n, v))
        return false;
    char c = s[v];
    *a = v;
    if (c == '"' || c == '\'') {
        *a = v + 1;
        *b = quoted_end(s, n, *a, c, false);
    } else if (c == '\\' && v + 1 < n && (s[v + 1] == '"' || s[v + 1] == '\'')) {
        *a = v + 2;
        *b = quoted_end(s, n, *a, s[v + 1], true);
    } else if (c == '[' || c == '{') {
        if (opaque_only)
            return false;
        *b = balanced_end(s, n, v);
    } else {
        *b = bare_end(s, n, v, opaque_only && how != BARE_ENCODED ? BARE_WORD : how);
    }
    if (*b <= *a || mask_at(s, *b, *a) == *b - *a)
        return false;
    return !opaque_only || tp_secret_opaque(s + *a, *b - *a);
}

static bool param_at(tp_secret_scan *sc, size_t i, tp_secret_span *out)
{
    const char *s = sc->s;
    size_t n = sc->len;
    size_t v = value_start(s, n, i), name = 0;
    size_t name_len = v && may_be_secret_name(s, i) ? name_before(s, i, &name) : 0;
    if (!name_len || (name_len == 5 && word_is(s, n, name, "value")))
        return false; /* `value=` is everywhere; only a JSON member `value` is ambiguous */
    if (s[i] == ':' && name > 0 && s[name - 1] == '$')
        return false; /* `-v $PWD:/src`: a shell variable's expansion, not a name and its value */
    tp_secret_name cls = tp_secret_name_class(s + name, name_len);
    if (cls == TP_SECRET_NAME_IF_OPAQUE && s[i] == '=' && name > 0 &&
        (s[name - 1] == '?' || s[name - 1] == '&'))
        cls = TP_SECRET_NAME_ALWAYS; /* ?token=, &key= in a URL query */
    if (cls == TP_SECRET_NAME_PLAIN)
        return false;
    bare_value how = s[i] == '=' ? BARE_WORD : BARE_PHRASE;
    if (s[i] == '=') {
        /* In a connection string (`Server=db;Uid=app;Pwd=a b c;`) a value runs to the `;`,
         * blanks and all, as after `:`. */
        size_t before = name;
        while (before > 0 && tp_sc_blank((unsigned char)s[before - 1]))
            before--;
        if (before > 0 && s[before - 1] == ';')
            how = BARE_PHRASE;
    } else if (ends_with_word(s + name, name_len, "cookie") ||
               ends_with_word(s + name, name_len, "cookies")) {
        how = BARE_LINE; /* a Cookie header: every cookie of the line */
    }
    size_t a, b;
    if (!value_extent(s, n, v, cls == TP_SECRET_NAME_IF_OPAQUE, how, &a, &b))
        return false;
    tp_secret_kind fallback = TP_SECRET_REDACTED;
    if (ends_with_word(s + name, name_len, "authorization")) {
        /* Keep the scheme word: `Authorization: Bearer [bearer-token]`. */
        size_t w = a;
        while (w < b && tp_sc_alpha((unsigned char)s[w]))
            w++;
        if (w > a && w - a <= 20 && w < b && tp_sc_blank((unsigned char)s[w])) {
            while (w < b && tp_sc_blank((unsigned char)s[w]))
                w++;
            a = w;
        }
        fallback = TP_SECRET_BEARER_TOKEN;
        if (a >= b || mask_at(s, n, a))
            return false;
    }
    *out = value_span(sc, a, b, fallback);
    return true;
}

/* `--password hunter2`: a command-line flag named like a credential (always: a flag holds a
 * path or a switch as often as a token) and, after blanks, its value, unless that is another
 * flag. `--password=` is a name and its value like any other. A flag of one dash is too short to
 * tell: `-p` is a policy or a port as often as a password. */
static bool flag_at(tp_secret_scan *sc, size_t i, tp_secret_span *out)
{
    const char *s = sc->s;
    size_t n = sc->len, name = i + 2, e = name;
    if ((i > 0 && !tp_sc_space((unsigned char)s[i - 1]) && s[i - 1] != '"' && s[i - 1] != '\'') ||
        n - i < 4 || s[i + 1] != '-' || !tp_sc_alpha((unsigned char)s[name]))
        return false;
    while (e < n && e - name < 64 && name_char((unsigned char)s[e]))
        e++;
    size_t v = e;
    while (v < n && tp_sc_blank((unsigned char)s[v]))
        v++;
    size_t a, b;
    if (v == e || v >= n || s[v] == '-' ||
        tp_secret_name_class(s + name, e - name) != TP_SECRET_NAME_ALWAYS ||
        !value_extent(s, n, v, false, BARE_WORD, &a, &b))
        return false;
    *out = value_span(sc, a, b, TP_SECRET_REDACTED);
    return true;
}

/* Whether s[i] starts the `3D` of a percent-encoded `=` (`%3D`). */
static bool encoded_equals_at(const char *s, size_t n, size_t i)
{
    return i > 0 && s[i - 1] == '%' && n - i >= 2 && s[i] == '3' &&
           (s[i + 1] == 'D' || s[i + 1] == 'd');
}

/* `password%3Dhunter2`: a name and its value percent-encoded in a URL (a login's `next=`, a
 * redirect), s[i] at the `3D`. The name may follow an encoded `?` or `&` (`%3F`, `%26`): then it
 * is in a query, where an ambiguous name (`%26sig%3D…`) always holds a credential. */
static bool encoded_param_at(tp_secret_scan *sc, size_t i, tp_secret_span *out)
{
    const char *s = sc->s;
    size_t n = sc->len, name = 0;
    size_t name_len = may_be_secret_name(s, i - 1) ? name_before(s, i - 1, &name) : 0;
    bool in_query = name > 0 && (s[name - 1] == '?' || s[name - 1] == '&');
    if (name > 0 && s[name - 1] == '%' && name_len > 2 && tp_sc_hex((unsigned char)s[name]) &&
        tp_sc_hex((unsigned char)s[name + 1])) {
        in_query = word_is(s, n, name, "26") || word_is(s, n, name, "3f");
        name += 2, name_len -= 2;
    }
    tp_secret_name cls = name_len ? tp_secret_name_class(s + name, name_len) : TP_SECRET_NAME_PLAIN;
    if (cls == TP_SECRET_NAME_IF_OPAQUE && in_query)
        cls = TP_SECRET_NAME_ALWAYS;
    size_t a, b;
    if (cls == TP_SECRET_NAME_PLAIN ||
        !value_extent(s, n, i + 2, cls == TP_SECRET_NAME_IF_OPAQUE, BARE_ENCODED, &a, &b))
        return false;
    *out = value_span(sc, a, b, TP_SECRET_REDACTED);
    return true;
}

/* ---- the walk ---- */

static bool context_at(tp_secret_scan *sc, size_t i, tp_secret_span *out)
{
    const char *s = sc->s;
    size_t n = sc->len;
    switch (s[i]) {
    case ':':
        if (i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/') {
            url_password(sc, i);
            return false;
        }
        return param_at(sc, i, out);
    case '=':
        return param_at(sc, i, out);
    case '-':
        return flag_at(sc, i, out);
    case '3':
        return encoded_equals_at(s, n, i) && encoded_param_at(sc, i, out);
    case 'B':
    case 'b':
        return auth_scheme_at(sc, i, out);
    default:
        return false;
    }
}

void tp_secret_scan_init(tp_secret_scan *sc, const char *s, size_t len)
{
    *sc = (tp_secret_scan){.s = s, .len = len, .aws_key_id = -1};
}

static bool take_pending(tp_secret_scan *sc, tp_secret_span *out)
{
    *out = (tp_secret_span){sc->pending_start, sc->pending_len, sc->pending_kind};
    sc->pending_len = 0;
    sc->pos = sc->floor = out->start + out->len;
    return true;
}

/* A span found while a URL password waits: the password gives way to (or is cut by) a span
 * that covers it; a span that would start inside it is dropped, as the password hides it. */
static void settle_pending(tp_secret_scan *sc, tp_secret_span *sp)
{
    size_t p = sc->pending_start, q = p + sc->pending_len, e = sp->start + sp->len;
    if (sp->start >= p) {
        *sp = (tp_secret_span){p, (e > q ? e : q) - p, sc->pending_kind};
        sc->pending_len = 0;
    } else if (e >= q) {
        sc->pending_len = 0;
    } else if (e > p) {
        sc->pending_start = e;
        sc->pending_len = q - e;
    }
}

/* Whether a span starts at s[i] (or, for context rules, right after it). */
static bool span_at(tp_secret_scan *sc, size_t i, tp_secret_span *out)
{
    const char *s = sc->s;
    bool catalogue = tp_sc_alnum((unsigned char)s[i]) ||
                     tp_secret_catalogue_may_start_at_mark(s + i, sc->len - i);
    return (catalogue && tp_secret_catalogue_at(s, sc->len, sc->floor, i, &sc->aws_key_id, out)) ||
           context_at(sc, i, out);
}

enum { ALNUM_OR_MARK = TP_SC_DIGIT | TP_SC_UPPER | TP_SC_LOWER | TP_SC_MARK };

/* Whether the word of letters and digits w[0, len), followed by `next`, may start a span: of
 * the catalogue, or Bearer/Basic. Most words are neither, and cost no more than this. */
static bool may_start(const char *w, size_t len, size_t avail)
{
    char next = len < avail ? w[len] : 0;
    if (tp_secret_catalogue_may_start(w, len, avail))
        return true;
    return (w[0] == 'B' || w[0] == 'b') && (len == 5 || len == 6) && (next == ' ' || next == '\t');
}

/* Credentials start at the first letter or digit of a word, or at one of a few marks (`-----`,
 * a `/` or `+` opening a base64 run, a `:` or `=` before a value): the walk looks at each word
 * once, at its start, and jumps to its end. A credential glued to the letters before it
 * (`keyghp_...`) is therefore not seen. */
bool tp_secret_scan_next(tp_secret_scan *sc, tp_secret_span *out)
{
    const char *s = sc->s;
    size_t n = sc->len;
    tp_secret_span sp;
    for (size_t i = sc->pos; i < n;) {
        size_t stop = sc->pending_len ? sc->pending_start : n;
        while (i < stop && !tp_sc_is((unsigned char)s[i], ALNUM_OR_MARK))
            i++;
        if (sc->pending_len && i >= sc->pending_start)
            return take_pending(sc, out);
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        bool found = false;
        if (tp_sc_alnum(c)) {
            size_t e = i + 1;
            while (e < n && tp_sc_alnum((unsigned char)s[e]))
                e++;
            if ((i == sc->floor || !tp_sc_alnum((unsigned char)s[i - 1])) &&
                (may_start(s + i, e - i, n - i) || encoded_equals_at(s, n, i)) &&
                span_at(sc, i, &sp))
                found = true;
            else
                i = e;
        } else if (c == '[') {
            tp_secret_kind kind;
            size_t m = mask_kind_at(s, n, i, &kind);
            if (m && stale_mask(kind, m)) {
                sp = (tp_secret_span){i, m, kind};
                found = true;
            } else {
                i += m ? m : 1;
            }
        } else if (sc->pending_len && i + 1 == sc->pending_start) {
            i++; /* the `:` between a URL's user and password */
        } else if (span_at(sc, i, &sp)) {
            found = true;
        } else {
            i++;
        }
        if (found) {
            if (sc->pending_len)
                settle_pending(sc, &sp);
            *out = sp;
            sc->pos = sc->floor = sp.start + sp.len;
            return true;
        }
    }
    if (sc->pending_len)
        return take_pending(sc, out);
    sc->pos = n;
    return false;
}

size_t tp_secret_mask(tp_strbuf *sb, const char *s, size_t len)
{
    tp_secret_scan sc;
    tp_secret_span sp;
    size_t done = 0, count = 0;
    tp_secret_scan_init(&sc, s, len);
    while (tp_secret_scan_next(&sc, &sp)) {
        tp_strbuf_add(sb, s + done, sp.start - done);
        tp_secret_append_mask(sb, sp.kind, s + sp.start, sp.len);
        done = sp.start + sp.len;
        count++;
    }
    tp_strbuf_add(sb, s + done, len - done);
    return count;
}

bool tp_secret_contains(const char *s, size_t len)
{
    tp_secret_scan sc;
    tp_secret_span sp;
    tp_secret_scan_init(&sc, s, len);
    return tp_secret_scan_next(&sc, &sp);
}

tp_secret_kind tp_secret_whole(const char *s, size_t len)
{
    size_t a = 0, b = len;
    while (a < b && tp_sc_space((unsigned char)s[a]))
        a++;
    while (b > a && tp_sc_space((unsigned char)s[b - 1]))
        b--;
    return tp_secret_catalogue_whole(s + a, b - a);
}

void tp_secret_cursor_init(tp_secret_cursor *c, const char *s, size_t len)
{
    tp_secret_scan_init(&c->sc, s, len);
    c->have = tp_secret_scan_next(&c->sc, &c->sp);
}

const tp_secret_span *tp_secret_cursor_at(tp_secret_cursor *c, size_t i)
{
    while (c->have && c->sp.start + c->sp.len <= i)
        c->have = tp_secret_scan_next(&c->sc, &c->sp);
    return c->have ? &c->sp : NULL;
}
