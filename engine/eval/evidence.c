/* Evidence: what a rule saw of a failing subject, so that an auditor reads the record, not only
 * the message. The fields come from the rule's own expressions (every `t.path` read off its `for`
 * variable), so the evidence is what decided, not the whole record; the lets are what the rule
 * computed from it (`services`, `envs`). */
#include "eval/evidence.h"

#include <string.h>

#include "base/redact.h"

void tp_evidence_init(tp_evidence_buf *b, const tp_mem *mem)
{
    memset(b, 0, sizeof *b);
    b->mem = mem;
    tp_strbuf_init(&b->text, mem);
}

void tp_evidence_free(tp_evidence_buf *b)
{
    for (size_t i = 0; i < b->nrules; i++)
        if (b->reads[i]) {
            tp_strbuf_free(&b->reads[i]->names);
            tp_mem_free(b->mem, b->reads[i]);
        }
    tp_mem_free(b->mem, b->reads);
    tp_strbuf_free(&b->text);
}

/* Appends one entry: its name, and the value rendered and cut at a character boundary. */
static void add(tp_evidence_buf *b, const char *name, size_t name_len, const tp_value *v,
                int is_let, int item)
{
    if (b->n == TP_EVIDENCE_MAX)
        return;
    tp_strbuf *t = &b->text;
    b->offsets[b->n][0] = t->len;
    tp_strbuf_add(t, name, name_len);
    tp_strbuf_putc(t, '\0');
    b->offsets[b->n][1] = t->len;
    tp_value_render_cut(t, v, TP_EVIDENCE_VALUE_MAX);
    tp_strbuf_putc(t, '\0');
    b->items[b->n].is_let = (unsigned char)is_let;
    b->items[b->n].item = (unsigned char)item;
    b->n++;
}

/* The path of a field chain read off the `for` variable (`t.scopes.admin` -> "scopes.admin"), or
 * 0 when n is not one. */
static int field_path(const tp_expr *n, int32_t slot, char *out, size_t size)
{
    if (n->kind == TP_E_LOCAL) {
        if (n->slot != slot || size == 0)
            return 0;
        out[0] = '\0';
        return 1;
    }
    if (n->kind != TP_E_FIELD || !field_path(n->a, slot, out, size))
        return 0;
    size_t len = strlen(out);
    if (len + (len > 0) + n->len + 1 > size)
        return 0;
    if (len)
        out[len++] = '.';
    memcpy(out + len, n->name, n->len);
    out[len + n->len] = '\0';
    return 1;
}

/* The fields read in expression n, outermost chains only, each once. */
static void collect_reads(const tp_expr *n, int32_t slot, tp_evidence_reads *out)
{
    if (!n || out->n == TP_EVIDENCE_MAX)
        return;
    char path[96];
    if (n->kind == TP_E_FIELD && field_path(n, slot, path, sizeof path)) {
        for (size_t i = 0; i < out->n; i++)
            if (strcmp(out->paths[i], path) == 0)
                return;
        memcpy(out->paths[out->n++], path, sizeof path);
        return;
    }
    collect_reads(n->a, slot, out);
    collect_reads(n->b, slot, out);
    collect_reads(n->c, slot, out);
    for (uint32_t i = 0; i < n->nargs; i++)
        collect_reads(n->args[i], slot, out);
    for (uint32_t i = 0; i < n->nclauses; i++) {
        const tp_gen_clause *c = &n->clauses[i];
        collect_reads(c->list, slot, out);
        collect_reads(c->where, slot, out);
        collect_reads(c->key_path, slot, out);
        collect_reads(c->key_expr, slot, out);
        collect_reads(c->rest_where, slot, out);
    }
}

/* The value at a dotted path of the element; absent when a step is missing. */
static tp_value value_at(const tp_value *elem, const char *path, tp_jhint *hints)
{
    tp_value v = *elem;
    for (size_t step = 0; *path; step++) {
        const char *dot = strchr(path, '.');
        size_t len = dot ? (size_t)(dot - path) : strlen(path);
        if (!tp_value_is_objlike(&v)) {
            memset(&v, 0, sizeof v);
            return v;
        }
        v = tp_value_field_hinted(&v, path, len,
                                  step < TP_EVIDENCE_HINTED_STEPS ? &hints[step] : NULL);
        path += len + (dot != NULL);
    }
    return v;
}

/* Whether v is a list whose items are all scalars. */
static int scalar_list(const tp_value *v)
{
    if (!tp_value_is_listlike(v))
        return 0;
    tp_iter it;
    tp_value e;
    tp_iter_init(&it, v);
    while (tp_iter_next(&it, &e))
        if (!tp_value_is_scalar(&e))
            return 0;
    return 1;
}

/* A value as evidence: a scalar as one entry, a list of scalars as one entry per item. Anything
 * else is JSON for a field of the record, and left out for a let (a list of records: the message
 * says what matters of them). */
static void add_value(tp_evidence_buf *b, const char *name, const tp_value *v, int is_let)
{
    if (!scalar_list(v)) {
        if (!is_let || tp_value_is_scalar(v))
            add(b, name, strlen(name), v, is_let, 0);
        return;
    }
    tp_iter it;
    tp_value e;
    tp_iter_init(&it, v);
    while (tp_iter_next(&it, &e))
        add(b, name, strlen(name), &e, is_let, 1);
}

/* The fields `rule` reads off its `for` variable: found at its first finding of the evaluation,
 * then kept (with their hints) for the next ones. NULL when out of memory. */
static tp_evidence_reads *reads_of(tp_evidence_buf *b, const tp_plan *plan,
                                   const tp_rule_plan *rule)
{
    if (!b->reads) {
        b->reads = tp_mem_calloc(b->mem, plan->nrules, sizeof *b->reads);
        if (!b->reads)
            return NULL;
        b->nrules = plan->nrules;
    }
    tp_evidence_reads **slot = &b->reads[rule - plan->rules];
    if (*slot)
        return *slot;
    /* Every named let: one whose value is a record gives no entry, so the first 16 need not be
     * the ones that give them. */
    size_t nlets = 0;
    for (uint32_t i = 0; i < rule->nsteps; i++)
        nlets += rule->steps[i].is_let && rule->steps[i].name;
    tp_evidence_reads *r = tp_mem_calloc(b->mem, 1, sizeof *r + nlets * sizeof r->lets[0]);
    if (!r)
        return NULL;
    if (rule->for_list) {
        for (uint32_t i = 0; i < rule->nsteps; i++)
            collect_reads(rule->steps[i].expr, rule->for_slot, r);
        collect_reads(rule->assertion, rule->for_slot, r);
        collect_reads(rule->message, rule->for_slot, r);
        collect_reads(rule->remediation, rule->for_slot, r);
        collect_reads(rule->subject, rule->for_slot, r);
    }
    for (uint32_t i = 0; i < rule->nsteps; i++)
        if (rule->steps[i].is_let && rule->steps[i].name)
            r->lets[r->nlets++].step = i;
    /* The names masked into one text, then pointed into once it stopped moving. */
    tp_strbuf_init(&r->names, b->mem);
    for (size_t i = 0; i < r->n + r->nlets; i++) {
        const char *name = i < r->n ? r->paths[i] : rule->steps[r->lets[i - r->n].step].name;
        tp_redact_text(&r->names, name, strlen(name));
        tp_strbuf_putc(&r->names, '\0');
    }
    if (r->names.failed) {
        tp_strbuf_free(&r->names);
        tp_mem_free(b->mem, r);
        return NULL;
    }
    const char *at = r->names.data;
    for (size_t i = 0; i < r->n + r->nlets; i++, at += strlen(at) + 1)
        *(i < r->n ? &r->shown[i] : &r->lets[i - r->n].shown) = at;
    return *slot = r;
}

int tp_evidence_collect(tp_evidence_buf *b, const tp_eval *ev, const tp_rule_plan *rule,
                        const tp_value *elem, tp_finding *draft)
{
    tp_strbuf_reset(&b->text);
    b->n = 0;
    tp_evidence_reads *r = reads_of(b, ev->plan, rule);
    if (!r)
        return TP_ENOMEM;
    for (size_t i = 0; elem && i < r->n; i++) {
        tp_value v = value_at(elem, r->paths[i], r->hints[i]);
        add_value(b, r->shown[i], &v, 0);
    }
    for (size_t i = 0; i < r->nlets && b->n < TP_EVIDENCE_MAX; i++)
        add_value(b, r->lets[i].shown, &ev->frame[rule->steps[r->lets[i].step].slot], 1);
    if (b->text.failed)
        return TP_ENOMEM;
    /* The text stopped moving: point the entries into it. */
    for (size_t i = 0; i < b->n; i++) {
        b->items[i].name = b->text.data + b->offsets[i][0];
        b->items[i].value = b->text.data + b->offsets[i][1];
    }
    draft->evidence = b->items;
    draft->nevidence = b->n;
    return 0;
}
