/* tp_result_merge: how results evaluated on several threads become one, as if every input had
 * been evaluated into the first; tp_result_merge_shares: how the shares of one input's subjects
 * become that input's. Findings and per-input tables move with the arenas that hold them;
 * nothing is copied but the arrays of entries. */
#include <string.h>

#include "eval/coverage.h"
#include "eval/result.h"
#include "input/baseline.h"

/* Empties a result whose findings, inputs and strings moved to another. */
static void clear(tp_result *r)
{
    r->plan = NULL;
    r->now = 0;
    r->n = r->ninputs = r->input_first = r->nfixed = 0;
    r->rule_ran = NULL; /* it lived in the arena that moved */
    r->rules_run = 0;
    r->failed = r->failing = r->waived = r->errors = r->baseline = r->dropped = r->incomplete = 0;
    r->other_id = NULL;
    r->has_cutoff = 0;
}

/* Whether two results count and keep findings alike: their counts and kept findings can only be
 * added up then (a failure counted against another fail_on would not fail `into`). */
static int same_keeping(const tp_result_options *a, const tp_result_options *b)
{
    return a->fail_on == b->fail_on && a->max_findings == b->max_findings &&
           a->max_findings_per_rule == b->max_findings_per_rule &&
           a->discard_findings == b->discard_findings &&
           a->fail_on_unchecked == b->fail_on_unchecked && a->baseline == b->baseline;
}

/* Grows the arrays `into` needs for what `from` holds and `nfindings` findings more, so that the
 * move cannot fail half way. */
static int reserve(tp_result *into, const tp_result *from, size_t nfindings)
{
    const tp_plan *plan = from->plan;
    if (!into->rule_ran &&
        !(into->rule_ran = tp_arena_zalloc(&into->arena, plan->nrules ? plan->nrules : 1)))
        return TP_ENOMEM;
    void *items = into->inputs;
    if (tp_mem_grow(&into->mem, &items, &into->cap_inputs, into->ninputs + from->ninputs,
                    sizeof *into->inputs))
        return TP_ENOMEM;
    into->inputs = items;
    items = into->findings;
    if (nfindings &&
        tp_mem_grow(&into->mem, &items, &into->cap, into->n + nfindings, sizeof *into->findings))
        return TP_ENOMEM;
    into->findings = items;
    items = into->finding_input;
    if (into->opts.max_findings && nfindings &&
        tp_mem_grow(&into->mem, &items, &into->ncap_input, into->n + nfindings,
                    sizeof *into->finding_input))
        return TP_ENOMEM;
    into->finding_input = items;
    items = into->fixed;
    if (from->nfixed && tp_mem_grow(&into->mem, &items, &into->cap_fixed,
                                    into->nfixed + from->nfixed, sizeof *into->fixed))
        return TP_ENOMEM;
    into->fixed = items;
    size_t nbase = tp_baseline_count(into->opts.baseline);
    if (from->baseline_seen && !into->baseline_seen &&
        !(into->baseline_seen = tp_mem_calloc(&into->mem, nbase ? nbase : 1, 1)))
        return TP_ENOMEM;
    return 0;
}

/* The first of a merge, which may fail and then changes nothing that counts: into's arrays grown
 * (reserve), from's coverage added, the rules that ran in from marked (into's plan, as from's). */
static int make_room(tp_result *into, const tp_result *from, size_t nfindings)
{
    int rc = reserve(into, from, nfindings);
    if (rc == 0)
        rc = tp_coverage_merge(into, from);
    if (rc)
        return rc;
    for (size_t i = 0; i < from->plan->nrules; i++)
        if (from->rule_ran[i] && !into->rule_ran[i]) {
            into->rule_ran[i] = 1;
            into->rules_run++;
        }
    return 0;
}

/* The last of a merge, which cannot fail: from's baseline marks and counts added to into's, its
 * arenas (the strings of the findings moved) adopted; from is left empty. */
static void move_rest(tp_result *into, tp_result *from)
{
    for (size_t k = 0; from->baseline_seen && k < tp_baseline_count(from->opts.baseline); k++)
        into->baseline_seen[k] |= from->baseline_seen[k];
    into->failed += from->failed;
    into->failing += from->failing;
    into->waived += from->waived;
    into->errors += from->errors;
    into->baseline += from->baseline;
    into->dropped += from->dropped;
    tp_arena_adopt(&into->arena, &from->arena);
    tp_arena_adopt(&into->strings, &from->strings);
    clear(from);
}

int tp_result_merge(tp_result *into, tp_result *from)
{
    if (!into || !from || into == from || !same_keeping(&into->opts, &from->opts))
        return TP_EINVAL;
    if (from->plan &&
        ((into->plan && into->plan != from->plan) || (into->ninputs && into->now != from->now) ||
         memcmp(&into->mem.hooks, &from->mem.hooks, sizeof into->mem.hooks) != 0))
        return TP_EINVAL; /* ... or the blocks that move could not be freed by `into` */
    /* What went wrong around `from` (an input that never loaded) decides the verdict too, even
     * when nothing was evaluated into it. */
    for (size_t i = 0; i < from->ndiags; i++) {
        int rc = tp_result_add_diag(into, from->diags[i].source, &from->diags[i].diag);
        if (rc)
            return rc;
    }
    from->ndiags = 0;
    into->diags_left_out += from->diags_left_out;
    from->diags_left_out = 0;
    if (!from->plan)
        return 0;
    into->plan = from->plan; /* bound to it, as an evaluation binds it */
    int rc = make_room(into, from, from->n);
    if (rc)
        return rc;
    /* Nothing can fail from here on. */
    const tp_plan *plan = from->plan;
    into->plan = plan;
    into->now = from->now;
    size_t first_input = into->ninputs;
    /* memcpy wants its pointers non-null even for no bytes, and an empty array may be NULL. */
    if (from->ninputs)
        memcpy(into->inputs + into->ninputs, from->inputs, from->ninputs * sizeof *from->inputs);
    into->ninputs += from->ninputs;
    if (from->n)
        memcpy(into->findings + into->n, from->findings, from->n * sizeof *from->findings);
    for (size_t i = 0; into->opts.max_findings && i < from->n; i++)
        into->finding_input[into->n + i] =
            first_input + from->finding_input[i]; /* same max_findings: it kept them */
    into->n += from->n;
    if (from->nfixed)
        memcpy(into->fixed + into->nfixed, from->fixed, from->nfixed * sizeof *from->fixed);
    into->nfixed += from->nfixed;
    into->incomplete += from->incomplete;
    into->input_first = into->n;
    move_rest(into, from);
    /* Each result kept its own worst max_findings: the merged one keeps the worst of them all. */
    if (into->opts.max_findings && into->n > into->opts.max_findings)
        return tp_result_prune(into, into->opts.max_findings);
    return 0;
}

/* Appends the findings of the shares, each in report order, to into's (whose current input has
 * none) in report order: each share merged into what the ones before made, from the back, so
 * that on a tie the earlier share's finding comes first. */
static void merge_findings(tp_result *into, tp_result *const *from, size_t n)
{
    if (!into->findings)
        return; /* no share found anything: no array was made (nor may NULL be offset) */
    tp_finding *merged = into->findings + into->n;
    size_t have = 0;
    for (size_t s = 0; s < n; s++) {
        const tp_finding *b = from[s]->findings;
        size_t i = have, j = from[s]->n, k = i + j;
        while (j > 0)
            merged[--k] =
                i > 0 && tp_finding_compare(&merged[i - 1], &b[j - 1]) > 0 ? merged[--i] : b[--j];
        have += from[s]->n;
    }
    for (size_t f = into->n; into->opts.max_findings && f < into->n + have; f++)
        into->finding_input[f] = into->ninputs - 1;
    into->n += have;
}

/* Adds the per-rule tables and counts of from's input to into's current one. */
static void add_input(tp_result *into, const tp_result *from)
{
    tp_input_entry *in = &into->inputs[into->ninputs - 1];
    const tp_input_entry *f = &from->inputs[0];
    in->checked += f->checked;
    for (size_t s = 0; s < TP_FINDING_STATUS_COUNT; s++)
        for (size_t v = 0; v < TP_SEVERITY_COUNT; v++)
            in->counts[s][v] += f->counts[s][v];
    for (size_t i = 0; i < into->plan->nrules; i++) {
        if (f->rule_checked[i] == TP_RULE_NOT_RUN)
            continue;
        in->rule_checked[i] =
            f->rule_checked[i] + (in->rule_checked[i] == TP_RULE_NOT_RUN ? 0 : in->rule_checked[i]);
        for (size_t s = 0; s < TP_FINDING_STATUS_COUNT; s++)
            in->rule_counts[i][s] += f->rule_counts[i][s];
        in->rule_kept[i] += f->rule_kept[i];
        in->rule_us[i] += f->rule_us[i];
    }
}

int tp_result_merge_shares(tp_result *into, tp_result *const *from, size_t n)
{
    if (!into->ninputs || into->n != into->input_first)
        return TP_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (from[i]->ninputs != 1 || from[i]->plan != into->plan || from[i]->now != into->now ||
            memcmp(&into->mem.hooks, &from[i]->mem.hooks, sizeof into->mem.hooks))
            return TP_EINVAL;
    size_t total = 0; /* the findings of all: room for them at once */
    for (size_t i = 0; i < n; i++)
        total += from[i]->n;
    for (size_t i = 0; i < n; i++) {
        int rc = make_room(into, from[i], total);
        if (rc)
            return rc; /* the coverage of the shares before is in: the evaluation is incomplete */
    }
    /* Nothing can fail from here on. */
    for (size_t i = 0; i < n; i++)
        add_input(into, from[i]);
    merge_findings(into, from, n);
    into->input_sorted = 1;
    for (size_t i = 0; i < n; i++)
        move_rest(into, from[i]);
    return 0;
}
