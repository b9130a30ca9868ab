/* The aggregates (any all count distinct first sum min max): a state fed one element at a time. */
#ifndef TP_AGGREGATE_H
#define TP_AGGREGATE_H

#include "eval/context.h"

typedef struct tp_aggregate {
    const tp_expr *call; /* the CALL node: which aggregate, and where errors point */
    tp_value acc;
    uint32_t count;
    tp_listbuf seen; /* distinct: values kept, in order */
    uint64_t *hashes;
    int32_t *table; /* distinct: open addressing over `seen` by hash */
    uint32_t mask;
} tp_aggregate;

void tp_aggregate_start(tp_aggregate *a, const tp_expr *call);
/* Feeds one element (a tp_visit_fn over a tp_aggregate): 0 go on, 1 decided (stop), or an
 * error. */
int tp_aggregate_add(tp_eval *ev, const tp_value *v, void *state);
/* The result: count, the distinct values, the sum (0 of nothing), or the kept element (absent
 * when there was none). */
void tp_aggregate_finish(const tp_aggregate *a, tp_value *out);

#endif
