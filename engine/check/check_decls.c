/* The checker, declarations: params and file-level lets, rules and their clauses, waivers, pack
 * headers; and tp_check, which runs them all and leaves the plan's tables in order. */
#include <stdlib.h>
#include <string.h>

#include "eval/builtins.h"
#include "check/checker.h"
static const char *const severity_names[] = {"info", "low", "medium", "high", "critical"};

/* The value of --param `pv` for a param whose default is at `at`: a copy of the parsed value,
 * placed at the default so messages point into the policy. */
static tp_node *param_override(chk *ch, const tp_param_value *pv, tp_span at)
{
    tp_node *n = tp_arena_alloc(ch->arena, sizeof *n);
    if (!n) {
        ch->oom = 1;
        return NULL;
    }
    *n = *pv->value;
    n->span = at;
    return n;
}

/* Registers every param and file-level let first, so a use before the declaration is reported
 * as such; then checks them in order, each seeing only the globals above it. */
static void check_globals(chk *ch)
{
    tp_plan *p = ch->plan;
    size_t n = 0;
    for (tp_decl *d = ch->in->decls; d; d = d->next)
        if (d->kind == TP_D_PARAM || d->kind == TP_D_LET)
            n++;
    p->globals = tp_arena_zalloc(ch->arena, (n ? n : 1) * sizeof *p->globals);
    if (!p->globals) {
        ch->oom = 1;
        return;
    }
    for (tp_decl *d = ch->in->decls; d; d = d->next) {
        if (d->kind != TP_D_PARAM && d->kind != TP_D_LET)
            continue;
        ch->file = d->file;
        int dup = chk_global_index(ch, d->name, p->nglobals);
        if (dup >= 0) {
            char hint[80];
            snprintf(hint, sizeof hint, "the first is at line %u", p->globals[dup].span.line);
            CHK_ERR(ch, d->name_span, "E-DUP-NAME", hint, "'%s' is declared twice in this file",
                    d->name);
        }
        if (strcmp(d->name, "now") == 0 || tp_builtin_lookup(d->name) >= 0)
            CHK_ERR(ch, d->name_span, "E-RESERVED", NULL, "'%s' is a built-in name", d->name);
        tp_global *g = &p->globals[p->nglobals++];
        g->name = d->name;
        g->file = d->file;
        g->is_param = d->kind == TP_D_PARAM;
        g->span = d->span;
        g->expr = d->expr;
    }
    size_t gi = 0;
    for (tp_decl *d = ch->in->decls; d; d = d->next) {
        if (d->kind != TP_D_PARAM && d->kind != TP_D_LET)
            continue;
        tp_global *g = &p->globals[gi];
        ch->file = d->file;
        tp_scope_reset(&ch->scope);
        ch->clauses = NULL;
        ch->global_limit = gi++;
        if (g->is_param) {
            if (!tp_ast_is_literal(d->expr))
                CHK_ERR(ch, d->expr->span, "E-PARAM",
                        "write a number, string, duration, time or list",
                        "the default of param '%s' must be a literal", d->name);
            for (size_t i = 0; i < ch->in->nparams; i++) {
                const tp_param_value *pv = &ch->in->params[i];
                if (strcmp(pv->name, d->name) != 0)
                    continue;
                ch->param_used[i] = 1;
                tp_node *v = param_override(ch, pv, d->expr->span);
                if (!v)
                    return;
                info dt = chk_check(ch, g->expr), vt = chk_check(ch, v);
                if (chk_known(dt.type) && chk_known(vt.type) && dt.type != vt.type)
                    CHK_ERR(ch, d->name_span, "E-PARAM", NULL,
                            "--param %s=%s: the param is %s, the value %s", pv->name, pv->text,
                            tp_type_phrase(dt.type), tp_type_phrase(vt.type));
                g->expr = v;
            }
        }
        info t = chk_check(ch, g->expr);
        g->type = (uint8_t)t.type;
        g->shape = t.shape;
        g->nslots = ch->scope.next_slot;
    }
}

/* The attribute clauses of a declaration, each allowed once. */
typedef struct attr_table {
    const char *const *names;
    size_t n;
    const tp_clause *seen[8];
} attr_table;

/* Records attribute clause `cl` in `t`; reports unknown and repeated ones. Returns the index of
 * the attribute or -1. */
static int take_attr(chk *ch, attr_table *t, const tp_clause *cl, const char *where)
{
    for (size_t i = 0; i < t->n; i++) {
        if (strcmp(t->names[i], cl->name) != 0)
            continue;
        if (t->seen[i]) {
            char hint[64];
            snprintf(hint, sizeof hint, "the first is at line %u", t->seen[i]->span.line);
            CHK_ERR(ch, cl->name_span, "E-DUP-CLAUSE", hint, "'%s' is given twice in %s", cl->name,
                    where);
            return -1;
        }
        t->seen[i] = cl;
        return (int)i;
    }
    char hint[96];
    CHK_ERR(ch, cl->name_span, "E-UNKNOWN-CLAUSE",
            chk_did_you_mean(hint, sizeof hint, cl->name, t->names, t->n),
            "unknown clause '%s' in %s", cl->name, where);
    return -1;
}

static const char *string_attr(chk *ch, const tp_clause *cl)
{
    if (cl->expr->kind == TP_N_STR_LIT)
        return cl->expr->str;
    CHK_ERR(ch, cl->expr->span, "E-ATTR", NULL, "'%s' takes a plain string", cl->name);
    return NULL;
}

/* Source text of a node (for a remediation template shown without a subject). */
static const char *source_text(chk *ch, const tp_node *n)
{
    const tp_source *src = &ch->in->sources[n->span.file];
    const char *p = src->text, *end = src->text + src->len;
    for (uint32_t l = 1; l < n->span.line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
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
    char *s = tp_arena_strndup(ch->arena, p + 1, (size_t)(q - p - 2));
    if (!s)
        ch->oom = 1;
    return s ? s : "";
}

/* The JSON pointer of a path from an input root ("/tokens"), or NULL. */
static const char *pointer_of(chk *ch, const tp_node *n)
{
    if (n->kind == TP_N_NAME && n->ref == TP_REF_ROOT) {
        if (strcmp(n->str, "input") == 0)
            return "";
        tp_strbuf sb;
        tp_strbuf_init(&sb, ch->arena->mem);
        tp_strbuf_putc(&sb, '/');
        for (const char *s = n->str; *s; s++)
            tp_strbuf_puts(&sb, *s == '~' ? "~0" : *s == '/' ? "~1" : (char[2]){*s, 0});
        char *out = sb.failed ? NULL : tp_arena_strdup(ch->arena, tp_strbuf_cstr(&sb));
        tp_strbuf_free(&sb);
        if (!out)
            ch->oom = 1;
        return out;
    }
    if (n->kind == TP_N_FIELD) {
        const char *base = pointer_of(ch, n->a);
        if (!base)
            return NULL;
        size_t len = strlen(base) + strlen(n->str) + 2;
        char *out = tp_arena_alloc(ch->arena, len);
        if (!out) {
            ch->oom = 1;
            return NULL;
        }
        snprintf(out, len, "%s/%s", base, n->str);
        return out;
    }
    return NULL;
}

static const char *const rule_attrs[] = {"title", "severity", "message", "remediation", "subject"};
enum { RA_TITLE, RA_SEVERITY, RA_MESSAGE, RA_REMEDIATION, RA_SUBJECT };

static void check_rule_attrs(chk *ch, const tp_decl *d, tp_rule_plan *rp)
{
    attr_table t = {rule_attrs, sizeof rule_attrs / sizeof rule_attrs[0], {0}};
    char where[96];
    snprintf(where, sizeof where, "rule %s", d->name);
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind != TP_CL_ATTR)
            continue;
        switch (take_attr(ch, &t, cl, where)) {
        case RA_TITLE: {
            const char *s = string_attr(ch, cl);
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
                                    ? chk_did_you_mean(hint, sizeof hint, e->str, severity_names, 5)
                                    : NULL;
                CHK_ERR(ch, e->span, "E-SEVERITY",
                        h ? h : "one of info, low, medium, high, critical",
                        "severity must be one of info, low, medium, high, critical");
            }
            break;
        }
        case RA_MESSAGE:
        case RA_REMEDIATION: {
            info ti = chk_check(ch, cl->expr);
            if (chk_known(ti.type) && ti.type != TP_T_STR)
                CHK_ERR(ch, cl->expr->span, "E-ATTR", NULL, "'%s' takes a string", cl->name);
            if (strcmp(cl->name, "message") == 0) {
                rp->message = cl->expr;
            } else {
                rp->remediation = cl->expr;
                rp->info.remediation =
                    cl->expr->kind == TP_N_STR_LIT ? cl->expr->str : source_text(ch, cl->expr);
            }
            break;
        }
        case RA_SUBJECT:
            chk_check(ch, cl->expr);
            rp->subject = cl->expr;
            break;
        default:
            break;
        }
    }
}

static void check_rule(chk *ch, tp_decl *d, tp_rule_plan *rp)
{
    tp_scope_reset(&ch->scope);
    ch->nguards = 0;
    ch->file = d->file;
    ch->clauses = &d->clauses;
    ch->global_limit = ch->plan->nglobals;
    rp->info.id = d->name;
    rp->info.title = d->name;
    rp->info.severity = TP_SEVERITY_MEDIUM;
    rp->info.file = ch->plan->files[d->file];
    rp->info.line = d->span.line;
    rp->info.column = d->span.col;
    rp->for_slot = -1;
    rp->root_slot = -1;
    rp->steps = tp_arena_alloc(ch->arena, (d->clauses.n ? d->clauses.n : 1) * sizeof(tp_clause));
    if (!rp->steps) {
        ch->oom = 1;
        return;
    }
    const tp_clause *assertion = NULL, *body_started = NULL;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        tp_clause *cl = &d->clauses.items[i];
        ch->cur_clause = i;
        switch (cl->kind) {
        case TP_CL_ATTR:
            break;
        case TP_CL_FOR: {
            if (rp->for_list)
                CHK_ERR(ch, cl->span, "E-FOR", "iterate the second list with a generator",
                        "a rule has one 'for'");
            else if (body_started)
                CHK_ERR(ch, cl->span, "E-ORDER", NULL,
                        "'for' must come before let, where, require and deny");
            info li = chk_check(ch, cl->expr);
            if (chk_known(li.type) && li.type != TP_T_LIST)
                CHK_ERR(ch, cl->expr->span, "E-TYPE", NULL, "'for ... in' needs a list, not %s",
                        tp_type_phrase(li.type));
            cl->slot = tp_scope_push(&ch->scope, cl->name, cl->name_span, TP_T_ANY);
            if (cl->slot >= 0)
                ch->scope.items[ch->scope.n - 1].shape = li.shape ? li.shape->items : NULL;
            if (!rp->for_list) {
                rp->for_list = cl->expr;
                rp->for_slot = cl->slot;
                rp->pointer_base = pointer_of(ch, cl->expr);
                const tp_node *root = cl->expr;
                while (root->kind == TP_N_FIELD)
                    root = root->a;
                rp->root_slot = rp->pointer_base && root->kind == TP_N_NAME ? root->slot : -1;
            }
            break;
        }
        case TP_CL_LET: {
            body_started = cl;
            if (assertion)
                CHK_ERR(ch, cl->span, "E-ORDER", NULL, "'let' after the assertion is never used");
            info li = chk_check(ch, cl->expr);
            int prev = tp_scope_find(&ch->scope, cl->name);
            if (prev >= 0 || chk_global_index(ch, cl->name, ch->global_limit) >= 0 ||
                strcmp(cl->name, "now") == 0) {
                char hint[80];
                snprintf(hint, sizeof hint, "'%s' is bound at line %u", cl->name,
                         prev >= 0 ? ch->scope.items[prev].span.line : 0);
                CHK_ERR(ch, cl->name_span, "E-SHADOW", prev >= 0 ? hint : NULL,
                        "'%s' is already bound", cl->name);
            }
            cl->slot = tp_scope_push(&ch->scope, cl->name, cl->name_span, (uint8_t)li.type);
            if (cl->slot >= 0)
                ch->scope.items[ch->scope.n - 1].shape = li.shape;
            rp->steps[rp->nsteps++] = *cl;
            break;
        }
        case TP_CL_WHERE: {
            body_started = cl;
            if (assertion)
                CHK_ERR(ch, cl->span, "E-ORDER", "move 'where' above the assertion",
                        "'where' after the assertion never filters anything");
            info wi = chk_check(ch, cl->expr);
            chk_check_condition(ch, cl->expr, wi.type, "a 'where' condition");
            chk_push_has_guards(ch, cl->expr); /* where has(t.f): t.f is safe below */
            rp->steps[rp->nsteps++] = *cl;
            break;
        }
        case TP_CL_REQUIRE:
        case TP_CL_DENY: {
            body_started = cl;
            info ai = chk_check(ch, cl->expr);
            chk_check_condition(ch, cl->expr, ai.type, "an assertion");
            if (assertion) {
                CHK_ERR(
                    ch, cl->span, "E-ASSERT", "combine conditions with 'and' or 'or'",
                    "rule %s has a second assertion; a rule has exactly one 'require' or 'deny'",
                    d->name);
                CHK_NOTE(ch, assertion->span, "the first assertion is here");
                break;
            }
            assertion = cl;
            rp->assertion = cl->expr;
            rp->deny = cl->kind == TP_CL_DENY;
            break;
        }
        }
    }
    ch->cur_clause = d->clauses.n;
    if (!assertion)
        CHK_ERR(ch, d->name_span, "E-ASSERT", "add 'require CONDITION' or 'deny CONDITION'",
                "rule %s has no assertion", d->name);
    check_rule_attrs(ch, d, rp);
    rp->nslots = ch->scope.next_slot;
    ch->clauses = NULL;
}

static const char *const pack_attrs[] = {"title", "version", "description", "schema"};
static const char *const waiver_attrs[] = {"subjects", "reason", "owner", "expires", "ticket"};
enum { WA_SUBJECTS, WA_REASON, WA_OWNER, WA_EXPIRES, WA_TICKET };

static void check_pack(chk *ch, tp_decl *d, tp_pack_info *pack)
{
    attr_table t = {pack_attrs, sizeof pack_attrs / sizeof pack_attrs[0], {0}};
    ch->file = d->file;
    pack->name = d->name;
    pack->file = d->file;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind != TP_CL_ATTR) {
            CHK_ERR(ch, cl->span, "E-PACK", NULL,
                    "a pack header holds title, version, description and schema");
            continue;
        }
        int a = take_attr(ch, &t, cl, "the pack header");
        const char *value = a >= 0 ? string_attr(ch, cl) : NULL;
        if (a == 0)
            pack->title = value;
        else if (a == 1)
            pack->version = value;
    }
}

static const tp_rule_plan *find_rule(const tp_plan *p, const char *id)
{
    for (size_t i = 0; i < p->nrules; i++)
        if (strcmp(p->rules[i].info.id, id) == 0)
            return &p->rules[i];
    return NULL;
}

/* Copies a waiver's subjects, which must be a list of strings, into w. */
static void waiver_subjects(chk *ch, const tp_clause *cl, tp_waiver_plan *w)
{
    const tp_node *list = cl->expr;
    int ok = list->kind == TP_N_LIST;
    for (uint32_t i = 0; ok && i < list->kids.n; i++)
        ok = list->kids.items[i]->kind == TP_N_STR_LIT;
    if (!ok) {
        CHK_ERR(ch, list->span, "E-WAIVER", "write subjects [\"lok-3\", \"lok-7\"]",
                "'subjects' takes a list of subject ids (strings)");
        return;
    }
    w->subjects = tp_arena_alloc(ch->arena, (list->kids.n ? list->kids.n : 1) * sizeof(char *));
    if (!w->subjects) {
        ch->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < list->kids.n; i++)
        w->subjects[i] = list->kids.items[i]->str;
    w->nsubjects = list->kids.n;
}

static void check_waiver(chk *ch, tp_decl *d, tp_waiver_plan *w)
{
    attr_table t = {waiver_attrs, sizeof waiver_attrs / sizeof waiver_attrs[0], {0}};
    ch->file = d->file;
    tp_scope_reset(&ch->scope);
    ch->global_limit = ch->plan->nglobals;
    w->info.rule = d->name;
    w->info.file = ch->plan->files[d->file];
    w->info.line = d->span.line;
    w->info.column = d->span.col;
    w->var_slot = -1;
    const tp_rule_plan *rule = find_rule(ch->plan, d->name);
    if (!rule) {
        const char **ids = tp_arena_alloc(ch->arena, (ch->plan->nrules + 1) * sizeof *ids);
        if (!ids) {
            ch->oom = 1;
            return;
        }
        for (size_t i = 0; i < ch->plan->nrules; i++)
            ids[i] = ch->plan->rules[i].info.id;
        char hint[96];
        CHK_ERR(ch, d->name_span, "E-WAIVER-RULE",
                chk_did_you_mean(hint, sizeof hint, d->name, ids, ch->plan->nrules),
                "waiver for rule %s, which no loaded policy defines", d->name);
    } else if (rule->for_list) {
        /* The waiver's `where` reads the rule's subject variable, under the rule's name for it. */
        const tp_clause *fc = NULL;
        for (tp_decl *r = ch->in->decls; r && !fc; r = r->next)
            if (r->kind == TP_D_RULE && strcmp(r->name, d->name) == 0)
                for (uint32_t i = 0; i < r->clauses.n && !fc; i++)
                    if (r->clauses.items[i].kind == TP_CL_FOR)
                        fc = &r->clauses.items[i];
        if (fc)
            w->var_slot = tp_scope_push(&ch->scope, fc->name, fc->name_span, TP_T_ANY);
    }
    const tp_clause *where = NULL;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind == TP_CL_WHERE) {
            where = cl;
            info wi = chk_check(ch, cl->expr);
            chk_check_condition(ch, cl->expr, wi.type, "a waiver's 'where'");
            w->where = cl->expr;
            continue;
        }
        if (cl->kind != TP_CL_ATTR) {
            CHK_ERR(ch, cl->span, "E-WAIVER", NULL,
                    "a waiver holds subjects or where, reason, owner and expires");
            continue;
        }
        switch (take_attr(ch, &t, cl, "a waiver")) {
        case WA_SUBJECTS:
            waiver_subjects(ch, cl, w);
            break;
        case WA_REASON:
            w->info.reason = string_attr(ch, cl);
            break;
        case WA_OWNER:
            w->info.owner = string_attr(ch, cl);
            break;
        case WA_EXPIRES:
            if (cl->expr->kind == TP_N_TIME_LIT)
                w->info.expires_us = cl->expr->us;
            else
                CHK_ERR(ch, cl->expr->span, "E-WAIVER", "write a date like @2026-01-31",
                        "'expires' takes a timestamp literal");
            break;
        case WA_TICKET:
            string_attr(ch, cl);
            break;
        default:
            break;
        }
    }
    w->nslots = ch->scope.next_slot;
    if (!t.seen[WA_REASON])
        CHK_ERR(ch, d->name_span, "E-WAIVER", "say why the finding is accepted: reason \"...\"",
                "waiver for %s has no reason", d->name);
    if (!t.seen[WA_EXPIRES])
        CHK_ERR(ch, d->name_span, "E-WAIVER", "every waiver ends: expires @YYYY-MM-DD",
                "waiver for %s has no expiry", d->name);
    if (t.seen[WA_SUBJECTS] && where)
        CHK_ERR(ch, where->span, "E-WAIVER", NULL, "a waiver has 'subjects' or 'where', not both");
    if (!t.seen[WA_SUBJECTS] && !where)
        CHK_ERR(ch, d->name_span, "E-WAIVER", "name the subjects: subjects [\"id\"]",
                "waiver for %s covers no subjects", d->name);
}

/* Orders waivers by rule id, keeping file order within a rule. */
static int compare_waivers(const void *a, const void *b)
{
    const tp_waiver_plan *x = a, *y = b;
    int c = strcmp(x->info.rule, y->info.rule);
    if (c)
        return c;
    return x->info.file != y->info.file
               ? (x->info.file < y->info.file ? -1 : 1)
               : (x->info.line < y->info.line ? -1 : x->info.line > y->info.line);
}

/* Hands each rule the run of waivers that name it (rules and waivers are both sorted by id). */
static void attach_waivers(tp_plan *p)
{
    qsort(p->waivers, p->nwaivers, sizeof *p->waivers, compare_waivers);
    size_t w = 0;
    for (size_t r = 0; r < p->nrules; r++) {
        tp_rule_plan *rule = &p->rules[r];
        while (w < p->nwaivers && strcmp(p->waivers[w].info.rule, rule->info.id) < 0)
            w++;
        rule->waivers = &p->waivers[w];
        while (w < p->nwaivers && strcmp(p->waivers[w].info.rule, rule->info.id) == 0) {
            rule->nwaivers++;
            w++;
        }
    }
}

static int compare_rules(const void *a, const void *b)
{
    return strcmp(((const tp_rule_plan *)a)->info.id, ((const tp_rule_plan *)b)->info.id);
}

/* "no loaded policy declares param 'x'" for each --param that named no param. */
static void report_unused_params(chk *ch)
{
    const tp_plan *plan = ch->plan;
    for (size_t i = 0; i < ch->in->nparams; i++) {
        if (ch->param_used[i])
            continue;
        tp_span none = {0, 0, 0, 0, 0};
        const char **names = tp_arena_alloc(ch->arena, (plan->nglobals + 1) * sizeof *names);
        size_t nn = 0;
        for (size_t g = 0; names && g < plan->nglobals; g++)
            if (plan->globals[g].is_param)
                names[nn++] = plan->globals[g].name;
        char hint[96];
        tp_diags_add(ch->in->diags, TP_DIAG_ERROR, "E-PARAM", "--param", none,
                     names ? chk_did_you_mean(hint, sizeof hint, ch->in->params[i].name, names, nn)
                           : NULL,
                     "no loaded policy declares param '%s'", ch->in->params[i].name);
    }
}

int tp_check(tp_plan *plan, const tp_check_input *in)
{
    chk ch;
    memset(&ch, 0, sizeof ch);
    ch.in = in;
    ch.plan = plan;
    ch.arena = in->arena;
    ch.elem_slot = -1;
    ch.input_shape = chk_named_schema(&ch, "input");
    ch.param_used = tp_arena_zalloc(ch.arena, in->nparams + 1);
    if (!ch.param_used)
        return TP_ENOMEM;
    check_globals(&ch);
    size_t nrules = 0;
    for (tp_decl *d = in->decls; d; d = d->next)
        nrules += d->kind == TP_D_RULE;
    size_t npacks = 0;
    for (tp_decl *d = in->decls; d; d = d->next)
        npacks += d->kind == TP_D_PACK;
    plan->rules = tp_arena_zalloc(ch.arena, (nrules ? nrules : 1) * sizeof *plan->rules);
    plan->packs = tp_arena_zalloc(ch.arena, (npacks ? npacks : 1) * sizeof *plan->packs);
    if (!plan->rules || !plan->packs || ch.oom)
        return TP_ENOMEM;
    for (tp_decl *d = in->decls; d; d = d->next) {
        if (d->kind == TP_D_PACK) {
            check_pack(&ch, d, &plan->packs[plan->npacks++]);
        } else if (d->kind == TP_D_RULE) {
            ch.file = d->file;
            const tp_rule_plan *prev = find_rule(plan, d->name);
            if (prev) {
                char hint[200];
                snprintf(hint, sizeof hint, "the first is at %s:%u", prev->info.file,
                         prev->info.line);
                CHK_ERR(&ch, d->name_span, "E-DUP-RULE", hint, "rule %s is defined twice", d->name);
                continue;
            }
            check_rule(&ch, d, &plan->rules[plan->nrules++]);
        }
    }
    size_t nwaivers = 0;
    for (tp_decl *d = in->decls; d; d = d->next)
        nwaivers += d->kind == TP_D_WAIVE;
    plan->waivers = tp_arena_zalloc(ch.arena, (nwaivers ? nwaivers : 1) * sizeof *plan->waivers);
    if (!plan->waivers)
        return TP_ENOMEM;
    for (tp_decl *d = in->decls; d; d = d->next) {
        if (in->sources[d->file].waivers_only && d->kind != TP_D_WAIVE) {
            ch.file = d->file;
            CHK_ERR(&ch, d->span, "E-WAIVER-FILE", "move it to a policy file",
                    "a --waivers file holds only waivers");
        }
        if (d->kind == TP_D_WAIVE)
            check_waiver(&ch, d, &plan->waivers[plan->nwaivers++]);
    }
    report_unused_params(&ch);
    if (plan->nrules == 0 && in->diags->nerrors == 0) {
        /* Checking nothing would pass everything: a mistyped -p must not turn CI green. */
        tp_span none = {0, 0, 0, 0, 0};
        tp_diags_add(in->diags, TP_DIAG_ERROR, "E-NO-RULES",
                     in->nsources ? in->sources[0].name : "tokpol", none,
                     "load a policy with at least one rule",
                     "no rules: the policies define nothing to check");
    }
    qsort(plan->rules, plan->nrules, sizeof *plan->rules, compare_rules);
    attach_waivers(plan);
    uint32_t max_slots = 1;
    for (size_t i = 0; i < plan->nrules; i++)
        if (plan->rules[i].nslots > max_slots)
            max_slots = plan->rules[i].nslots;
    for (size_t i = 0; i < plan->nglobals; i++)
        if (plan->globals[i].nslots > max_slots)
            max_slots = plan->globals[i].nslots;
    for (size_t i = 0; i < plan->nwaivers; i++)
        if (plan->waivers[i].nslots > max_slots)
            max_slots = plan->waivers[i].nslots;
    plan->max_slots = max_slots;
    return ch.oom ? TP_ENOMEM : 0;
}
