/* Lint warnings on a checked program: unused names, rules that never fire, repeated rules. */
#ifndef TP_LINT_H
#define TP_LINT_H

#include "check/check.h"

/* Adds warnings about a checked program (without errors) to diags; `sources` name its files.
 * 0 or TP_ENOMEM. */
int tp_lint(tp_diags *diags, const tp_checked *program, const tp_source *sources);

#endif
