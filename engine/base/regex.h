/*
 * Regular expressions for matches() and capture(): the one module that compiles and runs them, so
 * the engine behind it (PCRE2) can change without touching its callers.
 *
 * PCRE2 is a backtracking engine: some patterns take exponential time or memory on some inputs,
 * and PCRE2's own match limit restarts at every position of the string it searches. So every
 * compile is bounded (the pattern's length, PCRE2's limit on the compiled size, no
 * backreferences) and every match counts its steps (a pattern item tried, plus the characters
 * moved over since the last one, through PCRE2's automatic callouts) against two budgets: one
 * per match, and one per evaluation for the steps beyond a free allowance of a few per byte
 * searched, so matching costs time linear in the strings searched plus a constant. PCRE2's
 * match, depth and heap limits and the JIT's stack bound the rest. A match over budget stops with
 * TP_ELIMIT and a sentence naming the budget, never a hang (docs/security.md).
 *
 * A compiled tp_regex is read-only and may be shared by threads; everything a match changes lives
 * in a tp_regex_run, one per evaluation context.
 */
#ifndef TP_REGEX_H
#define TP_REGEX_H

#include <stddef.h>

#include "base/alloc.h"

typedef struct tp_regex tp_regex;
typedef struct tp_regex_run tp_regex_run;

/* The budgets: steps of one match; steps of one evaluation beyond the free ones (so many per
 * byte of each string searched, plus as many for the empty string); PCRE2's limits of one match
 * (the match limit counts per starting position) and the most the JIT's stack may grow to. */
#define TP_REGEX_MATCH_STEPS 1000000u
#define TP_REGEX_FREE_STEPS_PER_BYTE 8u
#define TP_REGEX_EVAL_STEPS 100000000u
#define TP_REGEX_MATCH_LIMIT 1000000u
#define TP_REGEX_DEPTH_LIMIT 100000u
#define TP_REGEX_HEAP_LIMIT_KIB 16384u
#define TP_REGEX_JIT_STACK_BYTES (4u << 20)

/* Flags of tp_regex_compile. TP_REGEX_CHECK only checks that the pattern compiles: no JIT. */
enum { TP_REGEX_CHECK = 1 };

/* Compiles the `len` bytes of `pattern` (valid UTF-8) into *out (free with tp_regex_free).
 * TP_ELIMIT when it is over a limit (longer than max_bytes, too large compiled, a backreference)
 * and TP_EINVAL when it is not a valid expression, each with the reason as a sentence in why; or
 * TP_ENOMEM. */
int tp_regex_compile(tp_regex **out, const tp_mem *mem, const char *pattern, size_t len,
                     size_t max_bytes, unsigned flags, char *why, size_t size);

void tp_regex_free(tp_regex *re, const tp_mem *mem);

/* The state of matches of one evaluation: free with tp_regex_run_free. */
int tp_regex_run_new(tp_regex_run **out, const tp_mem *mem);
void tp_regex_run_free(tp_regex_run *run);

/* A pattern that is not a literal (from data or a param), compiled as tp_regex_compile does and
 * kept by the run, which hands back the same compiled pattern while it is asked for the same text
 * again. *out is the run's: valid until the next call or tp_regex_run_free. */
int tp_regex_run_compile(tp_regex_run *run, const tp_regex **out, const char *pattern, size_t len,
                         size_t max_bytes, char *why, size_t size);

/* Where a group matched: [start, end) bytes of the subject; set is 0 when it took no part. */
typedef struct tp_regex_span {
    size_t start, end;
    int set;
} tp_regex_span;

/* Searches the `len` bytes of s for re. 1 when it matches (with *group, when not NULL, where its
 * first group matched, or the whole match when it has no group), 0 when it does not; TP_ELIMIT
 * with a sentence in why when the match ran out of a budget; TP_ENOMEM. */
int tp_regex_match(tp_regex_run *run, const tp_regex *re, const char *s, size_t len,
                   tp_regex_span *group, char *why, size_t size);

#endif
