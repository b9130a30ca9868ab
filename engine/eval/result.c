#include "eval/result.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "input/baseline.h"
#include "base/sha256.h"

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

int tp_result_begin_input(tp_result *r, const char *name)
{
    void *items = r->inputs;
    if (tp_mem_grow(&r->mem, &items, &r->cap_inputs, r->ninputs + 1, sizeof *r->inputs))
        return TP_ENOMEM;
    r->inputs = items;
    tp_input_entry *e = &r->inputs[r->ninputs];
    e->name = tp_arena_strdup(&r->arena, name);
    e->checked = 0;
    if (!e->name)
        return TP_ENOMEM;
    r->ninputs++;
    r->run_rule = NULL; /* per-rule limits count per input */
    return 0;
}

static int matches_any(const char *const *patterns, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (patterns[i] && fnmatch(patterns[i], id, 0) == 0)
            return 1;
    return 0;
}

int tp_result_selects(const tp_result *r, const char *id)
{
    if (r->opts.nrules && !matches_any(r->opts.rules, r->opts.nrules, id))
        return 0;
    return !matches_any(r->opts.skip_rules, r->opts.nskip_rules, id);
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
static int build(tp_finding *f, tp_arena *a, const tp_rule_plan *rule, const char *input,
                 const tp_finding *d)
{
    *f = *d;
    f->rule = rule->info.id;
    f->title = rule->info.title;
    f->severity = rule->info.severity;
    f->input = input;
    f->subject = tp_arena_strdup(a, d->subject);
    f->pointer = tp_arena_strdup(a, d->pointer);
    f->message = tp_arena_strdup(a, d->message);
    f->remediation = d->remediation ? tp_arena_strdup(a, d->remediation) : NULL;
    f->policy_file = rule->info.file;
    f->policy_line = rule->info.line;
    f->policy_column = rule->info.column;
    /* Stable across runs and machines: rule id, input name and subject only. */
    size_t lr = strlen(f->rule), li = strlen(input), ls = strlen(d->subject);
    char *key = tp_arena_alloc(a, lr + li + ls + 3);
    char *fp = tp_arena_alloc(a, 33);
    if (!f->subject || !f->pointer || !f->message || (d->remediation && !f->remediation) || !key ||
        !fp)
        return TP_ENOMEM;
    memcpy(key, f->rule, lr + 1);
    memcpy(key + lr + 1, input, li + 1);
    memcpy(key + lr + li + 2, d->subject, ls + 1);
    tp_sha256_hex(key, lr + li + ls + 2, 16, fp);
    f->fingerprint = fp;
    return 0;
}

int tp_result_add(tp_result *r, const tp_rule_plan *rule, const tp_finding *draft)
{
    if (r->run_rule != rule->info.id) {
        r->run_rule = rule->info.id;
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
    int rc = build(&f, a, rule, r->inputs[r->ninputs - 1].name, draft);
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

void tp_result_end_input(tp_result *r, size_t first_finding)
{
    if (r->n > first_finding)
        qsort(r->findings + first_finding, r->n - first_finding, sizeof *r->findings,
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
    return r ? r->opts.now_us : 0;
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
    if (s.errors)
        return TP_VERDICT_ERROR;
    return s.failing ? TP_VERDICT_FAIL : TP_VERDICT_PASS;
}
