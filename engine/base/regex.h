/*
 * Regular expressions for matches(): the one module that compiles and runs them, so the engine
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

/* Compiles the NUL-terminated `pattern` of `len` bytes into *out (free with tp_regex_free).
 * TP_ELIMIT when it is refused (longer than max_bytes, a backreference) and TP_EINVAL when it is
 * not a valid expression, each with the reason as a sentence in why; or TP_ENOMEM. */
int tp_regex_compile(tp_regex **out, const tp_mem *mem, const char *pattern, size_t len,
                     size_t max_bytes, char *why, size_t size);

/* Whether the expression matches somewhere in the NUL-terminated string s. */
int tp_regex_search(const tp_regex *re, const char *s);

void tp_regex_free(tp_regex *re, const tp_mem *mem);

#endif
