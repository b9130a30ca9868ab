/* Differential test of two builds of the credential scanner (bench/scan-diff.sh): side.c is
 * compiled once against each tree, as SIDE_ref_run and SIDE_new_run, and driver.c compares what
 * they give for the same text. */
#ifndef SCAN_DIFF_H
#define SCAN_DIFF_H

#include <stddef.h>

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

#endif
