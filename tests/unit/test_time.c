/* Timestamp parsing: RFC 3339 with any offset and fraction digits, dates; nothing else. */
#include "helpers.h"

typedef struct time_case {
    const char *text;
    int ok;
    long long us; /* microseconds since the epoch when ok */
} time_case;

static time_case cases[] = {
    {"1970-01-01T00:00:00Z", 1, 0},
    {"2026-01-31", 1, 1769817600000000LL},
    {"2026-01-31T12:00:00Z", 1, 1769860800000000LL},
    {"2026-01-31T12:00:00z", 1, 1769860800000000LL},
    {"2026-01-31t12:00:00Z", 1, 1769860800000000LL},
    {"2026-01-31 12:00:00Z", 1, 1769860800000000LL},
    {"2026-01-31T14:00:00+02:00", 1, 1769860800000000LL},
    {"2026-01-31T00:00:00-12:00", 1, 1769860800000000LL},
    {"2026-01-31T02:00:00+14:00", 1, 1769774400000000LL},
    {"2026-01-31T12:00:00.5Z", 1, 1769860800500000LL},
    {"2026-01-31T12:00:00.1234567Z", 1, 1769860800123456LL},
    {"2026-01-31T12:00:00.000001Z", 1, 1769860800000001LL},
    {"2016-12-31T23:59:60Z", 1, 1483228800000000LL},
    {"2024-02-29", 1, 1709164800000000LL},
    {"1969-12-31T23:59:59Z", 1, -1000000LL},
    {"9999-12-31T23:59:59Z", 1, 253402300799000000LL},
    {"2025-02-29", 0, 0},
    {"2026-13-01", 0, 0},
    {"2026-00-10", 0, 0},
    {"2026-01-32", 0, 0},
    {"2026-01-31T24:00:00Z", 0, 0},
    {"2026-01-31T12:60:00Z", 0, 0},
    {"2026-01-31T12:00:00", 0, 0},
    {"2026-01-31T12:00Z", 0, 0},
    {"2026-01-31T12:00:00.Z", 0, 0},
    {"2026-01-31T12:00:00+2:00", 0, 0},
    {"2026-01-31T12:00:00+24:00", 0, 0},
    {"2026-1-31", 0, 0},
    {"last tuesday", 0, 0},
    {"", 0, 0},
    {"2026-01-31T12:00:00Zjunk", 0, 0},
};

/* Criterion runs each case in a fresh process where pointers from this one are not valid:
 * the parameters are indexes into the table. */
static size_t case_index[sizeof cases / sizeof cases[0]];

ParameterizedTestParameters(time, parse)
{
    for (size_t i = 0; i < sizeof case_index / sizeof case_index[0]; i++)
        case_index[i] = i;
    return cr_make_param_array(size_t, case_index, sizeof case_index / sizeof case_index[0]);
}

ParameterizedTest(size_t *index, time, parse)
{
    const time_case *c = &cases[*index];
    int64_t us = 0;
    int rc = tp_time_parse(&us, c->text);
    if (c->ok) {
        cr_expect_eq(rc, 0, "'%s' should parse", c->text);
        cr_expect_eq(us, c->us, "'%s': %lld != %lld", c->text, (long long)us, c->us);
    } else {
        cr_expect_eq(rc, TP_EINVAL, "'%s' should be refused", c->text);
    }
}

Test(time, rendering_round_trips_in_reports)
{
    tp_plan *p;
    tp_result *r = check_src("rule A { deny true message \"{@2026-01-31T14:00:00.250+02:00} "
                             "{1d + 2h + 30m} {-45s} {0s} {1s / 4}\" }",
                             "{}", &p);
    cr_expect_str_eq(tp_result_finding(r, 0)->message,
                     "2026-01-31T12:00:00.25Z 1d2h30m -45s 0s 0.25s");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(time, numbers_and_durations_render_digit_for_digit)
{
    tp_plan *p;
    tp_result *r = check_src("rule A { deny true message \"{0} {7} {3 - 5} {999999999999999} "
                             "{-999999999999999} {2.5} {1000000000000000} {1s / 1000000} "
                             "{-1d - 1s / 2} {1s + 1s / 10} {1000d + 23h + 59m + 59s} {-0s}\" }",
                             "{}", &p);
    cr_expect_str_eq(
        tp_result_finding(r, 0)->message,
        "0 7 -2 999999999999999 -999999999999999 2.5 1000000000000000 0.000001s -1d0.5s 1.1s "
        "1000d23h59m59s 0s");
    tp_result_free(r);
    tp_plan_free(p);
}
