/* The params of a compiled plan as a user reads them (tokpol packs): each with its value as
 * written in the policy, or as --param gave it. */
#include <string.h>

#include "driver/compiler.h"

/* The text of a one-line span of a source, copied into the plan's arena; "" when it is not. */
static const char *span_text(tp_plan *p, const tp_source *src, tp_span at)
{
    const char *line = src->text;
    for (uint32_t l = 1; line && l < at.line; l++) {
        line = memchr(line, '\n', src->len - (size_t)(line - src->text));
        line = line ? line + 1 : NULL;
    }
    if (!line || at.end_line != at.line || at.end_col <= at.col)
        return "";
    size_t len = at.end_col - at.col;
    if ((size_t)(line - src->text) + at.col - 1 + len > src->len)
        return "";
    return tp_arena_strndup(&p->arena, line + at.col - 1, len);
}

int tp_driver_record_params(tp_compiler *c, tp_plan *p, const tp_checked *program)
{
    p->params = tp_arena_zalloc(&p->arena, (program->nglobals + 1) * sizeof *p->params);
    if (!p->params)
        return TP_ENOMEM;
    for (size_t i = 0; i < program->nglobals; i++) {
        const tp_checked_global *g = &program->globals[i];
        if (!g->is_param)
            continue;
        tp_param_info *out = &p->params[p->nparams++];
        out->name = tp_arena_strdup(&p->arena, g->name);
        out->file = p->files[g->file];
        out->line = g->span.line;
        for (size_t k = 0; k < c->nparams && !out->value; k++)
            if (strcmp(c->params[k].name, g->name) == 0)
                out->value = tp_arena_strdup(&p->arena, c->params[k].value);
        if (!out->value)
            out->value = span_text(p, &c->sources[g->file], g->expr->span);
        if (!out->name || !out->value)
            return TP_ENOMEM;
    }
    return 0;
}
