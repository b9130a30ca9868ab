/* Join warming: before a rule's turn over a block of subjects, the index lookups its joins will
 * make for them are made ahead (tp_hash_index_warm), so that a join over a list too large for the
 * caches waits for memory once per block, not three times per subject. Only joins keyed by a
 * field path of the rule's `for` variable (`u.id == t.owner`) are warmed: their keys are read off
 * each subject without evaluating anything. Results never depend on it. */
#ifndef TP_JOIN_WARM_H
#define TP_JOIN_WARM_H

#include "eval/context.h"

/* The most joins of one rule that are warmed. */
#define TP_JOIN_WARM_SITES 8

typedef struct tp_join_warm {
    int found; /* sites[] were looked for */
    uint32_t n;
    const tp_gen_clause *sites[TP_JOIN_WARM_SITES];
    /* The lookups each site's index had at the rule's last turn: how many the block since made
     * says whether the next block will make enough of them to pay for its warming. */
    uint64_t lookups[TP_JOIN_WARM_SITES];
} tp_join_warm;

/* Warms the joins of `rule` (w zeroed before its first turn, then kept) for the n subjects from
 * *it on; *it does not move. */
void tp_join_warm_block(tp_eval *ev, const tp_rule_plan *rule, tp_join_warm *w, const tp_iter *it,
                        uint32_t n);

#endif
