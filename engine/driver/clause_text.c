/* The source text of every rule clause, kept in the plan for explanations (tp_explain_clause):
 * the expression as written, comments dropped and white space collapsed to one line. */
#include <string.h>

#include "driver/compiler.h"
#include "plan/plan.h"

/* The offset of each line's first byte in src (lines[0] is line 1), and how many there are. */
static size_t *line_starts(const tp_mem *mem, const tp_source *src, size_t *n)
{
    size_t count = 1;
    for (size_t i = 0; i < src->len; i++)
        count += src->text[i] == '\n';
    size_t *lines = tp_mem_alloc(mem, count * sizeof *lines);
    if (!lines)
        return NULL;
    *n = 0;
    lines[(*n)++] = 0;
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n')
            lines[(*n)++] = i + 1;
    return lines;
}

/* The one-line text of span `s` of `src`, in the plan's arena; NULL when the span is not in it
 * (a --param value's expression has no source) or out of memory. */
static const char *text_of(tp_plan *p, const tp_source *src, const size_t *lines, size_t nlines,
                           const tp_span *s)
{
    if (!s->line || s->line > nlines || s->end_line < s->line || s->end_line > nlines)
        return NULL;
    size_t from = lines[s->line - 1] + s->col - 1, to = lines[s->end_line - 1] + s->end_col - 1;
    if (!s->col || !s->end_col || to > src->len || from >= to)
        return NULL;
    char *out = tp_arena_alloc(&p->arena, to - from + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    int in_string = 0, space = 0;
    for (size_t i = from; i < to; i++) {
        char ch = src->text[i];
        if (!in_string && ch == '#') { /* a comment, to the end of its line */
            while (i + 1 < to && src->text[i + 1] != '\n')
                i++;
            continue;
        }
        if (!in_string && (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')) {
            space = n > 0;
            continue;
        }
        if (space)
            out[n++] = ' ';
        space = 0;
        out[n++] = ch;
        if (ch == '\\' && in_string && i + 1 < to)
            out[n++] = src->text[++i];
        else if (ch == '"')
            in_string = !in_string;
    }
    out[n] = '\0';
    return out;
}

int tp_driver_clause_texts(tp_plan *p, const tp_source *sources, size_t nsources, const tp_mem *mem)
{
    for (size_t f = 0; f < nsources; f++) {
        size_t nlines = 0;
        size_t *lines = line_starts(mem, &sources[f], &nlines);
        if (!lines)
            return TP_ENOMEM;
        for (size_t i = 0; i < p->nrules; i++) {
            tp_rule_plan *r = &p->rules[i];
            for (uint32_t k = 0; k < r->nsteps; k++)
                if (r->steps[k].expr && r->steps[k].expr->span.file == f)
                    r->steps[k].text =
                        text_of(p, &sources[f], lines, nlines, &r->steps[k].expr->span);
            if (r->assertion && r->assertion->span.file == f)
                r->assertion_text = text_of(p, &sources[f], lines, nlines, &r->assertion->span);
        }
        tp_mem_free(mem, lines);
    }
    return 0;
}
