/* Lint warnings on a checked plan: unused names, rules that never fire, repeated rules. */
#ifndef TP_LINT_H
#define TP_LINT_H

#include "driver/compiler.h"

/* Adds warnings to c's diagnostics. 0 or TP_ENOMEM. */
int tp_lint(tp_compiler *c, const tp_plan *plan);

#endif
