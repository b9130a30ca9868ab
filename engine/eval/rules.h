/* Running a plan's rules over one input in one evaluation context (rules.c); tp_evaluate
 * (evaluate.c) sets up the context, and may share the subjects out to threads (rule_shares.c). */
#ifndef TP_RULES_H
#define TP_RULES_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/context.h"
#include "tokpol.h"

/* What one context checks when several threads share the input (rule_shares.c): of each rule
 * over a list, the `index`th of `count` equal ranges of its subjects, in list order (count 0:
 * none of these rules); and, when `whole`, the rules without `for`. A share stops
 * (TP_ECANCELED) at an evaluation error, whose group must see every subject of its rule, and sets
 * *stop; every share stops at its next block once *stop is set. TP_RULES_ALL: everything. */
typedef struct tp_rules_share {
    size_t index, count;
    int whole;
    atomic_int *stop;
} tp_rules_share;

#define TP_RULES_ALL ((tp_rules_share){0, 1, 1, NULL})

/* Runs the rules the options select, over the subjects of `share`, with the documents bound in
 * ev, recording their findings into r's current input; marks in waiver_used (per plan waiver)
 * the waivers that covered one. 0, or TP_ENOMEM, TP_ELIMIT, TP_ECANCELED: what ran is recorded. */
int tp_rules_run(tp_result *r, tp_eval *ev, const tp_eval_options *opts, const char *input_name,
                 uint8_t *waiver_used, tp_rules_share share);

#endif
