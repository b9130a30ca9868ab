#include "input/baseline.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "input/document.h"

struct tp_baseline {
    tp_mem mem;
    char **fingerprints; /* sorted, for bsearch */
    size_t n;
};

static int compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int not_a_report(tp_input_error *err, const char *why)
{
    if (err) {
        memset(err, 0, sizeof *err);
        snprintf(err->message, sizeof err->message, "not a tokpol JSON report: %s", why);
    }
    return TP_EINPUT;
}

/* A finding the baseline keeps: failing then, or already known then. */
static const char *known_fingerprint(const cJSON *f)
{
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(f, "status");
    const cJSON *fp = cJSON_GetObjectItemCaseSensitive(f, "fingerprint");
    if (!cJSON_IsString(st) || !cJSON_IsString(fp))
        return NULL;
    if (strcmp(st->valuestring, "fail") != 0 && strcmp(st->valuestring, "baseline") != 0)
        return NULL;
    return fp->valuestring;
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
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc->root, "findings");
    if (!cJSON_IsArray(findings)) {
        tp_document_free(doc);
        return not_a_report(err, "it has no \"findings\" list");
    }
    tp_baseline *b = tp_mem_calloc(&doc->mem, 1, sizeof *b);
    size_t n = 0;
    for (const cJSON *f = findings->child; f; f = f->next)
        n += known_fingerprint(f) != NULL;
    if (b) {
        b->mem = doc->mem;
        b->fingerprints = tp_mem_calloc(&b->mem, n ? n : 1, sizeof *b->fingerprints);
    }
    if (!b || !b->fingerprints) {
        tp_baseline_free(b);
        tp_document_free(doc);
        return TP_ENOMEM;
    }
    for (const cJSON *f = findings->child; f; f = f->next) {
        const char *fp = known_fingerprint(f);
        if (!fp)
            continue;
        if (!(b->fingerprints[b->n] = tp_mem_strndup(&b->mem, fp, strlen(fp)))) {
            tp_baseline_free(b);
            tp_document_free(doc);
            return TP_ENOMEM;
        }
        b->n++;
    }
    tp_document_free(doc);
    qsort(b->fingerprints, b->n, sizeof *b->fingerprints, compare);
    *out = b;
    return 0;
}

void tp_baseline_free(tp_baseline *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        tp_mem_free(&b->mem, b->fingerprints[i]);
    tp_mem_free(&b->mem, b->fingerprints);
    tp_mem mem = b->mem;
    tp_mem_free(&mem, b);
}

size_t tp_baseline_count(const tp_baseline *b)
{
    return b ? b->n : 0;
}

int tp_baseline_has(const tp_baseline *b, const char *fingerprint)
{
    return b && b->n &&
           bsearch(&fingerprint, b->fingerprints, b->n, sizeof *b->fingerprints, compare) != NULL;
}
