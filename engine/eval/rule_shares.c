/* tp_rule_shares_run: one input evaluated by several threads, each over a range of every
 * rule's subjects (rule_shares.h). A share gets a context, a result and a part of the memory
 * budget of its own, so threads share nothing they write but a flag that stops them all; the
 * plan and the documents they only read. */
#include "eval/rule_shares.h"

#include <string.h>

#include "base/threads.h"
#include "eval/bindings.h"
#include "eval/context.h"
#include "eval/coverage.h"
#include "eval/rule_filter.h"
#include "eval/rules.h"

/* More threads than this do not evaluate one input. */
#define SHARES_MAX 64

typedef struct share {
    const tp_rule_shares *run;
    tp_rules_share which;
    size_t budget;        /* its part of the evaluation's */
    tp_result *r;         /* its findings, counts and coverage */
    uint8_t *waiver_used; /* per plan waiver, in r's memory */
    uint64_t steps;       /* the generator steps its context took */
    int rc;
} share;

static int evaluate_share(share *s)
{
    const tp_rule_shares *run = s->run;
    const tp_plan *plan = run->plan;
    int rc = tp_result_new(&s->r, &run->r->opts);
    if (rc == 0)
        rc = tp_result_begin_input(s->r, plan, run->now, run->input_name);
    if (rc == 0)
        rc = tp_coverage_prepare(s->r);
    if (rc == 0 &&
        !(s->waiver_used = tp_mem_calloc(&s->r->mem, plan->nwaivers ? plan->nwaivers : 1, 1)))
        rc = TP_ENOMEM;
    if (rc)
        return rc;
    tp_eval ev;
    rc = tp_eval_init_bound(&ev, plan, &s->r->mem, run->now, s->budget, run->bindings,
                            run->nbindings, run->opts);
    if (rc == 0)
        rc = tp_rules_run(s->r, &ev, run->opts, run->input_name, s->waiver_used, s->which);
    s->steps = ev.steps;
    tp_eval_free(&ev);
    return rc ? rc : tp_result_end_share(s->r);
}

static void *share_thread(void *arg)
{
    share *s = arg;
    if ((s->rc = evaluate_share(s)) != 0)
        atomic_store(s->which.stop, 1); /* the others' work is lost: they need not finish it */
    return NULL;
}

/* Each of n shares' part of the budget: what the calling thread's context leaves, divided, so
 * that together they hold no more than the budget; never 0 (no limit) when there is one. */
static size_t part_of(const tp_rule_shares *run, size_t n)
{
    if (!run->budget)
        return 0;
    size_t part = run->budget > run->held ? (run->budget - run->held) / n : 0;
    return part ? part : 1;
}

static int has_whole_rules(const tp_plan *plan, const tp_eval_options *opts)
{
    for (size_t i = 0; i < plan->nrules; i++)
        if (!plan->rules[i].for_list && tp_rule_filter_selects(opts, plan->rules[i].info.id))
            return 1;
    return 0;
}

/* Whether every share finished as one thread would have: within its memory, and the steps of
 * all of them within one evaluation's (they may count a global twice: never fewer). */
static int all_finished(const share *shares, size_t count, uint64_t max_steps)
{
    uint64_t steps = 0;
    for (size_t i = 0; i < count; i++) {
        if (shares[i].rc)
            return 0;
        steps += shares[i].steps;
    }
    return steps <= max_steps;
}

int tp_rule_shares_run(const tp_rule_shares *run, uint8_t *waiver_used)
{
    const tp_eval_options *o = run->opts;
    size_t count = o->threads < SHARES_MAX ? o->threads : SHARES_MAX;
    /* Explanations and streamed findings come subject by subject in order; a rule's first
     * max_findings_per_rule findings are its first subjects': each needs one thread. */
    if (count < 2 || o->explain || run->r->opts.on_finding || run->r->opts.max_findings_per_rule)
        return TP_SHARES_DECLINED;
    share shares[SHARES_MAX + 1];
    atomic_int stop;
    atomic_init(&stop, 0);
    memset(shares, 0, sizeof shares);
    for (size_t i = 0; i < count; i++)
        shares[i].which = (tp_rules_share){i, count, 0, &stop};
    /* The rules without `for` on a thread of their own, beside the ranges: the system shares the
     * cores out, where a range's thread running them too would finish last. */
    size_t ranges = count;
    shares[ranges].which = (tp_rules_share){0, 0, 1, &stop};
    count += has_whole_rules(run->plan, o);
    for (size_t i = 0; i < count; i++) {
        shares[i].run = run;
        shares[i].budget = part_of(run, count);
    }
    tp_threads_run(share_thread, shares, sizeof *shares, count);
    int rc = all_finished(shares, count, o->max_steps) ? 0 : TP_SHARES_DECLINED;
    /* The rules without `for` first, whose few findings the merges then move the least; then
     * the ranges, in list order. */
    tp_result *results[SHARES_MAX + 1];
    size_t m = 0;
    if (count > ranges)
        results[m++] = shares[ranges].r;
    for (size_t i = 0; i < ranges; i++)
        results[m++] = shares[i].r;
    if (rc == 0)
        rc = tp_result_merge_shares(run->r, results, count);
    for (size_t i = 0; i < count; i++) {
        for (size_t w = 0; rc == 0 && w < run->plan->nwaivers; w++)
            waiver_used[w] |= shares[i].waiver_used[w];
        if (shares[i].r)
            tp_mem_free(&shares[i].r->mem, shares[i].waiver_used);
        tp_result_free(shares[i].r);
    }
    if (rc == 0)
        run->r->inputs[run->r->ninputs - 1].threads = count;
    return rc;
}
