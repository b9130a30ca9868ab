/* JUnit XML, the run's own test suite: what went wrong around the evaluation (policy errors,
 * inputs that could not be used, rule filters that select nothing), as test cases that err. */
#include "report/escape.h"
#include "report/junit.h"

/* The run's own testcases: one per source of diagnostics ("policies", "inputs", "rule
 * filters"), erring when that source has an error; or, when nothing was evaluated and nothing
 * says why, one that errs because no rule ran. */
static const char *const run_tests[][2] = {
    {"policies", "policy"}, {"inputs", "input"}, {"rule filters", "selection"}};

static size_t diags_of(const tp_result *r, int source, int errors_only)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_result_diag_count(r); i++) {
        const tp_run_diag *d = tp_result_diag(r, i);
        n += (int)d->source == source && (!errors_only || d->diag.severity == TP_DIAG_ERROR);
    }
    return n;
}

static void diag_lines(tp_strbuf *sb, const tp_result *r, int source)
{
    for (size_t i = 0; i < tp_result_diag_count(r); i++) {
        const tp_run_diag *rd = tp_result_diag(r, i);
        if (source >= 0 && (int)rd->source != source)
            continue;
        char where[600];
        tp_report_diag_where(&rd->diag, where, sizeof where);
        tp_escape_xml(sb, where);
        tp_strbuf_printf(sb, "%s%s: ", *where ? ": " : "", tp_report_diag_severity(&rd->diag));
        tp_escape_xml(sb, rd->diag.message);
        tp_strbuf_puts(sb, " [");
        tp_escape_xml(sb, rd->diag.code);
        tp_strbuf_puts(sb, "]\n");
    }
}

void tp_junit_run_suite(tp_strbuf *sb, const tp_result *r, const char *stamp)
{
    size_t tests = 0, errors = 0;
    for (int src = 0; src < TP_DIAG_SOURCE_COUNT; src++) {
        tests += diags_of(r, src, 0) > 0;
        errors += diags_of(r, src, 1) > 0;
    }
    int none = tests == 0; /* nothing evaluated, and no diagnostic says why */
    tp_strbuf_printf(sb,
                     "  <testsuite package=\"tokpol\" id=\"0\" name=\"tokpol run\" "
                     "timestamp=\"%s\" hostname=\"tokpol\" tests=\"%zu\" failures=\"0\" "
                     "errors=\"%zu\" skipped=\"0\" time=\"0\">\n    <properties>\n"
                     "      <property name=\"verdict\" value=\"%s\"/>\n    </properties>\n",
                     stamp, tests + none, errors + none, tp_verdict_name(tp_result_verdict(r)));
    for (int src = 0; src < TP_DIAG_SOURCE_COUNT; src++) {
        size_t n = diags_of(r, src, 1);
        if (!diags_of(r, src, 0))
            continue;
        tp_strbuf_printf(sb, "    <testcase name=\"%s\" classname=\"tokpol.%s\" time=\"0\"",
                         run_tests[src][0], run_tests[src][1]);
        if (!n) {
            tp_strbuf_puts(sb, "/>\n");
            continue;
        }
        tp_strbuf_printf(sb, ">\n      <error type=\"%s\" message=\"%zu error%s\">",
                         run_tests[src][1], n, n == 1 ? "" : "s");
        diag_lines(sb, r, src);
        tp_strbuf_puts(sb, "</error>\n    </testcase>\n");
    }
    if (none)
        tp_strbuf_puts(sb, "    <testcase name=\"rules\" classname=\"tokpol.rules\" time=\"0\">\n"
                           "      <error type=\"none\" message=\"no rule ran: nothing was "
                           "checked\"/>\n    </testcase>\n");
    tp_strbuf_puts(sb, "    <system-out/>\n    <system-err>");
    diag_lines(sb, r, -1); /* warnings too */
    tp_strbuf_puts(sb, "</system-err>\n  </testsuite>\n");
}
