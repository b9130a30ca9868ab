/*
 * Lint: warnings about policies that compile but cannot be what their author meant: names bound
 * and never read, rules that can never produce a finding, and rules that repeat another. They run
 * on the checked program, after the checker found no error.
 */
#include <stdlib.h>
#include <string.h>

#include "check/lint.h"

#define LINT_WARN(diags, sources, span, code, hint, ...)                                           \
    tp_diags_add(diags, TP_DIAG_WARNING, code, (sources)[(span).file].name, span, hint, __VA_ARGS__)

/* Counts, per local slot and per global, the names that read them below n. */
static void count_reads(const tp_node *n, uint32_t *locals, uint32_t nlocals, uint32_t *globals)
{
    if (!n)
        return;
    if (n->kind == TP_N_NAME && n->ref == TP_REF_LOCAL && n->slot >= 0 &&
        (uint32_t)n->slot < nlocals)
        locals[n->slot]++;
    if (n->kind == TP_N_NAME && n->ref == TP_REF_GLOBAL && globals)
        globals[n->slot]++;
    count_reads(n->a, locals, nlocals, globals);
    count_reads(n->b, locals, nlocals, globals);
    count_reads(n->c, locals, nlocals, globals);
    for (uint32_t i = 0; i < n->kids.n; i++)
        count_reads(n->kids.items[i], locals, nlocals, globals);
}

static void rule_reads(const tp_checked_rule *r, uint32_t *locals, uint32_t *globals)
{
    count_reads(r->for_list, locals, r->nslots, globals);
    for (uint32_t i = 0; i < r->nsteps; i++)
        count_reads(r->steps[i].expr, locals, r->nslots, globals);
    count_reads(r->assertion, locals, r->nslots, globals);
    count_reads(r->message, locals, r->nslots, globals);
    count_reads(r->remediation, locals, r->nslots, globals);
    count_reads(r->subject, locals, r->nslots, globals);
}

/* 1 or 0 when a condition is a constant (true, not false, true and true, ...); -1 otherwise. */
static int constant(const tp_node *n)
{
    switch (n->kind) {
    case TP_N_BOOL_LIT:
        return n->num != 0;
    case TP_N_NOT: {
        int v = constant(n->a);
        return v < 0 ? -1 : !v;
    }
    case TP_N_BINARY:
        if (n->op == TP_OP_AND || n->op == TP_OP_OR) {
            int a = constant(n->a), b = constant(n->b);
            if (n->op == TP_OP_AND && (a == 0 || b == 0))
                return 0;
            if (n->op == TP_OP_OR && (a == 1 || b == 1))
                return 1;
            return a < 0 || b < 0 ? -1 : a;
        }
        return -1;
    default:
        return -1;
    }
}

static void never_fires(tp_diags *diags, const tp_source *sources, const tp_checked_rule *r)
{
    for (uint32_t i = 0; i < r->nsteps; i++)
        if (r->steps[i].kind == TP_CL_WHERE && constant(r->steps[i].expr) == 0) {
            LINT_WARN(diags, sources, r->steps[i].span, "W-NEVER-FIRES",
                      "remove the rule, or fix the condition",
                      "this 'where' is always false: rule %s never applies", r->info.id);
            return;
        }
    int v = r->assertion ? constant(r->assertion) : -1;
    if (v >= 0 && v != r->deny) {
        tp_span s = r->assertion->span;
        LINT_WARN(diags, sources, s, "W-NEVER-FIRES", NULL,
                  "rule %s can never produce a finding: its '%s' is always %s", r->info.id,
                  r->deny ? "deny" : "require", v ? "true" : "false");
    }
}

/* Structural equality of two checked trees (spans ignored). */
static int same(const tp_node *a, const tp_node *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind || a->op != b->op || a->ref != b->ref || a->slot != b->slot ||
        a->num != b->num || a->us != b->us || a->kids.n != b->kids.n || a->len != b->len)
        return 0;
    if ((a->str || b->str) && (!a->str || !b->str || memcmp(a->str, b->str, a->len) != 0))
        return 0;
    for (uint32_t i = 0; i < a->kids.n; i++)
        if (!same(a->kids.items[i], b->kids.items[i]))
            return 0;
    return same(a->a, b->a) && same(a->b, b->b) && same(a->c, b->c);
}

static uint64_t hash(const tp_node *n, uint64_t h)
{
    if (!n)
        return h * 31 + 7;
    h = (h ^ n->kind) * UINT64_C(1099511628211);
    h = (h ^ n->op) * UINT64_C(1099511628211);
    for (uint32_t i = 0; n->str && i < n->len; i++)
        h = (h ^ (unsigned char)n->str[i]) * UINT64_C(1099511628211);
    h = hash(n->a, hash(n->b, hash(n->c, h)));
    for (uint32_t i = 0; i < n->kids.n; i++)
        h = hash(n->kids.items[i], h);
    return h;
}

/* Two rules check the same thing: the same subjects, filtered the same way, by the same test. */
static int same_check(const tp_checked_rule *a, const tp_checked_rule *b)
{
    if (a->deny != b->deny || a->nsteps != b->nsteps || !same(a->for_list, b->for_list) ||
        !same(a->assertion, b->assertion))
        return 0;
    for (uint32_t i = 0; i < a->nsteps; i++)
        if (a->steps[i].kind != b->steps[i].kind || !same(a->steps[i].expr, b->steps[i].expr))
            return 0;
    return 1;
}

typedef struct keyed {
    uint64_t key;
    size_t rule;
} keyed;

static int compare_keyed(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    return a->key < b->key ? -1 : a->key > b->key ? 1 : (a->rule > b->rule) - (a->rule < b->rule);
}

static int duplicates(tp_diags *diags, const tp_checked *program, const tp_source *sources)
{
    keyed *k = tp_mem_alloc(diags->mem, (program->nrules ? program->nrules : 1) * sizeof *k);
    if (!k)
        return TP_ENOMEM;
    for (size_t i = 0; i < program->nrules; i++) {
        const tp_checked_rule *r = &program->rules[i];
        uint64_t h = hash(r->for_list, hash(r->assertion, (uint64_t)r->deny + 1));
        for (uint32_t s = 0; s < r->nsteps; s++)
            h = hash(r->steps[s].expr, h);
        k[i] = (keyed){h, i};
    }
    qsort(k, program->nrules, sizeof *k, compare_keyed);
    for (size_t i = 1; i < program->nrules; i++) {
        for (size_t j = i; j-- > 0 && k[j].key == k[i].key;) {
            const tp_checked_rule *a = &program->rules[k[j].rule], *b = &program->rules[k[i].rule];
            if (!same_check(a, b))
                continue;
            tp_span at = {b->file, b->info.line, b->info.column, b->info.line, b->info.column + 4};
            char hint[160];
            snprintf(hint, sizeof hint, "%s is at %s:%u; keep one of them", a->info.id,
                     a->info.file, a->info.line);
            LINT_WARN(diags, sources, at, "W-DUP-RULE", hint,
                      "rule %s checks exactly what rule %s checks", b->info.id, a->info.id);
            break;
        }
    }
    tp_mem_free(diags->mem, k);
    return 0;
}

int tp_lint(tp_diags *diags, const tp_checked *program, const tp_source *sources)
{
    uint32_t *globals = tp_mem_calloc(diags->mem, program->nglobals + 1, sizeof *globals);
    if (!globals)
        return TP_ENOMEM;
    for (size_t g = 0; g < program->nglobals; g++)
        count_reads(program->globals[g].expr, NULL, 0, globals);
    for (size_t w = 0; w < program->nwaivers; w++)
        count_reads(program->waivers[w].where, NULL, 0, globals);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < program->nrules; i++) {
        const tp_checked_rule *r = &program->rules[i];
        uint32_t *locals = tp_mem_calloc(diags->mem, r->nslots + 1, sizeof *locals);
        if (!locals) {
            rc = TP_ENOMEM;
            break;
        }
        rule_reads(r, locals, globals);
        for (uint32_t s = 0; s < r->nsteps; s++) {
            const tp_clause *cl = &r->steps[s];
            if (cl->kind == TP_CL_LET && cl->slot >= 0 && locals[cl->slot] == 0)
                LINT_WARN(diags, sources, cl->name_span, "W-UNUSED", "remove it, or use it",
                          "'%s' is bound but never used", cl->name);
        }
        tp_mem_free(diags->mem, locals);
        never_fires(diags, sources, r);
    }
    for (size_t g = 0; rc == 0 && g < program->nglobals; g++) {
        const tp_checked_global *gl = &program->globals[g];
        if (globals[g] == 0) {
            tp_span s = gl->span;
            s.end_line = s.line;
            s.end_col = s.col + (gl->is_param ? 5 : 3);
            LINT_WARN(diags, sources, s, "W-UNUSED", "remove it, or use it",
                      "%s '%s' is declared but never used", gl->is_param ? "param" : "let",
                      gl->name);
        }
    }
    tp_mem_free(diags->mem, globals);
    return rc ? rc : duplicates(diags, program, sources);
}
