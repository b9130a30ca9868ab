#include "base/decimal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_FAST_MANTISSA ((uint64_t)1 << 53)
/* Significant digits handed to strtod: a double's halfway cases need at most 767, and a nonzero
 * digit after them stands for all the digits dropped, so that they still round alike. */
#define SLOW_DIGITS 800

static const double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The value of text[0, len) by strtod on a rewritten form without a radix character: the
 * significant digits (at most SLOW_DIGITS, then a 1 if any dropped one is not 0) and a decimal
 * exponent. */
static double convert_slow(const char *text, size_t len, long exp)
{
    char buf[SLOW_DIGITS + 32]; /* the digits, a sticky 1, 'e', a sign and an exponent */
    size_t n = 0;
    int fraction = 0, dropped = 0;
    long e = exp;
    for (size_t i = 0; i < len && text[i] != 'e' && text[i] != 'E'; i++) {
        if (text[i] == '.') {
            fraction = 1;
        } else if (n == 0 && text[i] == '0') { /* a leading zero */
            e -= fraction;
        } else if (n < SLOW_DIGITS) {
            buf[n++] = text[i];
            e -= fraction;
        } else {
            dropped |= text[i] != '0';
            e += !fraction;
        }
    }
    if (n == 0)
        return 0;
    if (dropped) {
        buf[n++] = '1';
        e--;
    }
    n += (size_t)snprintf(buf + n, sizeof buf - n, "e%ld", e);
    return strtod(buf, NULL);
}

double tp_decimal_value(const tp_decimal *a, const char *text, size_t len, long exp)
{
    long e10 = a->exp10 + exp;
    if (!a->inexact && a->m <= MAX_FAST_MANTISSA && e10 >= -22 && e10 <= 22)
        return e10 < 0 ? (double)a->m / exact_pow10[-e10] : (double)a->m * exact_pow10[e10];
    return convert_slow(text, len, exp);
}

double tp_decimal_read(const char *text, size_t len)
{
    tp_decimal a = {0, 0, 0, 0};
    size_t i = 0;
    for (; i < len && is_digit(text[i]); i++)
        tp_decimal_add_digit(&a, (unsigned)(text[i] - '0'), 0);
    if (i < len && text[i] == '.')
        for (i++; i < len && is_digit(text[i]); i++)
            tp_decimal_add_digit(&a, (unsigned)(text[i] - '0'), 1);
    long exp = 0;
    if (i < len && (text[i] == 'e' || text[i] == 'E')) {
        int neg = ++i < len && text[i] == '-';
        i += i < len && (text[i] == '-' || text[i] == '+');
        for (; i < len && is_digit(text[i]); i++)
            if (exp < TP_DECIMAL_EXP_CLAMP)
                exp = exp * 10 + (text[i] - '0');
        if (neg)
            exp = -exp;
    }
    return tp_decimal_value(&a, text, len, exp);
}

const char *tp_decimal_write(char *buf, size_t size, char conv, int precision, double n)
{
    if (conv == 'f')
        snprintf(buf, size, "%.*f", precision, n);
    else
        snprintf(buf, size, "%.*g", precision, n);
    if (!isfinite(n))
        return buf; /* inf, nan: letters, no radix */
    /* A finite number is [-]digits[RADIX digits][e(+|-)digits]; RADIX is whatever the locale
     * says, one byte or more: it becomes '.'. */
    char *w = buf;
    for (const char *r = buf; *r;) {
        if (is_digit(*r) || *r == '-' || *r == '+' || *r == 'e') {
            *w++ = *r++;
        } else {
            *w++ = '.';
            while (*r && !is_digit(*r))
                r++;
        }
    }
    *w = '\0';
    return buf;
}
