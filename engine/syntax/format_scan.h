/* The formatter's scanner: the tokens of a policy source with their exact text, and the comments
 * and line breaks between them, which the parser's lexer drops. It splits the source where the
 * lexer (grammar/lexer.l) does; a string literal, interpolations included, is one token kept
 * byte for byte. */
#ifndef TP_FORMAT_SCAN_H
#define TP_FORMAT_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "base/alloc.h"

typedef enum tp_ftok_kind {
    TP_FT_WORD,    /* an identifier or a keyword */
    TP_FT_RULE_ID, /* the id after `rule` or `waive` (may hold '-' and '.') */
    TP_FT_ATOM,    /* a number, duration or timestamp */
    TP_FT_STRING,  /* "...", with its interpolations */
    TP_FT_PUNCT,   /* an operator or a bracket */
    TP_FT_COMMENT  /* "# ...", without the line break (trailing blanks dropped) */
} tp_ftok_kind;

typedef struct tp_ftok {
    tp_ftok_kind kind;
    const char *text;
    size_t len;
    unsigned nl_before; /* line breaks between the previous token or comment and this one */
    /* Written right after the previous token, both inside one credential (tp_secret_scan): a
     * credential pasted unquoted (`xoxb-1-2-AbC`) is several tokens, and spaced out it would no
     * longer be found, and its pieces would be shown unmasked. */
    int glued;
} tp_ftok;

typedef struct tp_ftoks {
    const tp_mem *mem;
    tp_ftok *items;
    size_t n, cap;
    unsigned nl_after; /* line breaks after the last token */
} tp_ftoks;

void tp_ftoks_init(tp_ftoks *t, const tp_mem *mem);
void tp_ftoks_free(tp_ftoks *t);

/* Scans src into t (cleared first). 0 or TP_ENOMEM; bytes the lexer would refuse become
 * one-byte punctuation (the caller formats only sources that parse). */
int tp_format_scan(tp_ftoks *t, const char *src, size_t len);

/* Whether a and b are the same tokens and comments, in the same order: the formatter changed
 * nothing but the layout. */
int tp_ftoks_same(const tp_ftoks *a, const tp_ftoks *b);

/* Whether the token is the punctuation or word `s`. */
int tp_ftok_is(const tp_ftok *t, const char *s);

#endif
