#include "eval/context.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/redact.h"

void *tp_eval_alloc(tp_eval *ev, size_t size)
{
    return tp_arena_alloc(ev->arena, size);
}

int tp_eval_init(tp_eval *ev, const tp_plan *plan, const tp_mem *mem, int64_t now,
                 size_t max_memory)
{
    memset(ev, 0, sizeof *ev);
    ev->plan = plan;
    tp_mem_init_budget(&ev->own, mem, &ev->budget, max_memory);
    ev->mem = &ev->own;
    ev->now = now;
    ev->max_steps = TP_DEFAULT_MAX_STEPS;
    ev->max_subject_steps = TP_DEFAULT_MAX_SUBJECT_STEPS;
    tp_arena_init(&ev->scratch, ev->mem);
    tp_arena_init(&ev->input, ev->mem);
    tp_strbuf_init(&ev->text, ev->mem);
    tp_strbuf_init(&ev->err_text, ev->mem);
    ev->arena = &ev->input;
    size_t ng = plan->nglobals ? plan->nglobals : 1;
    ev->globals = tp_arena_zalloc(&ev->input, ng * sizeof *ev->globals);
    ev->gstate = tp_arena_zalloc(&ev->input, ng);
    ev->gerr = tp_arena_zalloc(&ev->input, ng * sizeof *ev->gerr);
    size_t nr = plan->nroots ? plan->nroots : 1;
    ev->roots = tp_arena_zalloc(&ev->input, nr * sizeof *ev->roots);
    ev->hints = tp_arena_zalloc(&ev->input,
                                (plan->nfield_sites ? plan->nfield_sites : 1) * sizeof *ev->hints);
    ev->indexes =
        tp_arena_zalloc(&ev->input, (plan->nindexes ? plan->nindexes : 1) * sizeof *ev->indexes);
    ev->frame = tp_arena_zalloc(&ev->input, plan->max_slots * sizeof *ev->frame);
    ev->memos = tp_arena_zalloc(&ev->input, (plan->nmemos ? plan->nmemos : 1) * sizeof *ev->memos);
    if (!ev->globals || !ev->gstate || !ev->gerr || !ev->roots || !ev->hints || !ev->indexes ||
        !ev->frame || !ev->memos)
        return tp_eval_no_memory(ev);
    return 0;
}

int tp_eval_no_memory(const tp_eval *ev)
{
    return ev->budget.exceeded ? TP_ELIMIT : TP_ENOMEM;
}

void tp_eval_free(tp_eval *ev)
{
    for (uint32_t i = 0; i < ev->nsources; i++)
        tp_source_free(&ev->sources[i]);
    tp_arena_free(&ev->scratch);
    tp_arena_free(&ev->input);
    tp_strbuf_free(&ev->text);
    tp_strbuf_free(&ev->err_text);
    tp_regex_run_free(ev->regex);
}

int tp_eval_fail(tp_eval *ev, const tp_expr *n, const char *fmt, ...)
{
    /* Masked before it is cut: a credential the cut went through (a policy's expression, an
     * input's key the message suggests) would no longer be recognised by its shape. */
    tp_strbuf *sb = &ev->err_text;
    tp_strbuf_reset(sb);
    va_list ap;
    va_start(ap, fmt);
    tp_strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
    if (n) {
        const char *file = n->span.file < ev->plan->nfiles ? ev->plan->files[n->span.file] : "?";
        tp_strbuf_printf(sb, " (%s:%u:%u)", file, n->span.line, n->span.col);
    }
    if (sb->failed) {
        snprintf(ev->err, sizeof ev->err, "out of memory");
        return tp_eval_no_memory(ev);
    }
    tp_redact_copy(ev->err, sizeof ev->err, sb->data, sb->len);
    return TP_EVAL_ERR;
}

/* "; the names bound are a, b": for a root name that is absent, likely mistyped. */
static void bound_names(const tp_eval *ev, char *out, size_t size)
{
    size_t off = 0;
    out[0] = '\0';
    for (uint32_t i = 0; i < ev->nbound && off < size; i++)
        off += (size_t)snprintf(out + off, size - off, "%s%s", i ? ", " : "; the names bound are ",
                                ev->bound[i]);
}

/* The name a path starts from when that name is not bound at all: what made it absent. */
static const tp_expr *absent_root(const tp_eval *ev, const tp_expr *n)
{
    while (n->a && (n->kind == TP_E_FIELD || n->kind == TP_E_INDEX || n->kind == TP_E_PROJECT))
        n = n->a;
    return n->kind == TP_E_ROOT && ev->roots[n->slot].kind == TP_V_ABSENT ? n : NULL;
}

int tp_eval_absent(tp_eval *ev, const tp_expr *n)
{
    const tp_expr *root = absent_root(ev, n);
    if (root)
        n = root;
    if (n->kind == TP_E_ROOT) {
        char names[200];
        bound_names(ev, names, sizeof names);
        return tp_eval_fail(ev, n, "'%s' is absent from the input%s", n->name, names);
    }
    if ((n->kind == TP_E_LOCAL || n->kind == TP_E_GLOBAL || n->kind == TP_E_NOW) && n->name)
        return tp_eval_fail(ev, n, "'%s' is absent", n->name);
    if (n->display)
        return tp_eval_fail(ev, n, "%s is absent", n->display);
    if (n->kind == TP_E_CALL)
        return tp_eval_fail(ev, n, "%s() gave no value", n->name);
    return tp_eval_fail(ev, n, "a value is absent");
}

int tp_listbuf_push(tp_eval *ev, tp_listbuf *lb, const tp_value *v)
{
    tp_value *items = tp_arena_grow(ev->arena, lb->items, lb->n, &lb->cap, sizeof *items);
    if (!items)
        return TP_ENOMEM;
    lb->items = items;
    lb->items[lb->n++] = *v;
    return 0;
}

tp_value tp_listbuf_value(const tp_listbuf *lb)
{
    tp_value v;
    memset(&v, 0, sizeof v);
    v.kind = TP_V_LIST;
    v.len = lb->n;
    v.u.items = lb->items;
    return v;
}
