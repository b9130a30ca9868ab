/* The checker, pack headers and waivers: the default subject a pack gives its rules, what a
 * waiver covers (subjects or a `where` over the rule's subject), its reason, owner and expiry. */
#include <stdio.h>
#include <string.h>

#include "base/unicode.h"
#include "check/checker.h"

static const char *const pack_attrs[] = {"title",   "version", "description", "schema",
                                         "subject", "docs",    "about"};
enum { PA_TITLE, PA_VERSION, PA_DESCRIPTION, PA_SCHEMA, PA_SUBJECT, PA_DOCS, PA_ABOUT };
static const char *const waiver_attrs[] = {"subjects", "reason", "owner", "expires", "ticket"};
enum { WA_SUBJECTS, WA_REASON, WA_OWNER, WA_EXPIRES, WA_TICKET };

/* `subject F1, F2, ...` of a pack header: field names, as words or strings. */
static void pack_subject(tp_checker *ck, const tp_clause *cl, tp_checked_pack *pack)
{
    const tp_node *e = cl->expr;
    const tp_node *const *items = (const tp_node *const *)&e;
    uint32_t n = 1;
    if (e->kind == TP_N_LIST) {
        items = (const tp_node *const *)e->kids.items;
        n = e->kids.n;
    }
    int ok = n > 0;
    for (uint32_t i = 0; ok && i < n; i++)
        ok = items[i]->kind == TP_N_NAME || items[i]->kind == TP_N_STR_LIT;
    if (!ok) {
        CHECK_ERR(ck, e->span, "E-PACK", "write subject credential_id, id, name",
                  "a pack's 'subject' takes the names of fields, separated by ','");
        return;
    }
    pack->subject_fields = tp_arena_alloc(ck->arena, n * sizeof *pack->subject_fields);
    if (!pack->subject_fields) {
        ck->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        pack->subject_fields[i] = items[i]->str;
    pack->nsubject_fields = n;
    pack->subject_span = e->span;
}

/* `about "team {team.name}"` of a pack header: a string, over the input's names and the globals,
 * that reports show as what each input is about. */
static void pack_about(tp_checker *ck, const tp_clause *cl, tp_checked_pack *pack)
{
    tp_scope_reset(&ck->scope);
    ck->clauses = NULL;
    ck->global_limit = ck->out->nglobals;
    tp_expr_facts t = tp_check_expr(ck, cl->expr);
    if (tp_type_known(t.type) && t.type != TP_T_STR)
        CHECK_ERR(ck, cl->expr->span, "E-ATTR", NULL, "'about' takes a string");
    pack->about = cl->expr;
    pack->about_nslots = ck->scope.next_slot;
}

void tp_check_pack(tp_checker *ck, const tp_decl *d, tp_checked_pack *pack)
{
    tp_attr_table t = {pack_attrs, sizeof pack_attrs / sizeof pack_attrs[0], {0}, 1u << PA_SUBJECT};
    ck->file = d->file;
    pack->name = d->name;
    pack->file = d->file;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind != TP_CL_ATTR) {
            CHECK_ERR(ck, cl->span, "E-PACK", NULL,
                      "a pack header holds title, version, description, schema, document, "
                      "subject, docs and about");
            continue;
        }
        if (strcmp(cl->name, "document") == 0) {
            tp_check_pack_document(ck, cl, pack);
            continue;
        }
        int a = tp_check_attr(ck, &t, cl, "the pack header");
        if (a == PA_SUBJECT) {
            pack_subject(ck, cl, pack);
            continue;
        }
        if (a == PA_ABOUT) {
            pack_about(ck, cl, pack);
            continue;
        }
        const char *value = a >= 0 ? tp_check_string_attr(ck, cl) : NULL;
        if (a == PA_TITLE)
            pack->title = value;
        else if (a == PA_VERSION)
            pack->version = value;
        else if (a == PA_DESCRIPTION)
            pack->description = value;
        else if (a == PA_DOCS)
            pack->docs = value;
    }
}

void tp_check_default_subject(tp_checker *ck, tp_checked_rule *rule, const tp_shape *elem,
                              tp_span elems_at)
{
    const tp_checked_pack *pack = NULL;
    for (size_t i = 0; i < ck->out->npacks && !pack; i++)
        if (ck->out->packs[i].file == rule->file && ck->out->packs[i].nsubject_fields)
            pack = &ck->out->packs[i];
    if (!pack || rule->subject || !rule->for_list)
        return;
    rule->subject_fields = pack->subject_fields;
    rule->nsubject_fields = pack->nsubject_fields;
    /* One known field is enough: the list names fields of several kinds of elements. */
    if (!elem || (elem->types && !(elem->types & TP_T_OBJ)) || tp_shape_open(elem))
        return;
    char names[160] = "";
    size_t off = 0;
    for (uint32_t i = 0; i < pack->nsubject_fields; i++) {
        if (tp_shape_prop_find(elem, pack->subject_fields[i]))
            return;
        if (off < sizeof names)
            off += (size_t)snprintf(names + off, sizeof names - off, "%s%s", i ? ", " : "",
                                    pack->subject_fields[i]);
    }
    CHECK_ERR(ck, elems_at, "E-SCHEMA-FIELD",
              "give the rule its own 'subject', or add a field its elements have to the pack's "
              "'subject'",
              "the elements of rule %s have none of the pack's subject fields (%s): the schema "
              "(%s) has no such field",
              rule->info.id, names, elem->where);
    CHECK_NOTE(ck, pack->subject_span, "the pack's default subject is here");
}

/* Whether a reason or owner says nothing: empty, or only spaces and invisible characters. */
static int blank(const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = tp_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n == 0 || (cp != ' ' && cp != '\t' && cp != '\n' && !tp_unicode_is_invisible(cp)))
            return 0;
        i += n;
    }
    return 1;
}

/* A reason or owner that says nothing is no answer: the waiver is refused. */
static const char *waiver_text(tp_checker *ck, const tp_decl *d, const tp_clause *cl)
{
    const char *s = tp_check_string_attr(ck, cl);
    if (s && blank(s))
        CHECK_ERR(ck, cl->expr->span, "E-WAIVER",
                  strcmp(cl->name, "reason") == 0 ? "say why the finding is accepted"
                                                  : "name who answers for it, or leave owner out",
                  "the %s of the waiver for %s is blank", cl->name, d->name);
    return s;
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
    tp_attr_table t = {waiver_attrs, sizeof waiver_attrs / sizeof waiver_attrs[0], {0}, 0};
    ck->file = d->file;
    tp_scope_reset(&ck->scope);
    ck->global_limit = ck->out->nglobals;
    w->info.rule = d->name;
    w->info.file = ck->in->sources[d->file].name;
    w->file = d->file;
    w->info.line = d->span.line;
    w->info.column = d->span.col;
    w->var_slot = -1;
    const tp_checked_rule *rule = tp_check_find_rule(ck, d->name);
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
        const tp_decl *r = tp_check_rule_decl(ck, rule);
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
            w->info.reason = waiver_text(ck, d, cl);
            break;
        case WA_OWNER:
            w->info.owner = waiver_text(ck, d, cl);
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
