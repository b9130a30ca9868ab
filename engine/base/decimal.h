/*
 * Numbers as text and back in one form, '.' as the radix, whatever LC_NUMERIC the embedding
 * process chose: strtod and printf read the process locale (a decimal comma reads "1.5" as 1 and
 * writes "1,5"), and the library may not change it (no setlocale; uselocale per call costs too
 * much on a reader's hot path). Reading gathers the significant digits itself and converts them
 * exactly when it can (Clinger's fast path); the rest goes to strtod in a form with no radix
 * character ("12345e-3"), which parses alike in every locale, correctly rounded. Writing lets
 * printf round and puts '.' back where the locale put its radix.
 */
#ifndef TP_DECIMAL_H
#define TP_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

/* Where a reader stops adding up a written exponent: far beyond any finite double, well inside a
 * long. */
#define TP_DECIMAL_EXP_CLAMP 100000

/* The significant digits of a number read so far (start zeroed). */
typedef struct tp_decimal {
    uint64_t m;  /* the first 19 significant digits */
    int digits;  /* how many are in m */
    int exp10;   /* value = m * 10^exp10 (before the written exponent) */
    int inexact; /* a nonzero digit did not fit in m */
} tp_decimal;

/* Adds the next digit d of the number, before the point (fraction 0) or after it (1). Inline: the
 * JSON reader calls it for every digit of an inventory. */
static inline void tp_decimal_add_digit(tp_decimal *a, unsigned d, int fraction)
{
    if (a->m == 0 && d == 0) { /* a leading zero is not significant */
        a->exp10 -= fraction;
        return;
    }
    if (a->digits < 19) {
        a->m = a->m * 10 + d;
        a->digits++;
        a->exp10 -= fraction;
    } else {
        a->exp10 += !fraction;
        a->inexact |= d != 0;
    }
}

/* The value of the unsigned number text[0, len) (digits, an optional fraction, an optional
 * exponent, syntax already checked) whose digits are in *a and whose written exponent is exp
 * (clamped by the caller far beyond any double's range, inside a long). Correctly rounded;
 * infinity when too large. */
double tp_decimal_value(const tp_decimal *a, const char *text, size_t len, long exp);

/* The value of the unsigned number text[0, len) in that syntax (a policy's number literal), of
 * any length. */
double tp_decimal_read(const char *text, size_t len);

/* printf's "%.*g" (conv 'g') or "%.*f" (conv 'f') of n into buf, with '.' as the radix; buf is
 * returned, so that a call can be a printf argument. 32 bytes hold any 'g' up to precision 17. */
const char *tp_decimal_write(char *buf, size_t size, char conv, int precision, double n);

#endif
