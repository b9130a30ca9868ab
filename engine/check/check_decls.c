/* The checker, declarations: params and file-level lets, attribute clauses, rules; and tp_check,
 * which runs every check and leaves the checked program's tables in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/severity.h"
#include "check/checker.h"

/* The value of --param `pv` for a param whose default is at `at`: a copy of the parsed value,
 * placed at the default so messages point into the policy. */
static tp_node *param_override(tp_checker *ck, const tp_param_value *pv, tp_span at)
{
    tp_node *n = tp_arena_alloc(ck->arena, sizeof *n);
    if (!n) {
        ck->oom = 1;
        return NULL;
    }
    *n = *pv->value;
    n->span = at;
    return n;
}

/* Registers every param and file-level let first, so a use before the declaration is reported
 * as such; then checks them in order, each seeing only the globals above it. */
static void check_globals(tp_checker *ck)
{
    tp_checked *p = ck->out;
    size_t n = 0;
    for (tp_decl *d = ck->in->decls; d; d = d->next)
        if (d->kind == TP_D_PARAM || d->kind == TP_D_LET)
            n++;
    p->globals = tp_arena_zalloc(ck->arena, (n ? n : 1) * sizeof *p->globals);
    if (!p->globals || tp_check_names_init(ck, n) != 0) {
        ck->oom = 1;
        return;
    }
    for (tp_decl *d = ck->in->decls; d; d = d->next) {
        if (d->kind != TP_D_PARAM && d->kind != TP_D_LET)
            continue;
        ck->file = d->file;
        int dup = tp_check_global_index(ck, d->name, p->nglobals);
        if (dup >= 0) {
            char hint[80];
            snprintf(hint, sizeof hint, "the first is at line %u", p->globals[dup].span.line);
            CHECK_ERR(ck, d->name_span, "E-DUP-NAME", hint, "'%s' is declared twice in this file",
                      d->name);
        }
        if (strcmp(d->name, "now") == 0 || tp_builtin_lookup(d->name) >= 0)
            CHECK_ERR(ck, d->name_span, "E-RESERVED", NULL, "'%s' is a built-in name", d->name);
        tp_checked_global *g = &p->globals[p->nglobals++];
        g->name = d->name;
        g->file = d->file;
        g->is_param = d->kind == TP_D_PARAM;
        g->span = d->span;
        g->expr = d->expr;
        tp_check_add_global(ck, (uint32_t)(p->nglobals - 1));
    }
    size_t gi = 0;
    for (tp_decl *d = ck->in->decls; d; d = d->next) {
        if (d->kind != TP_D_PARAM && d->kind != TP_D_LET)
            continue;
        tp_checked_global *g = &p->globals[gi];
        ck->file = d->file;
        tp_scope_reset(&ck->scope);
        ck->clauses = NULL;
        ck->global_limit = gi++;
        if (g->is_param) {
            const tp_node *num;
            if (!tp_ast_is_literal(d->expr))
                CHECK_ERR(ck, d->expr->span, "E-PARAM",
                          tp_check_number_interpolation(d->expr, &num)
                              ? "'{' in a string starts an interpolation: write {{ and }} for "
                                "literal braces"
                              : "write a number, string, duration, time or list",
                          "the default of param '%s' must be a literal", d->name);
            for (size_t i = 0; i < ck->in->nparams; i++) {
                const tp_param_value *pv = &ck->in->params[i];
                if (strcmp(pv->name, d->name) != 0)
                    continue;
                ck->param_used[i] = 1;
                tp_node *v = param_override(ck, pv, d->expr->span);
                if (!v)
                    return;
                tp_expr_facts dt = tp_check_expr(ck, g->expr), vt = tp_check_expr(ck, v);
                if (tp_type_known(dt.type) && tp_type_known(vt.type) && dt.type != vt.type)
                    CHECK_ERR(ck, d->name_span, "E-PARAM", NULL,
                              "--param %s=%s: the param is %s, the value %s", pv->name, pv->text,
                              tp_type_phrase(dt.type), tp_type_phrase(vt.type));
                g->expr = v;
            }
        }
        tp_expr_facts t = tp_check_expr(ck, g->expr);
        g->type = (uint8_t)t.type;
        g->shape = t.shape;
        g->nslots = ck->scope.next_slot;
    }
}

/* Source text of a node (for a remediation template shown without a subject). */
static const char *source_text(tp_checker *ck, const tp_node *n)
{
    const tp_source *src = &ck->in->sources[n->span.file];
    const char *p = src->text, *end = src->text + src->len;
    uint32_t line = 1;
    if (ck->text_at && ck->text_file == n->span.file && ck->text_line <= n->span.line) {
        p = ck->text_at; /* rules are checked in file order: go on from the last one */
        line = ck->text_line;
    }
    for (; line < n->span.line && p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    ck->text_file = n->span.file;
    ck->text_line = line;
    ck->text_at = p;
    p += n->span.col - 1;
    const char *q = p;
    for (uint32_t l = n->span.line; l < n->span.end_line && q < end; l++) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        q = nl ? nl + 1 : end;
    }
    if (n->span.end_line == n->span.line)
        q = p + (n->span.end_col - n->span.col);
    else
        q += n->span.end_col - 1;
    if (q > end || q < p + 2)
        return "";
    char *s = tp_arena_strndup(ck->arena, p + 1, (size_t)(q - p - 2));
    if (!s)
        ck->oom = 1;
    return s ? s : "";
}

static const char *const rule_attrs[] = {"title",   "severity",    "message",   "remediation",
                                         "subject", "description", "rationale", "example"};
enum {
    RA_TITLE,
    RA_SEVERITY,
    RA_MESSAGE,
    RA_REMEDIATION,
    RA_SUBJECT,
    RA_DESCRIPTION, /* the rule's documentation: plain strings (rp->doc) */
    RA_RATIONALE,
    RA_EXAMPLE
};

static void check_rule_attrs(tp_checker *ck, const tp_decl *d, tp_checked_rule *rp)
{
    tp_attr_table t = {rule_attrs, sizeof rule_attrs / sizeof rule_attrs[0], {0}, 0};
    char where[96];
    snprintf(where, sizeof where, "rule %s", d->name);
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind != TP_CL_ATTR)
            continue;
        int a = tp_check_attr(ck, &t, cl, where);
        switch (a) {
        case RA_TITLE: {
            const char *s = tp_check_string_attr(ck, cl);
            if (s)
                rp->info.title = s;
            break;
        }
        case RA_SEVERITY: {
            const tp_node *e = cl->expr;
            tp_severity sev;
            if (e->kind == TP_N_NAME && tp_severity_parse(&sev, e->str) == 0) {
                rp->info.severity = sev;
            } else {
                char hint[96];
                const char *h = e->kind == TP_N_NAME
                                    ? tp_did_you_mean(hint, sizeof hint, e->str,
                                                      tp_severity_name_list, TP_SEVERITY_COUNT)
                                    : NULL;
                CHECK_ERR(ck, e->span, "E-SEVERITY",
                          h ? h : "one of info, low, medium, high, critical",
                          "severity must be one of info, low, medium, high, critical");
            }
            break;
        }
        case RA_MESSAGE:
        case RA_REMEDIATION: {
            tp_expr_facts ti = tp_check_expr(ck, cl->expr);
            if (tp_type_known(ti.type) && ti.type != TP_T_STR)
                CHECK_ERR(ck, cl->expr->span, "E-ATTR", NULL, "'%s' takes a string", cl->name);
            if (strcmp(cl->name, "message") == 0) {
                rp->message = cl->expr;
            } else {
                rp->remediation = cl->expr;
                rp->info.remediation =
                    cl->expr->kind == TP_N_STR_LIT ? cl->expr->str : source_text(ck, cl->expr);
            }
            break;
        }
        case RA_SUBJECT:
            tp_check_expr(ck, cl->expr);
            rp->subject = cl->expr;
            break;
        case RA_DESCRIPTION:
        case RA_RATIONALE:
        case RA_EXAMPLE:
            rp->doc[a - RA_DESCRIPTION] = tp_check_string_attr(ck, cl);
            break;
        default:
            break;
        }
    }
}

static void check_rule(tp_checker *ck, tp_decl *d, tp_checked_rule *rp)
{
    tp_scope_reset(&ck->scope);
    ck->nguards = 0;
    ck->file = d->file;
    ck->clauses = &d->clauses;
    ck->global_limit = ck->out->nglobals;
    rp->info.id = d->name;
    rp->info.title = d->name;
    rp->info.severity = TP_SEVERITY_MEDIUM;
    rp->info.file = ck->in->sources[d->file].name;
    rp->file = d->file;
    rp->info.line = d->span.line;
    rp->info.column = d->span.col;
    rp->for_slot = -1;
    rp->steps = tp_arena_alloc(ck->arena, (d->clauses.n ? d->clauses.n : 1) * sizeof(tp_clause));
    if (!rp->steps) {
        ck->oom = 1;
        return;
    }
    const tp_clause *assertion = NULL, *body_started = NULL;
    const tp_shape *elem_shape = NULL;
    tp_span elems_at = d->name_span;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        tp_clause *cl = &d->clauses.items[i];
        ck->cur_clause = i;
        switch (cl->kind) {
        case TP_CL_ATTR:
            break;
        case TP_CL_FOR: {
            char hint[256];
            if (rp->for_list) {
                const char *first = cl->name;
                for (uint32_t k = 0; k < i && first == cl->name; k++)
                    if (d->clauses.items[k].kind == TP_CL_FOR)
                        first = d->clauses.items[k].name;
                snprintf(hint, sizeof hint,
                         "iterate the pairs with a generator: for p in [{%s: %s, %s: %s} for %s in "
                         "... for %s in ...]",
                         first, first, cl->name, cl->name, first, cl->name);
                CHECK_ERR(ck, cl->span, "E-FOR", hint, "a rule has one 'for'");
            } else if (body_started)
                CHECK_ERR(ck, cl->span, "E-ORDER", NULL,
                          "'for' must come before let, where, require and deny");
            tp_expr_facts li = tp_check_expr(ck, cl->expr);
            if (tp_type_known(li.type) && li.type != TP_T_LIST)
                CHECK_ERR(ck, cl->expr->span, "E-TYPE",
                          tp_check_lists_hint(hint, sizeof hint, li.shape),
                          "'for ... in' needs a list, not %s", tp_type_phrase(li.type));
            cl->slot = tp_scope_push(&ck->scope, cl->name, cl->name_span, TP_T_ANY);
            if (cl->slot >= 0)
                ck->scope.items[ck->scope.n - 1].shape = li.shape ? li.shape->items : NULL;
            if (!rp->for_list) {
                rp->for_list = cl->expr;
                rp->for_slot = cl->slot;
                elem_shape = li.shape ? li.shape->items : NULL;
                elems_at = cl->expr->span;
            }
            break;
        }
        case TP_CL_LET: {
            body_started = cl;
            if (assertion)
                CHECK_ERR(ck, cl->span, "E-ORDER", NULL, "'let' after the assertion is never used");
            tp_expr_facts li = tp_check_expr(ck, cl->expr);
            int prev = tp_scope_find(&ck->scope, cl->name);
            if (prev >= 0 || tp_check_global_index(ck, cl->name, ck->global_limit) >= 0 ||
                strcmp(cl->name, "now") == 0) {
                char hint[80];
                snprintf(hint, sizeof hint, "'%s' is bound at line %u", cl->name,
                         prev >= 0 ? ck->scope.items[prev].span.line : 0);
                CHECK_ERR(ck, cl->name_span, "E-SHADOW", prev >= 0 ? hint : NULL,
                          "'%s' is already bound", cl->name);
            }
            cl->slot = tp_scope_push(&ck->scope, cl->name, cl->name_span, (uint8_t)li.type);
            if (cl->slot >= 0)
                ck->scope.items[ck->scope.n - 1].shape = li.shape;
            rp->steps[rp->nsteps++] = *cl;
            break;
        }
        case TP_CL_WHERE: {
            body_started = cl;
            if (assertion)
                CHECK_ERR(ck, cl->span, "E-ORDER", "move 'where' above the assertion",
                          "'where' after the assertion never filters anything");
            tp_expr_facts wi = tp_check_expr(ck, cl->expr);
            tp_check_condition(ck, cl->expr, wi.type, "a 'where' condition");
            tp_check_push_has_guards(ck, cl->expr); /* where has(t.f): t.f is safe below */
            rp->steps[rp->nsteps++] = *cl;
            break;
        }
        case TP_CL_REQUIRE:
        case TP_CL_DENY: {
            body_started = cl;
            tp_expr_facts ai = tp_check_expr(ck, cl->expr);
            tp_check_condition(ck, cl->expr, ai.type, "an assertion");
            if (assertion) {
                CHECK_ERR(
                    ck, cl->span, "E-ASSERT", "combine conditions with 'and' or 'or'",
                    "rule %s has a second assertion; a rule has exactly one 'require' or 'deny'",
                    d->name);
                CHECK_NOTE(ck, assertion->span, "the first assertion is here");
                break;
            }
            assertion = cl;
            rp->assertion = cl->expr;
            rp->deny = cl->kind == TP_CL_DENY;
            break;
        }
        }
    }
    ck->cur_clause = d->clauses.n;
    if (!assertion)
        CHECK_ERR(ck, d->name_span, "E-ASSERT", "add 'require CONDITION' or 'deny CONDITION'",
                  "rule %s has no assertion", d->name);
    check_rule_attrs(ck, d, rp);
    tp_check_default_subject(ck, rp, elem_shape, elems_at);
    rp->nslots = ck->scope.next_slot;
    ck->clauses = NULL;
}

static int compare_rules(const void *a, const void *b)
{
    return strcmp(((const tp_checked_rule *)a)->info.id, ((const tp_checked_rule *)b)->info.id);
}

/* "no loaded policy declares param 'x'" for each --param that named no param. */
static void report_unused_params(tp_checker *ck)
{
    const tp_checked *p = ck->out;
    for (size_t i = 0; i < ck->in->nparams; i++) {
        if (ck->param_used[i])
            continue;
        tp_span none = {0, 0, 0, 0, 0};
        const char **names = tp_arena_alloc(ck->arena, (p->nglobals + 1) * sizeof *names);
        size_t nn = 0;
        for (size_t g = 0; names && g < p->nglobals; g++)
            if (p->globals[g].is_param)
                names[nn++] = p->globals[g].name;
        char hint[96];
        tp_diags_add(ck->in->diags, TP_DIAG_ERROR, "E-PARAM", "--param", none,
                     names ? tp_did_you_mean(hint, sizeof hint, ck->in->params[i].name, names, nn)
                           : NULL,
                     "no loaded policy declares param '%s'", ck->in->params[i].name);
    }
}

static size_t count_decls(const tp_decl *d, tp_decl_kind kind)
{
    size_t n = 0;
    for (; d; d = d->next)
        n += d->kind == kind;
    return n;
}

/* Pack headers, then rules, in file order; a rule id defined twice is reported and skipped. */
static int check_rules(tp_checker *ck)
{
    tp_checked *p = ck->out;
    size_t nrules = count_decls(ck->in->decls, TP_D_RULE);
    size_t npacks = count_decls(ck->in->decls, TP_D_PACK);
    p->rules = tp_arena_zalloc(ck->arena, (nrules ? nrules : 1) * sizeof *p->rules);
    p->packs = tp_arena_zalloc(ck->arena, (npacks ? npacks : 1) * sizeof *p->packs);
    ck->rule_decls = tp_arena_alloc(ck->arena, (nrules ? nrules : 1) * sizeof *ck->rule_decls);
    if (!p->rules || !p->packs || !ck->rule_decls || ck->oom)
        return TP_ENOMEM;
    /* Pack headers first: a header's default subject holds for every rule of its file. */
    for (tp_decl *d = ck->in->decls; d; d = d->next)
        if (d->kind == TP_D_PACK)
            tp_check_pack(ck, d, &p->packs[p->npacks++]);
    for (tp_decl *d = ck->in->decls; d; d = d->next) {
        if (d->kind == TP_D_RULE) {
            ck->file = d->file;
            const tp_checked_rule *prev = tp_check_find_rule(ck, d->name);
            if (prev) {
                char hint[200];
                snprintf(hint, sizeof hint, "the first is at %s:%u", prev->info.file,
                         prev->info.line);
                CHECK_ERR(ck, d->name_span, "E-DUP-RULE", hint, "rule %s is defined twice",
                          d->name);
                continue;
            }
            tp_check_add_rule(ck, d, (uint32_t)p->nrules);
            check_rule(ck, d, &p->rules[p->nrules++]);
        }
    }
    return 0;
}

/* Orders waivers by rule id, keeping file order within a rule. */
static int compare_waivers(const void *a, const void *b)
{
    const tp_checked_waiver *x = a, *y = b;
    int c = strcmp(x->info.rule, y->info.rule);
    if (c)
        return c;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return x->info.line < y->info.line ? -1 : x->info.line > y->info.line;
}

/* Waivers, after every rule is known; anything but a waiver in a --waivers file is an error. */
static int check_waivers(tp_checker *ck)
{
    tp_checked *p = ck->out;
    size_t nwaivers = count_decls(ck->in->decls, TP_D_WAIVE);
    p->waivers = tp_arena_zalloc(ck->arena, (nwaivers ? nwaivers : 1) * sizeof *p->waivers);
    if (!p->waivers)
        return TP_ENOMEM;
    for (tp_decl *d = ck->in->decls; d; d = d->next) {
        if (ck->in->sources[d->file].waivers_only && d->kind != TP_D_WAIVE) {
            ck->file = d->file;
            CHECK_ERR(ck, d->span, "E-WAIVER-FILE", "move it to a policy file",
                      "a --waivers file holds only waivers");
        }
        if (d->kind == TP_D_WAIVE)
            tp_check_waiver(ck, d, &p->waivers[p->nwaivers++]);
    }
    qsort(p->waivers, p->nwaivers, sizeof *p->waivers, compare_waivers);
    return 0;
}

int tp_check(tp_checked *out, const tp_check_input *in)
{
    tp_checker ck;
    memset(&ck, 0, sizeof ck);
    memset(out, 0, sizeof *out);
    ck.in = in;
    ck.out = out;
    ck.arena = in->arena;
    ck.elem_slot = -1;
    ck.input_shape = tp_check_named_schema(&ck, "input");
    ck.param_used = tp_arena_zalloc(ck.arena, in->nparams + 1);
    if (!ck.param_used)
        return TP_ENOMEM;
    check_globals(&ck);
    int rc = ck.oom ? TP_ENOMEM : check_rules(&ck);
    if (rc == 0)
        rc = check_waivers(&ck);
    tp_check_names_free(&ck); /* before the rules are sorted: it knows them by index */
    if (rc)
        return rc;
    report_unused_params(&ck);
    if (out->nrules == 0 && in->diags->nerrors == 0) {
        /* Checking nothing would pass everything: a mistyped -p must not turn CI green. */
        tp_span none = {0, 0, 0, 0, 0};
        tp_diags_add(in->diags, TP_DIAG_ERROR, "E-NO-RULES",
                     in->nsources ? in->sources[0].name : "tokpol", none,
                     "load a policy with at least one rule",
                     "no rules: the policies define nothing to check");
    }
    qsort(out->rules, out->nrules, sizeof *out->rules, compare_rules);
    return ck.oom ? TP_ENOMEM : 0;
}
