/* The compiler handle: sources, their syntax trees, diagnostics and --param overrides. */
#ifndef TP_COMPILER_H
#define TP_COMPILER_H

#include "syntax/ast.h"
#include "syntax/diag.h"
#include "plan/plan.h"

typedef struct tp_param_override {
    char *name;
    char *value;
    int used;
} tp_param_override;

struct tp_schema;

struct tp_compiler {
    tp_mem mem;
    tp_arena ast; /* handed to the plan by a successful compile */
    tp_diags diags;
    tp_source *sources;
    size_t nsources, cap_sources;
    tp_decl *first, *last;
    tp_param_override *params;
    size_t nparams, cap_params;
    struct tp_schema *schemas; /* loaded, waiting for the compile that moves them to the plan */
    size_t nschemas, cap_schemas;
    unsigned max_errors;
    unsigned max_expr_depth;
    size_t max_regex_bytes, max_regex_input;
    int strict;
};

/* Loads a schema for binding `name` from a file, or "tokpol/v1" for the built-in one, relative
 * to `base` (a policy file's path, or NULL). Errors are diagnostics at `at` of `file`. */
int tp_compiler_load_schema(tp_compiler *c, const char *name, const char *path, const char *base,
                            const char *file, tp_span at);

/* Name resolution, type and structure checks; fills `plan` (whose arena is the AST's). Errors
 * and warnings go to c->diags. Returns 0 or TP_ENOMEM. */
int tp_check(tp_compiler *c, tp_plan *plan);

#endif
