/* The state the reentrant lexer and the pure parser share, and how they report and hand over
 * what they built. Grammar actions and lexer rules call these; the driver (parse_driver.c) runs
 * them. */
#ifndef TP_PARSE_CTX_H
#define TP_PARSE_CTX_H

#include <setjmp.h>

#include "syntax/ast.h"
#include "syntax/diag.h"

#define TP_MAX_BRACKET_DEPTH 256

typedef struct tp_parse_ctx {
    tp_arena *arena;
    tp_diags *diags;
    const char *file_name;
    uint32_t file;
    /* lexer position, 1-based */
    unsigned line, col;
    int str_line, str_col; /* where the string being scanned opened */
    int start_token;       /* first token handed to the parser: selects file or expression */
    /* open brackets: 'b' a brace of the language, 'i' an interpolation inside a string */
    char brackets[TP_MAX_BRACKET_DEPTH];
    unsigned depth;
    unsigned nerrs, max_errors;
    int lex_error;          /* the lexer already reported the token it returns as YYUNDEF */
    const char *bad_number; /* why a number literal was out of range (tp_parse_number), or NULL */
    int oom;
    const char *tok_text; /* text of the last token, for "unexpected 'x'" */
    size_t tok_len;
    tp_decl *first, *last; /* declarations of a file, in order */
    tp_node *expr;         /* the result of an expression parse */
    jmp_buf *fatal;        /* armed while flex may call YY_FATAL_ERROR (out of memory only) */
    void *flex_blocks[16]; /* what flex holds, to free it all if its fatal error jumps out */
    unsigned nflex;
} tp_parse_ctx;

void tp_parse_error(tp_parse_ctx *ctx, tp_span span, const char *code, const char *hint,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void tp_parse_add_decl(tp_parse_ctx *ctx, tp_decl *decl);
tp_span tp_parse_span(const tp_parse_ctx *ctx, int first_line, int first_col, int last_line,
                      int last_col);
/* The value of a number literal (what the lexer matched: digits, a fraction, an exponent) in
 * *out; NULL, or why it is out of range, also kept in ctx->bad_number: no double holds it, and it
 * would read as infinity or, though not 0, as 0. */
const char *tp_parse_number(tp_parse_ctx *ctx, const char *text, double *out);

#endif
