/* Numbers read and written alike whatever LC_NUMERIC the program embedding the library chose: in
 * a locale whose radix is a comma, a policy's 1.5 is still 1.5 and reports still write 1.5, not
 * 1,5. Without such a locale the tests say they were skipped. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

TestSuite(locale);

/* Sets LC_NUMERIC to a locale whose radix is a comma, or skips the test. */
static void use_decimal_comma(void)
{
    if (!use_comma_locale())
        cr_skip_test("no locale with a decimal comma: install de_DE.UTF-8 or localedef");
}

Test(locale, policy_number_reads_with_a_point)
{
    use_decimal_comma();
    cr_assert_eq(strtod("1.5", NULL), 1.0, "the locale reads '.' as the end of a number");
    /* strtod in this locale reads 1.5 as 1 (it stops at the point): 1.25 would not be below it */
    EXPECT("input.ratio < 1.5", "{\"ratio\": 1.25}", 'p');
    EXPECT("input.ratio == 0.1 + 0.2", "{\"ratio\": 0.30000000000000004}", 'p');
    EXPECT("input.ratio == 2.5e-1", "{\"ratio\": 0.25}", 'p');
    EXPECT("input.ratio == 1.0000000000000000000000000000000000001", "{\"ratio\": 1}", 'p');
    EXPECT("input.ratio == 0.000000000000000000000000000000000000000001", "{\"ratio\": 1e-42}",
           'p');
}

/* More significant digits than a double's halfway cases need: those past them still round. */
Test(locale, long_policy_numbers_round_correctly)
{
    use_decimal_comma();
    char cond[1024], zeros[901];
    memset(zeros, '0', 900);
    zeros[900] = '\0';
    snprintf(cond, sizeof cond, "input.x == 1.%s1", zeros);
    EXPECT(cond, "{\"x\": 1}", 'p');
    /* half the least double (2^-1075, exactly) would be a tie, to the even 0 (out of range in a
     * policy); a digit above it, however far, rounds up to the least double, 2^-1074 */
    static const char half_least[] =
        "2.470328229206232720882843964341106861825299013071623822127928412503377536351043"
        "75932649918180817996189898282347722858865463328355177969898199387398005390939063"
        "15035659515570226392290858392449105184435931802849936536152500319370457678249219"
        "36562366986365848075700158576926990370631192827955855133292783433840935197801553"
        "12465972635795746227664652728272200563740064854999770965994704540208281662262378"
        "57393450736339007967761930577506740176324673600968951340535537458516661134223766"
        "67860416215968046191446729184030053005753084904876539171138659164623952491262365"
        "38818796362393732804238910186723484976682350898633885879256283027559956575244555"
        "07255189313690836254779186948667994968324049705821028513185451396213837722826145"
        "437693412532098591327667236328125";
    snprintf(cond, sizeof cond, "input.x == %s%.100s1e-324", half_least, zeros);
    EXPECT(cond, "{\"x\": 5e-324}", 'p');
}

Test(locale, reports_write_numbers_with_a_point)
{
    use_decimal_comma();
    tp_plan *plan = NULL;
    tp_result *r = check_src("rule R { require input.ratio < 1\n"
                             "  message \"ratio {input.ratio}, weighted {input.ratio * 1.5}\" }\n",
                             "{\"ratio\": 2.25}", &plan);
    tp_report_options o = TP_REPORT_OPTIONS_INIT;
    char *json = render_report(r, TP_FORMAT_JSON, &o);
    cr_expect(strstr(json, "ratio 2.25, weighted 3.375"), "%s", json);
    char *junit = render_report(r, TP_FORMAT_JUNIT, &o);
    for (const char *t = junit; (t = strstr(t, "time=\"")) != NULL; t++) {
        size_t digits = strspn(t + 6, "0123456789");
        cr_expect(digits > 0 && t[6 + digits] == '.', "%.24s", t);
    }
    free(json);
    free(junit);
    tp_result_free(r);
    tp_plan_free(plan);
}
