/* The parse driver and the state the reentrant lexer and pure parser share. */
#ifndef TP_PARSE_H
#define TP_PARSE_H

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
    int lex_error; /* the lexer already reported the token it returns as YYUNDEF */
    int oom;
    const char *tok_text; /* text of the last token, for "unexpected 'x'" */
    size_t tok_len;
    tp_decl *first, *last; /* declarations of a file, in order */
    tp_node *expr;         /* the result of an expression parse */
    jmp_buf *fatal;        /* armed while flex may call YY_FATAL_ERROR (out of memory only) */
    void *flex_blocks[16]; /* what flex holds, to free it all if its fatal error jumps out */
    unsigned nflex;
} tp_parse_ctx;

/* Parses a whole policy file into ctx->first..; errors are diagnostics. Returns 0, or
 * TP_ENOMEM. */
int tp_parse_source(tp_parse_ctx *ctx, const char *src, size_t len);

/* Parses a single expression (for --param values) into ctx->expr. */
int tp_parse_expression(tp_parse_ctx *ctx, const char *src, size_t len);

/* Called by the lexer and the grammar. */
void tp_parse_error(tp_parse_ctx *ctx, tp_span span, const char *code, const char *hint,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void tp_parse_add_decl(tp_parse_ctx *ctx, tp_decl *decl);
tp_span tp_parse_span(const tp_parse_ctx *ctx, int first_line, int first_col, int last_line,
                      int last_col);

#endif
