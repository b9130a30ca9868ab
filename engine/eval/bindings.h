/* Binding an evaluation's documents to the names its plan reads (rules.c's first step). */
#ifndef TP_EVAL_BINDINGS_H
#define TP_EVAL_BINDINGS_H

#include "eval/context.h"

/* Whether the bindings make sense: documents given, at most one positional, a name bound twice
 * only when the options list it as bound to many documents. 0 or TP_EINVAL. */
int tp_eval_check_bindings(const tp_binding *b, size_t nb, const tp_eval_options *o);

/* Makes each binding a source of ev (a value's origin is 1 + its index) and binds each name the
 * plan reads: a list of documents, a document bound by that name, the input itself, or a
 * top-level field of the input, in that order of precedence. 0, or TP_ENOMEM / TP_ELIMIT. */
int tp_eval_bind_roots(tp_eval *ev, const tp_binding *b, size_t nb, const tp_eval_options *o);

/* A context of plan (tp_eval_init, a budget of max_memory bytes) with the bindings' documents
 * bound (tp_eval_bind_roots). 0, or what either returned; ev is freed with tp_eval_free either
 * way. */
int tp_eval_init_bound(tp_eval *ev, const tp_plan *plan, const tp_mem *mem, int64_t now,
                       size_t max_memory, const tp_binding *b, size_t nb, const tp_eval_options *o);

#endif
