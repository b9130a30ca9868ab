/* The plan's public face: what a host may ask of a compiled plan, and freeing it. */
#include "plan/plan.h"

tp_plan *tp_plan_new(const tp_mem *mem)
{
    tp_plan *p = tp_mem_calloc(mem, 1, sizeof *p);
    if (!p)
        return NULL;
    p->mem = *mem;
    tp_arena_init(&p->arena, &p->mem);
    return p;
}

void tp_plan_free(tp_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nregexes; i++)
        tp_regex_free(p->regexes[i], &p->mem);
    for (size_t i = 0; i < p->nschemas; i++)
        cJSON_Delete(p->schemas[i].doc);
    tp_arena_free(&p->arena);
    tp_mem mem = p->mem;
    tp_mem_free(&mem, p);
}

size_t tp_plan_rule_count(const tp_plan *p)
{
    return p ? p->nrules : 0;
}

int tp_plan_rule(tp_rule_info *out, const tp_plan *p, size_t i)
{
    if (!out || !p || i >= p->nrules)
        return TP_EINVAL;
    *out = p->rules[i].info;
    return 0;
}

const char *tp_plan_rule_doc(const tp_plan *p, size_t i, tp_rule_doc which)
{
    if (!p || i >= p->nrules)
        return NULL;
    if (which == TP_RULE_HELP_URI)
        return p->rules[i].help_uri;
    return (unsigned)which < TP_RULE_DOC_COUNT ? p->rules[i].doc[which] : NULL;
}

size_t tp_plan_pack_count(const tp_plan *p)
{
    return p ? p->npacks : 0;
}

size_t tp_plan_param_count(const tp_plan *p)
{
    return p ? p->nparams : 0;
}

const tp_param_info *tp_plan_param(const tp_plan *p, size_t i)
{
    return p && i < p->nparams ? &p->params[i] : NULL;
}

size_t tp_plan_document_count(const tp_plan *p)
{
    return p ? p->ndocuments : 0;
}

const tp_pack_document *tp_plan_document(const tp_plan *p, size_t i)
{
    return p && i < p->ndocuments ? &p->documents[i] : NULL;
}

const tp_pack_info *tp_plan_pack(const tp_plan *p, size_t i)
{
    return p && i < p->npacks ? &p->packs[i].info : NULL;
}

size_t tp_plan_waiver_count(const tp_plan *p)
{
    return p ? p->nwaivers : 0;
}

const tp_waiver_info *tp_plan_waiver(const tp_plan *p, size_t i)
{
    return p && i < p->nwaivers ? &p->waivers[i].info : NULL;
}
