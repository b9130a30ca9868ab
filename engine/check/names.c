/* The checker, names: where each rule id, param or let of a file, and name read from the input is,
 * looked up through maps so that checking N declarations takes time linear in N. */
#include <string.h>

#include "check/checker.h"

#define NONE UINT32_MAX

int tp_check_names_init(tp_checker *ck, size_t nglobals)
{
    const tp_mem *mem = ck->arena->mem;
    size_t nfiles = ck->in->nsources ? ck->in->nsources : 1;
    tp_strmap_init(&ck->rule_ids, mem);
    tp_strmap_init(&ck->root_names, mem);
    tp_strmap_init(&ck->typo_far, mem);
    ck->file_globals = tp_arena_zalloc(ck->arena, nfiles * sizeof *ck->file_globals);
    ck->global_next = tp_arena_alloc(ck->arena, (nglobals ? nglobals : 1) * sizeof(uint32_t));
    if (!ck->file_globals || !ck->global_next)
        return TP_ENOMEM;
    for (size_t f = 0; f < nfiles; f++) {
        tp_strmap_init(&ck->file_globals[f].names, mem);
        ck->file_globals[f].first = ck->file_globals[f].last = NONE;
    }
    return 0;
}

void tp_check_names_free(tp_checker *ck)
{
    tp_strmap_free(&ck->rule_ids);
    tp_strmap_free(&ck->root_names);
    tp_strmap_free(&ck->typo_far);
    for (size_t f = 0; ck->file_globals && f < (ck->in->nsources ? ck->in->nsources : 1); f++)
        tp_strmap_free(&ck->file_globals[f].names);
}

void tp_check_add_global(tp_checker *ck, uint32_t g)
{
    const tp_checked_global *gl = &ck->out->globals[g];
    if (tp_strmap_put(&ck->file_globals[gl->file].names, gl->name, strlen(gl->name), g) != 0)
        ck->oom = 1;
    tp_check_file_globals *fg = &ck->file_globals[gl->file];
    ck->global_next[g] = NONE;
    if (fg->last == NONE)
        fg->first = g;
    else
        ck->global_next[fg->last] = g;
    fg->last = g;
}

int tp_check_global_index(const tp_checker *ck, const char *name, size_t limit)
{
    /* The map holds the first declaration of a name in the file: if it is not above `limit`,
     * no other is. */
    int64_t g = tp_strmap_get(&ck->file_globals[ck->file].names, name, strlen(name));
    return g >= 0 && (size_t)g < limit && (size_t)g < ck->out->nglobals ? (int)g : -1;
}

size_t tp_check_file_global_names(const tp_checker *ck, const char **names, size_t max)
{
    size_t n = 0;
    for (uint32_t g = ck->file_globals[ck->file].first; g != NONE && n < max;
         g = ck->global_next[g])
        names[n++] = ck->out->globals[g].name;
    return n;
}

const tp_checked_rule *tp_check_find_rule(const tp_checker *ck, const char *id)
{
    int64_t i = tp_strmap_get(&ck->rule_ids, id, strlen(id));
    return i >= 0 ? &ck->out->rules[i] : NULL;
}

const tp_decl *tp_check_rule_decl(const tp_checker *ck, const tp_checked_rule *rule)
{
    return ck->rule_decls[rule - ck->out->rules];
}

void tp_check_add_rule(tp_checker *ck, const tp_decl *d, uint32_t i)
{
    ck->rule_decls[i] = d;
    if (tp_strmap_put(&ck->rule_ids, d->name, strlen(d->name), i) != 0)
        ck->oom = 1;
}

int32_t tp_check_root_slot(tp_checker *ck, const char *name)
{
    tp_checked *p = ck->out;
    size_t len = strlen(name);
    int64_t i = tp_strmap_get(&ck->root_names, name, len);
    if (i >= 0)
        return (int32_t)i;
    const char **roots =
        tp_arena_grow(ck->arena, p->roots, (uint32_t)p->nroots, &ck->cap_roots, sizeof *roots);
    if (!roots || tp_strmap_put(&ck->root_names, name, len, (uint32_t)p->nroots) != 0) {
        ck->oom = 1;
        return -1;
    }
    p->roots = roots;
    p->roots[p->nroots] = name;
    return (int32_t)p->nroots++;
}
