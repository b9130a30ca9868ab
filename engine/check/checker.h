/* What the checker's parts share: its state, what checking an expression returns, and how it
 * reports. The parts: checker.c (expressions), check_decls.c (params, lets, rules, waivers,
 * packs; tp_check), check_schema.c (paths against input schemas). */
#ifndef TP_CHECKER_H
#define TP_CHECKER_H

#include "check/check.h"
#include "check/scope.h"

#define NO_LOCAL UINT32_MAX

/* The checker's state while it walks one compiler's declarations into a plan. */
typedef struct chk {
    const tp_check_input *in;
    tp_plan *plan;
    tp_arena *arena;
    uint32_t file;
    tp_scope scope;
    int32_t elem_slot; /* slot of the innermost projection element */
    uint32_t elem_depth;
    /* the rule being checked, for "used before its definition" */
    const tp_clauses *clauses;
    uint32_t cur_clause;
    size_t global_limit; /* globals visible: indexes below this (file-level order) */
    size_t cap_roots;
    struct {
        const tp_node *list, *path;
        int32_t id;
    } index_keys[64]; /* what each shareable index is built on */
    uint32_t nindex_keys;
    unsigned depth;
    int depth_reported;
    int oom;
    /* Schema checks: the shape of `input`, and the paths a has() or ?? guards right now. */
    const tp_shape *input_shape;
    unsigned guarding;
    const char *guards[32];
    unsigned nguards;
    uint8_t *param_used; /* per --param value: a param took it */
} chk;

/* What checking an expression tells its parent. */
typedef struct info {
    tp_type type;
    uint32_t min_local;    /* shallowest scope depth of a local it reads; NO_LOCAL if none */
    const tp_shape *shape; /* what the input schema says the value is, when it says */
} info;

static inline const char *file_name(const chk *ch, uint32_t file)
{
    return ch->in->sources[file].name;
}

#define CHK_ERR(ch, span, code, hint, ...)                                                         \
    tp_diags_add((ch)->in->diags, TP_DIAG_ERROR, code, file_name(ch, (span).file), span, hint,     \
                 __VA_ARGS__)
#define CHK_NOTE(ch, span, ...)                                                                    \
    tp_diags_add((ch)->in->diags, TP_DIAG_NOTE, "NOTE", file_name(ch, (span).file), span, NULL,    \
                 __VA_ARGS__)
#define CHK_WARN(ch, span, code, hint, ...)                                                        \
    tp_diags_add((ch)->in->diags, TP_DIAG_WARNING, code, file_name(ch, (span).file), span, hint,   \
                 __VA_ARGS__)

static inline int chk_known(tp_type t)
{
    return t != TP_T_ANY;
}

/* checker.c */
info chk_check(chk *ch, tp_node *n);
void chk_check_condition(chk *ch, const tp_node *n, tp_type t, const char *what);
const char *chk_did_you_mean(char *buf, size_t size, const char *word, const char *const *cands,
                             size_t n);
int chk_global_index(const chk *ch, const char *name, size_t limit);
size_t chk_conjuncts(tp_node *n, tp_node **out, size_t max);
void chk_push_has_guards(chk *ch, tp_node *cond);

/* check_schema.c */
const char *chk_shown(const tp_node *n);
const tp_shape *chk_named_schema(const chk *ch, const char *name);
const tp_shape *chk_list_of(chk *ch, const tp_shape *items);
int chk_guarded(const chk *ch, const char *path);
const tp_shape *chk_root_shape(chk *ch, const tp_node *n);
const tp_shape *chk_field_shape(chk *ch, const tp_node *n, const tp_shape *base);
void chk_check_enum(chk *ch, const tp_shape *s, const tp_node *lit, const char *what);

#endif
