/* Rule filters (tp_eval_options.rules and skip_rules): which rules of a plan an evaluation runs,
 * and the check that every pattern matches a rule and some rule is left to run. */
#ifndef TP_RULE_FILTER_H
#define TP_RULE_FILTER_H

#include "tokpol.h"

/* Whether the options' filters select the rule `id`. */
int tp_rule_filter_selects(const tp_eval_options *o, const char *id);

#endif
