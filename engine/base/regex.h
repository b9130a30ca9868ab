/* What matches() refuses, at compile time for literal patterns and at run time for others.
 * glibc's matcher is polynomial for extended regular expressions without backreferences, and
 * quadratic at worst in the searched string (measured: "(a|aa)*c" on 50,000 'a's takes 2.7 s):
 * so backreferences are refused and pattern and input lengths are limited. */
#ifndef TP_REGEX_LIMITS_H
#define TP_REGEX_LIMITS_H

#include <stddef.h>

/* 0 when the pattern may be compiled; else 1 and a reason in why. */
int tp_regex_refuse(const char *pattern, size_t len, size_t max_bytes, char *why, size_t size);

#endif
