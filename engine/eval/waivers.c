#include "eval/waivers.h"

#include <string.h>

#include "base/datetime.h"
#include "base/redact.h"
#include "eval/expression.h"

/* Whether waiver w covers the subject (by id, or by its `where` over the subject's element).
 * A `where` that cannot be evaluated covers nothing: the finding keeps failing. */
static int covers(tp_eval *ev, const tp_waiver_plan *w, const tp_value *elem, const char *subject)
{
    for (uint32_t i = 0; i < w->nsubjects; i++)
        if (strcmp(w->subjects[i], subject) == 0)
            return 1;
    if (!w->where)
        return 0;
    tp_value *saved = ev->frame;
    tp_value *frame = tp_eval_alloc(ev, (w->nslots ? w->nslots : 1) * sizeof *frame);
    if (!frame)
        return TP_ENOMEM;
    if (w->var_slot >= 0 && elem)
        frame[w->var_slot] = *elem;
    ev->frame = frame;
    tp_value c;
    int rc = tp_eval_present(ev, w->where, &c);
    ev->frame = saved;
    if (rc == TP_ENOMEM)
        return rc;
    return rc == 0 && c.kind == TP_V_BOOL && c.u.b;
}

int tp_waiver_find(tp_eval *ev, const tp_rule_plan *rule, const tp_value *elem, const char *subject,
                   uint8_t *used, const tp_waiver_plan **out)
{
    *out = NULL;
    for (uint32_t i = 0; i < rule->nwaivers; i++) {
        const tp_waiver_plan *w = &rule->waivers[i];
        if (ev->now >= w->info.expires_us)
            continue; /* expired: reported on its own, covers nothing */
        int rc = covers(ev, w, elem, subject);
        if (rc < 0)
            return rc;
        if (rc) {
            used[w - ev->plan->waivers] = 1;
            *out = w;
            return 0;
        }
    }
    return 0;
}

/* The checks a waiver.* finding reports on, as a finding names its rule. */
typedef struct waiver_check {
    const char *id, *title;
    tp_severity severity;
    const char *remediation;
} waiver_check;

static const waiver_check expired = {
    "waiver.expired", "Waivers do not outlive their expiry", TP_SEVERITY_HIGH,
    "Fix the findings it covered, or renew the waiver with a new reason and date."};
static const waiver_check stale = {"waiver.stale", "Waivers still cover a finding", TP_SEVERITY_LOW,
                                   "Remove the waiver: what it excused is fixed or gone."};
static const waiver_check expiring = {"waiver.expiring", "Waivers about to expire",
                                      TP_SEVERITY_INFO,
                                      "Fix what it covers before it expires, or renew it."};

/* A finding about a waiver itself, located where the waiver is written. Its subject and message
 * are masked whole, never cut first: a cut through a credential (in a long owner, rule pattern
 * or file name) would leave a piece the scanner no longer recognises. */
static int record(tp_result *r, const tp_waiver_plan *w, const waiver_check *check,
                  const tp_strbuf *message)
{
    /* A finding holds text as shown (result.h): file names and owners are masked here. */
    tp_strbuf where, subject, shown;
    tp_strbuf_init(&where, &r->mem);
    tp_strbuf_init(&subject, &r->mem);
    tp_strbuf_init(&shown, &r->mem);
    tp_strbuf_printf(&where, "%s@%s:%u", w->info.rule, w->info.file, w->info.line);
    tp_redact_text(&subject, tp_strbuf_cstr(&where), where.len);
    tp_redact_text(&shown, tp_strbuf_cstr(message), message->len);
    int rc = TP_ENOMEM;
    if (!where.failed && !subject.failed && !shown.failed && !message->failed) {
        tp_finding d;
        memset(&d, 0, sizeof d);
        d.rule = check->id;
        d.title = check->title;
        d.severity = check->severity;
        d.status = TP_FINDING_FAIL;
        d.subject = tp_strbuf_cstr(&subject);
        d.pointer = "";
        d.message = tp_strbuf_cstr(&shown);
        d.remediation = check->remediation;
        d.policy_file = w->info.file;
        d.policy_line = w->info.line;
        d.policy_column = w->info.column;
        d.waiver = &w->info;
        rc = tp_result_record(r, &d);
    }
    tp_strbuf_free(&where);
    tp_strbuf_free(&subject);
    tp_strbuf_free(&shown);
    return rc;
}

int tp_waiver_report(tp_result *r, const tp_eval *ev, const tp_rule_plan *rule, const uint8_t *used,
                     int64_t warn_expiring_us)
{
    int64_t now = ev->now;
    int rc = 0;
    tp_strbuf msg;
    tp_strbuf_init(&msg, &r->mem);
    for (uint32_t i = 0; rc == 0 && i < rule->nwaivers; i++) {
        const tp_waiver_plan *w = &rule->waivers[i];
        char when[40];
        tp_datetime_format(w->info.expires_us, when);
        const char *owner = w->info.owner ? w->info.owner : "no owner";
        tp_strbuf_reset(&msg);
        if (now >= w->info.expires_us) {
            tp_strbuf_printf(&msg,
                             "the waiver for %s (%s) expired at %s and no longer applies: its "
                             "findings fail again",
                             w->info.rule, owner, when);
            rc = record(r, w, &expired, &msg);
            continue;
        }
        if (!used[w - ev->plan->waivers]) {
            tp_strbuf_printf(&msg, "the waiver for %s (%s) matched no finding", w->info.rule,
                             owner);
            rc = record(r, w, &stale, &msg);
        }
        if (rc == 0 && warn_expiring_us > 0 && w->info.expires_us - now <= warn_expiring_us) {
            int64_t days = (w->info.expires_us - now) / TP_US_PER_DAY;
            tp_strbuf_reset(&msg);
            tp_strbuf_printf(&msg, "the waiver for %s (%s) expires at %s, in %lld day%s",
                             w->info.rule, owner, when, (long long)days, days == 1 ? "" : "s");
            rc = record(r, w, &expiring, &msg);
        }
    }
    tp_strbuf_free(&msg);
    return rc;
}
