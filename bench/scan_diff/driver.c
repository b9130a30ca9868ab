/* Differential test of the credential scanner: every input text goes through a reference build
 * (SIDE_ref_run) and the build under test (SIDE_new_run), and any difference in what a caller
 * sees (the masked text, the count, contains, whole, looks_secret, the bounded copy) is printed,
 * minimised, with which side masks more.
 *
 * Usage: scan_diff [-z FILE]... [-f FILE]... [-g] [-x LEN] [-F N] [-s SEED] [-m MAX_SHOWN]
 *   -z FILE  NUL-separated texts      -f FILE  the whole file, and each of its lines
 *   -g       generated texts aimed at the scanner's marks, names and contexts
 *   -x LEN   every text of up to LEN bytes over the marks and letters the fast paths test
 *   -F N     N texts from a mutation fuzzer seeded with all the texts above
 * Exit status: 0 when no input differs, 1 when one does, 2 on a usage or I/O error. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_diff.h"

/* ---- a growable byte string and a list of them ---- */

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "scan_diff: out of memory\n");
        exit(2);
    }
    return p;
}

static void t_add(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = xrealloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void t_puts(text *t, const char *s)
{
    t_add(t, s, strlen(s));
}

typedef struct list {
    text *items;
    size_t n, cap;
} list;

static void l_add(list *l, const char *s, size_t n)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n] = (text){0};
    t_add(&l->items[l->n++], s, n);
}

/* ---- random numbers (xorshift64*) ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static size_t below(size_t n)
{
    return n ? (size_t)(rnd() % n) : 0;
}

/* ---- comparison ---- */

static unsigned long long compared, differing;
static int max_shown = 20, shown, minimised;
static list reported; /* the shapes of the minimised inputs printed */

static bool same(const side_result *a, const side_result *b)
{
    return a->count == b->count && a->masked_len == b->masked_len &&
           memcmp(a->masked, b->masked, a->masked_len) == 0 && a->contains == b->contains &&
           a->whole == b->whole && a->looks_secret == b->looks_secret &&
           a->copy_len == b->copy_len && strcmp(a->copy, b->copy) == 0;
}

static bool differs(const char *s, size_t len)
{
    side_result a, b;
    SIDE_ref_run(s, len, &a);
    /* The ref side's buffer stays valid while the new side runs: they are separate builds. */
    SIDE_new_run(s, len, &b);
    return !same(&a, &b);
}

static void put_escaped(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            printf("\\n");
        else if (c == '\t')
            printf("\\t");
        else if (c < 32 || c >= 127)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    putchar('"');
}

/* Removes pieces of the text, halving their size down to one byte, while it still differs. */
static text minimise(const char *s, size_t len)
{
    text t = {0};
    t_add(&t, s, len);
    char *tmp = xrealloc(NULL, len + 1);
    for (size_t chunk = len / 2 ? len / 2 : 1; chunk >= 1; chunk /= 2) {
        bool progress = true;
        while (progress) {
            progress = false;
            for (size_t at = 0; at + chunk <= t.len;) {
                memcpy(tmp, t.s, at);
                memcpy(tmp + at, t.s + at + chunk, t.len - at - chunk);
                if (differs(tmp, t.len - chunk)) {
                    memcpy(t.s, tmp, t.len - chunk);
                    t.len -= chunk;
                    t.s[t.len] = '\0';
                    progress = true;
                } else {
                    at++;
                }
            }
        }
        if (chunk == 1)
            break;
    }
    free(tmp);
    return t;
}

/* The text with each run of letters and digits made one `w`, and each base64 run of 20 bytes or
 * more one `B` (after its first byte when that is a + or /): differences of one shape (the same
 * marks around other random credentials) are printed once. */
static bool alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static bool b64(unsigned char c)
{
    return alnum(c) || c == '+' || c == '/';
}

static text shape(const char *s, size_t len)
{
    text t = {0};
    for (size_t i = 0; i < len; i++) {
        size_t e = i;
        while (e < len && b64((unsigned char)s[e]))
            e++;
        if (e - i >= 20) {
            if (!alnum((unsigned char)s[i]))
                t_add(&t, s + i, 1);
            t_add(&t, "B", 1);
            i = e - 1;
        } else if (alnum((unsigned char)s[i])) {
            t_add(&t, "w", 1);
            while (i + 1 < len && alnum((unsigned char)s[i + 1]))
                i++;
        } else {
            t_add(&t, s + i, 1);
        }
    }
    t_add(&t, "", 0);
    return t;
}

static void print_side(const char *name, const side_result *r)
{
    printf("  %s: count=%zu contains=%d whole=%d looks_secret=%d copy_len=%zu\n    masked ", name,
           r->count, r->contains, r->whole, r->looks_secret, r->copy_len);
    put_escaped(r->masked, r->masked_len);
    putchar('\n');
}

static void report(const char *s, size_t len)
{
    differing++;
    if (shown >= max_shown || minimised++ >= 1000)
        return;
    text m = minimise(s, len);
    text sh = shape(m.s, m.len);
    for (size_t i = 0; i < reported.n; i++)
        if (reported.items[i].len == sh.len && memcmp(reported.items[i].s, sh.s, sh.len) == 0) {
            free(sh.s);
            free(m.s);
            return;
        }
    l_add(&reported, sh.s, sh.len);
    free(sh.s);
    shown++;
    side_result a, b;
    SIDE_ref_run(m.s, m.len, &a);
    SIDE_new_run(m.s, m.len, &b);
    printf("DIFF (input of %zu bytes, minimised to %zu): ", len, m.len);
    put_escaped(m.s, m.len);
    putchar('\n');
    print_side("ref", &a);
    print_side("new", &b);
    const char *safer = a.count > b.count || (a.contains && !b.contains)   ? "ref masks more"
                        : b.count > a.count || (b.contains && !a.contains) ? "new masks more"
                                                                           : "look at the masks";
    printf("  verdict: %s\n", safer);
    free(m.s);
}

static void check(const char *s, size_t len)
{
    compared++;
    if (differs(s, len))
        report(s, len);
}

/* ---- inputs from files ---- */

static text slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    text t = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        t_add(&t, buf, n);
    t_add(&t, "", 0);
    fclose(f);
    return t;
}

static void load(list *seeds, const char *path, char sep, bool whole)
{
    text t = slurp(path);
    if (whole)
        l_add(seeds, t.s, t.len);
    for (size_t i = 0; i < t.len;) {
        const char *end = memchr(t.s + i, sep, t.len - i);
        size_t e = end ? (size_t)(end - t.s) : t.len;
        if (e > i)
            l_add(seeds, t.s + i, e - i);
        i = e + 1;
    }
    free(t.s);
}

/* ---- generated texts ---- */

static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char URLSAFE[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void pick(text *t, const char *alphabet, size_t n)
{
    size_t k = strlen(alphabet);
    for (size_t i = 0; i < n; i++)
        t_add(t, &alphabet[below(k)], 1);
}

/* Credentials that are a prefix (one of the |-separated ones) and a body of `len` to
 * `len + extra` bytes of `alphabet`. */
static const struct {
    const char *prefixes, *alphabet;
    size_t len, extra;
} prefixed[] = {
    {"ghp_|gho_|ghu_|ghs_|ghr_", "abcXYZ019_", 36, 2},
    {"github_pat_", "abcXYZ019_", 82, 0},
    {"glpat-|gloas-|gldt-|glrtr-|glrt-|glcbt-|glptt-|glft-|glimt-|glagent-|glsoat-|glffct-",
     "abcXYZ019_-.", 20, 5},
    {"GR1348941", URLSAFE, 20, 0},
    {"AKIA|ASIA|ABIA|ACCA", "ABCXYZ234567", 16, 0},
    {"AIza", URLSAFE, 35, 0},
    {"sk_live_|sk_test_|rk_live_|rk_test_", ALNUM, 10, 30},
    {"whsec_", ALNUM, 32, 0},
    {"npm_", ALNUM, 36, 0},
    {"pypi-", URLSAFE, 60, 0},
    {"", "0123456789abcdef", 40, 0},            /* hex */
    {"", B64, 40, 0},                           /* AWS secret key */
    {"/|+", B64, 39, 0},                        /* starting with / or + */
    {"", "abcdefghijklmnopqrstuvwxyz/", 40, 0}, /* masked next to a key id */
    {"", B64, 39, 2},                           /* 39 to 41: not always a key */
};
enum { PREFIXED = sizeof prefixed / sizeof prefixed[0] };

/* One of the |-separated alternatives, at random. */
static void pick_prefix(text *t, const char *alternatives)
{
    size_t n = 1;
    for (const char *p = alternatives; *p; p++)
        n += *p == '|';
    size_t k = below(n);
    const char *p = alternatives;
    while (k--)
        p = strchr(p, '|') + 1;
    const char *end = strchr(p, '|');
    t_add(t, p, end ? (size_t)(end - p) : strlen(p));
}

/* A fresh credential of shape `kind` (0 .. CREDENTIAL_SHAPES-1): the prefixed shapes first. */
enum { CREDENTIAL_SHAPES = PREFIXED + 15 };

static text credential(int kind)
{
    text t = {0};
    if ((size_t)kind < PREFIXED) {
        pick_prefix(&t, prefixed[kind].prefixes);
        pick(&t, prefixed[kind].alphabet, prefixed[kind].len + below(prefixed[kind].extra + 1));
        return t;
    }
    switch (kind - PREFIXED) {
    case 0: /* Azure DevOps, 52 base32 */
        pick(&t, "abcdefghijklmnopqrstuvwxyz234567", 51);
        t_puts(&t, "7");
        break;
    case 1: /* Azure DevOps, 84 with AZDO */
        pick(&t, ALNUM, 76);
        t_puts(&t, "AZDO");
        pick(&t, ALNUM, 4);
        break;
    case 2: /* upper case and digits, + in the middle */
        pick(&t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20);
        t_puts(&t, "+");
        pick(&t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 19);
        break;
    case 3: /* AWS secret key with slashes at both ends of a longer run */
        t_puts(&t, "//");
        pick(&t, B64, 40);
        t_puts(&t, "/");
        break;
    case 4:
        t_puts(&t, "eyJ");
        pick(&t, URLSAFE, 20);
        t_puts(&t, ".eyJ");
        pick(&t, URLSAFE, 20);
        if (below(2)) {
            t_puts(&t, ".");
            pick(&t, URLSAFE, 30);
        }
        break;
    case 5:
        t_puts(&t, below(2) ? "-----BEGIN RSA PRIVATE KEY-----\n" : "-----BEGIN PRIVATE KEY-----");
        pick(&t, B64, 64);
        t_puts(&t, below(2) ? "\n-----END RSA PRIVATE KEY-----" : "\\n-----END PRIVATE KEY-----");
        break;
    case 6:
        t_puts(&t, below(2) ? "xoxb-" : (below(2) ? "xoxe.xoxp-" : "xapp-"));
        pick(&t, "0123456789-abcXYZ", 30);
        break;
    case 7:
        t_puts(&t, "https://hooks.slack.com/services/T");
        pick(&t, ALNUM, 9);
        t_puts(&t, "/B");
        pick(&t, ALNUM, 9);
        t_puts(&t, "/");
        pick(&t, ALNUM, 24);
        break;
    case 8: /* URL with a password holding / and + */
        t_puts(&t, below(2) ? "https://deploy:" : "git+ssh://u:");
        pick(&t, "abcXYZ019/+!-%", 8 + below(20));
        t_puts(&t, "@git.example/app.git");
        break;
    case 9:
        t_puts(&t, below(2) ? "Authorization: Bearer " : "Authorization: Basic ");
        pick(&t, "abcXYZ019-._~+/=", 8 + below(40));
        break;
    case 10:
        t_puts(&t, below(2) ? "bearer\t" : "Basic ");
        pick(&t, "abcXYZ019-._~+/=", 8 + below(40));
        break;
    case 11: /* a URL with the AWS secret key as its user */
        t_puts(&t, "https://");
        pick(&t, B64, 40);
        t_puts(&t, "@host/x");
        break;
    case 12: /* a path through an AWS secret key */
        t_puts(&t, "a/");
        pick(&t, B64, 40);
        t_puts(&t, "/b");
        break;
    case 13: /* 40 b64 with the key id */
        t_puts(&t, "AKIAABCDEFGHIJKLMNOP ");
        pick(&t, "abcdefghijklmnopqrstuvwxyz/+", 40);
        break;
    default: /* a word and then a run of / and + */
        pick(&t, ALNUM, 1 + below(6));
        t_puts(&t, below(2) ? "/" : "+");
        pick(&t, B64, 30 + below(15));
        break;
    }
    return t;
}

/* Credential names and look-alikes: every listed word, and names ending in every letter and
 * digit. */
static const char *const names[] = {"password",
                                    "passwd",
                                    "PGPASSWORD",
                                    "DBPASSWD",
                                    "passphrase",
                                    "secretValue",
                                    "tokenValue",
                                    "keyString",
                                    "auth",
                                    "credential",
                                    "apiToken",
                                    "access_token",
                                    "refreshToken",
                                    "authtoken",
                                    "session-token",
                                    "id_token",
                                    "bearerToken",
                                    "PRIVATE_TOKEN",
                                    "Authorization",
                                    "gitlab_session",
                                    "token",
                                    "passwords",
                                    "secrets",
                                    "apiKeys",
                                    "credentials",
                                    "secret",
                                    "GITHUB_PAT",
                                    "secretKey",
                                    "aws_secret_access_key",
                                    "privateKey",
                                    "api-key",
                                    "signing_key",
                                    "encryptionKey",
                                    "masterKey",
                                    "key",
                                    "value",
                                    "x-api-key",
                                    "X-Auth-Token",
                                    "db.password",
                                    "title",
                                    "name",
                                    "id",
                                    "path",
                                    "url",
                                    "10",
                                    "a",
                                    "keys",
                                    "tokens",
                                    "pat",
                                    "oauth",
                                    "password_hash",
                                    "credential_id"};
enum { NAME_COUNT = sizeof names / sizeof names[0] };

static const char *const between[] = {"",     "_", "-",  ".",  "__",        "_-.", "\"",  "'",
                                      "\\\"", " ", "\t", "  ", "         ", "_\"", "\" ", ". "};
static const char *const seps[] = {"=", ":", ": ", "= ", ":=", "=>", "==", "::", "://", ":\t"};
static const char *const marks[] = {"",   ":",  "=",  "-",   "--", "---",     "-----", "/",
                                    "+",  "//", "a/", "/x/", " ",  "x",       "x/",    "x+",
                                    "\"", "'",  "[",  "]",   "@",  "?token=", "&key=", "\\\""};
enum { MARK_COUNT = sizeof marks / sizeof marks[0] };

static void gen_value(text *t)
{
    switch (below(6)) {
    case 0: {
        text c = credential((int)below(CREDENTIAL_SHAPES));
        t_add(t, c.s, c.len);
        free(c.s);
        break;
    }
    case 1:
        pick(t, URLSAFE, 16 + below(20));
        break;
    case 2:
        t_puts(t, "\"");
        pick(t, "abcXYZ019 /+", 5 + below(20));
        t_puts(t, "\"");
        break;
    case 3:
        t_puts(t, "{\"a\": \"b\"}");
        break;
    case 4:
        pick(t, "abc ", 3 + below(20));
        break;
    default:
        t_puts(t, "[redacted]");
        break;
    }
}

static void gen(list *out)
{
    /* Every credential shape right after and before each mark. */
    for (int rep = 0; rep < 4; rep++)
        for (int k = 0; k < CREDENTIAL_SHAPES; k++)
            for (size_t a = 0; a < MARK_COUNT; a++)
                for (size_t b = 0; b < MARK_COUNT; b++) {
                    text c = credential(k), t = {0};
                    t_puts(&t, marks[a]);
                    t_add(&t, c.s, c.len);
                    t_puts(&t, marks[b]);
                    l_add(out, t.s, t.len);
                    free(c.s);
                    free(t.s);
                }
    /* name, what may stand between it and the separator, the separator, a value. */
    for (size_t nm = 0; nm < NAME_COUNT; nm++)
        for (size_t bw = 0; bw < sizeof between / sizeof between[0]; bw++)
            for (size_t sp = 0; sp < sizeof seps / sizeof seps[0]; sp++)
                for (int rep = 0; rep < 3; rep++) {
                    text t = {0};
                    if (rep == 1)
                        t_puts(&t, below(2) ? "?" : "&");
                    if (rep == 2)
                        t_puts(&t, "\"");
                    t_puts(&t, names[nm]);
                    t_puts(&t, between[bw]);
                    t_puts(&t, seps[sp]);
                    gen_value(&t);
                    l_add(out, t.s, t.len);
                    free(t.s);
                }
    /* Names ending in every letter and digit, and every byte. */
    for (int c = 0; c < 256; c++)
        for (size_t nm = 0; nm < NAME_COUNT; nm++)
            for (int rep = 0; rep < 2; rep++) {
                text t = {0};
                t_add(&t, names[nm], strlen(names[nm]) - (rep ? 1 : 0));
                char ch = (char)c;
                t_add(&t, &ch, 1);
                t_puts(&t, between[below(sizeof between / sizeof between[0])]);
                t_puts(&t, seps[below(4)]);
                gen_value(&t);
                l_add(out, t.s, t.len);
                free(t.s);
            }
    /* Names of 60 to 70 bytes: padding before the word, and separators after it. */
    for (size_t total = 60; total <= 70; total++)
        for (size_t nm = 0; nm < NAME_COUNT; nm++)
            for (int rep = 0; rep < 3; rep++) {
                text t = {0};
                size_t w = strlen(names[nm]);
                if (rep == 0) { /* padding, then the name */
                    for (size_t k = w; k < total; k++)
                        t_puts(&t, k + 1 == total ? "_" : "a");
                    t_puts(&t, names[nm]);
                } else { /* the name, then _ - . up to the length */
                    t_puts(&t, names[nm]);
                    for (size_t k = w; k < total; k++)
                        t_puts(&t, rep == 1 ? "_" : (k % 2 ? "-" : "."));
                }
                t_puts(&t, seps[below(4)]);
                gen_value(&t);
                l_add(out, t.s, t.len);
                free(t.s);
            }
}

/* ---- the mutation fuzzer ---- */

static list fragments;

static void add_fragments(void)
{
    static const char *const fixed[] = {":",
                                        "=",
                                        "-",
                                        "--",
                                        "---",
                                        "-----",
                                        "/",
                                        "+",
                                        "//",
                                        "://",
                                        "@",
                                        "\"",
                                        "'",
                                        "\\",
                                        "\\\"",
                                        " ",
                                        "\t",
                                        "\n",
                                        "_",
                                        ".",
                                        "[",
                                        "]",
                                        "{",
                                        "}",
                                        "?",
                                        "&",
                                        "Bearer ",
                                        "Basic ",
                                        "Authorization: ",
                                        "-----BEGIN ",
                                        "PRIVATE KEY-----",
                                        "-----END ",
                                        "https://",
                                        "a/",
                                        "hooks.slack.com/services/",
                                        "[redacted]",
                                        "[github-token sha256:0123abcd]",
                                        "AKIA",
                                        "eyJ",
                                        "xoxb-",
                                        "ghp_",
                                        "glpat-",
                                        "sk_live_",
                                        "npm_",
                                        "pypi-",
                                        "whsec_",
                                        "AIza",
                                        "AZDO"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        l_add(&fragments, fixed[i], strlen(fixed[i]));
    for (size_t i = 0; i < NAME_COUNT; i++)
        l_add(&fragments, names[i], strlen(names[i]));
    for (int rep = 0; rep < 8; rep++)
        for (int k = 0; k < CREDENTIAL_SHAPES; k++) {
            text c = credential(k);
            l_add(&fragments, c.s, c.len);
            free(c.s);
        }
}

enum { FUZZ_MAX = 4096 };

static void mutate(text *t, const list *seeds)
{
    static const char interesting[] = ":=-/+\"'\\ \t_.@[]{}?&\n0aZ";
    int steps = 1 + (int)below(4);
    for (int k = 0; k < steps; k++) {
        size_t at = below(t->len + 1);
        switch (below(7)) {
        case 0: /* flip a byte to an interesting one */
            if (t->len)
                t->s[below(t->len)] = interesting[below(sizeof interesting - 1)];
            break;
        case 1: /* any byte */
            if (t->len)
                t->s[below(t->len)] = (char)rnd();
            break;
        case 2:
        case 3: { /* insert a fragment */
            const text *f = &fragments.items[below(fragments.n)];
            text u = {0};
            t_add(&u, t->s, at);
            t_add(&u, f->s, f->len);
            t_add(&u, t->s + at, t->len - at);
            free(t->s);
            *t = u;
            break;
        }
        case 4: /* delete a range */
            if (at < t->len) {
                size_t n = 1 + below(t->len - at < 16 ? t->len - at : 16);
                memmove(t->s + at, t->s + at + n, t->len - at - n);
                t->len -= n;
            }
            break;
        case 5: { /* splice another seed's piece */
            const text *o = &seeds->items[below(seeds->n)];
            size_t from = below(o->len + 1), n = below(o->len - from + 1);
            text u = {0};
            t_add(&u, t->s, at);
            t_add(&u, o->s + from, n > 256 ? 256 : n);
            t_add(&u, t->s + at, t->len - at);
            free(t->s);
            *t = u;
            break;
        }
        default: { /* insert one interesting byte */
            char c = interesting[below(sizeof interesting - 1)];
            text u = {0};
            t_add(&u, t->s, at);
            t_add(&u, &c, 1);
            t_add(&u, t->s + at, t->len - at);
            free(t->s);
            *t = u;
            break;
        }
        }
        if (t->len > FUZZ_MAX)
            t->len = FUZZ_MAX;
    }
}

static void fuzz(const list *seeds, unsigned long long iterations)
{
    for (unsigned long long it = 0; it < iterations; it++) {
        const text *seed = &seeds->items[below(seeds->n)];
        text t = {0};
        /* Long seeds (whole reports) are cut to a window so that mutations matter. */
        size_t from = seed->len > 512 ? below(seed->len - 256) : 0;
        size_t n = seed->len - from > 512 ? 64 + below(448) : seed->len - from;
        t_add(&t, seed->s + from, n);
        mutate(&t, seeds);
        check(t.s, t.len);
        free(t.s);
    }
}

/* ---- every short text over the bytes the fast paths look at ---- */

/* Each text of up to `max` bytes over an alphabet of marks, quotes, blanks and letters that end
 * credential names (or do not), alone and around a name, an AWS secret key and a PEM block. */
static void exhaustive(size_t max)
{
    static const char alphabet[] = "dyDna0-_.:=/+\"'\\ \t[x";
    static const char *const around[][2] = {
        {"", ""},
        {"passwor", "v"},
        {"", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
        {"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "x"},
        {"AKIAIOSFODNN7EXAMPLE ", "abcdefghij/klmnopqrstuvwxyzabcdefghijklm"},
        {"x", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"},
        {"https://u", "@h/p"},
    };
    size_t k = sizeof alphabet - 1;
    char w[16];
    size_t digits[16] = {0};
    text t = {0};
    for (size_t len = 0; len <= max && len < sizeof w; len++) {
        memset(digits, 0, sizeof digits);
        for (;;) {
            for (size_t i = 0; i < len; i++)
                w[i] = alphabet[digits[i]];
            for (size_t a = 0; a < sizeof around / sizeof around[0]; a++) {
                t.len = 0;
                t_puts(&t, around[a][0]);
                t_add(&t, w, len);
                t_puts(&t, around[a][1]);
                check(t.s, t.len);
            }
            size_t i = 0;
            while (i < len && ++digits[i] == k)
                digits[i++] = 0;
            if (i == len)
                break;
        }
    }
    free(t.s);
}

int main(int argc, char **argv)
{
    list seeds = {0};
    unsigned long long iterations = 0;
    bool generate = false;
    size_t exhaustive_len = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "-g") == 0) {
            generate = true;
            continue;
        }
        if (!val) {
            fprintf(stderr, "scan_diff: %s needs a value\n", arg);
            return 2;
        }
        i++;
        if (strcmp(arg, "-z") == 0)
            load(&seeds, val, '\0', false);
        else if (strcmp(arg, "-f") == 0)
            load(&seeds, val, '\n', true);
        else if (strcmp(arg, "-x") == 0)
            exhaustive_len = strtoull(val, NULL, 10);
        else if (strcmp(arg, "-F") == 0)
            iterations = strtoull(val, NULL, 10);
        else if (strcmp(arg, "-s") == 0)
            rng_state = strtoull(val, NULL, 10) * 0x9E3779B97F4A7C15ull + 1;
        else if (strcmp(arg, "-m") == 0)
            max_shown = atoi(val);
        else {
            fprintf(stderr,
                    "usage: scan_diff [-z FILE]... [-f FILE]... [-g] [-x LEN] [-F N] [-s SEED]\n");
            return 2;
        }
    }
    size_t loaded = seeds.n;
    for (size_t i = 0; i < seeds.n; i++)
        check(seeds.items[i].s, seeds.items[i].len);
    unsigned long long after_files = compared;
    if (generate) {
        gen(&seeds);
        for (size_t i = loaded; i < seeds.n; i++)
            check(seeds.items[i].s, seeds.items[i].len);
    }
    if (exhaustive_len)
        exhaustive(exhaustive_len);
    unsigned long long after_gen = compared;
    if (iterations && seeds.n) {
        add_fragments();
        fuzz(&seeds, iterations);
    }
    printf("compared %llu inputs (%llu from files, %llu generated or exhaustive, %llu fuzzed): "
           "%llu differ\n",
           compared, after_files, after_gen - after_files, compared - after_gen, differing);
    return differing ? 1 : 0;
}
