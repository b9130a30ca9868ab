/* What lowering's files share: its state, and the parts of a generator an index is built on. */
#ifndef TP_LOWERING_H
#define TP_LOWERING_H

#include "lower/lower.h"

typedef struct tp_lowering {
    tp_plan *plan;
    tp_arena *arena; /* the plan's */
    /* Indexes over a named list (a root or a global) by one field path are shared: `b.token`
     * over `bindings` in five rules is one build and one table. */
    struct {
        const tp_node *list, *path;
        int32_t id;
    } shared[64];
    uint32_t nshared;
    uint32_t cap_regexes;
    int oom;
} tp_lowering;

/* lower_expr.c: the plan node of a checked expression, or NULL (lw->oom set) when out of memory;
 * NULL for a NULL n. */
tp_expr *tp_lower_expr(tp_lowering *lw, const tp_node *n);

/* How the `where` of a generator's `for` clause splits for a hash index: `path == key and
 * rest...`. */
typedef struct tp_index_split {
    const tp_node *key_path; /* VAR.f.g, read on each element */
    const tp_node *key_expr; /* E, free of VAR */
    tp_node *rest[64];       /* the other conjuncts, in order */
    size_t nrest;
    int32_t index_id;
} tp_index_split;

/* lower_index.c: whether `for` clause `clause` (a GEN_FOR node) can be answered from a hash index,
 * and how; assigns (or shares) the index id. 1 with *out filled, or 0 to scan. */
int tp_lower_index_split(tp_lowering *lw, const tp_node *clause, tp_index_split *out);

/* The parts of a generator that read the subject's variables (its memo keys). */
typedef struct tp_memo_parts {
    const tp_node *items[TP_MEMO_MAX_KEYS];
    uint32_t n;
    int overflow;
    int index_first; /* items[0] is the key its first clause is looked up by */
} tp_memo_parts;

/* lower_index.c: a memo id (tp_expr.memo) for a generator, call or projection whose value an
 * evaluation may keep for the rest of its input: one that reads no variable of the subject, or a
 * generator that reads them only in the (at most TP_MEMO_MAX_KEYS) parts it puts in *parts
 * (`key`: the key its first clause is looked up by, or NULL). -1 when its value must be
 * computed each time. */
int32_t tp_lower_memo(tp_lowering *lw, const tp_node *n, const tp_node *key, tp_memo_parts *parts);

#endif
