/*
 * Input documents, the public face of the readers: options of either version, the format by name
 * or file name, the memory budget, and the document's file name for findings. Reading itself is
 * the readers' (reader.c, json_read.c, csv_read.c); a host's cJSON tree is copied (jdoc_cjson.c).
 */
#include "input/document.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/options.h"
#include "input/reader.h"

TP_DEFINE_OPTIONS_INIT(document, TP_DOCUMENT_OPTIONS_INIT, TP_DOCUMENT_OPTIONS_VERSION)

/* What the options say, whatever their version (1 lacks format, max_memory and name). */
typedef struct doc_settings {
    tp_mem mem;
    tp_read_options read;
    tp_input_format format;
    const char *name;
} doc_settings;

static int settings(doc_settings *s, const tp_document_options *o, tp_input_error *err)
{
    memset(s, 0, sizeof *s);
    if (o && !tp_options_bytes(tp_document_options_bytes, TP_DOCUMENT_OPTIONS_VERSION, o->version))
        return TP_EINVAL;
    tp_mem_init(&s->mem, o ? o->allocator : NULL);
    s->read.mem = &s->mem;
    s->read.max_bytes = o ? o->max_bytes : 0;
    s->read.max_depth = o ? o->max_depth : 0;
    s->read.max_memory = TP_DEFAULT_MAX_MEMORY;
    if (!o || o->version < 2)
        return 0;
    if (o->max_memory)
        s->read.max_memory = o->max_memory == SIZE_MAX ? 0 : o->max_memory;
    s->name = o->name;
    if (o->format) {
        const tp_reader *r = tp_reader_named(o->format);
        if (!r)
            return tp_read_fail(NULL, err, TP_EINVAL, 0,
                                "unknown input format '%.40s': use json or csv", o->format);
        s->format = r->format;
    }
    return 0;
}

/* Wraps a tree in a document named `name` (copied); frees the tree on failure. */
static int finish(tp_document **out, const doc_settings *s, tp_jdoc *jdoc, const char *name)
{
    tp_document *doc = tp_mem_calloc(&s->mem, 1, sizeof *doc);
    char *copy = doc && name ? tp_mem_strndup(&s->mem, name, strlen(name)) : NULL;
    if (!doc || (name && !copy)) {
        tp_mem_free(&s->mem, doc);
        tp_jdoc_free(jdoc);
        return TP_ENOMEM;
    }
    doc->mem = s->mem;
    doc->jdoc = jdoc;
    doc->name = copy;
    *out = doc;
    return 0;
}

int tp_document_parse(tp_document **out, const char *text, size_t length,
                      const tp_document_options *opts, tp_input_error *err)
{
    if (!out)
        return TP_EINVAL;
    *out = NULL;
    doc_settings s;
    int rc = settings(&s, opts, err);
    if (rc)
        return rc;
    if (!text && length)
        return TP_EINVAL;
    tp_jdoc *jdoc = NULL;
    tp_input_format format = s.format ? s.format : TP_INPUT_JSON;
    if ((rc = tp_read_memory(&jdoc, format, text ? text : "", length, &s.read, err)))
        return rc;
    return finish(out, &s, jdoc, s.name);
}

int tp_document_load(tp_document **out, const char *path, const tp_document_options *opts,
                     tp_input_error *err)
{
    if (!out)
        return TP_EINVAL;
    *out = NULL;
    doc_settings s;
    int rc = settings(&s, opts, err);
    if (rc)
        return rc;
    if (!path)
        return TP_EINVAL;
    tp_jdoc *jdoc = NULL;
    if ((rc = tp_read_file(&jdoc, s.format, path, &s.read, err)))
        return rc;
    const char *name = s.name ? s.name : strcmp(path, "-") == 0 ? "<stdin>" : path;
    return finish(out, &s, jdoc, name);
}

int tp_document_wrap(tp_document **out, const void *cjson_root, const tp_document_options *opts)
{
    if (!out)
        return TP_EINVAL;
    *out = NULL;
    doc_settings s;
    int rc = settings(&s, opts, NULL);
    if (rc)
        return rc;
    if (!cjson_root)
        return TP_EINVAL;
    tp_jdoc *jdoc = NULL;
    if ((rc = tp_jdoc_from_cjson(&jdoc, cjson_root, &s.read, NULL)))
        return rc;
    return finish(out, &s, jdoc, s.name);
}

void tp_document_free(tp_document *doc)
{
    if (!doc)
        return;
    tp_jdoc_free(doc->jdoc);
    tp_mem mem = doc->mem;
    tp_mem_free(&mem, doc->name);
    tp_mem_free(&mem, doc);
}

const char *tp_document_format(const tp_document *doc)
{
    if (!doc)
        return NULL;
    if (doc->jdoc->format == TP_INPUT_CJSON)
        return "cjson";
    const tp_reader *r = tp_reader_for(doc->jdoc->format);
    return r ? r->name : NULL;
}

size_t tp_document_length(const tp_document *doc)
{
    if (!doc)
        return 0;
    const tp_jnode *root = tp_jdoc_root(doc->jdoc);
    return root->kind == TP_J_ARR || root->kind == TP_J_OBJ ? root->len : 0;
}

int tp_document_has_field(const tp_document *doc, const char *name)
{
    if (!doc || !name)
        return 0;
    const tp_jnode *root = tp_jdoc_root(doc->jdoc);
    return root->kind == TP_J_OBJ && tp_jobj_get(root, name, strlen(name), NULL) != NULL;
}
