/* tokpol check: loading, naming, validating and evaluating the inputs of a run. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

void check_print_input_error(const char *path, const tp_input_error *e)
{
    if (e->line)
        cli_fprintf(stderr, "%s:%u:%u: error: %s\n", path, e->line, e->column, e->message);
    else
        cli_fprintf(stderr, "%s: error: %s\n", path, e->message);
}

/* Loads one document; prints and records the error and returns an exit code when it fails. */
static int load(tp_document **out, const char *path, const check_opts *o, tp_result *res)
{
    tp_document_options dopts = TP_DOCUMENT_OPTIONS_INIT;
    dopts.max_bytes = o->max_bytes;
    dopts.max_depth = o->max_json_depth > 999 ? 999 : (unsigned)o->max_json_depth;
    tp_input_error err;
    int rc = tp_document_load(out, path, &dopts, &err);
    if (rc == 0)
        return 0;
    if (rc == TP_ENOMEM)
        snprintf(err.message, sizeof err.message, "out of memory");
    check_input_error(res, strcmp(path, "-") == 0 ? "<stdin>" : path, rc, &err);
    return EXIT_INPUT;
}

int check_load_all(loaded *l, const check_opts *o)
{
    size_t total = o->ninputs + o->nnamed;
    l->docs = calloc(total ? total : 1, sizeof *l->docs);
    l->named = calloc(o->nnamed + 1, sizeof *l->named);
    if (!l->docs || !l->named)
        return EXIT_INPUT;
    int status = 0;
    for (size_t i = 0; i < o->ninputs; i++, l->ndocs++) {
        int rc = load(&l->docs[l->ndocs], o->inputs[i], o, l->res);
        status = status ? status : rc;
    }
    for (size_t i = 0; i < o->nnamed; i++, l->ndocs++) {
        const char *eq = strchr(o->named[i], '=');
        int rc = load(&l->docs[l->ndocs], eq + 1, o, l->res);
        status = status ? status : rc;
        l->named[i].doc = l->docs[l->ndocs];
    }
    return status;
}

void check_free_loaded(loaded *l, const check_opts *o)
{
    for (size_t i = 0; i < l->ndocs; i++)
        tp_document_free(l->docs[i]);
    for (size_t i = 0; i < o->nnamed; i++)
        free((char *)l->named[i].name);
    free(l->docs);
    free(l->named);
}

/* The strings are owned by `l`. */
int check_name_bindings(loaded *l, const check_opts *o)
{
    for (size_t i = 0; i < o->nnamed; i++) {
        const char *eq = strchr(o->named[i], '=');
        char *name = strndup(o->named[i], (size_t)(eq - o->named[i]));
        if (!name)
            return -1;
        l->named[i].name = name;
    }
    return 0;
}

int check_validate_all(const tp_plan *plan, const loaded *l, const check_opts *o,
                       tp_validation *state)
{
    int any = tp_plan_has_schema(plan, NULL);
    for (size_t i = 0; i < o->nnamed; i++)
        any = any || tp_plan_has_schema(plan, l->named[i].name);
    if (!any)
        return 0;
    if (o->no_validate) {
        *state = TP_VALIDATION_SKIPPED;
        return 0;
    }
    *state = TP_VALIDATION_PASSED;
    int code = 0;
    for (size_t i = 0; i < l->ndocs; i++) {
        int positional = i < o->ninputs;
        const char *name = positional ? NULL : l->named[i - o->ninputs].name;
        const char *path = positional ? o->inputs[i] : strchr(o->named[i - o->ninputs], '=') + 1;
        tp_input_error err;
        memset(&err, 0, sizeof err);
        if (tp_plan_validate(plan, name, l->docs[i], &err) != 0) {
            check_input_error(l->res, strcmp(path, "-") == 0 ? "<stdin>" : path, TP_EINPUT, &err);
            code = EXIT_INPUT;
        }
    }
    return code;
}

int check_evaluate_all(tp_result *res, const tp_plan *plan, loaded *l, const check_opts *o,
                       const tp_eval_options *eopts)
{
    tp_binding *b = calloc(o->nnamed + 1, sizeof *b);
    if (!b)
        return TP_ENOMEM;
    int rc = 0;
    memcpy(b + 1, l->named, o->nnamed * sizeof *b);
    for (size_t i = 0; rc == 0 && i < o->ninputs; i++) {
        b[0].name = NULL;
        b[0].doc = l->docs[i];
        const char *name = strcmp(o->inputs[i], "-") == 0 ? "<stdin>" : o->inputs[i];
        rc = tp_evaluate(res, plan, name, b, o->nnamed + 1, eopts);
    }
    if (o->ninputs == 0) {
        char name[1024] = "";
        size_t off = 0;
        for (size_t i = 0; i < o->nnamed && off < sizeof name; i++)
            off +=
                (size_t)snprintf(name + off, sizeof name - off, "%s%s", i ? "+" : "", o->named[i]);
        rc = tp_evaluate(res, plan, name, b + 1, o->nnamed, eopts);
    }
    free(b);
    return rc;
}
