/* Comparing the two sides on one text; a difference is minimised and printed with the side that
 * masks more. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_diff.h"

/* ---- comparison ---- */

unsigned long long compared, differing;
int max_shown = 20;
static int shown, minimised;
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

void check(const char *s, size_t len)
{
    compared++;
    if (differs(s, len))
        report(s, len);
}
