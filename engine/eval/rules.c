/* Runs every rule of a plan over one input and records findings: the rule loop, subjects,
 * messages. Expression semantics live in eval.c. */
#include <stdio.h>
#include <string.h>

#include "input/document.h"
#include "eval/eval.h"
#include "input/locator.h"
#include "eval/result.h"
#include "base/datetime.h"

/* Binds each input name to its value, and remembers which document it came from and how much
 * of a subject's JSON pointer names the binding rather than a path inside that document. */
static void bind_roots(tp_eval *ev, const tp_binding *b, size_t nb)
{
    const tp_plan *p = ev->plan;
    for (size_t i = 0; i < p->nroots; i++) {
        tp_value *v = &ev->roots[i];
        memset(v, 0, sizeof *v);
        for (size_t k = 0; k < nb && v->kind == TP_V_ABSENT; k++) {
            tp_value doc = tp_value_from_json(b[k].doc->root);
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
static int render_text(tp_eval *ev, const tp_node *tmpl, const char *fallback, tp_strbuf *sb)
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
        v = tp_value_field(elem, "id", 2);
        if (v.kind != TP_V_STR && v.kind != TP_V_NUM)
            memset(&v, 0, sizeof v);
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

typedef struct run {
    tp_eval *ev;
    tp_result *r;
    const tp_rule_plan *rule;
    tp_strbuf msg, rem, subj;
    uint8_t *waiver_used; /* per plan waiver: it covered a finding of this input */
    tp_locator locator;
} run;

/* Whether waiver w covers the subject (by id, or by its `where` over the subject's element).
 * A `where` that cannot be evaluated covers nothing: the finding keeps failing. */
static int covers(run *x, const tp_waiver_plan *w, const tp_value *elem, const char *subject)
{
    for (uint32_t i = 0; i < w->nsubjects; i++)
        if (strcmp(w->subjects[i], subject) == 0)
            return 1;
    if (!w->where)
        return 0;
    tp_eval *ev = x->ev;
    tp_value *saved = ev->frame;
    tp_value *frame = tp_eval_alloc(ev, (w->nslots ? w->nslots : 1) * sizeof *frame);
    if (!frame)
        return TP_ENOMEM;
    if (w->var_slot >= 0 && elem)
        frame[w->var_slot] = *elem;
    ev->frame = frame;
    tp_value c;
    int rc = tp_eval_present(ev, w->where, &c);
    ev->frame = saved;
    if (rc == TP_ENOMEM)
        return rc;
    return rc == 0 && c.kind == TP_V_BOOL && c.u.b;
}

/* The unexpired waiver of the current rule that covers this failing subject, or NULL. */
static int find_waiver(run *x, const tp_value *elem, const char *subject,
                       const tp_waiver_plan **out)
{
    *out = NULL;
    for (uint32_t i = 0; i < x->rule->nwaivers; i++) {
        const tp_waiver_plan *w = &x->rule->waivers[i];
        if (x->ev->now >= w->info.expires_us)
            continue; /* expired: reported on its own, covers nothing */
        int rc = covers(x, w, elem, subject);
        if (rc < 0)
            return rc;
        if (rc) {
            x->waiver_used[w - x->ev->plan->waivers] = 1;
            *out = w;
            return 0;
        }
    }
    return 0;
}

static int record(run *x, tp_finding_status st, const tp_value *elem, long index, const char *error)
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
    if (st == TP_FINDING_FAIL && (rc = find_waiver(x, elem, tp_strbuf_cstr(&x->subj), &waiver)))
        return rc;
    if (waiver)
        st = TP_FINDING_WAIVED;
    if (st != TP_FINDING_ERROR) {
        if ((rc = render_text(x->ev, x->rule->message, info->title, &x->msg)))
            return rc;
        if (x->rule->remediation && x->rule->remediation->kind == TP_N_TEMPLATE) {
            if ((rc = render_text(x->ev, x->rule->remediation, info->remediation, &x->rem)))
                return rc;
            remediation = tp_strbuf_cstr(&x->rem);
        }
    }
    if (x->msg.failed)
        return TP_ENOMEM;
    tp_finding d;
    memset(&d, 0, sizeof d);
    d.status = st;
    d.subject = tp_strbuf_cstr(&x->subj);
    d.pointer = pointer;
    d.message = tp_strbuf_cstr(&x->msg);
    d.remediation = remediation;
    d.waiver = waiver ? &waiver->info : NULL;
    if (*pointer && x->rule->root_slot >= 0) {
        const tp_eval *ev = x->ev;
        int32_t root = x->rule->root_slot;
        rc = tp_locator_find(&x->locator, ev->root_docs[root], pointer + ev->root_strip[root],
                             &d.input_line, &d.input_column);
        if (rc < 0)
            return rc;
    }
    return tp_result_add(x->r, x->rule, &d);
}

/* One subject: let/where steps in order, then the assertion. */
static int run_subject(run *x, const tp_value *elem, long index)
{
    tp_eval *ev = x->ev;
    const tp_rule_plan *rule = x->rule;
    int rc = 0;
    for (uint32_t i = 0; i < rule->nsteps && rc == 0; i++) {
        const tp_clause *st = &rule->steps[i];
        if (st->kind == TP_CL_LET) {
            rc = tp_eval_expr(ev, st->expr, &ev->frame[st->slot]);
            continue;
        }
        tp_value c;
        rc = tp_eval_present(ev, st->expr, &c);
        if (rc == 0 && c.kind != TP_V_BOOL)
            rc = tp_eval_fail(ev, st->expr, "a 'where' condition must be a boolean, but it is %s",
                              tp_value_kind_phrase(&c));
        if (rc == 0 && !c.u.b)
            return 0; /* the rule does not apply to this subject */
    }
    tp_value verdict;
    if (rc == 0) {
        rc = tp_eval_present(ev, rule->assertion, &verdict);
        if (rc == 0 && verdict.kind != TP_V_BOOL)
            rc = tp_eval_fail(ev, rule->assertion, "the assertion must be a boolean, but it is %s",
                              tp_value_kind_phrase(&verdict));
    }
    if (rc == TP_ENOMEM)
        return rc;
    x->r->inputs[x->r->ninputs - 1].checked++;
    if (rc == TP_EVAL_ERR)
        return record(x, TP_FINDING_ERROR, elem, index, ev->err);
    if (verdict.u.b == rule->deny)
        return record(x, TP_FINDING_FAIL, elem, index, NULL);
    return 0;
}

static int run_rule(run *x)
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
    int rc = tp_eval_present(ev, rule->for_list, &list);
    if (rc == 0 && !tp_value_is_listlike(&list))
        rc = tp_eval_fail(ev, rule->for_list, "'for' needs a list, but %s is %s",
                          rule->for_list->display ? rule->for_list->display : "it",
                          tp_value_kind_phrase(&list));
    if (rc == TP_EVAL_ERR) {
        x->r->inputs[x->r->ninputs - 1].checked++;
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

/* A finding about a waiver itself, located where the waiver is written. */
static int waiver_finding(run *x, const tp_waiver_plan *w, const char *id, const char *title,
                          tp_severity severity, const char *message, const char *remediation)
{
    tp_rule_plan about;
    memset(&about, 0, sizeof about);
    about.info.id = id;
    about.info.title = title;
    about.info.severity = severity;
    about.info.file = w->info.file;
    about.info.line = w->info.line;
    about.info.column = w->info.column;
    char subject[512];
    snprintf(subject, sizeof subject, "%s@%s:%u", w->info.rule, w->info.file, w->info.line);
    tp_finding d;
    memset(&d, 0, sizeof d);
    d.status = TP_FINDING_FAIL;
    d.subject = subject;
    d.pointer = "";
    d.message = message;
    d.remediation = remediation;
    d.waiver = &w->info;
    return tp_result_add(x->r, &about, &d);
}

/* After every rule ran: expired waivers, stale ones, and those about to expire. */
static int report_waivers(run *x)
{
    const tp_plan *plan = x->ev->plan;
    int64_t now = x->ev->now, warn = x->r->opts.warn_expiring_us;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < plan->nwaivers; i++) {
        const tp_waiver_plan *w = &plan->waivers[i];
        if (!tp_result_selects(x->r, w->info.rule))
            continue;
        char when[40], msg[768];
        tp_timeval_format(w->info.expires_us, when);
        const char *owner = w->info.owner ? w->info.owner : "no owner";
        if (now >= w->info.expires_us) {
            snprintf(msg, sizeof msg,
                     "the waiver for %s (%s) expired at %s and no longer applies: its findings "
                     "fail again",
                     w->info.rule, owner, when);
            rc =
                waiver_finding(x, w, "waiver.expired", "Waivers do not outlive their expiry",
                               TP_SEVERITY_HIGH, msg,
                               "Fix the findings it covered, or renew the waiver with a new reason "
                               "and date.");
            continue;
        }
        if (!x->waiver_used[i]) {
            snprintf(msg, sizeof msg, "the waiver for %s (%s) matched no finding", w->info.rule,
                     owner);
            rc = waiver_finding(x, w, "waiver.stale", "Waivers still cover a finding",
                                TP_SEVERITY_LOW, msg,
                                "Remove the waiver: what it excused is fixed or gone.");
        }
        if (rc == 0 && warn > 0 && w->info.expires_us - now <= warn) {
            int64_t days = (w->info.expires_us - now) / TP_US_PER_DAY;
            snprintf(msg, sizeof msg, "the waiver for %s (%s) expires at %s, in %lld day%s",
                     w->info.rule, owner, when, (long long)days, days == 1 ? "" : "s");
            rc =
                waiver_finding(x, w, "waiver.expiring", "Waivers about to expire", TP_SEVERITY_INFO,
                               msg, "Fix what it covers before it expires, or renew it.");
        }
    }
    return rc;
}

int tp_evaluate(tp_result *r, const tp_plan *plan, const char *input_name,
                const tp_binding *bindings, size_t nbindings)
{
    if (!r || !plan || !input_name || (nbindings && !bindings))
        return TP_EINVAL;
    for (size_t i = 0; i < nbindings; i++)
        if (!bindings[i].doc)
            return TP_EINVAL;
    if (r->plan && r->plan != plan)
        return TP_EINVAL;
    r->plan = plan;
    size_t first = r->n;
    int rc = tp_result_begin_input(r, input_name);
    if (rc)
        return rc;
    tp_eval ev;
    rc = tp_eval_init(&ev, plan, &r->mem, r->opts.now_us);
    run x = {&ev, r, NULL, {0}, {0}, {0}, NULL, {0}};
    tp_locator_init(&x.locator, &r->mem);
    tp_strbuf_init(&x.msg, &r->mem);
    tp_strbuf_init(&x.rem, &r->mem);
    tp_strbuf_init(&x.subj, &r->mem);
    if (rc == 0) {
        bind_roots(&ev, bindings, nbindings);
        x.waiver_used = tp_arena_zalloc(&ev.input, plan->nwaivers ? plan->nwaivers : 1);
        if (!x.waiver_used)
            rc = TP_ENOMEM;
    }
    r->rules_run = 0;
    for (size_t i = 0; rc == 0 && i < plan->nrules; i++) {
        x.rule = &plan->rules[i];
        if (!tp_result_selects(r, x.rule->info.id))
            continue;
        r->rules_run++;
        rc = run_rule(&x);
    }
    if (rc == 0)
        rc = report_waivers(&x);
    tp_strbuf_free(&x.msg);
    tp_strbuf_free(&x.rem);
    tp_strbuf_free(&x.subj);
    tp_locator_free(&x.locator);
    tp_eval_free(&ev);
    tp_result_end_input(r, first);
    return rc;
}
