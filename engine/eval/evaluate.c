/* tp_evaluate: one input's evaluation, from the caller's options to the result: the clock, the
 * input's section of the result, the evaluation context and its documents, the rules (on this
 * thread, or its subjects shared out to several: rule_shares.c), then the waivers, and what the
 * input is about in a context of its own. */
#include <string.h>

#include "base/datetime.h"
#include "base/options.h"
#include "eval/about.h"
#include "eval/bindings.h"
#include "eval/coverage.h"
#include "eval/result.h"
#include "eval/rule_filter.h"
#include "eval/rule_shares.h"
#include "eval/rules.h"
#include "eval/waivers.h"

TP_DEFINE_OPTIONS_INIT(eval, TP_EVAL_OPTIONS_INIT, TP_EVAL_OPTIONS_VERSION)

/* The options in their current layout, whatever version the caller built them with. */
static int read_eval_options(tp_eval_options *out, const tp_eval_options *opts)
{
    tp_eval_options defaults = TP_EVAL_OPTIONS_INIT;
    *out = defaults;
    if (!opts)
        return 0;
    size_t bytes = tp_options_bytes(tp_eval_options_bytes, TP_EVAL_OPTIONS_VERSION, opts->version);
    if (!bytes)
        return TP_EINVAL;
    memcpy(out, opts, bytes); /* an older struct is a prefix of this one */
    out->version = TP_EVAL_OPTIONS_VERSION;
    return 0;
}

/* The options in their current layout, whatever version the caller built them with, the step
 * budgets resolved (never 0). */
static int eval_options(tp_eval_options *out, const tp_eval_options *opts)
{
    int rc = read_eval_options(out, opts);
    if (!out->max_steps)
        out->max_steps = TP_DEFAULT_MAX_STEPS;
    if (!out->max_subject_steps)
        out->max_subject_steps = TP_DEFAULT_MAX_SUBJECT_STEPS;
    return rc;
}

/* What the input is about, in a context of its own with the whole budget: on any number of
 * threads the same memory and steps, none of them the rules' (their lists, their last subject's
 * steps), which one thread holds after its rules and the calling thread of several does not. */
static int record_about(tp_result *r, const tp_plan *plan, const tp_binding *bindings,
                        size_t nbindings, const tp_eval_options *opts, int64_t now, size_t budget)
{
    size_t i = 0;
    while (i < plan->npacks && !plan->packs[i].about)
        i++;
    if (i == plan->npacks) /* no pack says: no context to make */
        return 0;
    tp_eval ev;
    int rc = tp_eval_init_bound(&ev, plan, &r->mem, now, budget, bindings, nbindings, opts);
    if (rc == 0)
        rc = tp_about_record(&ev, r);
    if (rc == TP_ENOMEM)
        rc = tp_eval_no_memory(&ev);
    tp_eval_free(&ev);
    return rc;
}

int tp_evaluate(tp_result *r, const tp_plan *plan, const char *input_name,
                const tp_binding *bindings, size_t nbindings, const tp_eval_options *opts_in)
{
    tp_eval_options o;
    const tp_eval_options *opts = &o;
    if (!r || !plan || !input_name || (nbindings && !bindings) || eval_options(&o, opts_in))
        return TP_EINVAL;
    int rc = tp_eval_check_bindings(bindings, nbindings, opts);
    if (rc)
        return rc;
    /* Rule filters that select nothing are refused, and recorded in the result. */
    if ((rc = tp_result_check_rule_filters(r, plan, opts)))
        return rc;
    /* One clock per result: an unset one is the time of the first evaluation. */
    int64_t now = opts->now_us ? opts->now_us : r->ninputs ? r->now : tp_datetime_now();
    rc = tp_result_begin_input(r, plan, now, input_name);
    if (rc == 0)
        rc = tp_coverage_prepare(r);
    if (rc)
        return rc;
    size_t budget = opts->max_memory == SIZE_MAX ? 0
                    : opts->max_memory           ? opts->max_memory
                                                 : TP_DEFAULT_MAX_MEMORY;
    tp_eval ev;
    rc = tp_eval_init_bound(&ev, plan, &r->mem, now, budget, bindings, nbindings, opts);
    uint8_t *waiver_used = NULL;
    if (rc == 0 && !(waiver_used = tp_arena_zalloc(&ev.input, plan->nwaivers ? plan->nwaivers : 1)))
        rc = TP_ENOMEM;
    if (rc == 0) {
        tp_rule_shares run = {.r = r,
                              .plan = plan,
                              .input_name = input_name,
                              .bindings = bindings,
                              .nbindings = nbindings,
                              .opts = opts,
                              .now = now,
                              .budget = budget,
                              .held = ev.budget.held};
        rc = tp_rule_shares_run(&run, waiver_used);
        if (rc == TP_SHARES_DECLINED)
            rc = tp_rules_run(r, &ev, opts, input_name, waiver_used, TP_RULES_ALL);
    }
    /* After every rule ran: expired waivers, stale ones, and those about to expire. */
    for (size_t i = 0; rc == 0 && i < plan->nrules; i++)
        if (tp_rule_filter_selects(opts, plan->rules[i].info.id))
            rc = tp_waiver_report(r, &ev, &plan->rules[i], waiver_used, opts->warn_expiring_us);
    if (rc == TP_ENOMEM)
        rc = tp_eval_no_memory(&ev);
    tp_eval_free(&ev);
    if (rc == 0)
        rc = record_about(r, plan, bindings, nbindings, opts, now, budget);
    if (rc)
        tp_result_mark_incomplete(r); /* what ran is kept, but it is not the whole check */
    int sorted = tp_result_end_input(r);
    return rc ? rc : sorted;
}
