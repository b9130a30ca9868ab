/* Hash index over one field of a list's elements: turns `x for x in L where x.f == E` from a
 * scan per subject into one build per input and a lookup per subject. */
#ifndef TP_INDEX_H
#define TP_INDEX_H

#include "eval/eval.h"

/* Builds (once per input, cached on ev) and looks up the index of generator `gen`, visiting
 * the matching elements in list order with gen's variable bound. Elements are further
 * filtered by gen->rest_where and passed to fn as for a scan. */
int tp_index_visit(tp_eval *ev, const tp_node *gen, tp_visit_fn fn, void *state,
                   int (*each)(tp_eval *, const tp_node *, const tp_value *, tp_visit_fn, void *));

#endif
