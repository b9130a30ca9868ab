/*
 * The check stage: names, types and schemas over the syntax trees. It is given everything it
 * checks as data (the declarations, the sources for messages, the input schemas, the --param
 * values already parsed) and returns diagnostics and the typed, resolved trees; it reads no file
 * and calls back into nothing.
 */
#ifndef TP_CHECK_H
#define TP_CHECK_H

#include "input/schema.h"
#include "plan/plan.h"
#include "syntax/ast.h"
#include "syntax/diag.h"

/* A --param NAME=VALUE override, parsed by the driver. */
typedef struct tp_param_value {
    const char *name;
    const char *text;     /* VALUE as given, for messages */
    const tp_node *value; /* VALUE as a literal, or else the text as a string literal */
} tp_param_value;

typedef struct tp_check_input {
    tp_decl *decls; /* every declaration of every source, in load order; annotated in place */
    const tp_source *sources;
    size_t nsources;
    const tp_schema *schemas; /* input schemas by binding name, their shapes built */
    size_t nschemas;
    const tp_param_value *params;
    size_t nparams;
    unsigned max_expr_depth;
    size_t max_regex_bytes;
    tp_arena *arena; /* where what the checker builds lives (the syntax trees' arena) */
    tp_diags *diags; /* errors and warnings */
} tp_check_input;

/* Checks every declaration and fills the plan's tables. 0 or TP_ENOMEM; errors are diagnostics. */
int tp_check(tp_plan *plan, const tp_check_input *in);

#endif
