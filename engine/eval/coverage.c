/* Clause coverage (coverage.h) and its public view, tp_plan_rule_clause and
 * tp_result_clause_coverage. */
#include "eval/coverage.h"

#include <string.h>

typedef struct tally {
    size_t reached, held, failed, errors;
} tally;

struct tp_coverage {
    size_t *first; /* per plan rule: the index of its first clause's tally */
    tally *tallies;
};

int tp_coverage_prepare(tp_result *r)
{
    if (r->coverage)
        return 0;
    const tp_plan *p = r->plan;
    struct tp_coverage *c = tp_arena_zalloc(&r->arena, sizeof *c);
    size_t n = 0;
    if (c)
        c->first = tp_arena_alloc(&r->arena, (p->nrules + 1) * sizeof *c->first);
    if (!c || !c->first)
        return TP_ENOMEM;
    for (size_t i = 0; i < p->nrules; i++) {
        c->first[i] = n;
        n += p->rules[i].nsteps + 1u;
    }
    c->first[p->nrules] = n;
    if (!(c->tallies = tp_arena_zalloc(&r->arena, (n ? n : 1) * sizeof *c->tallies)))
        return TP_ENOMEM;
    r->coverage = c;
    return 0;
}

void tp_coverage_note(tp_result *r, size_t rule, size_t clause, tp_cover_outcome outcome)
{
    if (!r->coverage)
        return;
    tally *t = &r->coverage->tallies[r->coverage->first[rule] + clause];
    t->reached++;
    if (outcome == TP_COVER_HELD)
        t->held++;
    else if (outcome == TP_COVER_FAILED)
        t->failed++;
    else
        t->errors++;
}

int tp_coverage_merge(tp_result *into, const tp_result *from)
{
    if (!from->coverage)
        return 0;
    int rc = tp_coverage_prepare(into);
    if (rc)
        return rc;
    size_t n = from->coverage->first[from->plan->nrules];
    for (size_t i = 0; i < n; i++) {
        tally *t = &into->coverage->tallies[i];
        const tally *f = &from->coverage->tallies[i];
        t->reached += f->reached;
        t->held += f->held;
        t->failed += f->failed;
        t->errors += f->errors;
    }
    return 0;
}

int tp_plan_rule_clause(tp_clause_coverage *out, const tp_plan *plan, size_t rule, size_t clause)
{
    if (!out || !plan || rule >= plan->nrules || clause > plan->rules[rule].nsteps)
        return TP_EINVAL;
    const tp_rule_plan *rp = &plan->rules[rule];
    memset(out, 0, sizeof *out);
    const tp_expr *e = rp->assertion;
    out->kind = rp->deny ? TP_CLAUSE_DENY : TP_CLAUSE_REQUIRE;
    if (clause < rp->nsteps) {
        const tp_step *st = &rp->steps[clause];
        e = st->expr;
        out->kind = st->is_let ? TP_CLAUSE_LET : TP_CLAUSE_WHERE;
        out->name = st->is_let ? st->name : NULL;
    }
    out->file = rp->info.file;
    out->line = e ? e->span.line : rp->info.line;
    out->column = e ? e->span.col : rp->info.column;
    return 0;
}

size_t tp_plan_rule_clause_count(const tp_plan *plan, size_t rule)
{
    return plan && rule < plan->nrules ? plan->rules[rule].nsteps + 1u : 0;
}

int tp_result_clause_coverage(tp_clause_coverage *out, const tp_result *result, size_t rule,
                              size_t clause)
{
    if (!result || !result->plan)
        return TP_EINVAL;
    int rc = tp_plan_rule_clause(out, result->plan, rule, clause);
    if (rc || !result->coverage)
        return rc;
    const tally *t = &result->coverage->tallies[result->coverage->first[rule] + clause];
    out->reached = t->reached;
    out->held = t->held;
    out->failed = t->failed;
    out->errors = t->errors;
    return 0;
}
