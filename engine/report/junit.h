/* What the JUnit writer's files share. */
#ifndef TP_REPORT_JUNIT_H
#define TP_REPORT_JUNIT_H

#include "report/report.h"

/* junit_run.c: the run's own suite, "tokpol run": a test case per source of diagnostics
 * (policies, inputs, rule filters) that errs when that source has an error, or one that errs
 * because no rule ran. `stamp` is the suite's timestamp. */
void tp_junit_run_suite(tp_strbuf *sb, const tp_result *r, const char *stamp);

#endif
