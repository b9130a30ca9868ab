/* One input's subjects shared out to threads (tp_eval_options.threads): each thread checks a range
 * of every rule's subjects (rules.h) in a context and a result of its own; when every share
 * finished as one thread would have, the shares' results are merged into the input's, in list
 * order, as if one thread had evaluated them all. */
#ifndef TP_RULE_SHARES_H
#define TP_RULE_SHARES_H

#include "eval/result.h"
#include "tokpol.h"

/* What every share evaluates: the evaluation tp_evaluate is making. */
typedef struct tp_rule_shares {
    tp_result *r; /* its current input receives the findings */
    const tp_plan *plan;
    const char *input_name;
    const tp_binding *bindings;
    size_t nbindings;
    const tp_eval_options *opts;
    int64_t now;
    size_t budget; /* bytes of working memory of the evaluation; 0: no limit */
    size_t held;   /* of them by the calling thread's context (its documents bound) */
} tp_rule_shares;

/* tp_rule_shares_run did not evaluate: the caller evaluates on its own thread. */
#define TP_SHARES_DECLINED 1

/* Evaluates the rules on opts->threads threads into run->r, marking the waivers that covered a
 * finding in waiver_used: 0; TP_ENOMEM when the shares' results could not be merged (the
 * findings merged so far stay). TP_SHARES_DECLINED, with nothing recorded, when threads are not
 * asked for or cannot be used (explanations, streamed findings, max_findings_per_rule), or when
 * a share stopped (an evaluation error, out of memory, its part of the budget, the steps of all
 * together): one thread then decides, and what it finds is what one thread finds. */
int tp_rule_shares_run(const tp_rule_shares *run, uint8_t *waiver_used);

#endif
