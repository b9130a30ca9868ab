/* Join warming: before every few subjects of a rule's turn (TP_HASH_WARM_MAX), the index lookups
 * its joins will make for them are made ahead (tp_hash_index_warm), so that a join over a list too
 * large for the caches waits for memory once per few subjects, not four times per subject. Only
 * joins keyed by a field path of the rule's `for` variable (`u.id == t.owner`) are warmed: their
 * keys are read off each subject without evaluating anything. Results never depend on it. */
#ifndef TP_JOIN_WARM_H
#define TP_JOIN_WARM_H

#include "eval/context.h"

/* The most joins of one rule that are warmed. */
#define TP_JOIN_WARM_SITES 8

typedef struct tp_join_warm {
    int found; /* sites[] were looked for */
    uint32_t n;
    const tp_gen_clause *sites[TP_JOIN_WARM_SITES];
    /* The lookups each site's index had at the rule's last warming: how many the subjects since
     * made says whether the next ones will make enough of them to pay for their warming. */
    uint64_t lookups[TP_JOIN_WARM_SITES];
} tp_join_warm;

/* Warms the joins of `rule` (w zeroed before its first turn, then kept) for the n subjects from
 * *it on (n <= TP_HASH_WARM_MAX); *it does not move. */
void tp_join_warm_block(tp_eval *ev, const tp_rule_plan *rule, tp_join_warm *w, const tp_iter *it,
                        uint32_t n);

#endif
