/* Evaluating one expression of the plan. */
#ifndef TP_EXPRESSION_H
#define TP_EXPRESSION_H

#include "eval/context.h"

/* Evaluates n into *out (ABSENT is a value here). 0, TP_EVAL_ERR or TP_ENOMEM. */
int tp_eval_expr(tp_eval *ev, const tp_expr *n, tp_value *out);
/* Evaluates n and fails if the result is absent. */
int tp_eval_present(tp_eval *ev, const tp_expr *n, tp_value *out);
/* Visits the values a generator generates, or the elements of the list n evaluates to. */
int tp_eval_each(tp_eval *ev, const tp_expr *n, tp_visit_fn fn, void *state);

#endif
