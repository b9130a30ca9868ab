/* The order of an input's findings (tp_findings_sort): the sort ranks findings by numbers first
 * (status, severity, rule rank, the subject's first 16 bytes) and compares them only when those
 * tie; whatever the findings, it gives tp_finding_compare's order, equal findings in the order
 * they were recorded. The expected order is an insertion sort by tp_finding_compare. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "eval/result.h"

enum { N = 600 };

/* The findings, and their strings: subjects that tie in their first 16 bytes or are prefixes of
 * each other, bytes above 0x7F; rule ids in two copies each (equal strings at two addresses, as
 * merged results have them). */
typedef struct corpus {
    tp_finding f[N];
    char subjects[N][40];
    char rules[2][N][12];
} corpus;

static const char *const subject_forms[] = {
    "tok-%d", "tok-%d0", "a-very-long-prefix-of-%d", "a-very-long-prefix-of-%d-", "tok-\xc3\xa9%d",
    "",       "Tok-%d",  "abcdefghijklmnop%d",       "abcdefghijklmnop",
};

static void make(corpus *c, size_t n, size_t distinct_rules, unsigned seed)
{
    static const tp_finding_status statuses[] = {TP_FINDING_FAIL, TP_FINDING_ERROR,
                                                 TP_FINDING_WAIVED, TP_FINDING_BASELINE};
    memset(c, 0, sizeof *c);
    for (size_t k = 0; k < distinct_rules; k++) /* R000 .. in reverse of their places */
        for (int copy = 0; copy < 2; copy++)
            snprintf(c->rules[copy][k], sizeof c->rules[copy][k], "R%03u",
                     (unsigned)(distinct_rules - 1 - k));
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 8;
        snprintf(c->subjects[i], sizeof c->subjects[i],
                 subject_forms[r % (sizeof subject_forms / sizeof subject_forms[0])],
                 (int)(r / 16 % 23));
        unsigned rule = (unsigned)(r / 7 % distinct_rules);
        c->f[i].rule = c->rules[r / 5 % 2][rule];
        c->f[i].subject = c->subjects[i];
        c->f[i].pointer = r % 5 ? "/tokens/1" : "/tokens/0";
        c->f[i].status = statuses[r / 3 % 4];
        c->f[i].severity = (tp_severity)(r / 11 % 5);
        c->f[i].input_line = (unsigned)i; /* which finding it was */
    }
}

static void expected(tp_finding *f, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        tp_finding x = f[i];
        size_t j = i;
        while (j > 0 && tp_finding_compare(&f[j - 1], &x) > 0) {
            f[j] = f[j - 1];
            j--;
        }
        f[j] = x;
    }
}

static void check(size_t n, size_t distinct_rules, unsigned seed)
{
    static corpus c;
    static tp_finding want[N];
    make(&c, n, distinct_rules, seed);
    memcpy(want, c.f, n * sizeof *want);
    expected(want, n);
    tp_mem mem;
    tp_mem_init(&mem, NULL);
    cr_assert_eq(tp_findings_sort(&mem, c.f, n), 0);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(c.f[i].input_line, want[i].input_line,
                     "place %zu (%zu findings, %zu rules, seed %u): finding %u, expected %u "
                     "(subject '%s', expected '%s')",
                     i, n, distinct_rules, seed, c.f[i].input_line, want[i].input_line,
                     c.f[i].subject, want[i].subject);
}

Test(finding_order, is_the_comparison_order_and_stable)
{
    for (unsigned seed = 1; seed <= 20; seed++)
        check(N, 4, seed);
}

Test(finding_order, rules_past_the_ranked_ones_are_compared)
{
    check(N, 300, 7); /* more distinct ids than the keys rank */
    check(N, 128, 8); /* as many as they rank, in two copies each */
    check(N, 129, 9);
}

Test(finding_order, few_findings)
{
    check(0, 1, 1);
    check(1, 1, 1);
    check(2, 1, 3);
    /* Around the sort's runs of 16 and its merges of them. */
    for (size_t n = 15; n <= 65; n++)
        check(n, 3, (unsigned)n);
}

Test(finding_order, a_severity_out_of_range_is_compared)
{
    static corpus c;
    make(&c, 50, 3, 5);
    c.f[7].severity = (tp_severity)99;
    c.f[9].severity = (tp_severity)-1;
    tp_finding want[50];
    memcpy(want, c.f, sizeof want);
    expected(want, 50);
    tp_mem mem;
    tp_mem_init(&mem, NULL);
    cr_assert_eq(tp_findings_sort(&mem, c.f, 50), 0);
    for (size_t i = 0; i < 50; i++)
        cr_assert_eq(c.f[i].input_line, want[i].input_line, "place %zu", i);
}
