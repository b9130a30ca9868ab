/* The compiler handle: sources, their syntax trees, diagnostics and --param overrides. */
#ifndef TP_COMPILER_H
#define TP_COMPILER_H

#include "plan/plan.h"
#include "syntax/ast.h"
#include "syntax/diag.h"

typedef struct tp_param_override {
    char *name;
    char *value;
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

#endif
