/* The compiler handle, what the driver's files share: sources, their syntax trees, diagnostics,
 * loaded schemas and --param overrides. */
#ifndef TP_COMPILER_H
#define TP_COMPILER_H

#include <sys/types.h>

#include "input/schema.h"
#include "plan/plan.h"
#include "syntax/ast.h"
#include "check/check.h"
#include "syntax/diag.h"

typedef struct tp_param_override {
    char *name;
    char *value;
} tp_param_override;

struct tp_compiler {
    tp_mem mem;
    tp_arena ast; /* syntax trees of the sources added since the last compile */
    tp_diags diags;
    tp_source *sources;
    size_t nsources, cap_sources;
    tp_decl *first, *last;
    tp_param_override *params;
    size_t nparams, cap_params;
    tp_schema *schemas; /* loaded, waiting for the compile that moves them to the plan */
    size_t nschemas, cap_schemas;
    unsigned max_errors;
    unsigned max_expr_depth;
    size_t max_regex_bytes, max_regex_input;
    int strict;
};

/* file_kind.c: what a file of this mode is ("a FIFO", "a directory", ...), or NULL for a
 * regular file: policies and schemas are read from regular files only. */
const char *tp_driver_not_regular(mode_t mode);

/* schemas.c: loads the schema a pack header names (`schema "tokpol/v1"`) for `input`. Load errors
 * are diagnostics; 0 or TP_ENOMEM. */
int tp_driver_load_pack_schemas(tp_compiler *c);

/* schemas.c: moves the loaded schemas into the plan and builds their shapes in its arena. Schemas
 * that do not build are diagnostics; 0 or TP_ENOMEM. */
int tp_driver_adopt_schemas(tp_compiler *c, tp_plan *p);
/* params.c: the plan's params with their values as written (tp_plan_param). */
int tp_driver_record_params(tp_compiler *c, tp_plan *p, const tp_checked *program);

/* clause_text.c: keeps the source text of every rule clause in the plan (tp_step.text,
 * tp_rule_plan.assertion_text), for explanations; 0 or TP_ENOMEM. A clause whose text cannot be
 * found keeps NULL. */
int tp_driver_clause_texts(tp_plan *p, const tp_source *sources, size_t nsources,
                           const tp_mem *mem);

#endif
