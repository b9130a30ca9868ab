/* tokpol check --explain RULE[:SUBJECT]: prints, for one rule and one subject (or its first
 * subjects), what each let, where and the assertion gave (tp_eval_options.explain), in place of
 * the report on standard output. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"

/* Subjects printed when none is named. */
enum { EXPLAIN_CAP = 20, EXPLAIN_MAX_NAMES = 4096 };

/* The id of the rule `want` names (exactly, else ignoring case), or a usage error. */
static int find_rule(const tp_plan *plan, const char *want, const char **out)
{
    size_t n = tp_plan_rule_count(plan);
    const char **ids = calloc(n + 1, sizeof *ids);
    if (!ids)
        return cli_usage_error("out of memory");
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        tp_rule_info info;
        tp_plan_rule(&info, plan, i);
        ids[i] = info.id;
        if (strcmp(info.id, want) == 0 || (!*out && strcasecmp(info.id, want) == 0))
            *out = info.id;
    }
    const char *near = *out ? NULL : tp_suggest(want, ids, n);
    free(ids);
    if (*out)
        return 0;
    if (near)
        return cli_usage_error("--explain: no rule '%s'; did you mean '%s'?", want, near);
    return cli_usage_error("--explain: no rule '%s' (tokpol rules lists them)", want);
}

/* Remembers a subject's name for did-you-mean (not one a terminal would act on). */
static void remember(check_explain *x, const char *subject)
{
    if (x->nnames == EXPLAIN_MAX_NAMES)
        return;
    for (const char *c = subject; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return;
    char *copy = strdup(subject);
    if (copy)
        cli_push(&x->names, &x->nnames, copy);
}

static int on_subject(void *arg, const tp_explain_subject *s)
{
    check_explain *x = arg;
    x->seen++;
    int wanted = x->subject
                     ? strcmp(s->subject, x->subject) == 0 || strcmp(s->pointer, x->subject) == 0
                     : x->shown < EXPLAIN_CAP;
    if (!wanted) {
        if (x->subject)
            remember(x, s->subject);
        return 0;
    }
    if (x->shown++)
        putchar('\n');
    return tp_explain_write(stdout, s) == TP_ENOMEM;
}

int check_explain_start(check_explain *x, const char *spec, const tp_plan *plan,
                        tp_eval_options *eopts)
{
    memset(x, 0, sizeof *x);
    if (!(x->spec = strdup(spec)))
        return cli_usage_error("out of memory");
    char *colon = strchr(x->spec, ':');
    if (colon) {
        *colon = '\0';
        x->subject = colon + 1;
        if (!*x->subject)
            return cli_usage_error("--explain %s: name a subject after ':', or leave ':' out",
                                   spec);
    }
    int code = find_rule(plan, x->spec, &x->rule);
    if (code)
        return code;
    eopts->rules = &x->rule;
    eopts->nrules = 1;
    eopts->explain = on_subject;
    eopts->explain_arg = x;
    return 0;
}

int check_explain_finish(check_explain *x)
{
    if (x->subject && !x->shown) {
        const char *near = tp_suggest(x->subject, x->names, x->nnames);
        if (near)
            return cli_usage_error("--explain: %s has no subject '%s'; did you mean '%s'?", x->rule,
                                   x->subject, near);
        return cli_usage_error("--explain: %s has no subject '%s' in these inputs (%zu checked)",
                               x->rule, x->subject, x->seen);
    }
    if (!x->seen)
        printf("%s checked no subject in these inputs\n", x->rule);
    else if (!x->subject && x->seen > x->shown)
        printf("\n... and %zu more subjects of %s: name one with --explain %s:SUBJECT\n",
               x->seen - x->shown, x->rule, x->rule);
    return 0;
}

void check_explain_free(check_explain *x)
{
    for (size_t i = 0; i < x->nnames; i++)
        free((char *)x->names[i]);
    free(x->names);
    free(x->spec);
}
