/* The built-in functions that take values (base/lang.h lists them all): dispatched through the
 * one X-macro list to one implementation each. Aggregates are eval/aggregate.h. */
#ifndef TP_BUILTINS_H
#define TP_BUILTINS_H

#include "eval/context.h"

/* Calls built-in call->op on its evaluated arguments args[0..call->nargs): present values, or for
 * has() possibly absent. 0 with *out, TP_EVAL_ERR or TP_ENOMEM. */
int tp_builtin_apply(tp_eval *ev, const tp_expr *call, const tp_value *args, tp_value *out);

#endif
