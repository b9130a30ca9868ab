#include "syntax/parse_ctx.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"

tp_span tp_parse_span(const tp_parse_ctx *ctx, int first_line, int first_col, int last_line,
                      int last_col)
{
    tp_span s = {ctx->file, (uint32_t)first_line, (uint32_t)first_col, (uint32_t)last_line,
                 (uint32_t)last_col};
    return s;
}

void tp_parse_error(tp_parse_ctx *ctx, tp_span span, const char *code, const char *hint,
                    const char *fmt, ...)
{
    char msg[480];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ctx->nerrs++;
    if (ctx->nerrs <= ctx->max_errors)
        tp_diags_add(ctx->diags, TP_DIAG_ERROR, code, ctx->file_name, span, hint, "%s", msg);
}

const char *tp_parse_number(tp_parse_ctx *ctx, const char *text, double *out)
{
    *out = tp_decimal_read(text, strlen(text));
    const char *why = NULL;
    if (!isfinite(*out))
        why = "larger than a number can be (about 1.8e308)";
    else if (*out == 0 && strcspn(text, "123456789") < strcspn(text, "eE"))
        why = "closer to 0 than a number can be (about 4.9e-324): it would be 0";
    if (why)
        ctx->bad_number = why;
    return why;
}

void tp_parse_add_decl(tp_parse_ctx *ctx, tp_decl *decl)
{
    if (ctx->last)
        ctx->last->next = decl;
    else
        ctx->first = decl;
    ctx->last = decl;
}
