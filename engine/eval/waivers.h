/* Waivers during an evaluation: which waiver covers a failing subject, and the findings about
 * waivers themselves (expired, stale, about to expire). */
#ifndef TP_WAIVERS_H
#define TP_WAIVERS_H

#include "eval/context.h"
#include "eval/result.h"

/* The unexpired waiver of `rule` that covers the failing subject (by id, or by its `where` over
 * the subject's element `elem`, NULL for a whole-input rule), or *out NULL; marks it used in
 * used[] (by plan waiver index). 0 or TP_ENOMEM. */
int tp_waiver_find(tp_eval *ev, const tp_rule_plan *rule, const tp_value *elem, const char *subject,
                   uint8_t *used, const tp_waiver_plan **out);

/* Records waiver.expired, waiver.stale and (with warn_expiring_us > 0) waiver.expiring findings
 * for the waivers of `rule`, after it ran over an input. */
int tp_waiver_report(tp_result *r, const tp_eval *ev, const tp_rule_plan *rule, const uint8_t *used,
                     int64_t warn_expiring_us);

#endif
