/* The checker, pack headers and waivers: what a waiver covers (subjects or a `where` over the
 * rule's subject), its reason, owner and expiry. */
#include <string.h>

#include "check/checker.h"

const tp_checked_rule *tp_check_find_rule(const tp_checked *p, const char *id)
{
    for (size_t i = 0; i < p->nrules; i++)
        if (strcmp(p->rules[i].info.id, id) == 0)
            return &p->rules[i];
    return NULL;
}

static const char *const pack_attrs[] = {"title", "version", "description", "schema"};
static const char *const waiver_attrs[] = {"subjects", "reason", "owner", "expires", "ticket"};
enum { WA_SUBJECTS, WA_REASON, WA_OWNER, WA_EXPIRES, WA_TICKET };

void tp_check_pack(tp_checker *ck, const tp_decl *d, tp_checked_pack *pack)
{
    tp_attr_table t = {pack_attrs, sizeof pack_attrs / sizeof pack_attrs[0], {0}};
    ck->file = d->file;
    pack->name = d->name;
    pack->file = d->file;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind != TP_CL_ATTR) {
            CHECK_ERR(ck, cl->span, "E-PACK", NULL,
                      "a pack header holds title, version, description and schema");
            continue;
        }
        int a = tp_check_attr(ck, &t, cl, "the pack header");
        const char *value = a >= 0 ? tp_check_string_attr(ck, cl) : NULL;
        if (a == 0)
            pack->title = value;
        else if (a == 1)
            pack->version = value;
    }
}

/* Copies a waiver's subjects, which must be a list of strings, into w. */
static void waiver_subjects(tp_checker *ck, const tp_clause *cl, tp_checked_waiver *w)
{
    const tp_node *list = cl->expr;
    int ok = list->kind == TP_N_LIST;
    for (uint32_t i = 0; ok && i < list->kids.n; i++)
        ok = list->kids.items[i]->kind == TP_N_STR_LIT;
    if (!ok) {
        CHECK_ERR(ck, list->span, "E-WAIVER", "write subjects [\"lok-3\", \"lok-7\"]",
                  "'subjects' takes a list of subject ids (strings)");
        return;
    }
    w->subjects = tp_arena_alloc(ck->arena, (list->kids.n ? list->kids.n : 1) * sizeof(char *));
    if (!w->subjects) {
        ck->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < list->kids.n; i++)
        w->subjects[i] = list->kids.items[i]->str;
    w->nsubjects = list->kids.n;
}

void tp_check_waiver(tp_checker *ck, const tp_decl *d, tp_checked_waiver *w)
{
    tp_attr_table t = {waiver_attrs, sizeof waiver_attrs / sizeof waiver_attrs[0], {0}};
    ck->file = d->file;
    tp_scope_reset(&ck->scope);
    ck->global_limit = ck->out->nglobals;
    w->info.rule = d->name;
    w->info.file = ck->in->sources[d->file].name;
    w->file = d->file;
    w->info.line = d->span.line;
    w->info.column = d->span.col;
    w->var_slot = -1;
    const tp_checked_rule *rule = tp_check_find_rule(ck->out, d->name);
    if (!rule) {
        const char **ids = tp_arena_alloc(ck->arena, (ck->out->nrules + 1) * sizeof *ids);
        if (!ids) {
            ck->oom = 1;
            return;
        }
        for (size_t i = 0; i < ck->out->nrules; i++)
            ids[i] = ck->out->rules[i].info.id;
        char hint[96];
        CHECK_ERR(ck, d->name_span, "E-WAIVER-RULE",
                  tp_did_you_mean(hint, sizeof hint, d->name, ids, ck->out->nrules),
                  "waiver for rule %s, which no loaded policy defines", d->name);
    } else if (rule->for_list) {
        /* The waiver's `where` reads the rule's subject variable, under the rule's name for it. */
        const tp_clause *fc = NULL;
        for (tp_decl *r = ck->in->decls; r && !fc; r = r->next)
            if (r->kind == TP_D_RULE && strcmp(r->name, d->name) == 0)
                for (uint32_t i = 0; i < r->clauses.n && !fc; i++)
                    if (r->clauses.items[i].kind == TP_CL_FOR)
                        fc = &r->clauses.items[i];
        if (fc)
            w->var_slot = tp_scope_push(&ck->scope, fc->name, fc->name_span, TP_T_ANY);
    }
    const tp_clause *where = NULL;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind == TP_CL_WHERE) {
            where = cl;
            tp_expr_facts wi = tp_check_expr(ck, cl->expr);
            tp_check_condition(ck, cl->expr, wi.type, "a waiver's 'where'");
            w->where = cl->expr;
            continue;
        }
        if (cl->kind != TP_CL_ATTR) {
            CHECK_ERR(ck, cl->span, "E-WAIVER", NULL,
                      "a waiver holds subjects or where, reason, owner and expires");
            continue;
        }
        switch (tp_check_attr(ck, &t, cl, "a waiver")) {
        case WA_SUBJECTS:
            waiver_subjects(ck, cl, w);
            break;
        case WA_REASON:
            w->info.reason = tp_check_string_attr(ck, cl);
            break;
        case WA_OWNER:
            w->info.owner = tp_check_string_attr(ck, cl);
            break;
        case WA_EXPIRES:
            if (cl->expr->kind == TP_N_TIME_LIT)
                w->info.expires_us = cl->expr->us;
            else
                CHECK_ERR(ck, cl->expr->span, "E-WAIVER", "write a date like @2026-01-31",
                          "'expires' takes a timestamp literal");
            break;
        case WA_TICKET:
            tp_check_string_attr(ck, cl);
            break;
        default:
            break;
        }
    }
    w->nslots = ck->scope.next_slot;
    if (!t.seen[WA_REASON])
        CHECK_ERR(ck, d->name_span, "E-WAIVER", "say why the finding is accepted: reason \"...\"",
                  "waiver for %s has no reason", d->name);
    if (!t.seen[WA_EXPIRES])
        CHECK_ERR(ck, d->name_span, "E-WAIVER", "every waiver ends: expires @YYYY-MM-DD",
                  "waiver for %s has no expiry", d->name);
    if (t.seen[WA_SUBJECTS] && where)
        CHECK_ERR(ck, where->span, "E-WAIVER", NULL,
                  "a waiver has 'subjects' or 'where', not both");
    if (!t.seen[WA_SUBJECTS] && !where)
        CHECK_ERR(ck, d->name_span, "E-WAIVER", "name the subjects: subjects [\"id\"]",
                  "waiver for %s covers no subjects", d->name);
}
