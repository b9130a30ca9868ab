/* "Did you mean": the closest of a list of names to a misspelt one. */
#ifndef TP_SUGGEST_H
#define TP_SUGGEST_H

#include <stddef.h>

#include "tokpol.h" /* tp_suggest, which the library exports */

/* Levenshtein distance (a swap of two neighbours counts as one edit) capped at `cap` + 1. */
size_t tp_edit_distance(const char *a, const char *b, size_t cap);

/* Writes the names, separated by ", ", into buf (always terminated), cutting the list at a whole
 * name when it does not fit: "read_api, read_user and 7 more". Returns buf. */
const char *tp_name_list(char *buf, size_t size, const char *const *names, size_t n);

#endif
