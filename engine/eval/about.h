/* What an input is about: the pack headers' `about`, evaluated once per input. */
#ifndef TP_ABOUT_H
#define TP_ABOUT_H

#include "eval/context.h"
#include "eval/result.h"

/* Evaluates the `about` of every pack header of the plan over the current input and records the
 * text in the result's current input ("team Acme (id 170312)"; several are joined with "; "). An
 * `about` that cannot be evaluated (the input lacks what it names) says nothing. 0 or TP_ENOMEM. */
int tp_about_record(tp_eval *ev, tp_result *r);

#endif
