/* Lowering, the program: rules, globals, waivers and packs into the plan's tables. */
#include <stdio.h>
#include <string.h>

#include "base/redact.h"
#include "base/strbuf.h"
#include "lower/lowering.h"

static const char *copy(tp_lowering *lw, const char *s)
{
    if (!s)
        return NULL;
    char *c = tp_arena_strdup(lw->arena, s);
    if (!c)
        lw->oom = 1;
    return c;
}

/* A copy of policy text that findings carry (a rule's title, its fixed remediation), masked as
 * every output masks it: a finding holds text as shown (eval/result.h). */
static const char *copy_shown(tp_lowering *lw, const char *s)
{
    if (!s)
        return NULL;
    tp_strbuf sb;
    tp_strbuf_init(&sb, &lw->plan->mem);
    tp_redact_text(&sb, s, strlen(s));
    const char *out = sb.failed ? NULL : copy(lw, tp_strbuf_cstr(&sb));
    if (sb.failed)
        lw->oom = 1;
    tp_strbuf_free(&sb);
    return out;
}

/* The JSON pointer of a path from an input root ("/tokens"), or NULL: the subjects of a rule
 * over it are located at POINTER/INDEX in their input. */
static const char *pointer_of(tp_lowering *lw, const tp_node *n)
{
    if (n->kind == TP_N_NAME && n->ref == TP_REF_ROOT) {
        if (strcmp(n->str, "input") == 0)
            return "";
        tp_strbuf sb;
        tp_strbuf_init(&sb, &lw->plan->mem);
        tp_strbuf_putc(&sb, '/');
        for (const char *s = n->str; *s; s++)
            tp_strbuf_puts(&sb, *s == '~' ? "~0" : *s == '/' ? "~1" : (char[2]){*s, 0});
        const char *out = sb.failed ? NULL : copy(lw, tp_strbuf_cstr(&sb));
        lw->oom |= sb.failed;
        tp_strbuf_free(&sb);
        return out;
    }
    if (n->kind == TP_N_FIELD) {
        const char *base = pointer_of(lw, n->a);
        if (!base)
            return NULL;
        size_t len = strlen(base) + strlen(n->str) + 2;
        char *out = tp_arena_alloc(lw->arena, len);
        if (!out) {
            lw->oom = 1;
            return NULL;
        }
        snprintf(out, len, "%s/%s", base, n->str);
        return out;
    }
    return NULL;
}

static tp_rule_info copy_info(tp_lowering *lw, const tp_rule_info *in, uint32_t file)
{
    tp_rule_info out = *in;
    out.id = copy(lw, in->id);
    out.title = copy_shown(lw, in->title);
    out.remediation = copy_shown(lw, in->remediation);
    out.file = lw->plan->files[file];
    return out;
}

static void lower_rule(tp_lowering *lw, const tp_checked_rule *c, tp_rule_plan *r)
{
    r->info = copy_info(lw, &c->info, c->file);
    r->for_list = tp_lower_expr(lw, c->for_list);
    r->for_slot = c->for_slot;
    r->root_slot = -1;
    if (c->for_list && (r->pointer_base = pointer_of(lw, c->for_list))) {
        const tp_node *root = c->for_list;
        while (root->kind == TP_N_FIELD)
            root = root->a;
        r->root_slot = root->slot;
    }
    r->steps = tp_arena_alloc(lw->arena, (c->nsteps ? c->nsteps : 1) * sizeof *r->steps);
    if (!r->steps) {
        lw->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < c->nsteps; i++) {
        r->steps[i].is_let = c->steps[i].kind == TP_CL_LET;
        r->steps[i].slot = c->steps[i].slot;
        r->steps[i].expr = tp_lower_expr(lw, c->steps[i].expr);
        r->steps[i].name = r->steps[i].is_let ? copy(lw, c->steps[i].name) : NULL;
    }
    r->nsteps = c->nsteps;
    r->assertion = tp_lower_expr(lw, c->assertion);
    r->deny = c->deny;
    r->message = tp_lower_expr(lw, c->message);
    if (c->remediation && c->remediation->kind == TP_N_TEMPLATE)
        r->remediation = tp_lower_expr(lw, c->remediation);
    r->subject = tp_lower_expr(lw, c->subject);
    if (c->nsubject_fields &&
        !(r->subject_fields = tp_arena_alloc(lw->arena, c->nsubject_fields * sizeof(char *))))
        lw->oom = 1;
    for (uint32_t i = 0; r->subject_fields && i < c->nsubject_fields; i++)
        r->subject_fields[r->nsubject_fields++] = copy(lw, c->subject_fields[i]);
    r->id_site = lw->plan->nfield_sites++;
    r->nslots = c->nslots;
    for (int i = 0; i < TP_RULE_DOC_COUNT; i++)
        r->doc[i] = copy(lw, c->doc[i]);
}

static void lower_waiver(tp_lowering *lw, const tp_checked_waiver *c, tp_waiver_plan *w)
{
    w->info = c->info;
    w->info.rule = copy(lw, c->info.rule);
    w->info.reason = copy(lw, c->info.reason);
    w->info.owner = copy(lw, c->info.owner);
    w->info.file = lw->plan->files[c->file];
    w->subjects = tp_arena_alloc(lw->arena, (c->nsubjects ? c->nsubjects : 1) * sizeof(char *));
    if (!w->subjects) {
        lw->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < c->nsubjects; i++)
        w->subjects[i] = copy(lw, c->subjects[i]);
    w->nsubjects = c->nsubjects;
    w->where = tp_lower_expr(lw, c->where);
    w->var_slot = c->var_slot;
    w->nslots = c->nslots;
}

/* Hands each rule the run of waivers that name it (rules and waivers are both sorted by id). */
static void attach_waivers(tp_plan *p)
{
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

/* A rule of a pack whose header says where its pages are (`docs`) gets its page's URL. */
static void link_rule_pages(tp_lowering *lw, tp_plan *p)
{
    for (size_t k = 0; k < p->npacks; k++) {
        const tp_pack_info *pk = &p->packs[k].info;
        for (size_t i = 0; pk->docs && i < p->nrules; i++) {
            tp_rule_plan *r = &p->rules[i];
            if (r->info.file != pk->file)
                continue;
            size_t len = strlen(pk->docs) + strlen(r->info.id) + 4;
            char *uri = tp_arena_alloc(lw->arena, len);
            if (!uri) {
                lw->oom = 1;
                return;
            }
            snprintf(uri, len, "%s%s.md", pk->docs, r->info.id);
            r->help_uri = uri;
        }
    }
}

static uint32_t max_slots(const tp_checked *c)
{
    uint32_t m = 1;
    for (size_t i = 0; i < c->nrules; i++)
        m = c->rules[i].nslots > m ? c->rules[i].nslots : m;
    for (size_t i = 0; i < c->nglobals; i++)
        m = c->globals[i].nslots > m ? c->globals[i].nslots : m;
    for (size_t i = 0; i < c->nwaivers; i++)
        m = c->waivers[i].nslots > m ? c->waivers[i].nslots : m;
    return m;
}

/* The packs' documents, each with where its schema came from. */
static void lower_documents(tp_lowering *lw, tp_plan *plan, const tp_checked *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->npacks; i++)
        n += c->packs[i].ndocuments;
    plan->documents = n ? tp_arena_zalloc(&plan->arena, n * sizeof *plan->documents) : NULL;
    if (n && !plan->documents) {
        lw->oom = 1;
        return;
    }
    for (size_t i = 0; i < c->npacks; i++)
        for (uint32_t k = 0; k < c->packs[i].ndocuments; k++) {
            const tp_checked_document *d = &c->packs[i].documents[k];
            tp_pack_document *out = &plan->documents[plan->ndocuments++];
            out->pack = copy(lw, c->packs[i].name);
            out->name = copy(lw, d->root ? "input" : d->name);
            out->format = copy(lw, d->format);
            out->many = d->many;
            out->optional = d->optional;
            out->root = d->root;
            for (size_t s = 0; s < plan->nschemas; s++)
                if (strcmp(plan->schemas[s].name, out->name ? out->name : "") == 0)
                    out->schema = plan->schemas[s].origin;
        }
}

#define ALLOC_TABLE(lw, field, count)                                                              \
    ((lw)->plan->field =                                                                           \
         tp_arena_zalloc((lw)->arena, ((count) ? (count) : 1) * sizeof *(lw)->plan->field))

int tp_lower(tp_plan *plan, const tp_checked *c)
{
    tp_lowering lw;
    memset(&lw, 0, sizeof lw);
    lw.plan = plan;
    lw.arena = &plan->arena;
    if (!ALLOC_TABLE(&lw, roots, c->nroots) || !ALLOC_TABLE(&lw, globals, c->nglobals) ||
        !ALLOC_TABLE(&lw, rules, c->nrules) || !ALLOC_TABLE(&lw, waivers, c->nwaivers) ||
        !ALLOC_TABLE(&lw, packs, c->npacks))
        return TP_ENOMEM;
    for (size_t i = 0; i < c->nroots; i++)
        plan->roots[plan->nroots++] = copy(&lw, c->roots[i]);
    for (size_t i = 0; i < c->nglobals; i++) {
        plan->globals[i].expr = tp_lower_expr(&lw, c->globals[i].expr);
        plan->globals[i].nslots = c->globals[i].nslots;
    }
    plan->nglobals = c->nglobals;
    for (size_t i = 0; i < c->nrules; i++)
        lower_rule(&lw, &c->rules[i], &plan->rules[plan->nrules++]);
    for (size_t i = 0; i < c->nwaivers; i++)
        lower_waiver(&lw, &c->waivers[i], &plan->waivers[plan->nwaivers++]);
    attach_waivers(plan);
    uint32_t about_slots = 0;
    for (size_t i = 0; i < c->npacks; i++) {
        tp_pack_plan *pk = &plan->packs[plan->npacks++];
        pk->info.name = copy(&lw, c->packs[i].name);
        pk->info.title = copy(&lw, c->packs[i].title);
        pk->info.version = copy(&lw, c->packs[i].version);
        pk->info.description = copy(&lw, c->packs[i].description);
        pk->info.docs = copy(&lw, c->packs[i].docs);
        pk->info.file = plan->files[c->packs[i].file];
        pk->file = c->packs[i].file;
        pk->about = tp_lower_expr(&lw, c->packs[i].about);
        if (c->packs[i].about_nslots > about_slots)
            about_slots = c->packs[i].about_nslots;
    }
    lower_documents(&lw, plan, c);
    link_rule_pages(&lw, plan);
    plan->max_slots = max_slots(c);
    if (about_slots > plan->max_slots)
        plan->max_slots = about_slots;
    return lw.oom ? TP_ENOMEM : 0;
}
