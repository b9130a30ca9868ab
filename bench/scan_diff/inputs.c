/* The texts compared: read from files, generated around the scanner's marks, names and
 * contexts, and every short text over the bytes the fast paths test. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_diff.h"

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

void load(list *seeds, const char *path, char sep, bool whole)
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
const int CREDENTIAL_SHAPES = PREFIXED + 15;

text credential(int kind)
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
const char *const names[] = {"password",
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
const size_t NAME_COUNT = sizeof names / sizeof names[0];

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

void gen(list *out)
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

/* ---- every short text over the bytes the fast paths look at ---- */

/* Each text of up to `max` bytes over an alphabet of marks, quotes, blanks and letters that end
 * credential names (or do not), alone and around a name, an AWS secret key and a PEM block. */
void exhaustive(size_t max)
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
