/*
 * Evaluation errors of one rule over one input, grouped by their message: the same error for
 * many subjects (a field missing from every element) becomes one finding, at the first subject,
 * whose message counts the subjects and names the first few. An error message already says where
 * in the policy it comes from, so equal messages are one mistake. The rule runner adds each
 * error here instead of recording it, and flushes the groups into the result when the rule ends.
 */
#ifndef TP_ERROR_GROUPS_H
#define TP_ERROR_GROUPS_H

#include "base/arena.h"
#include "eval/result.h"

/* Distinct errors kept per rule; more are recorded one finding each, as they come. */
#define TP_ERROR_GROUPS_MAX 32
/* Subjects a grouped message names besides the first. */
#define TP_ERROR_GROUP_NAMED 4

typedef struct tp_error_group {
    tp_finding first; /* the draft of the first subject's finding, strings copied */
    size_t count;
    const char *named[TP_ERROR_GROUP_NAMED]; /* the next subjects */
} tp_error_group;

typedef struct tp_error_groups {
    tp_arena arena; /* the copied strings, rewound to `start` at each flush */
    tp_arena_mark start;
    tp_error_group items[TP_ERROR_GROUPS_MAX];
    size_t n;
} tp_error_groups;

void tp_error_groups_init(tp_error_groups *g, const tp_mem *mem);
void tp_error_groups_free(tp_error_groups *g);

/* Adds the error finding `draft` (status error) of the rule running now: to the group of its
 * message, or as a new group; recorded into r at once when there is no room for one. 0,
 * TP_ENOMEM, or what tp_result_record returns. */
int tp_error_groups_add(tp_error_groups *g, tp_result *r, const tp_finding *draft);

/* Records one finding per group into r, in the order the groups began, and empties g. */
int tp_error_groups_flush(tp_error_groups *g, tp_result *r);

#endif
