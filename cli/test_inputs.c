/* tokpol test: a case's documents (input, input_file, inputs, input_files), found, read, typed
 * and validated by the steps `check` loads its inputs with (check_inputs.c), so that a case sees
 * what `tokpol check --input NAME=FILE|DIR|GLOB` would: a pack's `many` document is a list even
 * when one file is given, a directory is its files, and a CSV export has its schema's types. */
#include <stdlib.h>
#include <string.h>

#include "test.h"

/* A spec of check (NAME=[FORMAT:]PATH, or [FORMAT:]PATH with name NULL) whose path is resolved
 * against the test file's directory; it lives as long as `in`. */
static const char *spec_of(test_inputs *in, const test_file *f, const char *name, const char *rel)
{
    const char *format;
    const char *path = check_split_format(rel, &format);
    char resolved[4200], spec[4400];
    test_file_path(f, path, resolved, sizeof resolved);
    snprintf(spec, sizeof spec, "%s%s%s%s%s", name ? name : "", name ? "=" : "",
             format ? format : "", format ? ":" : "", resolved);
    char *copy = strdup(spec);
    char **specs = copy ? realloc(in->specs, (in->nspecs + 1) * sizeof *specs) : NULL;
    if (!specs) {
        fputs("tokpol: out of memory\n", stderr);
        exit(EXIT_INPUT);
    }
    in->specs = specs;
    in->specs[in->nspecs++] = copy;
    return copy;
}

/* An inline document; for a pack's `many` document the value is the list of its documents. */
static int add_inline(test_inputs *in, const char *name, const cJSON *v, const tp_plan *plan,
                      const char *heading)
{
    char label[300];
    if (!name || !tp_plan_name_is_list(plan, name)) {
        snprintf(label, sizeof label, "%.200s (inline)", name ? name : "input");
        check_add_inline(&in->docs, name, label, v);
        return 0;
    }
    if (!cJSON_IsArray(v)) {
        cli_fprintf(stderr,
                    "%s: inputs.%s: a pack reads %s as a list of documents (`many`): give an "
                    "array of them, [...]\n",
                    heading, name, name);
        return EXIT_INPUT;
    }
    check_push_many(&in->docs, name); /* an empty array too: a list of none */
    int i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v)
    {
        snprintf(label, sizeof label, "%.200s[%d] (inline)", name, i++);
        check_add_inline(&in->docs, name, label, e);
    }
    return 0;
}

/* The positional input first, then the named ones (inline, then files), as check orders them. */
static int add_all(test_inputs *in, const test_file *f, const cJSON *c, const tp_plan *plan,
                   const char *heading)
{
    const cJSON *v, *file;
    int rc = 0;
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "input")))
        rc = add_inline(in, NULL, v, plan, heading);
    else if ((v = cJSON_GetObjectItemCaseSensitive(c, "input_file")))
        check_add_input(&in->docs, spec_of(in, f, NULL, v->valuestring));
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(c, "inputs"))
    {
        if (rc == 0)
            rc = add_inline(in, v->string, v, plan, heading);
    }
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(c, "input_files"))
    {
        const cJSON *files = cJSON_IsArray(v) ? v : NULL;
        if (cJSON_IsString(v))
            check_add_named_input(&in->docs, spec_of(in, f, v->string, v->valuestring));
        cJSON_ArrayForEach(file, files)
        {
            check_add_named_input(&in->docs, spec_of(in, f, v->string, file->valuestring));
        }
    }
    return rc;
}

int test_inputs_load(test_inputs *in, const test_file *f, const cJSON *c, const tp_plan *plan,
                     tp_result *res, const char *heading)
{
    memset(in, 0, sizeof *in);
    in->opts.jobs = 1;
    check_inputs_start(&in->docs, res);
    /* A case that lists diagnostics decides with them whether its inputs' errors are right. */
    in->docs.quiet = cJSON_GetObjectItemCaseSensitive(c, "diagnostics") != NULL;
    in->docs.context = heading;
    int rc = add_all(in, f, c, plan, heading);
    if (rc)
        return rc;
    tp_validation validation = TP_VALIDATION_NONE;
    rc = check_load_inputs(&in->docs, &in->opts, plan);
    if (rc == 0)
        rc = check_validate_all(plan, &in->docs, &in->opts, &validation);
    if (rc)
        return in->docs.quiet ? -1 : EXIT_INPUT;
    const loaded *l = &in->docs;
    if (l->npositional > 1) {
        cli_fprintf(stderr,
                    "%s: input_file %s holds %zu documents, and a case evaluates one input: give "
                    "them by name (input_files)\n",
                    heading, l->docs[0].spec, l->npositional);
        return EXIT_INPUT;
    }
    in->bind = calloc(l->nnamed + 1, sizeof *in->bind);
    if (!in->bind) {
        cli_fprintf(stderr, "%s: out of memory\n", heading);
        return EXIT_INPUT;
    }
    if (l->npositional)
        in->bind[in->nbind++] = (tp_binding){NULL, l->docs[0].doc};
    memcpy(in->bind + in->nbind, l->named, l->nnamed * sizeof *in->bind);
    in->nbind += l->nnamed;
    return 0;
}

void test_inputs_free(test_inputs *in)
{
    check_free_loaded(&in->docs);
    for (size_t i = 0; i < in->nspecs; i++)
        free(in->specs[i]);
    free(in->specs);
    free(in->bind);
}
