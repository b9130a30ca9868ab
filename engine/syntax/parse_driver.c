#include "syntax/parse_driver.h"

#include <stdio.h>
#include <string.h>

#include "parser.h"
#define YYSTYPE TP_YYSTYPE
#define YYLTYPE TP_YYLTYPE
#include "lexer.h"

/* Runs the parser over src with the given start token. flex copies the buffer it scans. */
static int parse(tp_parse_ctx *ctx, const char *src, size_t len, int start)
{
    yyscan_t scanner = NULL;
    jmp_buf fatal;
    ctx->line = ctx->col = 1;
    ctx->start_token = start;
    ctx->depth = 0;
    ctx->fatal = &fatal;
    ctx->nflex = 0;
    if (tp_yylex_init_extra(ctx, &scanner) != 0)
        return TP_ENOMEM;
    if (setjmp(fatal) != 0) {
        /* flex ran out of memory setting up its buffer; its state may be half made, so free
         * the blocks it holds one by one. Nothing of the parser is on the heap. */
        for (unsigned i = 0; i < ctx->nflex; i++)
            tp_mem_free(ctx->arena->mem, ctx->flex_blocks[i]);
        return TP_ENOMEM;
    }
    tp_yy_scan_bytes(src, (int)len, scanner);
    (void)tp_yyparse(scanner, ctx); /* errors are diagnostics already */
    tp_yylex_destroy(scanner);
    if (ctx->oom)
        return TP_ENOMEM;
    return 0;
}

int tp_parse_source(tp_parse_ctx *ctx, const char *src, size_t len)
{
    if (len > INT32_MAX) {
        tp_span none = {ctx->file, 0, 0, 0, 0};
        tp_parse_error(ctx, none, "E-LIMIT", NULL, "policy file larger than 2 GiB");
        return 0;
    }
    return parse(ctx, src, len, START_FILE);
}

int tp_parse_expression(tp_parse_ctx *ctx, const char *src, size_t len)
{
    ctx->expr = NULL;
    return parse(ctx, src, len, START_EXPR);
}
