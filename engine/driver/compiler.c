/* The public compile API: collecting sources and --param overrides, and running the stages
 * (check, lint, lowering) that turn them into a plan. */
#include "base/datetime.h"
#include "driver/compiler.h"

#include <stdio.h>
#include <string.h>

#include "base/options.h"
#include "check/check.h"
#include "check/lint.h"
#include "driver/builtin_files.h"
#include "lower/lower.h"
#include "syntax/parse_driver.h"

#define DEFAULT_MAX_ERRORS 20
#define DEFAULT_MAX_EXPR_DEPTH 200
#define MAX_EXPR_DEPTH_CAP 500 /* the checker and evaluator recurse: keep the C stack safe */
#define DEFAULT_MAX_REGEX_BYTES 1024
#define DEFAULT_MAX_REGEX_INPUT (16 * 1024)

TP_DEFINE_OPTIONS_INIT(compiler, TP_COMPILER_OPTIONS_INIT, TP_COMPILER_OPTIONS_VERSION)

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
    tp_diags_set_sources(&c->diags, &c->sources, &c->nsources);
    c->max_errors = opts && opts->max_errors ? opts->max_errors : DEFAULT_MAX_ERRORS;
    c->diags.max_per_file = c->max_errors;
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
    /* A byte order mark at the very start says the file is UTF-8, which it must be: drop it, so
     * columns and quoted lines start with the first character (one anywhere else is an error). */
    if (length >= 3 && memcmp(source, "\xEF\xBB\xBF", 3) == 0) {
        source += 3;
        length -= 3;
    }
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

int tp_compiler_add_builtin(tp_compiler *c, const char *pack)
{
    if (!c || !pack)
        return TP_EINVAL;
    char want[128];
    snprintf(want, sizeof want, "builtin:%s.tpol", pack);
    const struct tp_builtin_file *p = tp_builtin_file_find(want);
    return p ? tp_compiler_add_source(c, p->name, p->source, p->length) : TP_EINVAL;
}

int tp_builtin_pack_exists(const char *pack)
{
    char want[128];
    snprintf(want, sizeof want, "builtin:%s.tpol", pack ? pack : "");
    return pack && tp_builtin_file_find(want) != NULL;
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

/* Parses every --param value in arena `a`: a literal of the language, or else the text as a
 * string; a number out of range is an error, as in a policy. The checker places each copy at the
 * param it overrides. */
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
        if (pc.bad_number)
            tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-PARAM", "--param", none, NULL,
                         "--param %s=%s: number out of range: %s", o->name, o->value,
                         pc.bad_number);
        /* That number stands as 0, never used (the compile fails), so that the checker does not
         * say the value is a string as well. */
        tp_node *n = literal         ? pc.expr
                     : pc.bad_number ? tp_ast_number(a, 0, none)
                                     : tp_ast_node(a, TP_N_STR_LIT, none);
        if (!n)
            return TP_ENOMEM;
        if (!literal && !pc.bad_number) {
            n->str = o->value;
            n->len = (uint32_t)strlen(o->value);
        }
        out[i] = (tp_param_value){o->name, o->value, n};
    }
    return 0;
}

/* Schemas and --param values first, then check, lint and lowering: no stage calls back into the
 * driver. The syntax trees are only read until the plan is built. */
static int run_stages(tp_compiler *c, tp_plan *p)
{
    int rc = tp_driver_load_pack_schemas(c);
    if (rc == 0)
        rc = tp_driver_adopt_schemas(c, p);
    tp_param_value *params = rc ? NULL : tp_arena_alloc(&c->ast, (c->nparams + 1) * sizeof *params);
    if (rc == 0 && !params)
        rc = TP_ENOMEM;
    if (rc == 0)
        rc = parse_params(c, &c->ast, params);
    if (rc)
        return rc;
    tp_check_input in = {c->first,          c->sources,        c->nsources,
                         p->schemas,        p->nschemas,       params,
                         c->nparams,        c->max_expr_depth, c->max_regex_bytes,
                         tp_datetime_now(), &c->ast,           &c->diags};
    tp_checked program;
    rc = tp_check(&program, &in);
    if (rc == 0 && c->diags.nerrors == 0)
        rc = tp_lint(&c->diags, &program, &in);
    if (rc == 0 && c->strict)
        tp_diags_promote_warnings(&c->diags);
    if (rc == 0 && c->diags.nerrors == 0)
        rc = tp_lower(p, &program);
    if (rc == 0 && c->diags.nerrors == 0)
        rc = tp_driver_record_params(c, p, &program);
    if (rc == 0 && c->diags.nerrors == 0)
        rc = tp_driver_clause_texts(p, c->sources, c->nsources, &c->mem);
    return rc;
}

int tp_compiler_compile(tp_plan **out, tp_compiler *c)
{
    if (!out || !c)
        return TP_EINVAL;
    *out = NULL;
    if (c->diags.oom)
        return TP_ENOMEM;
    tp_plan *p = tp_plan_new(&c->mem);
    if (!p)
        return TP_ENOMEM;
    p->max_regex_bytes = c->max_regex_bytes;
    p->max_regex_input = c->max_regex_input;
    p->files = tp_arena_alloc(&p->arena, (c->nsources ? c->nsources : 1) * sizeof *p->files);
    int rc = p->files ? 0 : TP_ENOMEM;
    for (size_t i = 0; rc == 0 && i < c->nsources; i++)
        if (!(p->files[p->nfiles++] = tp_arena_strdup(&p->arena, c->sources[i].name)))
            rc = TP_ENOMEM;
    if (rc == 0)
        rc = run_stages(c, p);
    /* Compiling consumes the syntax trees: add sources again to compile another plan. */
    tp_arena_free(&c->ast);
    tp_arena_init(&c->ast, &c->mem);
    c->first = c->last = NULL;
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

size_t tp_compiler_diags_left_out(const tp_compiler *c)
{
    return c ? tp_diags_left_out(&c->diags) : 0;
}

int tp_compiler_write_diags(const tp_compiler *c, FILE *stream, int color)
{
    if (!c || !stream)
        return TP_EINVAL;
    return tp_diags_write(&c->diags, c->sources, c->nsources, stream, color);
}
