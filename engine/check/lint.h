/* Lint warnings on a checked program: unused names, rules that never fire or never check the
 * input, repeated rules. */
#ifndef TP_LINT_H
#define TP_LINT_H

#include "check/check.h"

/* Adds warnings about a checked program (without errors) to diags; `in`, what was checked, names
 * its files and holds the input schemas. 0 or TP_ENOMEM. */
int tp_lint(tp_diags *diags, const tp_checked *program, const tp_check_input *in);

#endif
