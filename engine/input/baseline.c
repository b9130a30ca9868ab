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
static const char *known_fingerprint(const tp_jnode *f)
{
    if (f->kind != TP_J_OBJ)
        return NULL;
    const tp_jnode *st = tp_jobj_get(f, "status", 6, NULL);
    const tp_jnode *fp = tp_jobj_get(f, "fingerprint", 11, NULL);
    if (!st || !fp || st->kind != TP_J_STR || fp->kind != TP_J_STR)
        return NULL;
    if (strcmp(st->u.str, "fail") != 0 && strcmp(st->u.str, "baseline") != 0)
        return NULL;
    return fp->u.str;
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
    const tp_jnode *root = tp_jdoc_root(doc->jdoc);
    const tp_jnode *findings =
        root->kind == TP_J_OBJ ? tp_jobj_get(root, "findings", 8, NULL) : NULL;
    if (!findings || findings->kind != TP_J_ARR) {
        tp_document_free(doc);
        return not_a_report(err, "it has no \"findings\" list");
    }
    tp_baseline *b = tp_mem_calloc(&doc->mem, 1, sizeof *b);
    size_t n = 0;
    for (uint32_t i = 0; i < findings->len; i++)
        n += known_fingerprint(tp_jarr_at(findings, i)) != NULL;
    if (b) {
        b->mem = doc->mem;
        b->fingerprints = tp_mem_calloc(&b->mem, n ? n : 1, sizeof *b->fingerprints);
    }
    if (!b || !b->fingerprints) {
        tp_baseline_free(b);
        tp_document_free(doc);
        return TP_ENOMEM;
    }
    for (uint32_t i = 0; i < findings->len; i++) {
        const char *fp = known_fingerprint(tp_jarr_at(findings, i));
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
