/* Differential test of two builds of the credential scanner (bench/scan-diff.sh): side.c is
 * compiled once against each tree, as SIDE_ref_run and SIDE_new_run, and driver.c compares what
 * they give for the same text. */
#ifndef SCAN_DIFF_H
#define SCAN_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Everything a caller of the scanner sees for one text. `masked` is the side's own buffer, valid
 * until its next call. */
typedef struct side_result {
    const char *masked; /* tp_secret_mask */
    size_t masked_len;
    size_t count;     /* spans tp_secret_mask replaced */
    int contains;     /* tp_secret_contains */
    int whole;        /* tp_secret_whole: the kind */
    int looks_secret; /* tp_redact_looks_secret */
    char copy[72];    /* tp_redact_copy into 72 bytes (masking before the cut) */
    size_t copy_len;  /* its return: the whole masked length */
} side_result;

void SIDE_ref_run(const char *s, size_t len, side_result *r);
void SIDE_new_run(const char *s, size_t len, side_result *r);

/* texts.c: a growable byte string (NUL-terminated) and a list of them; exit(2) when memory
 * runs out. Random numbers: xorshift64*, seeded through rng_state. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;
typedef struct list {
    text *items;
    size_t n, cap;
} list;
void *xrealloc(void *p, size_t n);
void t_add(text *t, const char *s, size_t n);
void t_puts(text *t, const char *s);
void l_add(list *l, const char *s, size_t n);
extern uint64_t rng_state;
uint64_t rnd(void);
size_t below(size_t n);

/* compare.c: runs both sides on a text, counts it, and prints it (minimised) if they differ. */
extern unsigned long long compared, differing;
extern int max_shown;
void check(const char *s, size_t len);

/* inputs.c */
void load(list *seeds, const char *path, char sep, bool whole); /* the file's texts */
void gen(list *out);                                            /* generated texts */
void exhaustive(size_t max); /* checks every short text over the fast paths' bytes */
extern const int CREDENTIAL_SHAPES;
text credential(int kind); /* a fresh credential of shape kind < CREDENTIAL_SHAPES */
extern const char *const names[];
extern const size_t NAME_COUNT;

/* mutate.c */
void add_fragments(void);
void fuzz(const list *seeds, unsigned long long iterations);

#endif
