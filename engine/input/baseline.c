/* Baselines: the fingerprints of the failing findings of an earlier tokpol JSON report, and what
 * each said, to list the findings fixed since. */
#include "input/baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "input/document.h"

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

/* Refuses the document, saying why and where (`at`, a node of it, or NULL). */
static int not_a_report(tp_input_error *err, const tp_document *doc, const tp_jnode *at,
                        const char *why)
{
    if (!err)
        return TP_EINPUT;
    memset(err, 0, sizeof *err);
    snprintf(err->message, sizeof err->message, "not a tokpol JSON report: %s", why);
    if (at)
        tp_jdoc_line_col(doc->jdoc, tp_jnode_offset(doc->jdoc, at), &err->line, &err->column);
    return TP_EINPUT;
}

/* Member `key` of object o when it is a string, else NULL. */
static const char *string_member(const tp_jnode *o, const char *key)
{
    const tp_jnode *v = o->kind == TP_J_OBJ ? tp_jobj_get(o, key, strlen(key), NULL) : NULL;
    return v && v->kind == TP_J_STR ? tp_jnode_str(v) : NULL;
}

static int is_fingerprint(const char *fp)
{
    if (!fp || strlen(fp) != 32)
        return 0;
    for (const char *p = fp; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

/* What makes a tokpol JSON report: its $schema, tool and findings, each with a status and a
 * fingerprint. Anything else is refused, so that no other file can pass for a baseline. */
static int check_report(const tp_document *doc, tp_input_error *err)
{
    const tp_jnode *root = tp_jdoc_root(doc->jdoc);
    if (root->kind != TP_J_OBJ)
        return not_a_report(err, doc, root, "it is not a JSON object");
    const tp_jnode *schema = tp_jobj_get(root, "$schema", 7, NULL);
    const tp_jnode *tool = tp_jobj_get(root, "tool", 4, NULL);
    const tp_jnode *findings = tp_jobj_get(root, "findings", 8, NULL);
    const tp_jnode *name_node =
        tool && tool->kind == TP_J_OBJ ? tp_jobj_get(tool, "name", 4, NULL) : NULL;
    const char *name = name_node && name_node->kind == TP_J_STR ? tp_jnode_str(name_node) : NULL;
    if (!schema || schema->kind != TP_J_STR || strcmp(tp_jnode_str(schema), TP_REPORT_SCHEMA) != 0)
        return not_a_report(err, doc, schema ? schema : root,
                            "its \"$schema\" is not \"" TP_REPORT_SCHEMA "\" (write one with "
                            "tokpol check --format json)");
    if (!name || strcmp(name, "tokpol") != 0)
        return not_a_report(err, doc, name_node ? name_node : root,
                            "its tool.name is not \"tokpol\"");
    if (!findings || findings->kind != TP_J_ARR)
        return not_a_report(err, doc, root, "it has no \"findings\" list");
    for (uint32_t i = 0; i < findings->len; i++) {
        const tp_jnode *f = tp_jarr_at(findings, i);
        if (string_member(f, "status") && is_fingerprint(string_member(f, "fingerprint")))
            continue;
        char why[80];
        snprintf(why, sizeof why, "finding %u has no status or no fingerprint of 32 hex digits", i);
        return not_a_report(err, doc, f, why);
    }
    return 0;
}

/* A finding the baseline keeps: failing then, or already known then. */
static const char *known_fingerprint(const tp_jnode *f)
{
    const char *st = string_member(f, "status");
    if (strcmp(st, "fail") != 0 && strcmp(st, "baseline") != 0)
        return NULL;
    return string_member(f, "fingerprint");
}

/* A copy of the string member `key` of f, or of "" when it has none (an older report). */
static const char *copy_member(tp_mem *mem, const tp_jnode *f, const char *key)
{
    const char *s = string_member(f, key);
    if (!s)
        s = "";
    return tp_mem_strndup(mem, s, strlen(s));
}

/* What the baseline keeps of a finding: enough to list it as fixed when it is gone. */
static int keep(tp_mem *mem, tp_baseline_finding *e, const tp_jnode *f, const char *fp)
{
    const char *sev = string_member(f, "severity");
    if (!sev || tp_severity_parse(&e->severity, sev) != 0)
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
    const tp_jnode *findings = tp_jobj_get(tp_jdoc_root(doc->jdoc), "findings", 8, NULL);
    tp_baseline *b = tp_mem_calloc(&doc->mem, 1, sizeof *b);
    size_t n = 0;
    for (uint32_t i = 0; i < findings->len; i++)
        n += known_fingerprint(tp_jarr_at(findings, i)) != NULL;
    if (b) {
        b->mem = doc->mem;
        b->entries = tp_mem_calloc(&b->mem, n ? n : 1, sizeof *b->entries);
    }
    rc = !b || !b->entries ? TP_ENOMEM : 0;
    for (uint32_t i = 0; rc == 0 && i < findings->len; i++) {
        const tp_jnode *f = tp_jarr_at(findings, i);
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
