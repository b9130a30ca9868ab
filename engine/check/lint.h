/* Lint warnings on a checked plan: unused names, rules that never fire, repeated rules. */
#ifndef TP_LINT_H
#define TP_LINT_H

#include "plan/plan.h"
#include "syntax/diag.h"

/* Adds warnings to diags. 0 or TP_ENOMEM. */
int tp_lint(tp_diags *diags, const tp_plan *plan);

#endif
