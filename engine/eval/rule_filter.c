/* Rule filters: fnmatch globs on rule ids. A pattern that matches no rule is a typo that would
 * silently check less than asked, so it is refused before anything is evaluated. */
#include "eval/rule_filter.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "eval/result.h"

static int matches(const char *pattern, const char *id)
{
    return pattern && fnmatch(pattern, id, 0) == 0;
}

static int matches_any(const char *const *patterns, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (matches(patterns[i], id))
            return 1;
    return 0;
}

int tp_rule_filter_selects(const tp_eval_options *o, const char *id)
{
    if (o->nrules && !matches_any(o->rules, o->nrules, id))
        return 0;
    return !matches_any(o->skip_rules, o->nskip_rules, id);
}

/* Records a selection error once: a result checked before each evaluation says it one time. */
static int problem(tp_result *r, const char *code, const char *message, const char *hint)
{
    for (size_t i = 0; i < tp_result_diag_count(r); i++) {
        const tp_run_diag *d = tp_result_diag(r, i);
        if (d->source == TP_DIAG_SOURCE_SELECTION && strcmp(d->diag.message, message) == 0)
            return TP_EINVAL;
    }
    tp_diag d;
    memset(&d, 0, sizeof d);
    d.severity = TP_DIAG_ERROR;
    d.code = code;
    d.message = message;
    d.hint = hint;
    int rc = tp_result_add_diag(r, TP_DIAG_SOURCE_SELECTION, &d);
    return rc ? rc : TP_EINVAL;
}

/* "the policies define LOK001, LOK002, ..." : what a mistyped pattern could have meant. */
static void rule_ids(tp_strbuf *sb, const tp_plan *plan)
{
    size_t n = tp_plan_rule_count(plan);
    tp_strbuf_puts(sb, "the policies define ");
    for (size_t i = 0; i < n && i < 8; i++) {
        tp_rule_info info;
        tp_plan_rule(&info, plan, i);
        tp_strbuf_printf(sb, "%s%s", i ? ", " : "", info.id);
    }
    if (n > 8)
        tp_strbuf_printf(sb, " and %zu more", n - 8);
}

/* Each pattern of one list that matches no rule of the plan. */
static int unmatched(tp_result *r, const tp_plan *plan, const char *const *patterns, size_t n,
                     const char *what, tp_strbuf *hint)
{
    int status = 0;
    size_t nrules = tp_plan_rule_count(plan);
    for (size_t p = 0; p < n; p++) {
        size_t k = 0;
        for (tp_rule_info info; k < nrules; k++)
            if (tp_plan_rule(&info, plan, k) == 0 && matches(patterns[p], info.id))
                break;
        if (k < nrules)
            continue;
        char message[400];
        snprintf(message, sizeof message,
                 "the rule filter '%.300s' (%s) matches none of the %zu "
                 "rules",
                 patterns[p] ? patterns[p] : "(null)", what, nrules);
        int rc = problem(r, "E-RULE-FILTER", message, tp_strbuf_cstr(hint));
        status = rc == TP_ENOMEM || status == TP_ENOMEM ? TP_ENOMEM : rc;
    }
    return status;
}

int tp_result_check_rule_filters(tp_result *r, const tp_plan *plan, const tp_eval_options *opts)
{
    /* Every version so far has the rule filters where version 1 had them. */
    tp_eval_options defaults = TP_EVAL_OPTIONS_INIT;
    if (!r || !plan || (opts && (opts->version < 1 || opts->version > TP_EVAL_OPTIONS_VERSION)))
        return TP_EINVAL;
    if (!opts)
        opts = &defaults;
    if ((opts->nrules && !opts->rules) || (opts->nskip_rules && !opts->skip_rules))
        return TP_EINVAL;
    int rc = tp_result_bind_plan(r, plan);
    if (rc)
        return rc;
    tp_strbuf hint;
    tp_strbuf_init(&hint, &r->mem);
    rule_ids(&hint, plan);
    int run = hint.failed ? TP_ENOMEM
                          : unmatched(r, plan, opts->rules, opts->nrules, "rules to run", &hint);
    int skip = run == TP_ENOMEM ? run
                                : unmatched(r, plan, opts->skip_rules, opts->nskip_rules,
                                            "rules to skip", &hint);
    tp_strbuf_free(&hint);
    if (run || skip)
        return run == TP_ENOMEM || skip == TP_ENOMEM ? TP_ENOMEM : TP_EINVAL;
    size_t selected = 0, nrules = tp_plan_rule_count(plan);
    for (size_t i = 0; i < nrules; i++) {
        tp_rule_info info;
        tp_plan_rule(&info, plan, i);
        selected += tp_rule_filter_selects(opts, info.id);
    }
    if (selected)
        return 0;
    char message[160];
    snprintf(message, sizeof message,
             "the rule filters select none of the %zu rules: nothing would be checked", nrules);
    return problem(r, "E-NO-RULE-SELECTED", message, NULL);
}
