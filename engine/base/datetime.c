#include "base/datetime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/strbuf.h"
#include "tokpol.h"

int64_t tp_datetime_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * TP_US_PER_SEC;
}

int64_t tp_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, size_t n, unsigned *out)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return 29;
    return dm[m - 1];
}

int tp_datetime_parse(const char *s, size_t len, int64_t *us)
{
    unsigned y, mo, d, h = 0, mi = 0, sec = 0;
    if (len < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return -1;
    int64_t frac = 0, offset = 0;
    if (len > 10) {
        const char *t = s + 11;
        size_t rest = len - 11;
        if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || rest < 9)
            return -1;
        if (digits(t, 2, &h) || t[2] != ':' || digits(t + 3, 2, &mi) || t[5] != ':' ||
            digits(t + 6, 2, &sec))
            return -1;
        if (h > 23 || mi > 59 || sec > 60)
            return -1;
        size_t i = 8;
        if (i < rest && t[i] == '.') {
            size_t start = ++i;
            int64_t scale = 100000;
            while (i < rest && t[i] >= '0' && t[i] <= '9') {
                frac += (t[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start)
                return -1;
        }
        if (i == rest)
            return -1; /* RFC 3339 requires an offset */
        if ((t[i] == 'Z' || t[i] == 'z') && i + 1 == rest) {
            offset = 0;
        } else if ((t[i] == '+' || t[i] == '-') && i + 6 == rest && t[i + 3] == ':') {
            unsigned oh, om;
            if (digits(t + i + 1, 2, &oh) || digits(t + i + 4, 2, &om) || oh > 23 || om > 59)
                return -1;
            offset = ((int64_t)oh * 3600 + om * 60) * (t[i] == '-' ? -1 : 1);
        } else {
            return -1;
        }
    }
    /* A leap second (:60) counts as the first instant of the next minute. */
    int64_t secs = tp_days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 + mi * 60 + sec;
    *us = (secs - offset) * TP_US_PER_SEC + frac;
    return 0;
}

void tp_datetime_format(int64_t us, char *buf)
{
    int64_t secs = us / TP_US_PER_SEC, frac = us % TP_US_PER_SEC;
    if (frac < 0) {
        frac += TP_US_PER_SEC;
        secs--;
    }
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    int n = snprintf(buf, 40, "%04lld-%02u-%02uT%02u:%02u:%02u", (long long)y, m, d,
                     (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60), (unsigned)(rem % 60));
    if (frac) {
        int digits_n = 6;
        while (frac % 10 == 0) {
            frac /= 10;
            digits_n--;
        }
        n += snprintf(buf + n, (size_t)(40 - n), ".%0*lld", digits_n, (long long)frac);
    }
    snprintf(buf + n, (size_t)(40 - n), "Z");
}

void tp_duration_format(int64_t us, char *buf)
{
    static const struct {
        char unit;
        int64_t secs;
    } units[] = {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};
    size_t off = 0;
    uint64_t mag = us < 0 ? (uint64_t)(-(us + 1)) + 1 : (uint64_t)us;
    if (us < 0)
        buf[off++] = '-';
    uint64_t secs = mag / 1000000, frac = mag % 1000000;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        uint64_t n = secs / (uint64_t)units[i].secs;
        secs %= (uint64_t)units[i].secs;
        int last = units[i].unit == 's';
        if (!n && !(last && (frac || off == (us < 0 ? 1u : 0u))))
            continue;
        off += tp_format_uint(buf + off, n);
        if (last && frac) {
            /* Six digits of microseconds, trailing zeros dropped: 1.5s, 0.000001s. */
            buf[off++] = '.';
            int digits = 6;
            while (frac % 10 == 0)
                frac /= 10, digits--;
            for (int k = digits - 1; k >= 0; k--, frac /= 10)
                buf[off + (size_t)k] = (char)('0' + frac % 10);
            off += (size_t)digits;
        }
        buf[off++] = units[i].unit;
    }
    buf[off] = '\0';
}

int tp_time_parse(int64_t *out, const char *text)
{
    if (!out || !text)
        return TP_EINVAL;
    return tp_datetime_parse(text, strlen(text), out) == 0 ? TP_OK : TP_EINVAL;
}

int tp_duration_parse_text(const char *s, size_t len, int64_t *us)
{
    int64_t total = 0;
    size_t i = 0;
    if (len == 0)
        return -1;
    while (i < len) {
        int64_t n = 0;
        size_t start = i;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (n > INT64_MAX / 10 / TP_US_PER_SEC / 604800)
                return -1;
            n = n * 10 + (s[i++] - '0');
        }
        if (i == start || i == len)
            return -1;
        int64_t unit;
        switch (s[i++]) {
        case 'w':
            unit = 7 * 86400;
            break;
        case 'd':
            unit = 86400;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'm':
            unit = 60;
            break;
        case 's':
            unit = 1;
            break;
        default:
            return -1;
        }
        if (__builtin_add_overflow(total, n * unit * TP_US_PER_SEC, &total))
            return -1;
    }
    *us = total;
    return 0;
}

int tp_duration_parse(int64_t *out, const char *text)
{
    if (!out || !text)
        return TP_EINVAL;
    return tp_duration_parse_text(text, strlen(text), out) == 0 ? TP_OK : TP_EINVAL;
}
