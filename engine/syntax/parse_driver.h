/* The parse driver: runs the grammar (grammar/parser.y, grammar/lexer.l) over a source. */
#ifndef TP_PARSE_DRIVER_H
#define TP_PARSE_DRIVER_H

#include "syntax/parse_ctx.h"

/* Parses a whole policy file into ctx->first..; errors are diagnostics. Returns 0, or
 * TP_ENOMEM. */
int tp_parse_source(tp_parse_ctx *ctx, const char *src, size_t len);

/* Parses a single expression (for --param values) into ctx->expr. */
int tp_parse_expression(tp_parse_ctx *ctx, const char *src, size_t len);

#endif
