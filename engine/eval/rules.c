/* Running rules over one input's documents (bound by bindings.c) in one evaluation context:
 * rules over one list take turns over blocks of its subjects; each subject's findings are
 * recorded with their messages, evidence and waivers. Expressions are evaluated by
 * expression.c; evaluate.c is the entry, tp_evaluate. */
#include "eval/rules.h"

#include <stdio.h>
#include <string.h>

#include "base/redact.h"
#include "base/secret_scan.h"
#include "eval/coverage.h"
#include "eval/error_groups.h"
#include "eval/evidence.h"
#include "eval/explain.h"
#include "eval/expression.h"
#include "eval/hash_index.h"
#include "eval/hints.h"
#include "eval/join_warm.h"
#include "eval/result.h"
#include "eval/rule_filter.h"
#include "eval/waivers.h"

/* Renders a message or remediation template; on an evaluation error falls back to `fallback`
 * and says why, so the finding itself is never lost. */
static int render_text(tp_eval *ev, const tp_expr *tmpl, const char *fallback, tp_strbuf *sb)
{
    tp_strbuf_reset(sb);
    tp_value v;
    int rc = tmpl ? tp_eval_present(ev, tmpl, &v) : TP_EVAL_ERR;
    if (rc == TP_ENOMEM)
        return rc;
    if (rc == 0) {
        tp_value_render(sb, &v);
    } else {
        tp_redact_text(sb, fallback, strlen(fallback));
        if (tmpl) {
            tp_strbuf_puts(sb, " (the message could not be built: ");
            tp_redact_text(sb, ev->err, strlen(ev->err));
            tp_strbuf_putc(sb, ')');
        }
    }
    return sb->failed ? TP_ENOMEM : 0;
}

/* The first of the rule's default subject fields (its pack's `subject`, else "id") that the
 * element has as a string or a number; absent when it has none. */
static tp_value default_subject(tp_eval *ev, const tp_rule_plan *rule, const tp_value *elem)
{
    tp_value v;
    memset(&v, 0, sizeof v);
    if (!rule->nsubject_fields)
        v = tp_value_field_hinted(elem, "id", 2, &ev->hints[rule->id_site]);
    for (uint32_t i = 0; i < rule->nsubject_fields && v.kind == TP_V_ABSENT; i++) {
        v = tp_value_field(elem, rule->subject_fields[i], strlen(rule->subject_fields[i]));
        if (v.kind != TP_V_STR && v.kind != TP_V_NUM)
            memset(&v, 0, sizeof v);
    }
    if (v.kind != TP_V_STR && v.kind != TP_V_NUM)
        memset(&v, 0, sizeof v);
    return v;
}

/* Masks without a hash ([redacted], [url-password], [bearer-token]) read alike: appends what
 * keeps two such subjects, and their fingerprints (a baseline's key), apart. A place alone is
 * taken by whatever comes next in the list, so the element's own id goes first when the rule
 * chose another subject: a new element at an old one's place is no baseline entry's. */
static void tell_apart(tp_eval *ev, const tp_rule_plan *rule, const tp_value *elem,
                       const char *pointer, long index, tp_strbuf *sb)
{
    if (rule->subject && elem && tp_value_is_objlike(elem)) {
        tp_value id = default_subject(ev, rule, elem);
        if (id.kind != TP_V_ABSENT) {
            tp_strbuf_puts(sb, " of ");
            tp_value_render(sb, &id);
        }
    }
    if (*pointer)
        tp_strbuf_printf(sb, " at %s", pointer);
    else if (index >= 0)
        tp_strbuf_printf(sb, " at #%ld", index);
}

/* What a finding names as its subject: the rule's `subject`, the element's default subject field,
 * its JSON pointer, its position, or "input". */
static int subject_of(tp_eval *ev, const tp_rule_plan *rule, const tp_value *elem,
                      const char *pointer, long index, const char *file, tp_strbuf *sb)
{
    tp_strbuf_reset(sb);
    tp_value v;
    memset(&v, 0, sizeof v);
    if (rule->subject) {
        int rc = tp_eval_present(ev, rule->subject, &v);
        if (rc == TP_ENOMEM)
            return rc;
        if (rc)
            memset(&v, 0, sizeof v);
    } else if (elem && tp_value_is_objlike(elem)) {
        v = default_subject(ev, rule, elem);
    }
    if (v.kind != TP_V_ABSENT) {
        tp_value_render(sb, &v);
        if (tp_secret_has_plain_mask(tp_strbuf_cstr(sb), sb->len))
            tell_apart(ev, rule, elem, pointer, index, sb);
    } else if (file && elem && elem->origin &&
               tp_value_is_root(elem, &ev->sources[elem->origin - 1]))
        tp_redact_text(sb, file, strlen(file)); /* a whole document of a list: its file names it */
    else if (*pointer)
        tp_strbuf_puts(sb, pointer); /* masked by locate() */
    else if (index >= 0)
        tp_strbuf_printf(sb, "#%ld", index);
    else
        tp_strbuf_puts(sb, "input");
    return sb->failed ? TP_ENOMEM : 0;
}

/* What a rule keeps while it runs: rules over one list take turns (run_rules). */
typedef struct rule_state {
    const tp_rule_plan *rule;
    size_t index;            /* in the plan */
    int started;             /* it had its first turn: it ran (a stopped run may end before) */
    tp_error_groups *errors; /* grouped until its last subject; made at its first error */
    tp_join_warm warm;       /* its joins that are warmed before each turn */
    struct rule_state *next; /* the next rule over the same list */
} rule_state;

/* One evaluation of a plan over one input: what its rules share. */
typedef struct rule_run {
    tp_eval *ev;
    tp_result *r;
    const tp_rule_plan *rule;
    tp_strbuf msg, rem, subj;
    tp_strbuf pointer;
    uint8_t *waiver_used; /* per plan waiver: it covered a finding of this input */
    rule_state *running;  /* the rule running now */
    tp_evidence_buf evidence;
    tp_explain_buf explain; /* off unless the options ask for explanations */
    const char *input_name;
    tp_rules_share share; /* the subjects this context checks */
} rule_run;

/* Where the subject is: its origin's pointer, line and file; else, for an element of a list with
 * no origin (built by the policy), nothing. */
static int locate(rule_run *x, const tp_value *elem, tp_finding *d)
{
    tp_strbuf_reset(&x->pointer);
    if (!elem || !elem->origin)
        return 0;
    tp_eval *ev = x->ev;
    tp_source *src = &ev->sources[elem->origin - 1];
    int rc = tp_value_locate(elem, src, ev->mem, &x->pointer, &d->input_file, &d->input_line,
                             &d->input_column);
    if (rc < 0)
        return tp_eval_no_memory(ev);
    if (!*src->path)
        d->input_file = NULL; /* the input's own document: the finding's input names it */
    /* A key that is a credential (a map keyed by tokens) is masked, as a finding holds text as
     * shown (result.h); x->rem is free until the remediation is rendered. */
    return tp_jpointer_mask(&x->pointer, &x->rem);
}

/* The running rule's error groups (NULL when out of memory), made at its first error: most rules
 * have none, and a plan may have thousands. Not counted against the evaluation's memory budget:
 * they hold findings, as the result does. */
static tp_error_groups *errors_of(rule_run *x)
{
    rule_state *st = x->running;
    if (!st->errors && (st->errors = tp_mem_alloc(&x->r->mem, sizeof *st->errors)))
        tp_error_groups_init(st->errors, &x->r->mem);
    return st->errors;
}

static void drop_errors(rule_run *x, rule_state *st)
{
    if (!st->errors)
        return;
    tp_error_groups_free(st->errors);
    tp_mem_free(&x->r->mem, st->errors);
    st->errors = NULL;
}

static int record(rule_run *x, tp_finding_status st, const tp_value *elem, long index,
                  const char *error)
{
    const tp_rule_info *info = &x->rule->info;
    const char *remediation = info->remediation;
    tp_finding d;
    memset(&d, 0, sizeof d);
    int rc;
    if (st == TP_FINDING_ERROR && x->share.stop) {
        atomic_store(x->share.stop, 1); /* its group must see every subject: one thread decides */
        return TP_ECANCELED;
    }
    /* Take the error text before evaluating the subject, which may set another. */
    if (st == TP_FINDING_ERROR) {
        tp_strbuf_reset(&x->msg);
        tp_redact_text(&x->msg, error, strlen(error));
    }
    if ((rc = locate(x, elem, &d)))
        return rc;
    const char *pointer = tp_strbuf_cstr(&x->pointer);
    if ((rc = subject_of(x->ev, x->rule, elem, pointer, index, d.input_file, &x->subj)))
        return rc;
    const tp_waiver_plan *waiver = NULL;
    if (st == TP_FINDING_FAIL &&
        (rc = tp_waiver_find(x->ev, x->rule, elem, tp_strbuf_cstr(&x->subj), x->waiver_used,
                             &waiver)))
        return rc;
    if (waiver)
        st = TP_FINDING_WAIVED;
    if (st != TP_FINDING_ERROR) {
        if ((rc = render_text(x->ev, x->rule->message, info->title, &x->msg)))
            return rc;
        if (x->rule->remediation) {
            if ((rc = render_text(x->ev, x->rule->remediation, info->remediation, &x->rem)))
                return rc;
            remediation = tp_strbuf_cstr(&x->rem);
        }
    }
    if (x->msg.failed)
        return TP_ENOMEM;
    d.rule = info->id;
    d.title = info->title;
    d.severity = info->severity;
    d.status = st;
    d.subject = tp_strbuf_cstr(&x->subj);
    d.pointer = pointer;
    d.message = tp_strbuf_cstr(&x->msg);
    d.remediation = remediation;
    d.policy_file = info->file;
    d.policy_line = info->line;
    d.policy_column = info->column;
    d.waiver = waiver ? &waiver->info : NULL;
    if (st == TP_FINDING_ERROR) {
        tp_error_groups *g = errors_of(x);
        return g ? tp_error_groups_add(g, x->r, &d) : TP_ENOMEM;
    }
    if ((rc = tp_evidence_collect(&x->evidence, x->ev, x->rule, elem, &d)))
        return rc;
    return tp_result_record(x->r, &d);
}

/* Clause `clause` of the running rule came out as `rc` (0 or TP_EVAL_ERR) and, for a condition,
 * `held`: counted for coverage, and kept for the subject's explanation (`let_value`: a let's). */
static void note_clause(rule_run *x, uint32_t clause, int rc, int held, const tp_value *let_value)
{
    size_t at = (size_t)(x->rule - x->ev->plan->rules);
    tp_coverage_note(x->r, at, clause,
                     rc     ? TP_COVER_ERROR
                     : held ? TP_COVER_HELD
                            : TP_COVER_FAILED);
    if (x->explain.fn && rc != TP_ENOMEM)
        tp_explain_note(&x->explain, at, clause,
                        rc          ? TP_EXPLAIN_FAILED
                        : let_value ? TP_EXPLAIN_VALUE
                        : held      ? TP_EXPLAIN_TRUE
                                    : TP_EXPLAIN_FALSE,
                        rc ? NULL : let_value, rc ? x->ev->err : NULL);
}

/* Hands the subject's explanation to the caller, after its finding (if any) was recorded. */
static int explain(rule_run *x, const tp_value *elem, long index, tp_explain_verdict verdict)
{
    tp_finding d;
    memset(&d, 0, sizeof d);
    int rc = locate(x, elem, &d);
    const char *pointer = tp_strbuf_cstr(&x->pointer);
    if (rc == 0)
        rc = subject_of(x->ev, x->rule, elem, pointer, index, d.input_file, &x->subj);
    if (rc)
        return rc;
    tp_explain_subject s = {x->rule->info.id,
                            x->input_name,
                            tp_strbuf_cstr(&x->subj),
                            pointer,
                            d.input_line,
                            verdict,
                            NULL,
                            0};
    return tp_explain_emit(&x->explain, &s);
}

/* Makes the rule's lets absent: a subject, message or explanation read after an error (or a
 * false `where`) must not see another subject's values, which may point into the rewound
 * scratch arena and hold other bytes by now. */
static void forget_lets(tp_eval *ev, const tp_rule_plan *rule)
{
    for (uint32_t i = 0; i < rule->nsteps; i++)
        if (rule->steps[i].is_let)
            memset(&ev->frame[rule->steps[i].slot], 0, sizeof ev->frame[0]);
}

/* One subject: let/where steps in order, then the assertion. */
static int run_subject(rule_run *x, const tp_value *elem, long index)
{
    tp_eval *ev = x->ev;
    ev->subject_steps = 0;
    const tp_rule_plan *rule = x->rule;
    int rc = 0;
    forget_lets(ev, rule);
    tp_explain_begin(&x->explain);
    for (uint32_t i = 0; i < rule->nsteps && rc == 0; i++) {
        const tp_step *st = &rule->steps[i];
        if (st->is_let) {
            rc = tp_eval_expr(ev, st->expr, &ev->frame[st->slot]);
            note_clause(x, i, rc, 1, &ev->frame[st->slot]);
            continue;
        }
        tp_value c;
        rc = tp_eval_present(ev, st->expr, &c);
        if (rc == 0 && c.kind != TP_V_BOOL)
            rc = tp_eval_fail(ev, st->expr, "a 'where' condition must be a boolean, but it is %s",
                              tp_value_kind_phrase(&c));
        note_clause(x, i, rc, rc == 0 && c.u.b, NULL);
        if (rc == 0 && !c.u.b) /* the rule does not apply to this subject */
            return x->explain.fn ? explain(x, elem, index, TP_EXPLAIN_NOT_APPLICABLE) : 0;
    }
    tp_value verdict;
    if (rc == 0) {
        rc = tp_eval_present(ev, rule->assertion, &verdict);
        if (rc == 0 && verdict.kind != TP_V_BOOL)
            rc = tp_eval_fail(ev, rule->assertion, "the assertion must be a boolean, but it is %s",
                              tp_value_kind_phrase(&verdict));
        note_clause(x, rule->nsteps, rc, rc == 0 && verdict.u.b, NULL);
    }
    if (rc == TP_ENOMEM)
        return rc;
    tp_result_count_checked(x->r);
    tp_explain_verdict outcome = rc                          ? TP_EXPLAIN_ERROR
                                 : verdict.u.b == rule->deny ? TP_EXPLAIN_FAIL
                                                             : TP_EXPLAIN_PASS;
    if (rc == TP_EVAL_ERR)
        rc = record(x, TP_FINDING_ERROR, elem, index, ev->err);
    else if (outcome == TP_EXPLAIN_FAIL)
        rc = record(x, TP_FINDING_FAIL, elem, index, NULL);
    if (rc == 0 && x->explain.fn)
        rc = explain(x, elem, index, outcome);
    return rc;
}

/* Rules over one list take turns over blocks of this many subjects: what a subject's rules read
 * (its record, the records it joins with) is still in the cache when the next rule reads it, and
 * within a block one rule's own working set (its indexes, kept values, plan) stays there too. */
#define SUBJECT_BLOCK 256

/* Rules over the same list value, in plan order. */
typedef struct rule_group {
    tp_value list;
    rule_state *first, *last;
} rule_group;

/* st is the rule running now; the first time, it begins to run. */
static void switch_to(rule_run *x, rule_state *st)
{
    x->rule = st->rule;
    x->running = st;
    if (st->started)
        tp_result_rule_resumes(x->r, st->index);
    else
        tp_result_rule_runs(x->r, st->index);
    st->started = 1;
}

/* Records the grouped errors of st (which must be running) and gives their memory back. */
static int flush_errors(rule_run *x, rule_state *st)
{
    if (!st->errors)
        return 0;
    int rc = tp_error_groups_flush(st->errors, x->r);
    drop_errors(x, st);
    return rc;
}

/* The list st's rule runs over, in *list, built in the input arena (it outlives every subject).
 * A list that cannot be evaluated, or is no list, is an error finding at the rule's `for`, and
 * the rule has run: *list is then absent. 0, or an error. */
static int subjects_of(rule_run *x, rule_state *st, tp_value *list)
{
    tp_eval *ev = x->ev;
    const tp_expr *for_list = st->rule->for_list;
    char lists[300];
    /* The list is the rule's own to evaluate (and time); the rule runs at its first turn, so one
     * that a stopped run never reaches is not reported as having checked nothing. */
    x->rule = st->rule;
    x->running = st;
    tp_result_rule_resumes(x->r, st->index);
    ev->arena = &ev->input;
    forget_lets(ev, st->rule);
    memset(&ev->frame[st->rule->for_slot], 0, sizeof ev->frame[0]);
    int rc = tp_eval_present(ev, for_list, list);
    if (rc == 0 && !tp_value_is_listlike(list))
        rc = tp_eval_fail(ev, for_list, "'for' needs a list, but %s is %s%s",
                          for_list->display ? for_list->display : "it", tp_value_kind_phrase(list),
                          tp_hint_lists_held(lists, sizeof lists, list));
    if (rc == 0)
        return 0;
    memset(list, 0, sizeof *list);
    switch_to(x, st);
    if (rc != TP_EVAL_ERR)
        return rc;
    tp_result_count_checked(x->r);
    rc = record(x, TP_FINDING_ERROR, NULL, -1, ev->err);
    return rc ? rc : flush_errors(x, st);
}

/* One turn of st: the n subjects of the list from *it on, the first at position `base` (the next
 * ones prefetched); *it is left after them. */
static int run_turn(rule_run *x, rule_state *st, tp_iter *it, long base, uint32_t n)
{
    tp_eval *ev = x->ev;
    tp_arena_mark start = tp_arena_mark_get(&ev->scratch);
    ev->arena = &ev->scratch;
    switch_to(x, st);
    tp_value e;
    for (uint32_t j = 0; j < n; j++) {
        if (j % TP_HASH_WARM_MAX == 0) /* the joins of the next few subjects, a few at a time */
            tp_join_warm_block(ev, st->rule, &st->warm, it,
                               n - j < TP_HASH_WARM_MAX ? n - j : TP_HASH_WARM_MAX);
        if (!tp_iter_next(it, &e))
            break;
        tp_iter_prefetch(it, 8);
        ev->frame[st->rule->for_slot] = e;
        int rc = run_subject(x, &e, base + (long)j);
        tp_arena_rewind(&ev->scratch, start);
        if (rc)
            return rc;
    }
    return 0;
}

/* Each rule of g over g's list, in blocks of `block` subjects; a rule's errors are recorded after
 * its last block, or when the run stops (what ran is kept, unless a cancel asked for nothing
 * more). */
static int run_group(rule_run *x, const rule_group *g, uint32_t block)
{
    tp_iter it;
    tp_iter_init(&it, &g->list);
    uint64_t len = tp_iter_left(&it);
    uint32_t from = (uint32_t)(len * x->share.index / x->share.count),
             to = (uint32_t)(len * (x->share.index + 1) / x->share.count);
    tp_iter_range(&it, from, to);
    tp_iter next = it;
    int rc = 0;
    long base = from;
    do { /* an empty list too: each rule runs, and checks nothing */
        if (x->share.stop && atomic_load_explicit(x->share.stop, memory_order_relaxed)) {
            rc = TP_ECANCELED;
            break;
        }
        uint32_t left = tp_iter_left(&it), n = left < block ? left : block;
        for (rule_state *st = g->first; st && rc == 0; st = st->next) {
            next = it;
            if ((rc = run_turn(x, st, &next, base, n)) == 0 && n == left)
                rc = flush_errors(x, st);
        }
        it = next;
        base += n;
    } while (rc == 0 && tp_iter_left(&it) > 0);
    for (rule_state *st = g->first; rc && rc != TP_ECANCELED && st; st = st->next) {
        switch_to(x, st);
        (void)flush_errors(x, st);
    }
    return rc;
}

/* A rule without `for`: once, on the whole input. */
static int run_whole(rule_run *x, rule_state *st)
{
    tp_eval *ev = x->ev;
    tp_arena_mark start = tp_arena_mark_get(&ev->scratch);
    ev->arena = &ev->scratch;
    switch_to(x, st);
    int rc = run_subject(x, NULL, -1);
    tp_arena_rewind(&ev->scratch, start);
    return rc ? rc : flush_errors(x, st);
}

/* Whether two lists are the same value (not merely equal): rules over it take turns. */
static int same_list(const tp_value *a, const tp_value *b)
{
    return a->kind == b->kind && a->u.node == b->u.node && a->len == b->len &&
           a->origin == b->origin && a->secret == b->secret;
}

/* The rule of st, which runs over `list`, joins the group of that list: a new one when no rule
 * before it ran over the same value. */
static void join_group(rule_group *groups, size_t *ngroups, rule_state *st, const tp_value *list)
{
    rule_group *g = groups;
    while (g < groups + *ngroups && !same_list(&g->list, list))
        g++;
    if (g == groups + *ngroups) {
        *g = (rule_group){*list, st, st};
        ++*ngroups;
        return;
    }
    g->last->next = st;
    g->last = st;
}

/* Every rule the options select (over the subjects of x's share). A rule without `for` runs at
 * once, on its own; rules over the same list take turns over its subjects, block by block, after
 * them. When findings are streamed or subjects explained, which must come rule by rule in plan
 * order, each rule runs over its whole list before the next one starts. */
static int run_rules(rule_run *x, const tp_eval_options *opts)
{
    const tp_plan *plan = x->ev->plan;
    int one_by_one = x->explain.fn || x->r->opts.on_finding;
    size_t size = plan->nrules ? plan->nrules : 1;
    rule_state *states = tp_mem_calloc(&x->r->mem, size, sizeof *states);
    rule_group *groups = tp_mem_calloc(&x->r->mem, size, sizeof *groups);
    size_t nstates = 0, ngroups = 0;
    int rc = states && groups ? 0 : TP_ENOMEM;
    for (size_t i = 0; rc == 0 && i < plan->nrules; i++) {
        if (!tp_rule_filter_selects(opts, plan->rules[i].info.id) ||
            (plan->rules[i].for_list ? x->share.count == 0 : !x->share.whole))
            continue;
        rule_state *st = &states[nstates++];
        st->rule = &plan->rules[i];
        st->index = i;
        tp_value list;
        if (!st->rule->for_list)
            rc = run_whole(x, st);
        else if ((rc = subjects_of(x, st, &list)) != 0 || list.kind == TP_V_ABSENT)
            continue;
        else if (one_by_one)
            rc = run_group(x, &(rule_group){list, st, st}, UINT32_MAX);
        else
            join_group(groups, &ngroups, st, &list);
    }
    for (size_t k = 0; rc == 0 && k < ngroups; k++)
        rc = run_group(x, &groups[k], SUBJECT_BLOCK);
    for (size_t k = 0; k < nstates; k++)
        drop_errors(x, &states[k]); /* pending when a cancel stopped the run */
    tp_mem_free(&x->r->mem, states);
    tp_mem_free(&x->r->mem, groups);
    return rc;
}

int tp_rules_run(tp_result *r, tp_eval *ev, const tp_eval_options *opts, const char *input_name,
                 uint8_t *waiver_used, tp_rules_share share)
{
    rule_run x = {
        .ev = ev, .r = r, .input_name = input_name, .waiver_used = waiver_used, .share = share};
    tp_explain_init(&x.explain, &r->mem, ev->plan, opts->explain, opts->explain_arg);
    tp_evidence_init(&x.evidence, &r->mem);
    tp_strbuf_init(&x.msg, &r->mem);
    tp_strbuf_init(&x.rem, &r->mem);
    tp_strbuf_init(&x.subj, &r->mem);
    tp_strbuf_init(&x.pointer, &r->mem);
    int rc = run_rules(&x, opts);
    tp_strbuf_free(&x.msg);
    tp_strbuf_free(&x.rem);
    tp_strbuf_free(&x.subj);
    tp_strbuf_free(&x.pointer);
    tp_evidence_free(&x.evidence);
    tp_explain_free(&x.explain);
    return rc;
}
