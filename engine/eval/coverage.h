/* Clause coverage: per rule clause that decides something for each subject (its lets and wheres in
 * order, then the assertion), how many subjects reached it and how it came out. `tokpol test
 * --coverage` reads it through tp_result_clause_coverage. */
#ifndef TP_COVERAGE_H
#define TP_COVERAGE_H

#include "eval/result.h"

typedef enum tp_cover_outcome {
    TP_COVER_HELD,   /* a condition was true; a let had a value */
    TP_COVER_FAILED, /* a condition was false */
    TP_COVER_ERROR   /* it could not be evaluated */
} tp_cover_outcome;

/* Makes the result's tallies for its plan (once); 0 or TP_ENOMEM. */
int tp_coverage_prepare(tp_result *r);

/* Clause `clause` (a step index, or the rule's nsteps for the assertion) of plan rule `rule` was
 * evaluated for a subject, with this outcome. */
void tp_coverage_note(tp_result *r, size_t rule, size_t clause, tp_cover_outcome outcome);

/* Adds the tallies of `from` (same plan) to those of `into`, made if need be; 0 or TP_ENOMEM. */
int tp_coverage_merge(tp_result *into, const tp_result *from);

#endif
