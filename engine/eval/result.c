/* Results: what evaluations found, and the verdict a gate acts on. */
#include "eval/result.h"

#include <stdlib.h>
#include <string.h>

#include "base/options.h"
#include "base/sha256.h"
#include "input/baseline.h"

TP_DEFINE_OPTIONS_INIT(result, TP_RESULT_OPTIONS_INIT, TP_RESULT_OPTIONS_VERSION)

int tp_result_new(tp_result **out, const tp_result_options *opts)
{
    if (!out)
        return TP_EINVAL;
    *out = NULL;
    if (opts && opts->version != TP_RESULT_OPTIONS_VERSION)
        return TP_EINVAL;
    tp_mem mem;
    tp_mem_init(&mem, opts ? opts->allocator : NULL);
    tp_result *r = tp_mem_calloc(&mem, 1, sizeof *r);
    if (!r)
        return TP_ENOMEM;
    r->mem = mem;
    tp_arena_init(&r->arena, &r->mem);
    tp_arena_init(&r->scratch, &r->mem);
    tp_result_options defaults = TP_RESULT_OPTIONS_INIT;
    r->opts = opts ? *opts : defaults;
    *out = r;
    return 0;
}

void tp_result_free(tp_result *r)
{
    if (!r)
        return;
    tp_arena_free(&r->arena);
    tp_arena_free(&r->scratch);
    tp_mem_free(&r->mem, r->findings);
    tp_mem_free(&r->mem, r->inputs);
    tp_mem mem = r->mem;
    tp_mem_free(&mem, r);
}

int tp_result_begin_input(tp_result *r, const tp_plan *plan, int64_t now, const char *name)
{
    if ((r->plan && r->plan != plan) || (r->ninputs && r->now != now))
        return TP_EINVAL;
    if (!r->rule_ran &&
        !(r->rule_ran = tp_arena_zalloc(&r->arena, plan->nrules ? plan->nrules : 1)))
        return TP_ENOMEM;
    void *items = r->inputs;
    if (tp_mem_grow(&r->mem, &items, &r->cap_inputs, r->ninputs + 1, sizeof *r->inputs))
        return TP_ENOMEM;
    r->inputs = items;
    tp_input_entry *e = &r->inputs[r->ninputs];
    e->name = tp_arena_strdup(&r->arena, name);
    e->checked = 0;
    if (!e->name)
        return TP_ENOMEM;
    r->plan = plan;
    r->now = now;
    r->ninputs++;
    r->input_first = r->n;
    r->run_rule = NULL; /* per-rule limits count per input */
    return 0;
}

void tp_result_rule_runs(tp_result *r, size_t i)
{
    r->rules_run += !r->rule_ran[i];
    r->rule_ran[i] = 1;
}

int tp_result_rule_ran(const tp_result *r, size_t i)
{
    return r->rule_ran && r->rule_ran[i];
}

void tp_result_count_checked(tp_result *r)
{
    r->inputs[r->ninputs - 1].checked++;
}

static void count(tp_result *r, const tp_finding *f)
{
    switch (f->status) {
    case TP_FINDING_FAIL:
        r->failed++;
        r->failing += f->severity >= r->opts.fail_on;
        break;
    case TP_FINDING_WAIVED:
        r->waived++;
        break;
    case TP_FINDING_ERROR:
        r->errors++;
        break;
    case TP_FINDING_BASELINE:
        r->baseline++;
        break;
    }
}

/* Fills f from the draft, with copies of its strings in arena a; 0 or TP_ENOMEM. */
static int build(tp_finding *f, tp_arena *a, const char *input, const tp_finding *d)
{
    *f = *d;
    f->input = input;
    f->subject = tp_arena_strdup(a, d->subject);
    f->pointer = tp_arena_strdup(a, d->pointer);
    f->message = tp_arena_strdup(a, d->message);
    f->remediation = d->remediation ? tp_arena_strdup(a, d->remediation) : NULL;
    f->input_file = d->input_file ? tp_arena_strdup(a, d->input_file) : NULL;
    /* Stable across runs and machines: rule id, input name and subject only. */
    size_t lr = strlen(f->rule), li = strlen(input), ls = strlen(d->subject);
    char *key = tp_arena_alloc(a, lr + li + ls + 3);
    char *fp = tp_arena_alloc(a, 33);
    if (!f->subject || !f->pointer || !f->message || (d->remediation && !f->remediation) ||
        (d->input_file && !f->input_file) || !key || !fp)
        return TP_ENOMEM;
    memcpy(key, f->rule, lr + 1);
    memcpy(key + lr + 1, input, li + 1);
    memcpy(key + lr + li + 2, d->subject, ls + 1);
    tp_sha256_hex(key, lr + li + ls + 2, 16, fp);
    f->fingerprint = fp;
    return 0;
}

int tp_result_record(tp_result *r, const tp_finding *draft)
{
    if (r->run_rule != draft->rule) {
        r->run_rule = draft->rule;
        r->run_rule_kept = 0;
    }
    int keep = !(r->opts.on_finding && r->opts.discard_findings) &&
               (!r->opts.max_findings || r->n < r->opts.max_findings) &&
               (!r->opts.max_findings_per_rule || r->run_rule_kept < r->opts.max_findings_per_rule);
    r->run_rule_kept += keep;
    if (keep) {
        void *items = r->findings;
        if (tp_mem_grow(&r->mem, &items, &r->cap, r->n + 1, sizeof *r->findings))
            return TP_ENOMEM;
        r->findings = items;
    }
    tp_arena *a = keep ? &r->arena : &r->scratch;
    tp_arena_mark mark = tp_arena_mark_get(&r->scratch);
    tp_finding f;
    int rc = build(&f, a, r->inputs[r->ninputs - 1].name, draft);
    if (rc == 0 && f.status == TP_FINDING_FAIL && tp_baseline_has(r->opts.baseline, f.fingerprint))
        f.status = TP_FINDING_BASELINE;
    if (rc == 0) {
        count(r, &f);
        if (r->opts.on_finding && r->opts.on_finding(&f, r->opts.payload) != 0)
            rc = TP_ECANCELED;
        if (keep)
            r->findings[r->n++] = f;
        else
            r->dropped++;
    }
    tp_arena_rewind(&r->scratch, mark);
    return rc;
}

static int compare_findings(const void *pa, const void *pb)
{
    const tp_finding *a = pa, *b = pb;
    int c = strcmp(a->rule, b->rule);
    if (c)
        return c;
    c = strcmp(a->subject, b->subject);
    if (c)
        return c;
    return strcmp(a->pointer, b->pointer);
}

void tp_result_end_input(tp_result *r)
{
    if (r->n > r->input_first)
        qsort(r->findings + r->input_first, r->n - r->input_first, sizeof *r->findings,
              compare_findings);
}

size_t tp_result_finding_count(const tp_result *r)
{
    return r ? r->n : 0;
}

const tp_finding *tp_result_finding(const tp_result *r, size_t i)
{
    return r && i < r->n ? &r->findings[i] : NULL;
}

size_t tp_result_input_count(const tp_result *r)
{
    return r ? r->ninputs : 0;
}

const char *tp_result_input_name(const tp_result *r, size_t i)
{
    return r && i < r->ninputs ? r->inputs[i].name : NULL;
}

size_t tp_result_input_checked(const tp_result *r, size_t i)
{
    return r && i < r->ninputs ? r->inputs[i].checked : 0;
}

int64_t tp_result_now(const tp_result *r)
{
    return r ? r->now : 0;
}

void tp_result_summary(tp_summary *out, const tp_result *r)
{
    memset(out, 0, sizeof *out);
    if (!r)
        return;
    out->rules = r->rules_run;
    out->inputs = r->ninputs;
    for (size_t i = 0; i < r->ninputs; i++)
        out->checked += r->inputs[i].checked;
    out->failed = r->failed;
    out->failing = r->failing;
    out->waived = r->waived;
    out->errors = r->errors;
    out->baseline = r->baseline;
    out->dropped = r->dropped;
}

tp_verdict tp_result_verdict(const tp_result *r)
{
    tp_summary s;
    tp_result_summary(&s, r);
    if (!r || !r->rules_run)
        return TP_VERDICT_NONE; /* nothing was checked: not a pass */
    if (s.errors)
        return TP_VERDICT_ERROR;
    return s.failing ? TP_VERDICT_FAIL : TP_VERDICT_PASS;
}

/* Empties a result whose findings and strings moved to another. */
static void clear(tp_result *r)
{
    r->plan = NULL;
    r->now = 0;
    r->n = r->ninputs = r->input_first = 0;
    r->rule_ran = NULL; /* it lived in the arena that moved */
    r->rules_run = 0;
    r->failed = r->failing = r->waived = r->errors = r->baseline = r->dropped = 0;
    r->run_rule = NULL;
}

int tp_result_merge(tp_result *into, tp_result *from)
{
    if (!into || !from || into == from)
        return TP_EINVAL;
    if (!from->plan)
        return 0; /* nothing was evaluated into it */
    if ((into->plan && into->plan != from->plan) || (into->ninputs && into->now != from->now) ||
        memcmp(&into->mem.hooks, &from->mem.hooks, sizeof into->mem.hooks) != 0)
        return TP_EINVAL; /* ... or the blocks that move could not be freed by `into` */
    const tp_plan *plan = from->plan;
    if (!into->rule_ran &&
        !(into->rule_ran = tp_arena_zalloc(&into->arena, plan->nrules ? plan->nrules : 1)))
        return TP_ENOMEM;
    void *items = into->inputs;
    if (tp_mem_grow(&into->mem, &items, &into->cap_inputs, into->ninputs + from->ninputs,
                    sizeof *into->inputs))
        return TP_ENOMEM;
    into->inputs = items;
    size_t keep = from->n;
    if (into->opts.max_findings && into->n + keep > into->opts.max_findings)
        keep = into->opts.max_findings > into->n ? into->opts.max_findings - into->n : 0;
    items = into->findings;
    if (keep && tp_mem_grow(&into->mem, &items, &into->cap, into->n + keep, sizeof *into->findings))
        return TP_ENOMEM;
    into->findings = items;
    /* Nothing can fail from here on. The strings stay where they are: their arena moves. */
    for (size_t i = 0; i < plan->nrules; i++)
        if (from->rule_ran[i])
            tp_result_rule_runs(into, i);
    into->plan = plan;
    into->now = from->now;
    memcpy(into->inputs + into->ninputs, from->inputs, from->ninputs * sizeof *from->inputs);
    into->ninputs += from->ninputs;
    if (keep)
        memcpy(into->findings + into->n, from->findings, keep * sizeof *from->findings);
    into->n += keep;
    into->failed += from->failed;
    into->failing += from->failing;
    into->waived += from->waived;
    into->errors += from->errors;
    into->baseline += from->baseline;
    into->dropped += from->dropped + (from->n - keep);
    into->input_first = into->n;
    tp_arena_adopt(&into->arena, &from->arena);
    clear(from);
    return 0;
}
