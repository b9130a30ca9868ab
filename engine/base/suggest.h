/* "Did you mean": the closest of a list of names to a misspelt one. */
#ifndef TP_SUGGEST_H
#define TP_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance (a swap of two neighbours counts as one edit) capped at `cap` + 1. */
size_t tp_edit_distance(const char *a, const char *b, size_t cap);

/* The closest of `candidates` to `word` if it is close enough to be a plausible typo, or NULL. */
const char *tp_suggest(const char *word, const char *const *candidates, size_t n);

/* Writes the names, separated by ", ", into buf (always terminated), cutting the list at a whole
 * name when it does not fit: "read_api, read_user and 7 more". Returns buf. */
const char *tp_name_list(char *buf, size_t size, const char *const *names, size_t n);

#endif
