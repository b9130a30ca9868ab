/* tokpol check: finding the inputs of a run (a directory's files, a glob's matches, a FORMAT:
 * prefix), loading them on several threads, typing CSV cells by their schemas, and checking the
 * names --input binds. tokpol test loads a case's inputs through the same steps, inline
 * documents included. */
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "files.h"

/* The readers' names, as FORMAT: prefixes and --input-format take them. */
static const char *const formats[] = {"json", "csv"};

void check_print_input_error(const char *path, const tp_input_error *e)
{
    if (e->line)
        cli_fprintf(stderr, "%s:%u:%u: error: %s\n", path, e->line, e->column, e->message);
    else
        cli_fprintf(stderr, "%s: error: %s\n", path, e->message);
}

static void *need(void *p)
{
    if (!p) {
        fputs("tokpol: out of memory\n", stderr);
        exit(EXIT_INPUT);
    }
    return p;
}

static char *copy(const char *s)
{
    return need(strdup(s));
}

/* A file named "csv:x" is given as "./csv:x". */
const char *check_split_format(const char *spec, const char **format)
{
    const char *colon = strchr(spec, ':');
    *format = NULL;
    for (size_t i = 0; colon && i < sizeof formats / sizeof formats[0]; i++)
        if ((size_t)(colon - spec) == strlen(formats[i]) &&
            strncasecmp(spec, formats[i], strlen(formats[i])) == 0) {
            *format = formats[i];
            return colon + 1;
        }
    return spec;
}

int check_known_format(const char *name)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcasecmp(name, formats[i]) == 0)
            return 1;
    return 0;
}

static void add_doc(loaded *l, const char *name, const char *spec, const char *path,
                    const char *format)
{
    l->docs = need(realloc(l->docs, (l->ndocs + 1) * sizeof *l->docs));
    input_doc *d = &l->docs[l->ndocs++];
    memset(d, 0, sizeof *d);
    d->name = name;
    d->spec = spec;
    d->path = copy(path);
    d->format = format;
}

/* A spec whose files could not be listed: an error in its place, printed with the others. */
static void add_failed(loaded *l, const char *name, const char *spec, const char *path,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add_failed(loaded *l, const char *name, const char *spec, const char *path,
                       const char *fmt, ...)
{
    add_doc(l, name, spec, path, NULL);
    input_doc *d = &l->docs[l->ndocs - 1];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->err.message, sizeof d->err.message, fmt, ap);
    va_end(ap);
    d->status = TP_EIO;
}

static int is_input_file(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcasecmp(name + n - 5, ".json") == 0) ||
           (n > 4 && strcasecmp(name + n - 4, ".csv") == 0);
}

static int is_regular_input(const char *path)
{
    const char *slash = strrchr(path, '/');
    struct stat st;
    return is_input_file(slash ? slash + 1 : path) && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Every .json and .csv file of a directory, sorted by name; 0, or -1 when none (or unreadable). */
static int add_directory(loaded *l, const char *name, const char *spec, const char *dir,
                         const char *format)
{
    cli_files files = {0};
    if (cli_files_list(&files, dir, is_regular_input) != 0 && errno == ENOMEM)
        need(NULL);
    for (size_t i = 0; i < files.n; i++)
        add_doc(l, name, spec, files.paths[i], format);
    size_t added = files.n;
    cli_files_free(&files);
    return added ? 0 : -1;
}

static int is_directory(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

void check_inputs_start(loaded *l, tp_result *res)
{
    memset(l, 0, sizeof *l);
    l->res = res;
}

void check_add_input(loaded *l, const char *spec)
{
    const char *format;
    const char *path = check_split_format(spec, &format);
    if (!is_directory(path))
        add_doc(l, NULL, spec, path, format);
    else if (add_directory(l, NULL, spec, path, format) != 0)
        add_failed(l, NULL, spec, path, "the directory holds no .json or .csv file");
}

void check_push_many(loaded *l, const char *name)
{
    for (size_t i = 0; i < l->nmany; i++)
        if (strcmp(l->many[i], name) == 0)
            return;
    cli_push(&l->many, &l->nmany, name);
}

/* Before `name` gets documents of another spec: a name given twice is a list. */
static void note_repeat(loaded *l, const char *name)
{
    for (size_t i = 0; i < l->ndocs; i++)
        if (l->docs[i].name && strcmp(l->docs[i].name, name) == 0) {
            check_push_many(l, name);
            return;
        }
}

/* NAME=[FORMAT:]FILE|DIR|GLOB: a directory or a glob binds NAME to a list of documents. */
void check_add_named_input(loaded *l, const char *spec)
{
    const char *eq = strchr(spec, '=');
    char *name = need(strndup(spec, (size_t)(eq - spec)));
    l->owned = need(realloc(l->owned, (l->nowned + 1) * sizeof *l->owned));
    l->owned[l->nowned++] = name;
    note_repeat(l, name);
    const char *format;
    const char *pattern = check_split_format(eq + 1, &format);
    if (is_directory(pattern)) {
        check_push_many(l, name);
        if (add_directory(l, name, spec, pattern, format) != 0)
            add_failed(l, name, spec, pattern, "the directory holds no .json or .csv file");
        return;
    }
    if (!has_glob(pattern) || strcmp(pattern, "-") == 0) {
        add_doc(l, name, spec, pattern, format);
        return;
    }
    check_push_many(l, name);
    glob_t g;
    int rc = glob(pattern, GLOB_ERR, NULL, &g);
    if (rc == GLOB_NOMATCH)
        add_failed(l, name, spec, pattern, "matches no file (--input %s)", spec);
    else if (rc != 0)
        add_failed(l, name, spec, pattern, "cannot read the directories it names (--input %s)",
                   spec);
    for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++)
        add_doc(l, name, spec, g.gl_pathv[i], format);
    if (rc != GLOB_NOMATCH)
        globfree(&g);
}

void check_add_inline(loaded *l, const char *name, const char *label, const cJSON *value)
{
    if (name)
        note_repeat(l, name);
    add_doc(l, name, NULL, label, NULL);
    input_doc *d = &l->docs[l->ndocs - 1];
    d->spec = d->path;
    d->value = value;
}

/* Loads document d and types its CSV cells by the schema of its binding. */
static void load_doc(input_doc *d, const check_opts *o, const tp_plan *plan)
{
    if (d->status)
        return;
    tp_document_options dopts = TP_DOCUMENT_OPTIONS_INIT;
    dopts.max_bytes = o->max_bytes;
    dopts.max_depth = o->max_json_depth > 999 ? 999 : (unsigned)o->max_json_depth;
    dopts.max_memory = o->max_memory;
    dopts.format = d->format ? d->format : o->input_format;
    if (!dopts.format)
        dopts.format = tp_plan_input_format(plan, d->name);
    int rc = d->value ? tp_document_wrap(&d->doc, d->value, &dopts)
                      : tp_document_load(&d->doc, d->path, &dopts, &d->err);
    if (rc && d->value) /* the wrapper says nothing of where */
        snprintf(d->err.message, sizeof d->err.message, "%s",
                 rc == TP_ELIMIT ? "nested deeper or larger than the limits allow"
                                 : "holds what no JSON text can");
    if (rc == 0)
        rc = tp_plan_type_document(plan, d->name, d->doc, &d->err);
    if (rc == TP_ENOMEM)
        snprintf(d->err.message, sizeof d->err.message, "out of memory");
    d->status = rc;
}

/* What every loading thread shares: documents first + i are theirs to load. */
typedef struct load_run {
    loaded *l;
    size_t first;
    const check_opts *o;
    const tp_plan *plan;
} load_run;

static void load_one(size_t i, void *arg)
{
    load_run *run = arg;
    load_doc(&run->l->docs[run->first + i], run->o, run->plan);
}

/* Whether positional input k has a field named as document `named` (an index of l->docs) is
 * bound: asked of the document, or of what it said before it was freed. */
static int hides_field(const loaded *l, size_t k, size_t named)
{
    const input_doc *p = &l->docs[k];
    if (p->doc)
        return tp_document_has_field(p->doc, l->docs[named].name);
    return p->hides && p->hides[named - l->npositional];
}

/* Names no policy reads, and names that hide a field of a positional input: likely mistakes.
 * Each name once, with the spec that first gave it; `from` is the first named document (those
 * --pack bound come before it). Said once every document loaded, before any schema error. */
static void warn_about_names(const loaded *l, size_t from, const tp_plan *plan)
{
    const char *who = l->context ? l->context : "tokpol";
    for (size_t i = from; i < l->ndocs; i++) {
        const input_doc *d = &l->docs[i];
        if (i > from && d->spec == l->docs[i - 1].spec)
            continue; /* another file of the same directory or glob */
        size_t first = from;
        while (strcmp(l->docs[first].name, d->name) != 0)
            first++;
        if (first < i)
            continue;
        const char *how = d->value ? "" : "--input ";
        if (!tp_plan_reads_name(plan, d->name))
            cli_fprintf(stderr, "%s: warning: %s%s: no policy reads the name '%s'\n", who, how,
                        d->spec, d->name);
        for (size_t k = 0; k < l->npositional; k++)
            if (hides_field(l, k, i))
                cli_fprintf(stderr,
                            "%s: warning: %s%s hides the field '%s' of %s: policies read "
                            "the --input document as '%s'\n",
                            who, how, d->spec, d->name, l->docs[k].path, d->name);
    }
}

/* Prints and records the error of every document in [from, to) that has one, in input order;
 * EXIT_INPUT when one had, else 0. */
static int report_load_errors(const loaded *l, size_t from, size_t to)
{
    int code = 0;
    for (size_t i = from; i < to; i++)
        if (l->docs[i].status) {
            check_loaded_error(l, check_input_label(&l->docs[i]), l->docs[i].status,
                               &l->docs[i].err);
            code = EXIT_INPUT;
        }
    return code;
}

int check_load_inputs(loaded *l, const check_opts *o, const tp_plan *plan)
{
    while (l->npositional < l->ndocs && !l->docs[l->npositional].name)
        l->npositional++;
    for (size_t i = l->npositional; i < l->ndocs; i++)
        if (tp_plan_name_is_list(plan, l->docs[i].name))
            check_push_many(l, l->docs[i].name); /* a pack's `many` document, even with one file */
    /* A pack's optional `many` document not given is an empty list, with -p as with --pack. */
    for (size_t k = 0; k < tp_plan_document_count(plan); k++) {
        const tp_pack_document *pd = tp_plan_document(plan, k);
        if (pd->many && pd->optional && !pd->root)
            check_push_many(l, pd->name);
    }
    size_t nnamed = l->ndocs - l->npositional; /* stay last when --pack binds the others */
    load_run run = {l, l->load_as_evaluated ? l->npositional : 0, o, plan};
    /* The first run.first inputs are loaded as they are evaluated, each freed before the next;
     * the others (named documents, and all of them with --pack or --explain, held through one
     * evaluation) are loaded now. */
    check_parallel(l->ndocs - run.first, o->jobs, load_one, &run);
    int code = report_load_errors(l, run.first, l->ndocs);
    if (code == 0)
        code = o->npacks ? check_bind_documents(l, plan) : check_named_documents(l, plan);
    l->named = need(calloc(l->ndocs - l->npositional + 1, sizeof *l->named));
    for (size_t i = l->npositional; i < l->ndocs; i++)
        l->named[l->nnamed++] = (tp_binding){l->docs[i].name, l->docs[i].doc};
    if (code == 0 && !l->quiet && !l->load_as_evaluated) /* else once they loaded too */
        warn_about_names(l, l->ndocs - nnamed, plan);
    return code;
}

int check_load_positional(loaded *l, size_t i, const check_opts *o, const tp_plan *plan)
{
    input_doc *d = &l->docs[i];
    load_doc(d, o, plan);
    if (d->status)
        return 1;
    /* What the warnings about names will ask of it once it is freed, conforming or not. */
    if (l->nnamed && !(d->hides = calloc(l->nnamed, 1))) {
        snprintf(d->err.message, sizeof d->err.message, "out of memory");
        d->status = TP_ENOMEM;
        return 1;
    }
    for (size_t k = 0; k < l->nnamed; k++)
        d->hides[k] = (unsigned char)tp_document_has_field(d->doc, l->named[k].name);
    if (!o->no_validate && check_validate_doc(plan, d) != 0) {
        d->status = TP_EINPUT;
        return 1;
    }
    return 0;
}

/* Loads positional input i to say what is wrong with it, and frees it. */
static void load_to_report(size_t i, void *arg)
{
    load_run *run = arg;
    check_load_positional(run->l, i, run->o, run->plan);
    tp_document_free(run->l->docs[i].doc);
    run->l->docs[i].doc = NULL;
}

int check_load_positional_only(loaded *l, const check_opts *o, const tp_plan *plan)
{
    load_run run = {l, 0, o, plan};
    check_parallel(l->npositional, o->jobs, load_to_report, &run);
    return check_report_positional(l, plan);
}

/* Whether every document loaded, conforming to its schema or not: as before positional inputs
 * were loaded as evaluated, the warnings about names are said only then. */
static int all_loaded(const loaded *l)
{
    for (size_t i = 0; i < l->ndocs; i++)
        if (l->docs[i].status && !l->docs[i].invalid)
            return 0;
    return 1;
}

int check_report_positional(loaded *l, const tp_plan *plan)
{
    if (!l->quiet && all_loaded(l))
        warn_about_names(l, l->npositional, plan);
    int code = report_load_errors(l, 0, l->npositional);
    l->positional_failed = code != 0;
    return code;
}

int check_load_all(loaded *l, const check_opts *o, const tp_plan *plan, tp_result *res)
{
    check_inputs_start(l, res);
    l->load_as_evaluated = !o->npacks && !o->explain && o->ninputs; /* positional ones */
    for (size_t i = 0; i < o->ninputs; i++)
        check_add_input(l, o->inputs[i]);
    for (size_t i = 0; i < o->nnamed; i++)
        check_add_named_input(l, o->named[i]);
    return check_load_inputs(l, o, plan);
}

const char *check_input_label(const input_doc *d)
{
    return strcmp(d->path, "-") == 0 ? "<stdin>" : d->path;
}

void check_loaded_error(const loaded *l, const char *path, int status, const tp_input_error *e)
{
    if (l->quiet) {
        if (tp_result_add_input_error(l->res, path, status, e) != 0)
            fputs("tokpol: out of memory\n", stderr);
        return;
    }
    if (l->context)
        cli_fprintf(stderr, "%s: ", l->context);
    check_input_error(l->res, path, status, e);
}

void check_free_loaded(loaded *l)
{
    for (size_t i = 0; i < l->ndocs; i++) {
        tp_document_free(l->docs[i].doc);
        free(l->docs[i].path);
        free(l->docs[i].hides);
    }
    for (size_t i = 0; i < l->nowned; i++)
        free(l->owned[i]);
    free(l->owned);
    free(l->docs);
    free(l->named);
    free(l->many);
}
