/* What the HTML audit report's files share. */
#ifndef TP_REPORT_HTML_H
#define TP_REPORT_HTML_H

#include "report/escape.h"
#include "report/report.h"

/* html_assets.c: the inline stylesheet (screen and print) and script of the report. */
extern const char tp_html_style[];
extern const char tp_html_script[];

/* html_findings.c: the findings section: filters and grouping (by rule, subject, or a field of
 * the evidence), and a row per finding, worst first across every input, with its fix, its
 * evidence and where it is. `order` is tp_report_worst_first's. */
void tp_html_findings(tp_sink *sink, const tp_result *r, const size_t *order);

/* Escaped text. */
static inline void tp_html_text(tp_strbuf *sb, const char *s)
{
    tp_escape_xml(sb, s);
}

#endif
