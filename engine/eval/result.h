/* The result of evaluations: findings with their strings, per-input counts. The evaluator
 * records into it only through these functions; report writers read it. */
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
    const tp_plan *plan; /* of every evaluation; NULL before the first */
    int64_t now;         /* the clock of every evaluation */
    tp_finding *findings;
    size_t n, cap;
    tp_input_entry *inputs;
    size_t ninputs, cap_inputs;
    size_t input_first; /* the first finding of the current input */
    tp_arena scratch;   /* strings of findings that are streamed and not kept */
    uint8_t *rule_ran;  /* per plan rule: some evaluation ran it */
    size_t rules_run;   /* how many did */
    size_t failed, failing, waived, errors, baseline, dropped;
    const char *run_rule; /* the rule whose findings are being added, and how many were kept */
    size_t run_rule_kept;
};

/* Opens the next input section, named `name`, of an evaluation of `plan` at clock `now`;
 * findings recorded after belong to it. Every evaluation into one result has the same plan and
 * clock: TP_EINVAL otherwise. */
int tp_result_begin_input(tp_result *r, const tp_plan *plan, int64_t now, const char *name);

/* Rule i of the plan runs in the current evaluation (it passed the rule filters). */
void tp_result_rule_runs(tp_result *r, size_t i);

/* Whether some evaluation ran rule i of the plan. */
int tp_result_rule_ran(const tp_result *r, size_t i);

/* One more (rule, subject) pair of the current input was decided or failed to decide. */
void tp_result_count_checked(tp_result *r);

/* Records a finding of the current input from a draft that says everything about it but its
 * input and fingerprint (rule, title, severity, status, subject, pointer, message, remediation,
 * policy location, waiver, input location): counts it, marks it known from the baseline, hands
 * it to the streaming callback and keeps it unless the options say not to. Strings are copied,
 * except the rule's id and title, which live as long as the plan (or are static). TP_ECANCELED
 * when the callback asks to stop. */
int tp_result_record(tp_result *r, const tp_finding *draft);

/* Sorts the findings of the current input by rule id, then subject. */
void tp_result_end_input(tp_result *r);

#endif
