/* Results: what evaluations found, and the verdict a gate acts on. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "eval/result.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "base/datetime.h"
#include "base/options.h"
#include "base/sha256.h"
#include "input/baseline.h"

TP_DEFINE_OPTIONS_INIT(result, TP_RESULT_OPTIONS_INIT, TP_RESULT_OPTIONS_VERSION)

/* A clock for durations, in microseconds: never goes back. */
static int64_t monotonic_us(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int tp_result_new(tp_result **out, const tp_result_options *opts)
{
    if (!out)
        return TP_EINVAL;
    *out = NULL;
    size_t bytes =
        opts ? tp_options_bytes(tp_result_options_bytes, TP_RESULT_OPTIONS_VERSION, opts->version)
             : 0;
    if (opts && !bytes)
        return TP_EINVAL;
    tp_mem mem;
    tp_mem_init(&mem, opts ? opts->allocator : NULL);
    tp_result *r = tp_mem_calloc(&mem, 1, sizeof *r);
    if (!r)
        return TP_ENOMEM;
    r->mem = mem;
    tp_arena_init(&r->arena, &r->mem);
    tp_arena_init(&r->strings, &r->mem);
    tp_arena_init(&r->scratch, &r->mem);
    tp_result_options defaults = TP_RESULT_OPTIONS_INIT;
    r->opts = defaults;
    if (opts) { /* an older struct is a prefix of this one */
        memcpy(&r->opts, opts, bytes);
        r->opts.version = TP_RESULT_OPTIONS_VERSION;
    }
    r->started = tp_datetime_now();
    *out = r;
    return 0;
}

void tp_result_free(tp_result *r)
{
    if (!r)
        return;
    tp_arena_free(&r->arena);
    tp_arena_free(&r->strings);
    tp_arena_free(&r->scratch);
    tp_mem_free(&r->mem, r->findings);
    tp_mem_free(&r->mem, r->finding_input);
    tp_mem_free(&r->mem, r->inputs);
    tp_mem_free(&r->mem, r->diags);
    tp_mem_free(&r->mem, r->baseline_seen);
    tp_mem_free(&r->mem, r->fixed);
    tp_mem mem = r->mem;
    tp_mem_free(&mem, r);
}

int tp_result_bind_plan(tp_result *r, const tp_plan *plan)
{
    if (r->plan && r->plan != plan)
        return TP_EINVAL;
    if (!r->rule_ran &&
        !(r->rule_ran = tp_arena_zalloc(&r->arena, plan->nrules ? plan->nrules : 1)))
        return TP_ENOMEM;
    r->plan = plan;
    return 0;
}

int tp_result_begin_input(tp_result *r, const tp_plan *plan, int64_t now, const char *name)
{
    if (r->ninputs && r->now != now)
        return TP_EINVAL;
    int rc = tp_result_bind_plan(r, plan);
    if (rc)
        return rc;
    void *items = r->inputs;
    if (tp_mem_grow(&r->mem, &items, &r->cap_inputs, r->ninputs + 1, sizeof *r->inputs))
        return TP_ENOMEM;
    r->inputs = items;
    tp_input_entry *e = &r->inputs[r->ninputs];
    memset(e, 0, sizeof *e);
    e->name = tp_arena_strdup(&r->arena, name);
    size_t nrules = plan->nrules ? plan->nrules : 1;
    e->rule_checked = tp_arena_alloc(&r->arena, nrules * sizeof(size_t));
    e->rule_counts = tp_arena_zalloc(&r->arena, nrules * sizeof *e->rule_counts);
    e->rule_kept = tp_arena_zalloc(&r->arena, nrules * sizeof *e->rule_kept);
    e->rule_us = tp_arena_zalloc(&r->arena, nrules * sizeof *e->rule_us);
    if (!e->name || !e->rule_checked || !e->rule_counts || !e->rule_kept || !e->rule_us)
        return TP_ENOMEM;
    for (size_t i = 0; i < plan->nrules; i++)
        e->rule_checked[i] = TP_RULE_NOT_RUN;
    e->threads = 1;
    r->now = now;
    r->ninputs++;
    r->input_first = r->n;
    r->input_sorted = 0;
    r->other_id = NULL; /* per-rule limits count per input */
    r->running = SIZE_MAX;
    r->run_started = monotonic_us();
    e->us = -r->run_started;
    return 0;
}

/* The time the rule that ran last took, up to now. */
static void close_timing(tp_result *r)
{
    int64_t now = monotonic_us();
    if (r->running != SIZE_MAX)
        r->inputs[r->ninputs - 1].rule_us[r->running] += now - r->run_started;
    r->run_started = now;
}

void tp_result_rule_runs(tp_result *r, size_t i)
{
    tp_result_rule_resumes(r, i);
    r->rules_run += !r->rule_ran[i];
    r->rule_ran[i] = 1;
    r->inputs[r->ninputs - 1].rule_checked[i] = 0;
}

void tp_result_rule_resumes(tp_result *r, size_t i)
{
    close_timing(r);
    r->running = i;
}

void tp_result_count_checked(tp_result *r)
{
    tp_input_entry *e = &r->inputs[r->ninputs - 1];
    e->checked++;
    e->rule_checked[r->running]++;
}

int tp_result_set_about(tp_result *r, const char *about)
{
    const char *copy = tp_arena_strdup(&r->arena, about);
    if (!copy)
        return TP_ENOMEM;
    r->inputs[r->ninputs - 1].about = copy;
    return 0;
}

const char *tp_result_input_about(const tp_result *r, size_t i)
{
    return r && i < r->ninputs ? r->inputs[i].about : NULL;
}

int tp_result_rule_checked(size_t *out, const tp_result *r, size_t input, size_t rule)
{
    if (!r || !r->plan || input >= r->ninputs || rule >= r->plan->nrules ||
        r->inputs[input].rule_checked[rule] == TP_RULE_NOT_RUN)
        return 0;
    if (out)
        *out = r->inputs[input].rule_checked[rule];
    return 1;
}

size_t tp_result_unchecked_count(const tp_result *r)
{
    size_t n = 0, checked;
    for (size_t in = 0; r && r->plan && in < r->ninputs; in++)
        for (size_t i = 0; i < r->plan->nrules; i++)
            n += tp_result_rule_checked(&checked, r, in, i) && checked == 0;
    return n;
}

/* Whether a finding is the running rule's (a waiver.* finding has an id of its own). */
static int of_running_rule(const tp_result *r, const char *rule)
{
    return r->running != SIZE_MAX && rule == r->plan->rules[r->running].info.id;
}

static void count(tp_result *r, const tp_finding *f)
{
    tp_input_entry *in = &r->inputs[r->ninputs - 1];
    in->counts[f->status][f->severity]++;
    if (of_running_rule(r, f->rule))
        in->rule_counts[r->running][f->status]++;
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

/* The fingerprint of f, stable across runs and machines: rule id, input name and subject only. */
static int fingerprint(tp_result *r, const tp_finding *f, char out[33])
{
    size_t lr = strlen(f->rule), li = strlen(f->input), ls = strlen(f->subject);
    tp_arena_mark mark = tp_arena_mark_get(&r->scratch);
    char *key = tp_arena_alloc(&r->scratch, lr + li + ls + 3);
    if (!key)
        return TP_ENOMEM;
    memcpy(key, f->rule, lr + 1);
    memcpy(key + lr + 1, f->input, li + 1);
    memcpy(key + lr + li + 2, f->subject, ls + 1);
    tp_sha256_hex(key, lr + li + ls + 2, 16, out);
    tp_arena_rewind(&r->scratch, mark);
    return 0;
}

/* What max_findings_per_rule counts a finding of `rule` against: the kept findings of the running
 * rule in this input (rules may take turns), or for another id those of it in a row. */
static size_t *kept_of(tp_result *r, const char *rule)
{
    if (of_running_rule(r, rule))
        return &r->inputs[r->ninputs - 1].rule_kept[r->running];
    if (r->other_id != rule) {
        r->other_id = rule;
        r->other_id_kept = 0;
    }
    return &r->other_id_kept;
}

int tp_result_record(tp_result *r, const tp_finding *draft)
{
    size_t *rule_kept = kept_of(r, draft->rule);
    char fp[33];
    tp_finding f = *draft;
    f.input = r->inputs[r->ninputs - 1].name;
    int rc = fingerprint(r, &f, fp);
    if (rc)
        return rc;
    f.fingerprint = fp;
    long known = tp_baseline_find(r->opts.baseline, fp);
    if (known >= 0) {
        if (!r->baseline_seen &&
            !(r->baseline_seen = tp_mem_calloc(&r->mem, tp_baseline_count(r->opts.baseline), 1)))
            return TP_ENOMEM;
        r->baseline_seen[known] |= 1;
        if (f.status == TP_FINDING_FAIL)
            f.status = TP_FINDING_BASELINE;
    }
    count(r, &f);
    /* A rule's share is its first findings in list order, whether max_findings keeps them or
     * not: so it does not depend on what other rules found before. */
    int in_share = !r->opts.max_findings_per_rule || *rule_kept < r->opts.max_findings_per_rule;
    *rule_kept += in_share;
    int keep = !(r->opts.on_finding && r->opts.discard_findings) && in_share &&
               tp_result_would_keep(r, &f);
    const tp_finding *kept = NULL;
    if (keep && (rc = tp_result_keep(r, &f, &kept)) != 0)
        return rc;
    r->dropped += kept == NULL;
    /* A finding not kept is the draft's, with its strings, valid during the call. */
    if (r->opts.on_finding && r->opts.on_finding(kept ? kept : &f, r->opts.payload) != 0)
        return TP_ECANCELED;
    return 0;
}

/* Whether rule `id` ran on the current input: a plan rule's own record, or, for a waiver.* check,
 * whether any rule did. */
static int ran_here(const tp_result *r, const char *id)
{
    const tp_input_entry *in = &r->inputs[r->ninputs - 1];
    int any = 0;
    for (size_t i = 0; i < r->plan->nrules; i++) {
        int ran = in->rule_checked[i] != TP_RULE_NOT_RUN;
        if (strcmp(r->plan->rules[i].info.id, id) == 0)
            return ran;
        any |= ran;
    }
    return any && strncmp(id, "waiver.", 7) == 0;
}

/* The baseline's findings of the current input that were not found again, although their rule
 * ran: fixed. */
static int list_fixed(tp_result *r)
{
    const tp_baseline *b = r->opts.baseline;
    const char *name = r->inputs[r->ninputs - 1].name;
    for (size_t k = 0; k < tp_baseline_count(b); k++) {
        const tp_baseline_finding *e = tp_baseline_at(b, k);
        if ((r->baseline_seen && r->baseline_seen[k]) || strcmp(e->input, name) != 0 ||
            !ran_here(r, e->rule))
            continue;
        if (!r->baseline_seen &&
            !(r->baseline_seen = tp_mem_calloc(&r->mem, tp_baseline_count(b), 1)))
            return TP_ENOMEM;
        void *items = r->fixed;
        if (tp_mem_grow(&r->mem, &items, &r->cap_fixed, r->nfixed + 1, sizeof *r->fixed))
            return TP_ENOMEM;
        r->fixed = items;
        r->fixed[r->nfixed++] = k;
        r->baseline_seen[k] = 2;
    }
    return 0;
}

size_t tp_result_fixed_count(const tp_result *r)
{
    return r ? r->nfixed : 0;
}

const tp_baseline_finding *tp_result_fixed(const tp_result *r, size_t i)
{
    return r && i < r->nfixed ? tp_baseline_at(r->opts.baseline, r->fixed[i]) : NULL;
}

void tp_result_mark_incomplete(tp_result *r)
{
    r->incomplete++;
}

/* Puts the current input's findings in report order, at most max_findings kept. */
static int order_input(tp_result *r)
{
    if (r->opts.max_findings && r->n > r->opts.max_findings)
        return tp_result_prune(r, r->opts.max_findings);
    if (r->n > r->input_first && !r->input_sorted)
        return tp_findings_sort(&r->mem, r->findings + r->input_first, r->n - r->input_first);
    return 0;
}

int tp_result_end_input(tp_result *r)
{
    close_timing(r);
    int rc = list_fixed(r);
    if (rc)
        return rc;
    r->running = SIZE_MAX;
    r->inputs[r->ninputs - 1].us += r->run_started;
    return order_input(r);
}

int tp_result_end_share(tp_result *r)
{
    close_timing(r);
    r->running = SIZE_MAX;
    return order_input(r);
}

size_t tp_result_rule_findings(const tp_result *r, size_t input, size_t rule,
                               tp_finding_status status)
{
    if (!r || !r->plan || input >= r->ninputs || rule >= r->plan->nrules ||
        (unsigned)status >= TP_FINDING_STATUS_COUNT)
        return 0;
    return r->inputs[input].rule_counts[rule][status];
}

size_t tp_result_count(const tp_result *r, size_t input, tp_finding_status status,
                       tp_severity severity)
{
    if (!r || (unsigned)status >= TP_FINDING_STATUS_COUNT ||
        (unsigned)severity >= TP_SEVERITY_COUNT)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < r->ninputs; i++)
        if (input == TP_RESULT_ALL_INPUTS || input == i)
            n += r->inputs[i].counts[status][severity];
    return n;
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

size_t tp_result_input_threads(const tp_result *r, size_t i)
{
    return r && i < r->ninputs ? r->inputs[i].threads : 0;
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
    /* The first stage that went wrong decides, in the order a run goes. */
    if (!r)
        return TP_VERDICT_NONE;
    if (r->diag_errors[TP_DIAG_SOURCE_POLICY])
        return TP_VERDICT_POLICY_ERROR;
    if (r->diag_errors[TP_DIAG_SOURCE_SELECTION])
        return TP_VERDICT_NONE;
    if (r->diag_errors[TP_DIAG_SOURCE_INPUT])
        return TP_VERDICT_INPUT_ERROR;
    if (!r->rules_run)
        return TP_VERDICT_NONE; /* nothing was checked: not a pass */
    if (r->errors || r->incomplete || (r->opts.fail_on_unchecked && tp_result_unchecked_count(r)))
        return TP_VERDICT_ERROR;
    return r->failing ? TP_VERDICT_FAIL : TP_VERDICT_PASS;
}

const char *tp_verdict_name(tp_verdict v)
{
    static const char *const names[] = {"pass", "fail",         "error",
                                        "none", "policy_error", "input_error"};
    return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "unknown";
}
