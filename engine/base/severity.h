/* Rule severities: the one table of their names and of what each report format calls them. */
#ifndef TP_SEVERITY_H
#define TP_SEVERITY_H

#include "tokpol.h"

/* X(ENUM, name, title, SARIF level, SARIF security-severity score, GitLab severity, GitHub
 * annotation), in tp_severity order. GitHub reads security-severity as a CVSS-like score: >= 9
 * critical, >= 7 high, >= 4 medium, else low. */
#define TP_SEVERITY_LIST(X)                                                                        \
    X(INFO, "info", "Info", "note", "1.0", "info", "notice")                                       \
    X(LOW, "low", "Low", "note", "3.0", "minor", "notice")                                         \
    X(MEDIUM, "medium", "Medium", "warning", "5.0", "major", "warning")                            \
    X(HIGH, "high", "High", "error", "7.5", "critical", "error")                                   \
    X(CRITICAL, "critical", "Critical", "error", "9.5", "blocker", "error")

typedef struct tp_severity_names {
    const char *name, *title, *sarif_level, *sarif_score, *gitlab, *github;
} tp_severity_names;

#define TP_SEVERITY_COUNT (TP_SEVERITY_CRITICAL + 1)

/* The names of severity s; an "unknown" entry when it is out of range. */
const tp_severity_names *tp_severity_names_of(tp_severity s);

/* "info", "low", ...: every severity name in order, for "did you mean" and "one of". */
extern const char *const tp_severity_name_list[TP_SEVERITY_COUNT];

#endif
