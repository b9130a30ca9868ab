/* The result of evaluations: findings with their strings, per-input counts. */
#ifndef TP_RESULT_H
#define TP_RESULT_H

#include "base/arena.h"
#include "plan/plan.h"
#include "tokpol.h"

typedef struct tp_input_entry {
    const char *name;
    size_t checked;
} tp_input_entry;

struct tp_result {
    tp_mem mem;
    tp_arena arena; /* every string of every finding */
    tp_result_options opts;
    const tp_plan *plan;
    tp_finding *findings;
    size_t n, cap;
    tp_input_entry *inputs;
    size_t ninputs, cap_inputs;
    tp_arena scratch; /* strings of findings that are streamed and not kept */
    size_t rules_run, failed, failing, waived, errors, baseline, dropped;
    const char *run_rule; /* the rule whose findings are being added, and how many were kept */
    size_t run_rule_kept;
};

/* Whether the result's rule filters select rule `id`. */
int tp_result_selects(const tp_result *r, const char *id);

/* Records a finding of `rule` from a draft (status, subject, pointer, message, remediation,
 * waiver, input location; the rest is filled here): counts it, hands it to the streaming
 * callback, and keeps it unless the options say not to. Strings are copied; the fingerprint is
 * derived here. TP_ECANCELED when the callback asks to stop. */
int tp_result_add(tp_result *r, const tp_rule_plan *rule, const tp_finding *draft);

/* Opens the next input section; findings added after belong to it. */
int tp_result_begin_input(tp_result *r, const char *name);

/* Sorts the findings of the current input by rule id, then subject. */
void tp_result_end_input(tp_result *r, size_t first_finding);

#endif
