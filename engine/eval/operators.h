/* Binary operators on evaluated operands (everything but and, or and ??, which decide whether to
 * evaluate their right side). */
#ifndef TP_OPERATORS_H
#define TP_OPERATORS_H

#include "eval/context.h"

/* `l op r` for BINARY node n: 0 with *out, or TP_EVAL_ERR. */
int tp_op_apply(tp_eval *ev, const tp_expr *n, const tp_value *l, const tp_value *r, tp_value *out);

/* `x in container` for a list (an equal element), a string (a substring) or an object (a key);
 * errors are reported at n. */
int tp_op_membership(tp_eval *ev, const tp_expr *n, const tp_value *x, const tp_value *in,
                     int *found);

#endif
