/* Growable byte strings, lists of them, and random numbers, for the scanner's differential test. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_diff.h"

/* ---- a growable byte string and a list of them ---- */

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "scan_diff: out of memory\n");
        exit(2);
    }
    return p;
}

void t_add(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = xrealloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

void t_puts(text *t, const char *s)
{
    t_add(t, s, strlen(s));
}

void l_add(list *l, const char *s, size_t n)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n] = (text){0};
    t_add(&l->items[l->n++], s, n);
}

/* ---- random numbers (xorshift64*) ---- */

uint64_t rng_state = 0x9E3779B97F4A7C15ull;

uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

size_t below(size_t n)
{
    return n ? (size_t)(rnd() % n) : 0;
}
