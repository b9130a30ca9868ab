/* Baselines: the fingerprints of the failing findings of an earlier tokpol JSON report. */
#include "input/baseline.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "input/document.h"
#include "input/locator.h"

struct tp_baseline {
    tp_mem mem;
    tp_baseline_finding *entries; /* sorted by fingerprint, for bsearch */
    size_t n;
};

static int compare(const void *a, const void *b)
{
    return strcmp(((const tp_baseline_finding *)a)->fingerprint,
                  ((const tp_baseline_finding *)b)->fingerprint);
}

/* Refuses the document, saying why and where (the JSON pointer `at` in its text). */
static int not_a_report(tp_input_error *err, const tp_document *doc, const char *at,
                        const char *why)
{
    if (!err)
        return TP_EINPUT;
    memset(err, 0, sizeof *err);
    snprintf(err->message, sizeof err->message, "not a tokpol JSON report: %s", why);
    tp_locator loc;
    tp_locator_init(&loc, &doc->mem);
    if (tp_locator_find(&loc, doc, at, &err->line, &err->column) != 0)
        err->line = err->column = 0;
    tp_locator_free(&loc);
    return TP_EINPUT;
}

static int is_fingerprint(const cJSON *fp)
{
    if (!cJSON_IsString(fp) || strlen(fp->valuestring) != 32)
        return 0;
    for (const char *p = fp->valuestring; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

/* What makes a tokpol JSON report: its $schema, tool and findings, each with a status and a
 * fingerprint. Anything else is refused, so that no other file can pass for a baseline. */
static int check_report(const tp_document *doc, tp_input_error *err)
{
    const cJSON *root = doc->root;
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(root, "$schema");
    const cJSON *tool = cJSON_GetObjectItemCaseSensitive(root, "tool");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(tool, "name");
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(root, "findings");
    if (!cJSON_IsObject(root))
        return not_a_report(err, doc, "", "it is not a JSON object");
    if (!cJSON_IsString(schema) || strcmp(schema->valuestring, TP_REPORT_SCHEMA) != 0)
        return not_a_report(err, doc, schema ? "/$schema" : "",
                            "its \"$schema\" is not \"" TP_REPORT_SCHEMA "\" (write one with "
                            "tokpol check --format json)");
    if (!cJSON_IsString(name) || strcmp(name->valuestring, "tokpol") != 0)
        return not_a_report(err, doc, name ? "/tool/name" : "", "its tool.name is not \"tokpol\"");
    if (!cJSON_IsArray(findings))
        return not_a_report(err, doc, "", "it has no \"findings\" list");
    int i = 0;
    for (const cJSON *f = findings->child; f; f = f->next, i++) {
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(f, "status");
        if (cJSON_IsString(st) &&
            is_fingerprint(cJSON_GetObjectItemCaseSensitive(f, "fingerprint")))
            continue;
        char at[40], why[80];
        snprintf(at, sizeof at, "/findings/%d", i);
        snprintf(why, sizeof why, "finding %d has no status or no fingerprint of 32 hex digits", i);
        return not_a_report(err, doc, at, why);
    }
    return 0;
}

/* A finding the baseline keeps: failing then, or already known then. */
static const char *known_fingerprint(const cJSON *f)
{
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(f, "status");
    if (strcmp(st->valuestring, "fail") != 0 && strcmp(st->valuestring, "baseline") != 0)
        return NULL;
    return cJSON_GetObjectItemCaseSensitive(f, "fingerprint")->valuestring;
}

/* A copy of the string member `key` of f, or of "" when it has none (an older report). */
static const char *copy_member(tp_mem *mem, const cJSON *f, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(f, key);
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    return tp_mem_strndup(mem, s, strlen(s));
}

/* What the baseline keeps of a finding: enough to list it as fixed when it is gone. */
static int keep(tp_mem *mem, tp_baseline_finding *e, const cJSON *f, const char *fp)
{
    const cJSON *sev = cJSON_GetObjectItemCaseSensitive(f, "severity");
    if (!cJSON_IsString(sev) || tp_severity_parse(&e->severity, sev->valuestring) != 0)
        e->severity = TP_SEVERITY_MEDIUM;
    e->fingerprint = tp_mem_strndup(mem, fp, strlen(fp));
    e->rule = copy_member(mem, f, "rule");
    e->title = copy_member(mem, f, "title");
    e->input = copy_member(mem, f, "input");
    e->subject = copy_member(mem, f, "subject");
    e->message = copy_member(mem, f, "message");
    return e->fingerprint && e->rule && e->title && e->input && e->subject && e->message
               ? 0
               : TP_ENOMEM;
}

int tp_baseline_load(tp_baseline **out, const char *path, const tp_document_options *opts,
                     tp_input_error *err)
{
    if (!out || !path)
        return TP_EINVAL;
    *out = NULL;
    tp_document *doc = NULL;
    int rc = tp_document_load(&doc, path, opts, err);
    if (rc)
        return rc;
    if ((rc = check_report(doc, err)) != 0) {
        tp_document_free(doc);
        return rc;
    }
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc->root, "findings");
    tp_baseline *b = tp_mem_calloc(&doc->mem, 1, sizeof *b);
    size_t n = 0;
    for (const cJSON *f = findings->child; f; f = f->next)
        n += known_fingerprint(f) != NULL;
    if (b) {
        b->mem = doc->mem;
        b->entries = tp_mem_calloc(&b->mem, n ? n : 1, sizeof *b->entries);
    }
    rc = !b || !b->entries ? TP_ENOMEM : 0;
    for (const cJSON *f = findings->child; rc == 0 && f; f = f->next) {
        const char *fp = known_fingerprint(f);
        if (fp)
            rc = keep(&b->mem, &b->entries[b->n++], f, fp);
    }
    tp_document_free(doc);
    if (rc) {
        tp_baseline_free(b);
        return rc;
    }
    qsort(b->entries, b->n, sizeof *b->entries, compare);
    *out = b;
    return 0;
}

void tp_baseline_free(tp_baseline *b)
{
    if (!b)
        return;
    for (size_t i = 0; b->entries && i < b->n; i++) {
        tp_baseline_finding *e = &b->entries[i];
        const char *strings[] = {e->fingerprint, e->rule,    e->title,
                                 e->input,       e->subject, e->message};
        for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++)
            tp_mem_free(&b->mem, (void *)strings[k]);
    }
    tp_mem_free(&b->mem, b->entries);
    tp_mem mem = b->mem;
    tp_mem_free(&mem, b);
}

size_t tp_baseline_count(const tp_baseline *b)
{
    return b ? b->n : 0;
}

const tp_baseline_finding *tp_baseline_at(const tp_baseline *b, size_t i)
{
    return b && i < b->n ? &b->entries[i] : NULL;
}

long tp_baseline_find(const tp_baseline *b, const char *fingerprint)
{
    if (!b || !b->n)
        return -1;
    tp_baseline_finding key = {.fingerprint = fingerprint};
    const tp_baseline_finding *e = bsearch(&key, b->entries, b->n, sizeof *b->entries, compare);
    return e ? (long)(e - b->entries) : -1;
}
