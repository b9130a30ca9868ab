/*
 * The JSON reader's state and its scanners for strings and numbers (json_string.c,
 * json_number.c), shared with the structural loop in json_read.c. The rules are RFC 8259 with
 * tokpol's strictness, and every rejection names the same fault at the same offset as
 * engine/json_check.c did.
 */
#ifndef TP_INPUT_JSON_READER_H
#define TP_INPUT_JSON_READER_H

#include <stdarg.h>
#include <stdio.h>

#include "input/jbuild.h"
#include "input/reader.h"
#include "base/unicode.h"

typedef struct tp_jreader {
    char *s;    /* the text; s[len] is 0, so scanners may look one byte past the end */
    size_t len; /* bytes of text */
    size_t i;   /* the cursor */
    tp_jdoc *doc;
    tp_jbuild build;
    size_t max_depth;
    tp_input_error *err;
    size_t lend_at;   /* the cursor past which the text behind it is next lent to the tree */
    size_t step;      /* how far the cursor goes between two loans */
    int lines_failed; /* a line start could not be recorded (memory): the read fails */
} tp_jreader;

/* A string read by tp_json_string: where its value is now, and how it got there. */
typedef struct tp_jstr {
    const char *s;
    size_t len;
    unsigned flags; /* TP_JF_MOVED, TP_JF_SHORT (still in the text: for the node) or 0 */
} tp_jstr;

/* Fills the error for a fault at `at` and returns `status`. */
static inline __attribute__((format(printf, 4, 5))) int
tp_jreader_fail(tp_jreader *r, size_t at, int status, const char *fmt, ...)
{
    char msg[sizeof r->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tp_read_fail(r->doc, r->err, status, at, "%s", msg);
}

/* Reads the string whose opening quote is at the cursor, unescaping it in place; the cursor moves
 * past the closing quote. A key (copy 0) stays in the text, ended with a NUL: the builder copies
 * it out when a shape keeps it. A value (copy 1) is copied out of the text (TP_JF_MOVED), or
 * left for its node to hold when short (TP_JF_SHORT). 0, or the failing status. */
int tp_json_string(tp_jreader *r, int copy, tp_jstr *out);

/* Reads the number at the cursor into *out (kind, flags, offset, value). 0, or TP_EINPUT. */
int tp_json_number(tp_jreader *r, tp_jnode *out);

#endif
