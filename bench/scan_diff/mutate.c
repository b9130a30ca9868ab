/* The mutation fuzzer: byte flips, inserted fragments (marks, names, credentials) and splices of
 * the texts compared before. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_diff.h"

/* ---- the mutation fuzzer ---- */

static list fragments;

void add_fragments(void)
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

void fuzz(const list *seeds, unsigned long long iterations)
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
