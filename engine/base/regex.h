/*
 * Regular expressions for matches() and capture(): the one module that compiles and runs them, so
 * the engine
 * behind it (POSIX extended, glibc's matcher) can change without touching its callers.
 * glibc's matcher is polynomial for extended regular expressions without backreferences, and
 * quadratic at worst in the searched string (measured: "(a|aa)*c" on 50,000 'a's takes 2.7 s):
 * so backreferences are refused and pattern and input lengths are limited.
 */
#ifndef TP_REGEX_H
#define TP_REGEX_H

#include <stddef.h>

#include "base/alloc.h"

typedef struct tp_regex tp_regex;

/* How an expression is compiled: TP_REGEX_GROUPS keeps what its groups match (tp_regex_find). */
enum { TP_REGEX_MATCH = 0, TP_REGEX_GROUPS = 1 };

/* Compiles the NUL-terminated `pattern` of `len` bytes into *out (free with tp_regex_free).
 * TP_ELIMIT when it is refused (longer than max_bytes, a backreference) and TP_EINVAL when it is
 * not a valid expression, each with the reason as a sentence in why; or TP_ENOMEM. */
int tp_regex_compile(tp_regex **out, const tp_mem *mem, const char *pattern, size_t len,
                     size_t max_bytes, unsigned flags, char *why, size_t size);

/* Whether the expression matches somewhere in the NUL-terminated string s. */
int tp_regex_search(const tp_regex *re, const char *s);

/* The first match in s of an expression compiled with TP_REGEX_GROUPS: what its first group
 * matched, or the whole match when it has no group. 1 with the bytes [*start, *end) of s, or 0
 * when it does not match (or its first group took no part in the match). */
int tp_regex_find(const tp_regex *re, const char *s, size_t *start, size_t *end);

void tp_regex_free(tp_regex *re, const tp_mem *mem);

#endif
