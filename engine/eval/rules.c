/* tp_evaluate: runs every selected rule of a plan over one input and records findings: subjects,
 * their messages, waivers. Expressions are evaluated by expression.c. */
#include <stdio.h>
#include <string.h>

#include "base/datetime.h"
#include "base/options.h"
#include "eval/about.h"
#include "eval/coverage.h"
#include "eval/error_groups.h"
#include "eval/evidence.h"
#include "eval/expression.h"
#include "eval/hints.h"
#include "eval/result.h"
#include "eval/rule_filter.h"
#include "eval/waivers.h"
#include "input/locator.h"

TP_DEFINE_OPTIONS_INIT(eval, TP_EVAL_OPTIONS_INIT, TP_EVAL_OPTIONS_VERSION)

/* Binds each input name to its value, and remembers which document it came from and how much
 * of a subject's JSON pointer names the binding rather than a path inside that document. */
static void bind_roots(tp_eval *ev, const tp_binding *b, size_t nb)
{
    const tp_plan *p = ev->plan;
    for (size_t i = 0; i < p->nroots; i++) {
        tp_value *v = &ev->roots[i];
        memset(v, 0, sizeof *v);
        for (size_t k = 0; k < nb && v->kind == TP_V_ABSENT; k++) {
            tp_value doc = tp_value_of_document(b[k].doc);
            if (b[k].name) {
                if (strcmp(b[k].name, p->roots[i]) == 0) {
                    *v = doc;
                    ev->root_strip[i] = 1 + strlen(b[k].name);
                }
            } else if (strcmp(p->roots[i], "input") == 0) {
                *v = doc;
            } else if (tp_value_is_objlike(&doc)) {
                *v = tp_value_field(&doc, p->roots[i], strlen(p->roots[i]));
            }
            if (v->kind != TP_V_ABSENT)
                ev->root_docs[i] = b[k].doc;
        }
    }
}

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
        tp_strbuf_puts(sb, fallback);
        if (tmpl)
            tp_strbuf_printf(sb, " (the message could not be built: %s)", ev->err);
    }
    return sb->failed ? TP_ENOMEM : 0;
}

/* The first of the rule's default subject fields (its pack's `subject`, else "id") that the
 * element has as a string or a number; absent when it has none. */
static tp_value default_subject(const tp_rule_plan *rule, const tp_value *elem)
{
    static const char *const id[] = {"id"};
    const char *const *fields =
        rule->nsubject_fields ? (const char *const *)rule->subject_fields : id;
    uint32_t n = rule->nsubject_fields ? rule->nsubject_fields : 1;
    for (uint32_t i = 0; i < n; i++) {
        tp_value v = tp_value_field(elem, fields[i], strlen(fields[i]));
        if (v.kind == TP_V_STR || v.kind == TP_V_NUM)
            return v;
    }
    tp_value none;
    memset(&none, 0, sizeof none);
    return none;
}

/* What a finding names as its subject: the rule's `subject`, the element's default subject field,
 * its JSON pointer, its position, or "input". */
static int subject_of(tp_eval *ev, const tp_rule_plan *rule, const tp_value *elem,
                      const char *pointer, long index, tp_strbuf *sb)
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
        v = default_subject(rule, elem);
    }
    if (v.kind != TP_V_ABSENT)
        tp_value_render(sb, &v);
    else if (*pointer)
        tp_strbuf_puts(sb, pointer);
    else if (index >= 0)
        tp_strbuf_printf(sb, "#%ld", index);
    else
        tp_strbuf_puts(sb, "input");
    return sb->failed ? TP_ENOMEM : 0;
}

/* One evaluation of a plan over one input: what its rules share. */
typedef struct rule_run {
    tp_eval *ev;
    tp_result *r;
    const tp_rule_plan *rule;
    tp_strbuf msg, rem, subj;
    uint8_t *waiver_used; /* per plan waiver: it covered a finding of this input */
    tp_locator locator;
    tp_error_groups errors; /* of the rule running: recorded when it ends */
    tp_evidence_buf evidence;
} rule_run;

static int record(rule_run *x, tp_finding_status st, const tp_value *elem, long index,
                  const char *error)
{
    char pointer[512] = "";
    if (index >= 0 && x->rule->pointer_base)
        snprintf(pointer, sizeof pointer, "%s/%ld", x->rule->pointer_base, index);
    const tp_rule_info *info = &x->rule->info;
    const char *remediation = info->remediation;
    int rc;
    /* Take the error text before evaluating the subject, which may set another. */
    if (st == TP_FINDING_ERROR) {
        tp_strbuf_reset(&x->msg);
        tp_strbuf_puts(&x->msg, error);
    }
    if ((rc = subject_of(x->ev, x->rule, elem, pointer, index, &x->subj)))
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
    tp_finding d;
    memset(&d, 0, sizeof d);
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
    if (*pointer && x->rule->root_slot >= 0) {
        const tp_eval *ev = x->ev;
        int32_t root = x->rule->root_slot;
        rc = tp_locator_find(&x->locator, ev->root_docs[root], pointer + ev->root_strip[root],
                             &d.input_line, &d.input_column);
        if (rc < 0)
            return rc;
    }
    if (st == TP_FINDING_ERROR)
        return tp_error_groups_add(&x->errors, x->r, &d);
    if ((rc = tp_evidence_collect(&x->evidence, x->ev, x->rule, elem, &d)))
        return rc;
    return tp_result_record(x->r, &d);
}

/* One subject: let/where steps in order, then the assertion. */
static int run_subject(rule_run *x, const tp_value *elem, long index)
{
    tp_eval *ev = x->ev;
    const tp_rule_plan *rule = x->rule;
    int rc = 0;
    size_t at = (size_t)(rule - ev->plan->rules);
    for (uint32_t i = 0; i < rule->nsteps && rc == 0; i++) {
        const tp_step *st = &rule->steps[i];
        if (st->is_let) {
            rc = tp_eval_expr(ev, st->expr, &ev->frame[st->slot]);
            tp_coverage_note(x->r, at, i, rc ? TP_COVER_ERROR : TP_COVER_HELD);
            continue;
        }
        tp_value c;
        rc = tp_eval_present(ev, st->expr, &c);
        if (rc == 0 && c.kind != TP_V_BOOL)
            rc = tp_eval_fail(ev, st->expr, "a 'where' condition must be a boolean, but it is %s",
                              tp_value_kind_phrase(&c));
        tp_coverage_note(x->r, at, i,
                         rc      ? TP_COVER_ERROR
                         : c.u.b ? TP_COVER_HELD
                                 : TP_COVER_FAILED);
        if (rc == 0 && !c.u.b)
            return 0; /* the rule does not apply to this subject */
    }
    tp_value verdict;
    if (rc == 0) {
        rc = tp_eval_present(ev, rule->assertion, &verdict);
        if (rc == 0 && verdict.kind != TP_V_BOOL)
            rc = tp_eval_fail(ev, rule->assertion, "the assertion must be a boolean, but it is %s",
                              tp_value_kind_phrase(&verdict));
        tp_coverage_note(x->r, at, rule->nsteps,
                         rc            ? TP_COVER_ERROR
                         : verdict.u.b ? TP_COVER_HELD
                                       : TP_COVER_FAILED);
    }
    if (rc == TP_ENOMEM)
        return rc;
    tp_result_count_checked(x->r);
    if (rc == TP_EVAL_ERR)
        return record(x, TP_FINDING_ERROR, elem, index, ev->err);
    if (verdict.u.b == rule->deny)
        return record(x, TP_FINDING_FAIL, elem, index, NULL);
    return 0;
}

static int run_rule(rule_run *x)
{
    tp_eval *ev = x->ev;
    const tp_rule_plan *rule = x->rule;
    tp_arena_mark start = tp_arena_mark_get(&ev->scratch);
    if (!rule->for_list) {
        ev->arena = &ev->scratch;
        int rc = run_subject(x, NULL, -1);
        tp_arena_rewind(&ev->scratch, start);
        return rc;
    }
    /* The subjects' list outlives every subject: build it in the input arena. */
    ev->arena = &ev->input;
    tp_value list, e;
    char lists[300];
    int rc = tp_eval_present(ev, rule->for_list, &list);
    if (rc == 0 && !tp_value_is_listlike(&list))
        rc = tp_eval_fail(ev, rule->for_list, "'for' needs a list, but %s is %s%s",
                          rule->for_list->display ? rule->for_list->display : "it",
                          tp_value_kind_phrase(&list),
                          tp_hint_lists_held(lists, sizeof lists, &list));
    if (rc == TP_EVAL_ERR) {
        tp_result_count_checked(x->r);
        return record(x, TP_FINDING_ERROR, NULL, -1, ev->err);
    }
    if (rc)
        return rc;
    tp_iter it;
    tp_iter_init(&it, &list);
    ev->arena = &ev->scratch;
    for (long i = 0; tp_iter_next(&it, &e); i++) {
        ev->frame[rule->for_slot] = e;
        rc = run_subject(x, &e, i);
        tp_arena_rewind(&ev->scratch, start);
        if (rc)
            return rc;
    }
    return 0;
}

int tp_evaluate(tp_result *r, const tp_plan *plan, const char *input_name,
                const tp_binding *bindings, size_t nbindings, const tp_eval_options *opts)
{
    tp_eval_options defaults = TP_EVAL_OPTIONS_INIT;
    if (!r || !plan || !input_name || (nbindings && !bindings))
        return TP_EINVAL;
    if (opts && opts->version != TP_EVAL_OPTIONS_VERSION)
        return TP_EINVAL;
    if (!opts)
        opts = &defaults;
    for (size_t i = 0; i < nbindings; i++)
        if (!bindings[i].doc)
            return TP_EINVAL;
    /* Rule filters that select nothing are refused, and recorded in the result. */
    int rc = tp_result_check_rule_filters(r, plan, opts);
    if (rc)
        return rc;
    /* One clock per result: an unset one is the time of the first evaluation. */
    int64_t now = opts->now_us ? opts->now_us : r->ninputs ? r->now : tp_datetime_now();
    rc = tp_result_begin_input(r, plan, now, input_name);
    if (rc == 0)
        rc = tp_coverage_prepare(r);
    if (rc)
        return rc;
    tp_eval ev;
    rc = tp_eval_init(&ev, plan, &r->mem, now);
    rule_run x = {.ev = &ev, .r = r};
    tp_locator_init(&x.locator, &r->mem);
    tp_error_groups_init(&x.errors, &r->mem);
    tp_evidence_init(&x.evidence, &r->mem);
    tp_strbuf_init(&x.msg, &r->mem);
    tp_strbuf_init(&x.rem, &r->mem);
    tp_strbuf_init(&x.subj, &r->mem);
    if (rc == 0) {
        bind_roots(&ev, bindings, nbindings);
        x.waiver_used = tp_arena_zalloc(&ev.input, plan->nwaivers ? plan->nwaivers : 1);
        if (!x.waiver_used)
            rc = TP_ENOMEM;
    }
    for (size_t i = 0; rc == 0 && i < plan->nrules; i++) {
        x.rule = &plan->rules[i];
        if (!tp_rule_filter_selects(opts, x.rule->info.id))
            continue;
        tp_result_rule_runs(r, i);
        rc = run_rule(&x);
        if (rc == 0)
            rc = tp_error_groups_flush(&x.errors, r);
    }
    /* After every rule ran: expired waivers, stale ones, and those about to expire. */
    for (size_t i = 0; rc == 0 && i < plan->nrules; i++)
        if (tp_rule_filter_selects(opts, plan->rules[i].info.id))
            rc = tp_waiver_report(r, &ev, &plan->rules[i], x.waiver_used, opts->warn_expiring_us);
    if (rc == 0)
        rc = tp_about_record(&ev, r);
    tp_strbuf_free(&x.msg);
    tp_strbuf_free(&x.rem);
    tp_strbuf_free(&x.subj);
    tp_locator_free(&x.locator);
    tp_error_groups_free(&x.errors);
    tp_evidence_free(&x.evidence);
    tp_eval_free(&ev);
    int sorted = tp_result_end_input(r);
    return rc ? rc : sorted;
}
