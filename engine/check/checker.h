/*
 * What the checker's files share: its state, what checking an expression tells its parent, and
 * how it reports. check_expr.c walks expressions (names, scopes, recursion); check_types.c holds
 * the type rules applied to checked operands; check_schema.c resolves paths against input
 * schemas; check_attrs.c checks attribute clauses; check_decls.c checks params, lets and rules
 * and runs it all (tp_check); check_waivers.c checks pack headers and waivers.
 */
#ifndef TP_CHECKER_H
#define TP_CHECKER_H

#include "base/strmap.h"
#include "check/check.h"
#include "check/scope.h"

#define NO_LOCAL UINT32_MAX

/* A generator being checked: its clauses from `next` on have not bound their variable yet. */
typedef struct tp_gen_pending {
    const tp_node *gen;
    uint32_t next;
} tp_gen_pending;

/* The params and lets of one file: by name (the first declaration of each), and in order. */
typedef struct tp_check_file_globals {
    tp_strmap names;
    uint32_t first, last; /* global indexes, chained by tp_checker.global_next */
} tp_check_file_globals;

/* The checker's state while it walks the declarations. */
typedef struct tp_checker {
    const tp_check_input *in;
    tp_checked *out;
    tp_arena *arena;
    uint32_t file;
    tp_scope scope;
    int32_t elem_slot; /* slot of the innermost projection element */
    uint32_t elem_depth;
    /* the rule being checked, for "used before its definition" */
    const tp_clauses *clauses;
    uint32_t cur_clause;
    size_t global_limit; /* globals visible: indexes below this (file-level order) */
    uint32_t cap_roots;
    unsigned depth;
    int depth_reported;
    int oom;
    /* Schema checks: the shape of `input`, and the paths a has() or ?? guards right now. */
    const tp_shape *input_shape;
    unsigned guarding;
    const char *guards[32];
    unsigned nguards;
    uint8_t *param_used; /* per --param value: a param took it */
    /* Names (names.c): rule ids (by index into out->rules until they are sorted, and their
     * declarations), each file's globals, the names read from the input (by root slot). */
    tp_strmap rule_ids;
    const tp_decl **rule_decls;
    tp_check_file_globals *file_globals; /* per source */
    uint32_t *global_next;
    tp_strmap root_names;
    tp_strmap typo_far; /* names read from the input no global of file (the value) is close to */
    /* Where source_text() last found a line, so that reading the rules of a file in order reads
     * the file once. */
    uint32_t text_file, text_line;
    const char *text_at;
    tp_gen_pending pending[16]; /* enclosing generators, innermost last */
    unsigned npending;
} tp_checker;

/* What checking an expression tells its parent. */
typedef struct tp_expr_facts {
    tp_type type;
    uint32_t min_local;    /* shallowest scope depth of a local it reads; NO_LOCAL if none */
    const tp_shape *shape; /* what the input schema says the value is, when it says */
} tp_expr_facts;

static inline const char *tp_check_file_name(const tp_checker *ck, uint32_t file)
{
    return ck->in->sources[file].name;
}

#define CHECK_ERR(ck, span, code, hint, ...)                                                       \
    tp_diags_add((ck)->in->diags, TP_DIAG_ERROR, code, tp_check_file_name(ck, (span).file), span,  \
                 hint, __VA_ARGS__)
#define CHECK_NOTE(ck, span, ...)                                                                  \
    tp_diags_add((ck)->in->diags, TP_DIAG_NOTE, "NOTE", tp_check_file_name(ck, (span).file), span, \
                 NULL, __VA_ARGS__)
#define CHECK_WARN(ck, span, code, hint, ...)                                                      \
    tp_diags_add((ck)->in->diags, TP_DIAG_WARNING, code, tp_check_file_name(ck, (span).file),      \
                 span, hint, __VA_ARGS__)

static inline int tp_type_known(tp_type t)
{
    return t != TP_T_ANY;
}

/* check_expr.c */
tp_expr_facts tp_check_expr(tp_checker *ck, tp_node *n);
void tp_check_push_has_guards(tp_checker *ck, tp_node *cond);

/* check_types.c */
void tp_check_condition(tp_checker *ck, const tp_node *n, tp_type t, const char *what);
tp_type tp_check_binary_types(tp_checker *ck, const tp_node *n, tp_expr_facts l, tp_expr_facts r);
void tp_check_call_types(tp_checker *ck, const tp_node *n, const tp_expr_facts *args);
/* Whether string s interpolates a number literal ("{4}": a brace meant literally); *part is it. */
int tp_check_number_interpolation(const tp_node *s, const tp_node **part);

/* check_schema.c */
const char *tp_check_shown(const tp_node *n);
const tp_shape *tp_check_named_schema(const tp_checker *ck, const char *name);
const tp_shape *tp_check_list_of(tp_checker *ck, const tp_shape *items);
int tp_check_guarded(const tp_checker *ck, const char *path);
const tp_shape *tp_check_root_shape(tp_checker *ck, const tp_node *n);
const tp_shape *tp_check_field_shape(tp_checker *ck, const tp_node *n, const tp_shape *base);
void tp_check_enum(tp_checker *ck, const tp_shape *s, const tp_node *lit, const char *what);

/* check_hints.c: the help of a diagnostic, written into buf. */
/* For an unknown function: the closest built-in, the built-in another language's name means, or
 * the list of built-ins. */
const char *tp_check_function_hint(char *buf, size_t size, const char *name);
/* "it holds lists: tokens, users" for an object shape with list fields; NULL without. */
const char *tp_check_lists_hint(char *buf, size_t size, const tp_shape *s);

/* check_attrs.c: attribute clauses, each allowed once in a declaration. */
typedef struct tp_attr_table {
    const char *const *names;
    size_t n;
    const tp_clause *seen[8];
    unsigned lists; /* bit i: attribute i takes several values, `NAME a, b, c` */
} tp_attr_table;

/* Records attribute clause `cl`; reports unknown and repeated ones. The attribute's index or -1. */
int tp_check_attr(tp_checker *ck, tp_attr_table *t, const tp_clause *cl, const char *where);
/* The plain string an attribute takes, or NULL (reported). */
const char *tp_check_string_attr(tp_checker *ck, const tp_clause *cl);

/* names.c */
/* Sets up the maps for a program of `nglobals` params and lets; 0 or TP_ENOMEM. */
int tp_check_names_init(tp_checker *ck, size_t nglobals);
void tp_check_names_free(tp_checker *ck);
/* Registers out->globals[g] under its file and name. */
void tp_check_add_global(tp_checker *ck, uint32_t g);
/* The global `name` of the current file declared below index `limit`, or -1. */
int tp_check_global_index(const tp_checker *ck, const char *name, size_t limit);
/* The names of the current file's globals, in order, at most max of them; how many. */
size_t tp_check_file_global_names(const tp_checker *ck, const char **names, size_t max);
/* Registers out->rules[i], declared by d, under its id. */
void tp_check_add_rule(tp_checker *ck, const tp_decl *d, uint32_t i);
/* The rule with id `id` checked so far, or NULL; and the declaration of a checked rule. */
const tp_checked_rule *tp_check_find_rule(const tp_checker *ck, const char *id);
const tp_decl *tp_check_rule_decl(const tp_checker *ck, const tp_checked_rule *rule);
/* The root slot of a name read from the input, given one the first time; -1 when out of memory. */
int32_t tp_check_root_slot(tp_checker *ck, const char *name);

/* check_waivers.c */
void tp_check_pack(tp_checker *ck, const tp_decl *d, tp_checked_pack *pack);
/* check_documents.c: a pack header's `document NAME { ... }` clause. */
void tp_check_pack_document(tp_checker *ck, const tp_clause *cl, tp_checked_pack *pack);
/* A rule without `subject` in a file whose pack header names a default subject takes it; when
 * the schema of its elements is known, it must have one of the fields. `elems_at` is the rule's
 * `for` list. */
void tp_check_default_subject(tp_checker *ck, tp_checked_rule *rule, const tp_shape *elem,
                              tp_span elems_at);
void tp_check_waiver(tp_checker *ck, const tp_decl *d, tp_checked_waiver *w);

#endif
