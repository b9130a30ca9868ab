/* The result of evaluations: findings with their strings, per-input counts. */
#ifndef TP_RESULT_H
#define TP_RESULT_H

#include "arena.h"
#include "plan.h"
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
};

/* Appends a finding; strings are copied. The fingerprint is derived here. */
int tp_result_add(tp_result *r, const tp_rule_plan *rule, tp_finding_status status,
                  const char *subject, const char *pointer, const char *message,
                  const char *remediation);

/* Opens the next input section; findings added after belong to it. */
int tp_result_begin_input(tp_result *r, const char *name);

/* Sorts the findings of the current input by rule id, then subject. */
void tp_result_end_input(tp_result *r, size_t first_finding);

#endif
