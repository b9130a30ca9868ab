/* Explanations: each clause's outcome, rendered as finding messages render values (so
 * credentials are redacted the same way), then handed to tp_eval_options.explain. */
#include "eval/explain.h"

#include <stdint.h>
#include <string.h>

void tp_explain_init(tp_explain_buf *b, const tp_mem *mem, const tp_plan *plan, tp_explain_fn fn,
                     void *arg)
{
    memset(b, 0, sizeof *b);
    b->fn = fn;
    b->arg = arg;
    b->plan = plan;
    tp_strbuf_init(&b->text, mem);
}

void tp_explain_free(tp_explain_buf *b)
{
    const tp_mem *mem = b->text.mem;
    tp_mem_free(mem, b->clauses);
    tp_mem_free(mem, b->values);
    tp_strbuf_free(&b->text);
}

void tp_explain_begin(tp_explain_buf *b)
{
    b->n = 0;
    tp_strbuf_reset(&b->text);
}

/* Room for one more clause in both arrays. */
static int grow(tp_explain_buf *b)
{
    if (b->n < b->cap)
        return 0;
    const tp_mem *mem = b->text.mem;
    size_t cap = b->cap ? 2 * b->cap : 16;
    tp_explain_clause *c = tp_mem_realloc(mem, b->clauses, cap * sizeof *c);
    if (c)
        b->clauses = c;
    size_t *v = c ? tp_mem_realloc(mem, b->values, cap * sizeof *v) : NULL;
    if (v)
        b->values = v;
    if (!c || !v)
        return TP_ENOMEM;
    b->cap = cap;
    return 0;
}

void tp_explain_note(tp_explain_buf *b, size_t rule, size_t clause, tp_explain_outcome outcome,
                     const tp_value *v, const char *error)
{
    if (!b->fn || b->oom)
        return;
    if (grow(b)) {
        b->oom = 1;
        return;
    }
    tp_clause_coverage where;
    tp_plan_rule_clause(&where, b->plan, rule, clause);
    const tp_rule_plan *rp = &b->plan->rules[rule];
    tp_explain_clause *c = &b->clauses[b->n];
    memset(c, 0, sizeof *c);
    c->kind = where.kind;
    c->name = where.name;
    c->text = clause < rp->nsteps ? rp->steps[clause].text : rp->assertion_text;
    c->file = where.file;
    c->line = where.line;
    c->column = where.column;
    c->outcome = outcome;
    b->values[b->n] = SIZE_MAX;
    if (v || error) {
        b->values[b->n] = b->text.len;
        if (error)
            tp_strbuf_puts(&b->text, error);
        else
            tp_value_render_cut(&b->text, v, TP_EXPLAIN_VALUE_MAX);
        tp_strbuf_putc(&b->text, '\0');
    }
    b->n++;
}

int tp_explain_emit(tp_explain_buf *b, tp_explain_subject *s)
{
    if (!b->fn)
        return 0;
    if (b->oom || b->text.failed)
        return TP_ENOMEM;
    /* The text stopped moving: the values' offsets become pointers. */
    for (size_t i = 0; i < b->n; i++)
        b->clauses[i].value = b->values[i] == SIZE_MAX ? NULL : b->text.data + b->values[i];
    s->clauses = b->clauses;
    s->nclauses = b->n;
    return b->fn(b->arg, s) ? TP_ECANCELED : 0;
}
