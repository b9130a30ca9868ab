/* Results kept for the rest of an input: the value (or the error) of an expression the plan marks
 * as depending on nothing that changes between subjects, or only on the key it looks its
 * elements up by (lower/lower_index.c). Everything lives in the input's arena. */
#ifndef TP_MEMO_H
#define TP_MEMO_H

#include "base/arena.h"
#include "eval/value.h"

typedef struct tp_memo tp_memo;

/* What was kept for one key: a value, or the error (value absent). */
typedef struct tp_memo_entry {
    tp_value key, value;
    const char *error;
} tp_memo_entry;

/* An empty table in arena a; NULL when out of memory. */
tp_memo *tp_memo_new(tp_arena *a);

/* The entry kept for a key (a scalar, or a list of them), or for NULL (the one result of an
 * expression with no key); NULL when there is none. */
const tp_memo_entry *tp_memo_find(const tp_memo *m, const tp_value *key);

/* Keeps value, or error when it is not NULL, for key (NULL: no key), copying what they hold into
 * arena a (what a document holds is borrowed; a string read from one of `sources`, the
 * evaluation's documents, keeps its offset there). 0 or TP_ENOMEM. */
int tp_memo_put(tp_memo *m, tp_arena *a, const tp_source *sources, const tp_value *key,
                const tp_value *value, const char *error);

#endif
