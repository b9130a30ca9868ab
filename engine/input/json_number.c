/*
 * JSON numbers, validated and converted in one pass, whatever the process locale. Most numbers
 * in inventories (integers, short decimals) take the exact fast path: a mantissa of at most 53
 * bits times or divided by an exact power of ten is correctly rounded (Clinger). The others are
 * rewritten as digits and a decimal exponent with no radix character ("12345e-3") and given to
 * strtod, whose only locale dependence is the radix character: that form parses alike in every
 * locale, correctly rounded.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "input/json_reader.h"

#define MAX_FAST_MANTISSA ((uint64_t)1 << 53)
#define EXP_CLAMP 100000 /* far beyond any finite double, well inside an int */

static const double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

typedef struct mantissa {
    uint64_t m;   /* the first 19 significant digits */
    int digits;   /* how many are in m */
    int exp10;    /* value = m * 10^exp10 (before the written exponent) */
    int inexact;  /* a nonzero digit did not fit in m */
    size_t nfrac; /* digits after the point */
} mantissa;

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static void add_digit(mantissa *a, unsigned d, int fraction)
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

/* The value of the number at s[start, end) (syntax already checked) by strtod on a rewritten
 * form without a radix character. */
static double convert_slow(const unsigned char *s, size_t start, size_t end, long exp, size_t nfrac)
{
    char buf[400]; /* at most 309 digits, a sign, 'e' and an exponent */
    size_t n = 0;
    for (size_t i = start; i < end && s[i] != 'e' && s[i] != 'E'; i++)
        if (s[i] != '.')
            buf[n++] = (char)s[i];
    long e = exp - (long)nfrac;
    buf[n++] = 'e';
    if (e < 0) {
        buf[n++] = '-';
        e = -e;
    }
    char digits[24];
    size_t k = 0;
    do {
        digits[k++] = (char)('0' + e % 10);
        e /= 10;
    } while (e);
    while (k)
        buf[n++] = digits[--k];
    buf[n] = '\0';
    return strtod(buf, NULL);
}

int tp_json_number(tp_jreader *r, tp_jnode *out)
{
    const unsigned char *s = (const unsigned char *)r->s;
    size_t start = r->i, i = start;
    int neg = s[i] == '-';
    mantissa a = {0, 0, 0, 0, 0};
    i += (size_t)neg;
    if (s[i] == '0') {
        i++;
        if (is_digit(s[i]))
            return tp_jreader_fail(r, start, TP_EINPUT, "invalid number: a leading zero");
    } else if (is_digit(s[i])) {
        for (; is_digit(s[i]); i++)
            add_digit(&a, s[i] - '0', 0);
    } else {
        return tp_jreader_fail(r, start, TP_EINPUT, "invalid number");
    }
    int integer = 1, has_exp = 0;
    if (s[i] == '.') {
        integer = 0;
        if (!is_digit(s[++i]))
            return tp_jreader_fail(r, start, TP_EINPUT, "invalid number: digits must follow '.'");
        for (; is_digit(s[i]); i++, a.nfrac++)
            add_digit(&a, s[i] - '0', 1);
    }
    long exp = 0;
    if (s[i] == 'e' || s[i] == 'E') {
        integer = 0;
        has_exp = 1;
        i++;
        int eneg = s[i] == '-';
        if (s[i] == '-' || s[i] == '+')
            i++;
        if (!is_digit(s[i]))
            return tp_jreader_fail(r, start, TP_EINPUT,
                                   "invalid number: digits must follow the exponent");
        for (; is_digit(s[i]); i++)
            if (exp < EXP_CLAMP)
                exp = exp * 10 + (s[i] - '0');
        if (eneg)
            exp = -exp;
    }
    size_t n = i - start;
    long e10 = a.exp10 + exp;
    double v;
    /* The length rules of engine/json_check.c, kept so that both accept the same texts. */
    if (n >= 64 && has_exp)
        return tp_jreader_fail(r, start, TP_EINPUT, "number too long");
    if (n > 309)
        return tp_jreader_fail(r, start, TP_EINPUT, "number out of range");
    if (!a.inexact && a.m <= MAX_FAST_MANTISSA && e10 >= -22 && e10 <= 22) {
        v = e10 < 0 ? (double)a.m / exact_pow10[-e10] : (double)a.m * exact_pow10[e10];
        if (neg)
            v = -v;
    } else {
        v = convert_slow(s, start, i, exp, a.nfrac);
    }
    if (!isfinite(v)) {
        if (n < 64)
            return tp_jreader_fail(r, start, TP_EINPUT, "number out of range: %.*s", (int)n,
                                   (const char *)s + start);
        return tp_jreader_fail(r, start, TP_EINPUT, "number out of range");
    }
    r->i = i;
    memset(out, 0, sizeof *out);
    out->kind = TP_J_NUM;
    out->flags = integer ? TP_JF_INT : 0;
    out->len = (uint32_t)start;
    out->u.num = v;
    return 0;
}
