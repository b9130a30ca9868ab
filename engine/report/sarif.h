/* What the SARIF writer's files share: the rules a report describes (sarif_rules.c). */
#ifndef TP_REPORT_SARIF_H
#define TP_REPORT_SARIF_H

#include "report/report.h"

/* A rule a SARIF report describes: a rule of the plan (`plan_index`), or a waiver.* check with
 * findings (plan_index SIZE_MAX). */
typedef struct tp_sarif_rule {
    const char *id, *title, *remediation;
    tp_severity severity;
    size_t plan_index;
} tp_sarif_rule;

/* The plan's rules, then the waiver.* checks that have findings; at most `max`. */
size_t tp_sarif_collect_rules(const tp_result *r, tp_sarif_rule *out, size_t max);

/* One reportingDescriptor: id, name, descriptions, help (text and Markdown: what it checks, why,
 * an example, how to fix it), helpUri, level and security severity. `scratch` is a work buffer. */
void tp_sarif_write_rule(tp_strbuf *sb, const tp_result *r, const tp_sarif_rule *rule,
                         tp_strbuf *scratch, int first);

#endif
