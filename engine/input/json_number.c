/*
 * JSON numbers, validated and converted in one pass, whatever the process locale: the digits are
 * gathered and converted as base/decimal.h does it for every number tokpol reads.
 */
#include <math.h>
#include <stdint.h>

#include "base/decimal.h"
#include "input/json_reader.h"

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

int tp_json_number(tp_jreader *r, tp_jnode *out)
{
    const unsigned char *s = (const unsigned char *)r->s;
    size_t start = r->i, i = start;
    int neg = s[i] == '-';
    tp_decimal a = {0, 0, 0, 0};
    i += (size_t)neg;
    if (s[i] == '0') {
        i++;
        if (is_digit(s[i]))
            return tp_jreader_fail(r, start, TP_EINPUT, "invalid number: a leading zero");
    } else if (is_digit(s[i])) {
        for (; is_digit(s[i]); i++)
            tp_decimal_add_digit(&a, s[i] - '0', 0);
    } else {
        return tp_jreader_fail(r, start, TP_EINPUT, "invalid number");
    }
    int integer = 1, has_exp = 0;
    if (s[i] == '.') {
        integer = 0;
        if (!is_digit(s[++i]))
            return tp_jreader_fail(r, start, TP_EINPUT, "invalid number: digits must follow '.'");
        for (; is_digit(s[i]); i++)
            tp_decimal_add_digit(&a, s[i] - '0', 1);
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
            if (exp < TP_DECIMAL_EXP_CLAMP)
                exp = exp * 10 + (s[i] - '0');
        if (eneg)
            exp = -exp;
    }
    size_t n = i - start;
    /* The length rules of engine/json_check.c, kept so that both accept the same texts. */
    if (n >= 64 && has_exp)
        return tp_jreader_fail(r, start, TP_EINPUT, "number too long");
    if (n > 309)
        return tp_jreader_fail(r, start, TP_EINPUT, "number out of range");
    double v = tp_decimal_value(&a, (const char *)s + start + neg, n - (size_t)neg, exp);
    if (neg)
        v = -v;
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
