/* The public compile API: collecting sources and overrides, and turning them into a plan. */
#include "driver/compiler.h"

#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/strbuf.h"
#include "check/check.h"
#include "check/lint.h"
#include "driver/builtin_files.h"
#include "input/document.h"
#include "input/schema.h"
#include "input/validate.h"
#include "syntax/parse_driver.h"

#define DEFAULT_MAX_ERRORS 20
#define DEFAULT_MAX_EXPR_DEPTH 200
#define MAX_EXPR_DEPTH_CAP 500 /* the checker and evaluator recurse: keep the C stack safe */
#define DEFAULT_MAX_REGEX_BYTES 1024
#define DEFAULT_MAX_REGEX_INPUT (16 * 1024)
#define MAX_POLICY_BYTES ((size_t)16 << 20)

const char *tp_version(void)
{
    return "0.1.0";
}

const char *tp_status_str(int status)
{
    switch (status) {
    case TP_OK:
        return "success";
    case TP_ENOMEM:
        return "out of memory";
    case TP_EINVAL:
        return "invalid argument";
    case TP_EPOLICY:
        return "the policy does not compile";
    case TP_EINPUT:
        return "malformed input";
    case TP_EIO:
        return "cannot read a file";
    case TP_ELIMIT:
        return "a limit was exceeded";
    case TP_ECANCELED:
        return "stopped by a callback";
    default:
        return "unknown status";
    }
}

static const char *const severity_names[] = {"info", "low", "medium", "high", "critical"};

const char *tp_severity_name(tp_severity s)
{
    return (unsigned)s <= TP_SEVERITY_CRITICAL ? severity_names[s] : "unknown";
}

int tp_severity_parse(tp_severity *out, const char *name)
{
    for (int i = 0; name && i <= TP_SEVERITY_CRITICAL; i++)
        if (strcmp(name, severity_names[i]) == 0) {
            *out = (tp_severity)i;
            return 0;
        }
    return TP_EINVAL;
}

int tp_compiler_new(tp_compiler **out, const tp_compiler_options *opts)
{
    if (!out)
        return TP_EINVAL;
    *out = NULL;
    if (opts && opts->version != TP_COMPILER_OPTIONS_VERSION)
        return TP_EINVAL;
    tp_mem mem;
    tp_mem_init(&mem, opts ? opts->allocator : NULL);
    tp_compiler *c = tp_mem_calloc(&mem, 1, sizeof *c);
    if (!c)
        return TP_ENOMEM;
    c->mem = mem;
    tp_arena_init(&c->ast, &c->mem);
    tp_diags_init(&c->diags, &c->mem);
    c->max_errors = opts && opts->max_errors ? opts->max_errors : DEFAULT_MAX_ERRORS;
    c->max_expr_depth =
        opts && opts->max_expr_depth ? opts->max_expr_depth : DEFAULT_MAX_EXPR_DEPTH;
    if (c->max_expr_depth > MAX_EXPR_DEPTH_CAP)
        c->max_expr_depth = MAX_EXPR_DEPTH_CAP;
    c->max_regex_bytes =
        opts && opts->max_regex_bytes ? opts->max_regex_bytes : DEFAULT_MAX_REGEX_BYTES;
    c->max_regex_input =
        opts && opts->max_regex_input ? opts->max_regex_input : DEFAULT_MAX_REGEX_INPUT;
    c->strict = opts && opts->strict;
    *out = c;
    return 0;
}

void tp_compiler_free(tp_compiler *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nsources; i++) {
        tp_mem_free(&c->mem, c->sources[i].name);
        tp_mem_free(&c->mem, c->sources[i].text);
    }
    tp_mem_free(&c->mem, c->sources);
    for (size_t i = 0; i < c->nparams; i++) {
        tp_mem_free(&c->mem, c->params[i].name);
        tp_mem_free(&c->mem, c->params[i].value);
    }
    tp_mem_free(&c->mem, c->params);
    for (size_t i = 0; i < c->nschemas; i++) {
        tp_mem_free(&c->mem, c->schemas[i].name);
        tp_mem_free(&c->mem, c->schemas[i].origin);
        cJSON_Delete(c->schemas[i].doc);
    }
    tp_mem_free(&c->mem, c->schemas);
    tp_arena_free(&c->ast);
    tp_diags_free(&c->diags);
    tp_mem mem = c->mem;
    tp_mem_free(&mem, c);
}

int tp_compiler_add_source(tp_compiler *c, const char *name, const char *source, size_t length)
{
    if (!c || !name || (!source && length))
        return TP_EINVAL;
    void *items = c->sources;
    if (tp_mem_grow(&c->mem, &items, &c->cap_sources, c->nsources + 1, sizeof *c->sources))
        return TP_ENOMEM;
    c->sources = items;
    tp_source *src = &c->sources[c->nsources];
    src->waivers_only = 0;
    src->name = tp_mem_strndup(&c->mem, name, strlen(name));
    src->text = tp_mem_strndup(&c->mem, source ? source : "", length);
    src->len = length;
    if (!src->name || !src->text) {
        tp_mem_free(&c->mem, src->name);
        tp_mem_free(&c->mem, src->text);
        return TP_ENOMEM;
    }
    c->nsources++;
    tp_parse_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.arena = &c->ast;
    ctx.diags = &c->diags;
    ctx.file_name = src->name;
    ctx.file = (uint32_t)(c->nsources - 1);
    ctx.max_errors = c->max_errors;
    int rc = tp_parse_source(&ctx, src->text, src->len);
    if (rc)
        return rc;
    if (ctx.first) {
        if (c->last)
            c->last->next = ctx.first;
        else
            c->first = ctx.first;
        c->last = ctx.last;
    }
    return c->diags.oom ? TP_ENOMEM : 0;
}

static int add_error(tp_compiler *c, const char *path, int rc, const char *what)
{
    tp_span none = {0, 0, 0, 0, 0};
    tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-IO", path, none, NULL, "%s", what);
    return rc;
}

static int add_file(tp_compiler *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return add_error(c, path, TP_EIO, strerror(errno));
    tp_strbuf sb;
    tp_strbuf_init(&sb, &c->mem);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb.len <= MAX_POLICY_BYTES)
        tp_strbuf_add(&sb, buf, n);
    int bad = ferror(f);
    fclose(f);
    int rc;
    if (bad)
        rc = add_error(c, path, TP_EIO, "read failed");
    else if (sb.len > MAX_POLICY_BYTES)
        rc = add_error(c, path, TP_ELIMIT, "policy file larger than 16 MiB");
    else if (sb.failed)
        rc = TP_ENOMEM;
    else
        rc = tp_compiler_add_source(c, path, sb.data ? sb.data : "", sb.len);
    tp_strbuf_free(&sb);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Every *.tpol below dir, sorted, so the load order never depends on the file system. */
static int add_dir(tp_compiler *c, const char *dir, unsigned depth)
{
    if (depth > 16)
        return add_error(c, dir, TP_ELIMIT, "directories nested deeper than 16 levels");
    DIR *d = opendir(dir);
    if (!d)
        return add_error(c, dir, TP_EIO, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        void *items = names;
        if (tp_mem_grow(&c->mem, &items, &cap, n + 1, sizeof *names)) {
            rc = TP_ENOMEM;
            break;
        }
        names = items;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = tp_mem_alloc(&c->mem, len);
        if (!names[n]) {
            rc = TP_ENOMEM;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode))
                rc = add_dir(c, names[i], depth + 1);
            else if (has_suffix(names[i], ".tpol"))
                rc = add_file(c, names[i]);
        }
        tp_mem_free(&c->mem, names[i]);
    }
    tp_mem_free(&c->mem, names);
    return rc;
}

int tp_compiler_add_path(tp_compiler *c, const char *path)
{
    if (!c || !path)
        return TP_EINVAL;
    struct stat st;
    if (stat(path, &st) != 0)
        return add_error(c, path, TP_EIO, strerror(errno));
    return S_ISDIR(st.st_mode) ? add_dir(c, path, 0) : add_file(c, path);
}

int tp_compiler_add_waivers(tp_compiler *c, const char *path)
{
    if (!c || !path)
        return TP_EINVAL;
    size_t first = c->nsources;
    int rc = tp_compiler_add_path(c, path);
    for (size_t i = first; i < c->nsources; i++)
        c->sources[i].waivers_only = 1;
    return rc;
}

int tp_compiler_add_waiver_source(tp_compiler *c, const char *name, const char *source,
                                  size_t length)
{
    if (!c)
        return TP_EINVAL;
    size_t first = c->nsources;
    int rc = tp_compiler_add_source(c, name, source, length);
    for (size_t i = first; i < c->nsources; i++)
        c->sources[i].waivers_only = 1;
    return rc;
}

static const struct tp_builtin_file *builtin(const char *name)
{
    for (const struct tp_builtin_file *p = tp_builtin_files; p->name; p++)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

/* Loads a schema for binding `name` from a file, or "tokpol/v1" for the built-in one, relative
 * to `base` (a policy file's path, or NULL). Errors are diagnostics at `at` of `file`. */
static int load_schema(tp_compiler *c, const char *name, const char *path, const char *base,
                       const char *file, tp_span at)
{
    for (size_t i = 0; i < c->nschemas; i++)
        if (strcmp(c->schemas[i].name, name) == 0)
            return 0; /* the first one given wins: --schema before a pack's */
    tp_document_options o = TP_DOCUMENT_OPTIONS_INIT;
    o.allocator = &c->mem.hooks;
    tp_input_error err;
    memset(&err, 0, sizeof err);
    tp_document *doc = NULL;
    char full[4096];
    int rc;
    if (strcmp(path, "tokpol/v1") == 0) {
        const struct tp_builtin_file *f = builtin("builtin:tokpol-v1.json");
        rc = f ? tp_document_parse(&doc, f->source, f->length, &o, &err) : TP_EINVAL;
        snprintf(full, sizeof full, "tokpol/v1");
    } else {
        const char *slash = base && path[0] != '/' ? strrchr(base, '/') : NULL;
        snprintf(full, sizeof full, "%.*s%s", slash ? (int)(slash - base + 1) : 0, base ? base : "",
                 path);
        rc = tp_document_load(&doc, full, &o, &err);
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
        tp_document_free(doc);
        return TP_ENOMEM;
    }
    c->schemas = items;
    tp_schema *sc = &c->schemas[c->nschemas];
    sc->name = tp_mem_strndup(&c->mem, name, strlen(name));
    sc->origin = tp_mem_strndup(&c->mem, full, strlen(full));
    sc->doc = doc->owned; /* the schema keeps the tree; the document wrapper goes */
    sc->root = NULL;
    doc->owned = NULL;
    tp_document_free(doc);
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
    return load_schema(c, name, path, NULL, "--schema", none);
}

int tp_plan_validate(const tp_plan *p, const char *name, const tp_document *doc,
                     tp_input_error *err)
{
    if (!p || !doc)
        return TP_EINVAL;
    for (size_t i = 0; i < p->nschemas; i++)
        if (strcmp(p->schemas[i].name, name ? name : "input") == 0 && p->schemas[i].root)
            return tp_schema_validate(p->schemas[i].root, p->schemas[i].origin, doc, err);
    return 0;
}

int tp_plan_has_schema(const tp_plan *p, const char *name)
{
    for (size_t i = 0; p && i < p->nschemas; i++)
        if (strcmp(p->schemas[i].name, name ? name : "input") == 0)
            return 1;
    return 0;
}

int tp_compiler_add_builtin(tp_compiler *c, const char *pack)
{
    if (!c || !pack)
        return TP_EINVAL;
    char want[128];
    snprintf(want, sizeof want, "builtin:%s.tpol", pack);
    const struct tp_builtin_file *p = builtin(want);
    return p ? tp_compiler_add_source(c, p->name, p->source, p->length) : TP_EINVAL;
}

int tp_compiler_set_param(tp_compiler *c, const char *name, const char *value)
{
    if (!c || !name || !value || !*name)
        return TP_EINVAL;
    for (size_t i = 0; i < c->nparams; i++)
        if (strcmp(c->params[i].name, name) == 0) {
            char *v = tp_mem_strndup(&c->mem, value, strlen(value));
            if (!v)
                return TP_ENOMEM;
            tp_mem_free(&c->mem, c->params[i].value);
            c->params[i].value = v;
            return 0;
        }
    void *items = c->params;
    if (tp_mem_grow(&c->mem, &items, &c->cap_params, c->nparams + 1, sizeof *c->params))
        return TP_ENOMEM;
    c->params = items;
    tp_param_override *o = &c->params[c->nparams];
    o->name = tp_mem_strndup(&c->mem, name, strlen(name));
    o->value = tp_mem_strndup(&c->mem, value, strlen(value));
    if (!o->name || !o->value) {
        tp_mem_free(&c->mem, o->name);
        tp_mem_free(&c->mem, o->value);
        return TP_ENOMEM;
    }
    c->nparams++;
    return 0;
}

void tp_plan_free(tp_plan *p)
{
    if (!p)
        return;
    for (tp_regex_entry *e = p->regexes; e; e = e->next)
        regfree(e->regex);
    for (size_t i = 0; i < p->nschemas; i++)
        cJSON_Delete(p->schemas[i].doc);
    tp_arena_free(&p->arena);
    tp_mem mem = p->mem;
    tp_mem_free(&mem, p);
}

/* A pack's `schema "tokpol/v1"` (or a path beside the policy) describes its `input`; a built-in
 * pack may name only the built-in schema. */
static int load_pack_schemas(tp_compiler *c)
{
    for (const tp_decl *d = c->first; d; d = d->next) {
        if (d->kind != TP_D_PACK)
            continue;
        for (uint32_t i = 0; i < d->clauses.n; i++) {
            const tp_clause *cl = &d->clauses.items[i];
            if (cl->kind != TP_CL_ATTR || strcmp(cl->name, "schema") != 0 ||
                cl->expr->kind != TP_N_STR_LIT)
                continue;
            const char *file = c->sources[d->file].name;
            if (strncmp(file, "builtin:", 8) == 0 && strcmp(cl->expr->str, "tokpol/v1") != 0)
                continue;
            int rc = load_schema(c, "input", cl->expr->str, file, file, cl->expr->span);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* Moves the loaded schemas into the plan and builds their shapes there. */
static int adopt_schemas(tp_compiler *c, tp_plan *p)
{
    p->schemas = tp_arena_zalloc(&p->arena, (c->nschemas ? c->nschemas : 1) * sizeof *p->schemas);
    if (!p->schemas)
        return TP_ENOMEM;
    for (size_t i = 0; i < c->nschemas; i++) {
        tp_schema *s = &p->schemas[p->nschemas++];
        s->name = tp_arena_strdup(&p->arena, c->schemas[i].name);
        s->origin = tp_arena_strdup(&p->arena, c->schemas[i].origin);
        s->doc = c->schemas[i].doc;
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

/* Parses every --param value in arena `a`: a literal of the language, or else the text as a
 * string. The checker places each copy at the param it overrides. */
static int parse_params(tp_compiler *c, tp_arena *a, tp_param_value *out)
{
    for (size_t i = 0; i < c->nparams; i++) {
        const tp_param_override *o = &c->params[i];
        tp_diags scratch;
        tp_diags_init(&scratch, &c->mem);
        tp_parse_ctx pc;
        memset(&pc, 0, sizeof pc);
        pc.arena = a;
        pc.diags = &scratch;
        pc.file_name = "--param";
        pc.max_errors = 1;
        int rc = tp_parse_expression(&pc, o->value, strlen(o->value));
        int literal = rc == 0 && scratch.nerrors == 0 && pc.expr && tp_ast_is_literal(pc.expr);
        tp_diags_free(&scratch);
        if (rc)
            return rc;
        tp_span none = {0, 0, 0, 0, 0};
        tp_node *n = literal ? pc.expr : tp_ast_node(a, TP_N_STR_LIT, none);
        if (!n)
            return TP_ENOMEM;
        if (!literal) {
            n->str = o->value;
            n->len = (uint32_t)strlen(o->value);
        }
        out[i] = (tp_param_value){o->name, o->value, n};
    }
    return 0;
}

/* Schemas and --param values first, then check and lint: no stage calls back into the driver. */
static int check_sources(tp_compiler *c, tp_plan *p)
{
    int rc = load_pack_schemas(c);
    if (rc == 0)
        rc = adopt_schemas(c, p);
    tp_param_value *params =
        rc ? NULL : tp_arena_alloc(&p->arena, (c->nparams + 1) * sizeof *params);
    if (rc == 0 && !params)
        rc = TP_ENOMEM;
    if (rc == 0)
        rc = parse_params(c, &p->arena, params);
    if (rc)
        return rc;
    tp_check_input in = {c->first,           c->sources, c->nsources, p->schemas,
                         p->nschemas,        params,     c->nparams,  c->max_expr_depth,
                         c->max_regex_bytes, &p->arena,  &c->diags};
    rc = tp_check(p, &in);
    if (rc == 0 && c->diags.nerrors == 0)
        rc = tp_lint(&c->diags, p);
    return rc;
}

int tp_compiler_compile(tp_plan **out, tp_compiler *c)
{
    if (!out || !c)
        return TP_EINVAL;
    *out = NULL;
    if (c->diags.oom)
        return TP_ENOMEM;
    tp_plan *p = tp_mem_calloc(&c->mem, 1, sizeof *p);
    if (!p)
        return TP_ENOMEM;
    p->mem = c->mem;
    p->max_regex_bytes = c->max_regex_bytes;
    p->max_regex_input = c->max_regex_input;
    /* The plan takes over the syntax trees; the compiler starts a fresh arena. */
    p->arena = c->ast;
    p->arena.mem = &p->mem;
    tp_arena_init(&c->ast, &c->mem);
    p->files = tp_arena_alloc(&p->arena, (c->nsources ? c->nsources : 1) * sizeof *p->files);
    int rc = p->files ? 0 : TP_ENOMEM;
    for (size_t i = 0; rc == 0 && i < c->nsources; i++)
        if (!(p->files[p->nfiles++] = tp_arena_strdup(&p->arena, c->sources[i].name)))
            rc = TP_ENOMEM;
    if (rc == 0)
        rc = check_sources(c, p);
    if (rc == 0 && c->strict)
        tp_diags_promote_warnings(&c->diags);
    c->first = c->last = NULL; /* the trees now belong to the plan */
    tp_diags_sort(&c->diags, c->sources, c->nsources);
    if (rc == 0 && c->diags.oom)
        rc = TP_ENOMEM;
    if (rc == 0 && c->diags.nerrors)
        rc = TP_EPOLICY;
    if (rc) {
        tp_plan_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

int tp_compiler_write_diags_json(const tp_compiler *c, FILE *stream)
{
    if (!c || !stream)
        return TP_EINVAL;
    return tp_diags_write_json(&c->diags, stream);
}

size_t tp_compiler_diag_count(const tp_compiler *c)
{
    return c ? c->diags.n : 0;
}

const tp_diag *tp_compiler_diag(const tp_compiler *c, size_t i)
{
    return c && i < c->diags.n ? &c->diags.items[i] : NULL;
}

int tp_compiler_write_diags(const tp_compiler *c, FILE *stream, int color)
{
    if (!c || !stream)
        return TP_EINVAL;
    return tp_diags_write(&c->diags, c->sources, c->nsources, stream, color);
}

size_t tp_plan_rule_count(const tp_plan *p)
{
    return p ? p->nrules : 0;
}

size_t tp_plan_waiver_count(const tp_plan *p)
{
    return p ? p->nwaivers : 0;
}

const tp_waiver_info *tp_plan_waiver(const tp_plan *p, size_t i)
{
    return p && i < p->nwaivers ? &p->waivers[i].info : NULL;
}

int tp_plan_rule(tp_rule_info *out, const tp_plan *p, size_t i)
{
    if (!out || !p || i >= p->nrules)
        return TP_EINVAL;
    *out = p->rules[i].info;
    return 0;
}
