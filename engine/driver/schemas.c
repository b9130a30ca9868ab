/* Input schemas: loaded from files (--schema, a pack's `schema`) or the built-in tokpol/v1, and
 * handed to the plan with their shapes built. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "driver/builtin_files.h"
#include "driver/compiler.h"
#include "input/schema.h"

/* Loads a schema for binding `name` from a file, or "tokpol/v1" for the built-in one, relative
 * to `base` (a policy file's path, or NULL). Errors are diagnostics at `at` of `file`. */
static int load_schema(tp_compiler *c, const char *name, const char *path, const char *base,
                       const char *file, tp_span at, int many)
{
    for (size_t i = 0; i < c->nschemas; i++)
        if (strcmp(c->schemas[i].name, name) == 0) {
            c->schemas[i].many |= many;
            return 0; /* the first one given wins: --schema before a pack's */
        }
    tp_input_error err;
    memset(&err, 0, sizeof err);
    cJSON *doc = NULL;
    char full[4096];
    int rc;
    if (strcmp(path, "tokpol/v1") == 0) {
        const struct tp_builtin_file *f = tp_builtin_file_find("builtin:tokpol-v1.json");
        rc = f ? tp_schema_read(&doc, &c->mem, NULL, f->source, f->length, &err) : TP_EINVAL;
        snprintf(full, sizeof full, "tokpol/v1");
    } else {
        const char *slash = base && path[0] != '/' ? strrchr(base, '/') : NULL;
        snprintf(full, sizeof full, "%.*s%s", slash ? (int)(slash - base + 1) : 0, base ? base : "",
                 path);
        struct stat st;
        const char *kind = stat(full, &st) == 0 ? tp_driver_not_regular(st.st_mode) : NULL;
        if (kind) {
            tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-SCHEMA", file, at, NULL,
                         "schema %s: is %s, not a regular file", full, kind);
            return 0;
        }
        rc = tp_schema_read(&doc, &c->mem, full, NULL, 0, &err);
    }
    if (rc == TP_ENOMEM)
        return rc;
    if (rc) {
        if (err.line)
            tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-SCHEMA", file, at, NULL,
                         "schema %s:%u:%u: %s", full, err.line, err.column, err.message);
        else
            tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-SCHEMA", file, at, NULL, "schema %s: %s",
                         full, err.message[0] ? err.message : tp_status_str(rc));
        return 0;
    }
    void *items = c->schemas;
    if (tp_mem_grow(&c->mem, &items, &c->cap_schemas, c->nschemas + 1, sizeof *c->schemas)) {
        cJSON_Delete(doc);
        return TP_ENOMEM;
    }
    c->schemas = items;
    tp_schema *sc = &c->schemas[c->nschemas];
    sc->name = tp_mem_strndup(&c->mem, name, strlen(name));
    sc->origin = tp_mem_strndup(&c->mem, full, strlen(full));
    sc->doc = doc;
    sc->root = NULL;
    sc->many = many;
    if (!sc->name || !sc->origin) {
        tp_mem_free(&c->mem, sc->name);
        tp_mem_free(&c->mem, sc->origin);
        cJSON_Delete(sc->doc);
        return TP_ENOMEM;
    }
    c->nschemas++;
    return 0;
}

int tp_compiler_add_schema(tp_compiler *c, const char *name, const char *path)
{
    if (!c || !name || !path)
        return TP_EINVAL;
    tp_span none = {0, 0, 0, 0, 0};
    return load_schema(c, name, path, NULL, "--schema", none, 0);
}

/* A flag of a pack header's `document NAME { ... many }` block. */
static int document_flag(const tp_node *block, const char *word)
{
    for (uint32_t i = 0; i + 1 < block->kids.n; i += 2)
        if (strcmp(block->kids.items[i]->str, word) == 0 &&
            block->kids.items[i + 1]->kind == TP_N_BOOL_LIT)
            return 1;
    return 0;
}

/* The schema a pack header's `document NAME { schema "PATH" }` block names, or NULL. */
static const tp_node *document_schema(const tp_clause *cl)
{
    const tp_node *block = cl->expr;
    if (cl->kind != TP_CL_ATTR || strcmp(cl->name, "document") != 0 || !block ||
        block->kind != TP_N_OBJECT || !block->str)
        return NULL;
    for (uint32_t i = 0; i + 1 < block->kids.n; i += 2)
        if (strcmp(block->kids.items[i]->str, "schema") == 0 &&
            block->kids.items[i + 1]->kind == TP_N_STR_LIT)
            return block->kids.items[i + 1];
    return NULL;
}

/* A pack's `schema "tokpol/v1"` (or a path beside the policy) describes its `input`, and each
 * `document NAME { schema "PATH" }` the documents bound as NAME; a built-in pack may name only
 * the built-in schema and its own embedded ones. */
int tp_driver_load_pack_schemas(tp_compiler *c)
{
    for (const tp_decl *d = c->first; d; d = d->next) {
        if (d->kind != TP_D_PACK)
            continue;
        for (uint32_t i = 0; i < d->clauses.n; i++) {
            const tp_clause *cl = &d->clauses.items[i];
            const tp_node *doc = document_schema(cl);
            const tp_node *path = doc ? doc : cl->expr;
            if (!doc && (cl->kind != TP_CL_ATTR || strcmp(cl->name, "schema") != 0 ||
                         cl->expr->kind != TP_N_STR_LIT))
                continue;
            const char *file = c->sources[d->file].name;
            if (strncmp(file, "builtin:", 8) == 0 && strcmp(path->str, "tokpol/v1") != 0)
                continue;
            /* A `root` document is the positional input: its fields are the top-level names. */
            int root = doc && document_flag(cl->expr, "root");
            int rc = load_schema(c, doc && !root ? cl->expr->str : "input", path->str, file, file,
                                 path->span, doc ? document_flag(cl->expr, "many") : 0);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* Moves the loaded schemas into the plan and builds their shapes there. */
int tp_driver_adopt_schemas(tp_compiler *c, tp_plan *p)
{
    p->schemas = tp_arena_zalloc(&p->arena, (c->nschemas ? c->nschemas : 1) * sizeof *p->schemas);
    if (!p->schemas)
        return TP_ENOMEM;
    for (size_t i = 0; i < c->nschemas; i++) {
        tp_schema *s = &p->schemas[p->nschemas++];
        s->name = tp_arena_strdup(&p->arena, c->schemas[i].name);
        s->origin = tp_arena_strdup(&p->arena, c->schemas[i].origin);
        s->doc = c->schemas[i].doc;
        s->many = c->schemas[i].many;
        c->schemas[i].doc = NULL; /* the plan deletes it now */
        if (!s->name || !s->origin)
            return TP_ENOMEM;
        char why[200];
        int rc = tp_schema_build(&p->arena, s->doc, &s->root, why, sizeof why);
        if (rc == TP_ENOMEM)
            return rc;
        if (rc) {
            tp_span none = {0, 0, 0, 0, 0};
            tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-SCHEMA", s->origin, none, NULL, "%s", why);
        }
    }
    return 0;
}
