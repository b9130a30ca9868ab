/*
 * Lowering: turns the checked program into the plan the evaluator runs. Expressions become plan
 * nodes (plan/plan.h) with their slots resolved; generators filtered by `VAR.path == E` get a
 * hash index; literal patterns of matches() are compiled; every field access gets a site id;
 * rule, waiver and pack metadata is copied into the plan's arena. After it, the plan needs
 * nothing of the syntax trees.
 */
#ifndef TP_LOWER_H
#define TP_LOWER_H

#include "check/check.h"
#include "plan/plan.h"

/* Fills `plan` (whose files, schemas and limits the driver set) from `program`, which must have
 * checked without errors. 0 or TP_ENOMEM. */
int tp_lower(tp_plan *plan, const tp_checked *program);

#endif
