/*
 * Lint: warnings about policies that compile but cannot be what their author meant: names bound
 * and never read, rules that can never produce a finding or never check anything of the input,
 * and rules that repeat another. They run
 * on the checked program, after the checker found no error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/datetime.h"
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
    case TP_N_COND: { /* the branch a constant condition picks, or both when they agree */
        int c = constant(n->a), yes = constant(n->b), no = constant(n->c);
        return c == 1 ? yes : c == 0 ? no : yes == no ? yes : -1;
    }
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

/* Whether a list is empty whatever the input: [], a name bound to one, a comprehension with a
 * clause over one or whose condition is always false. `depth` bounds the walk through names. */
static int always_empty(const tp_checked *p, const tp_node *n, int depth)
{
    if (!n || depth > 32)
        return 0;
    switch (n->kind) {
    case TP_N_LIST:
        return n->kids.n == 0;
    case TP_N_NAME:
        return n->ref == TP_REF_GLOBAL && always_empty(p, p->globals[n->slot].expr, depth + 1);
    case TP_N_GEN:
        /* Empty when any of its `for` clauses ranges over nothing or filters everything out. */
        for (uint32_t i = 0; i < n->kids.n; i++) {
            const tp_node *clause = n->kids.items[i];
            if (always_empty(p, clause->b, depth + 1) || (clause->c && constant(clause->c) == 0))
                return 1;
        }
        return 0;
    case TP_N_PROJECT:
        return always_empty(p, n->a, depth + 1);
    default:
        return 0;
    }
}

/* Whether an expression reads an input document, directly or through the names it reads. */
static int reads_input(const tp_checked *p, const tp_node *n, int depth)
{
    if (!n || depth > 32)
        return depth > 32; /* too deep to tell: assume it does, and say nothing */
    if (n->kind == TP_N_NAME && n->ref == TP_REF_ROOT)
        return 1;
    if (n->kind == TP_N_NAME && n->ref == TP_REF_GLOBAL)
        return reads_input(p, p->globals[n->slot].expr, depth + 1);
    if (reads_input(p, n->a, depth + 1) || reads_input(p, n->b, depth + 1) ||
        reads_input(p, n->c, depth + 1))
        return 1;
    for (uint32_t i = 0; i < n->kids.n; i++)
        if (reads_input(p, n->kids.items[i], depth + 1))
            return 1;
    return 0;
}

/* The file-level let or param a rule's `for` ranges over when its name is a field the input
 * schema declares, which the binding hides from every rule; else NULL. */
static const tp_checked_global *hides_input_field(const tp_checked *p, const tp_check_input *in,
                                                  const tp_node *list)
{
    if (list->kind != TP_N_NAME || list->ref != TP_REF_GLOBAL)
        return NULL;
    const tp_checked_global *g = &p->globals[list->slot];
    for (size_t i = 0; i < in->nschemas; i++)
        if (strcmp(in->schemas[i].name, "input") == 0 &&
            tp_shape_prop_find(in->schemas[i].root, g->name))
            return g;
    return NULL;
}

/* A rule whose `for` can never range over anything of the input checks nothing, and passes. */
static void checks_nothing(tp_diags *diags, const tp_checked *p, const tp_check_input *in,
                           const tp_checked_rule *r)
{
    if (!r->for_list)
        return;
    const tp_node *list = r->for_list;
    char what[160], hint[512] = "range over a list of the input";
    if (list->display)
        snprintf(what, sizeof what, "'%.140s'", list->display);
    else
        snprintf(what, sizeof what, "a list");
    const tp_checked_global *g = hides_input_field(p, in, list);
    if (g)
        snprintf(hint, sizeof hint,
                 "the %s '%.80s' (%.160s:%u) hides the input's field '%.80s', which the schema "
                 "declares: rename the %s",
                 g->is_param ? "param" : "let", g->name, in->sources[g->file].name, g->span.line,
                 g->name, g->is_param ? "param" : "let");
    if (always_empty(p, list, 0))
        LINT_WARN(diags, in->sources, list->span, "W-CHECKS-NOTHING", hint,
                  "rule %s can never check anything: its 'for' ranges over %s, which is empty "
                  "whatever the input",
                  r->info.id, what);
    else if (g && !reads_input(p, g->expr, 0))
        LINT_WARN(diags, in->sources, list->span, "W-CHECKS-NOTHING", hint,
                  "rule %s never checks the input: its 'for' ranges over %s, which is the same "
                  "whatever the input",
                  r->info.id, what);
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

static uint64_t mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * UINT64_C(1099511628211);
}

/* A hash of everything same() compares, so that rules that differ hash apart (rules that differ
 * only in a number would otherwise all be compared with each other). */
static uint64_t hash(const tp_node *n, uint64_t h)
{
    if (!n)
        return h * 31 + 7;
    uint64_t num;
    memcpy(&num, &n->num, sizeof num);
    h = mix(mix(mix(h, n->kind), n->op), n->ref);
    h = mix(mix(mix(h, (uint64_t)(uint32_t)n->slot), num), (uint64_t)n->us);
    for (uint32_t i = 0; n->str && i < n->len; i++)
        h = mix(h, (unsigned char)n->str[i]);
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

static void warn_duplicate(tp_diags *diags, const tp_source *sources, const tp_checked_rule *a,
                           const tp_checked_rule *b)
{
    tp_span at = {b->file, b->info.line, b->info.column, b->info.line, b->info.column + 4};
    char hint[160];
    snprintf(hint, sizeof hint, "%s is at %s:%u; keep one of them", a->info.id, a->info.file,
             a->info.line);
    LINT_WARN(diags, sources, at, "W-DUP-RULE", hint, "rule %s checks exactly what rule %s checks",
              b->info.id, a->info.id);
}

/* Rules with equal hashes are sorted together; each is compared with the first rule of each
 * different check in its run (one, unless hashes collide), never with every rule before it. */
static int duplicates(tp_diags *diags, const tp_checked *program, const tp_source *sources)
{
    size_t n = program->nrules ? program->nrules : 1;
    keyed *k = tp_mem_alloc(diags->mem, n * sizeof *k);
    size_t *firsts = tp_mem_alloc(diags->mem, n * sizeof *firsts);
    if (!k || !firsts) {
        tp_mem_free(diags->mem, k);
        tp_mem_free(diags->mem, firsts);
        return TP_ENOMEM;
    }
    for (size_t i = 0; i < program->nrules; i++) {
        const tp_checked_rule *r = &program->rules[i];
        uint64_t h = hash(r->for_list, hash(r->assertion, (uint64_t)r->deny + 1));
        for (uint32_t s = 0; s < r->nsteps; s++)
            h = hash(r->steps[s].expr, h);
        k[i] = (keyed){h, i};
    }
    qsort(k, program->nrules, sizeof *k, compare_keyed);
    size_t nfirsts = 0;
    for (size_t i = 0; i < program->nrules; i++) {
        if (i == 0 || k[i].key != k[i - 1].key)
            nfirsts = 0;
        const tp_checked_rule *b = &program->rules[k[i].rule];
        size_t f = 0;
        while (f < nfirsts && !same_check(&program->rules[firsts[f]], b))
            f++;
        if (f < nfirsts)
            warn_duplicate(diags, sources, &program->rules[firsts[f]], b);
        else
            firsts[nfirsts++] = k[i].rule;
    }
    tp_mem_free(diags->mem, k);
    tp_mem_free(diags->mem, firsts);
    return 0;
}

/* A waiver that covers every subject of its rule (a whole-input rule, or a `where` that is always
 * true) for more than a year from now is the rule switched off: warned, with when it ends. */
static void broad_waivers(tp_diags *diags, const tp_checked *p, const tp_check_input *in)
{
    size_t r = 0;
    for (size_t i = 0; i < p->nwaivers; i++) {
        const tp_checked_waiver *w = &p->waivers[i];
        /* rules and waivers are both sorted by rule id */
        while (r < p->nrules && strcmp(p->rules[r].info.id, w->info.rule) < 0)
            r++;
        if (r == p->nrules || strcmp(p->rules[r].info.id, w->info.rule) != 0)
            continue;
        int all = !p->rules[r].for_list || (w->where && constant(w->where) == 1);
        if (!all || w->info.expires_us - in->now_us <= 365 * TP_US_PER_DAY)
            continue;
        char until[40];
        tp_datetime_format(w->info.expires_us, until);
        tp_span at = {w->file, w->info.line, w->info.column, w->info.line, w->info.column + 5};
        LINT_WARN(diags, in->sources, at, "W-WAIVER-ALL",
                  "name the subjects it is for, or let it end within a year",
                  "the waiver for %s covers every subject of the rule until %s, more than a year "
                  "from now: it switches the rule off",
                  w->info.rule, until);
    }
}

int tp_lint(tp_diags *diags, const tp_checked *program, const tp_check_input *in)
{
    const tp_source *sources = in->sources;
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
        checks_nothing(diags, program, in, r);
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
    if (rc == 0)
        broad_waivers(diags, program, in);
    return rc ? rc : duplicates(diags, program, sources);
}
