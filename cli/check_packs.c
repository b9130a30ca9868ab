/* tokpol check --pack: finding a provider pack's directory, and binding each given file to the
 * pack document whose schema it validates against, so files come in any order without --input. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* DIR/NAME into out when it is a directory; 0, or -1. */
static int pack_in(const char *dir, const char *name, char *out, size_t size)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    return n > 0 && (size_t)n < size && is_dir(out) ? 0 : -1;
}

int check_packs_root(char *out, size_t size)
{
    const char *env = getenv("TOKPOL_PACKS");
    if (env && *env)
        return snprintf(out, size, "%s", env) > 0 ? 0 : -1;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
    if (!slash)
        return -1;
    *slash = '\0';
    /* Installed: BIN/../share/tokpol/packs; in a build tree: BIN/share/tokpol/packs. */
    int len = snprintf(out, size, "%s/../share/tokpol/packs", exe);
    if (len > 0 && (size_t)len < size && is_dir(out))
        return 0;
    len = snprintf(out, size, "%s/share/tokpol/packs", exe);
    return len > 0 && (size_t)len < size && is_dir(out) ? 0 : -1;
}

const char *check_pack_name_error(const char *name)
{
    /* ".." and "." (or "") would name the directory above the packs or the packs' own, whose
     * *.tpol files would run as a pack; a hidden directory is no pack `tokpol packs` lists. */
    size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
    if (n > 0 && name[n] == '\0' && name[0] != '.')
        return NULL;
    return "not a pack name (letters, digits, '-', '_' and '.', not first; tokpol packs lists "
           "them): give a pack's directory as a path with a '/' (./mypack, ../)";
}

int check_find_pack(const char *name, char *out, size_t size)
{
    char root[PATH_MAX];
    if (check_pack_name_error(name))
        return -1; /* never a directory outside the packs' */
    return check_packs_root(root, sizeof root) == 0 ? pack_in(root, name, out, size) : -1;
}

/* Adds policy `path` (a copy) for --pack; 0, or -1 out of memory. */
static int add_policy(const char *path, void *state)
{
    check_opts *o = state;
    char *copy = strdup(path);
    char **packs = copy ? realloc(o->packs, (o->npacks + 1) * sizeof *packs) : NULL;
    if (!packs) {
        free(copy);
        cli_usage_error("out of memory");
        return -1;
    }
    o->packs = packs;
    o->packs[o->npacks++] = copy;
    cli_push(&o->pol.policies, &o->pol.npolicies, copy);
    return 0;
}

static int is_policy_file(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcmp(path + n - 5, ".tpol") == 0 && !is_dir(path);
}

/* The *.tpol files at the top of a pack's directory, in name order: its tests/ and examples/
 * below are not part of it. 0, or -1 after a usage error. */
static int add_pack_files(const char *dir, check_pack_add add, void *state)
{
    cli_files files = {0};
    int rc = cli_files_list(&files, dir, is_policy_file);
    if (rc)
        rc = (cli_usage_error("pack %s: cannot read the directory: %s", dir, strerror(errno)), -1);
    else if (files.n == 0)
        rc = (cli_usage_error("pack %s: no *.tpol file in it", dir), -1);
    for (size_t i = 0; rc == 0 && i < files.n; i++)
        rc = add(files.paths[i], state);
    cli_files_free(&files);
    return rc;
}

int check_pack_policies(const char *name, check_pack_add add, void *state)
{
    char dir[PATH_MAX];
    const char *bad_name = strchr(name, '/') ? NULL : check_pack_name_error(name);
    if (bad_name) {
        cli_usage_error("pack '%s': %s", name, bad_name);
        return -1;
    }
    int found = strchr(name, '/') ? is_dir(name) && snprintf(dir, sizeof dir, "%s", name) > 0
                                  : check_find_pack(name, dir, sizeof dir) == 0;
    if (!found && strchr(name, '/')) {
        cli_usage_error("pack %s: not a directory", name);
        return -1;
    }
    if (!found) {
        const char *env = getenv("TOKPOL_PACKS");
        cli_usage_error("pack %s: no such pack in %s (tokpol packs lists them)", name,
                        env && *env ? env : "share/tokpol/packs beside the tokpol binary");
        return -1;
    }
    /* A pack that extends a built-in one (lokalise) runs the built-in rules too, whether it is
     * named or given as its directory (policies/lokalise/): the directory's name is the pack's. */
    size_t end = strlen(dir);
    while (end > 1 && dir[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && dir[start - 1] != '/')
        start--;
    char builtin[128];
    int n = snprintf(builtin, sizeof builtin, "builtin:%.*s", (int)(end - start), dir + start);
    if (n > 0 && (size_t)n < sizeof builtin && tp_builtin_pack_exists(builtin + 8) &&
        add(builtin, state))
        return -1;
    return add_pack_files(dir, add, state);
}

int check_add_pack(check_opts *o, const char *name)
{
    return check_pack_policies(name, add_policy, o);
}

void check_free_packs(check_opts *o)
{
    for (size_t i = 0; i < o->npacks; i++)
        free(o->packs[i]);
    free(o->packs);
}

/* Which documents of the plan's packs accept d (CSV cells typed by the schema first): their
 * indexes in fits[], how many returned. Each refusal is printed, with where it failed. */
static size_t fitting(const tp_plan *plan, input_doc *d, size_t *fits, int print)
{
    size_t nfit = 0;
    for (size_t k = 0; k < tp_plan_document_count(plan); k++) {
        const tp_pack_document *pd = tp_plan_document(plan, k);
        tp_input_error e;
        memset(&e, 0, sizeof e);
        int rc = tp_plan_type_document(plan, pd->name, d->doc, &e);
        if (rc == 0)
            rc = tp_plan_validate(plan, pd->name, d->doc, &e);
        if (rc == 0)
            fits[nfit++] = k;
        else if (print)
            cli_fprintf(stderr, "%s: note: not a %s document of pack %s (schema %s): %u:%u: %s\n",
                        d->path, pd->root ? "root" : pd->name, pd->pack, pd->schema, e.line,
                        e.column, e.message);
    }
    return nfit;
}

static void input_error(loaded *l, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void input_error(loaded *l, const char *path, const char *fmt, ...)
{
    tp_input_error e;
    memset(&e, 0, sizeof e);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    check_loaded_error(l, path, TP_EINPUT, &e);
}

/* A document the packs read, not optional, that was not given: an input error (exit 4) under
 * `label`, whether the pack runs by --pack or its policies by -p. */
static void missing_document(loaded *l, const tp_pack_document *pd, const char *label,
                             const char *why)
{
    input_error(l, label, "pack %s reads the document %s (schema %s): %s", pd->pack,
                pd->root ? "root" : pd->name, pd->schema, why);
}

/* Root documents first: they are the positional input; every other one is bound by name, in
 * command-line order (the order of a list of documents). */
static void put_root_first(loaded *l)
{
    input_doc *docs = malloc(l->ndocs * sizeof *docs);
    if (!docs)
        return; /* the order stays: roots are then bound as names too, and their rules err */
    size_t n = 0, nroot = 0;
    for (size_t i = 0; i < l->npositional; i++)
        if (!l->docs[i].name)
            docs[n++] = l->docs[i];
    nroot = n;
    for (size_t i = 0; i < l->ndocs; i++)
        if (i >= l->npositional || l->docs[i].name)
            docs[n++] = l->docs[i];
    memcpy(l->docs, docs, l->ndocs * sizeof *docs);
    free(docs);
    l->npositional = nroot;
}

/* Whether every one of the fitting documents is a `many` one (a list of documents). */
static int all_many(const tp_plan *plan, const size_t *fits, size_t nfit)
{
    for (size_t k = 0; k < nfit; k++)
        if (!tp_plan_document(plan, fits[k])->many)
            return 0;
    return 1;
}

int check_bind_documents(loaded *l, const tp_plan *plan)
{
    size_t nd = tp_plan_document_count(plan);
    size_t *fits = calloc(nd + 1, sizeof *fits), *given = calloc(nd + 1, sizeof *given);
    int code = fits && given ? 0 : EXIT_INPUT;
    for (size_t i = 0; code == 0 && i < l->npositional; i++) {
        input_doc *d = &l->docs[i];
        size_t nfit = fitting(plan, d, fits, 0);
        /* An empty list fits every list schema, and adds nothing to whichever list of
         * documents it joins: the first is as good as any. */
        if (nfit > 1 && tp_document_length(d->doc) == 0 && all_many(plan, fits, nfit))
            nfit = 1;
        if (nfit == 1) {
            const tp_pack_document *pd = tp_plan_document(plan, fits[0]);
            given[fits[0]]++;
            d->name = pd->root ? NULL : pd->name;
            if (pd->many)
                check_push_many(l, pd->name);
            else if (given[fits[0]] > 1)
                input_error(l, d->path, "a second %s document: pack %s reads one", pd->name,
                            pd->pack);
            continue;
        }
        if (nfit == 0) {
            fitting(plan, d, fits, 1);
            input_error(l, d->path,
                        "fits no document of the packs: each schema refused it "
                        "(see the notes above)");
        } else {
            char names[200] = "";
            for (size_t k = 0; k < nfit; k++) {
                size_t len = strlen(names);
                snprintf(names + len, sizeof names - len, "%s%s", k ? ", " : "",
                         tp_plan_document(plan, fits[k])->name);
            }
            input_error(l, d->path,
                        "fits several documents of the packs (%s): their schemas "
                        "must exclude each other",
                        names);
        }
        code = EXIT_INPUT;
    }
    for (size_t k = 0; code == 0 && k < nd; k++) {
        const tp_pack_document *pd = tp_plan_document(plan, k);
        if (!given[k] && !pd->optional) {
            missing_document(l, pd, "--pack", "no file given fits it");
            code = EXIT_INPUT;
        } else if (!given[k] && pd->many) {
            check_push_many(l, pd->name); /* none given: an empty list, nothing to check there */
        }
    }
    if (code == 0)
        put_root_first(l);
    free(fits);
    free(given);
    return code;
}

/* Whether a document of l is bound as `name`, or `name` is a list of none (an inline []). */
static int bound(const loaded *l, const char *name)
{
    for (size_t i = l->npositional; i < l->ndocs; i++)
        if (strcmp(l->docs[i].name, name) == 0)
            return 1;
    for (size_t i = 0; i < l->nmany; i++)
        if (strcmp(l->many[i], name) == 0)
            return 1;
    return 0;
}

int check_named_documents(loaded *l, const tp_plan *plan)
{
    int code = 0;
    for (size_t k = 0; k < tp_plan_document_count(plan); k++) {
        const tp_pack_document *pd = tp_plan_document(plan, k);
        if (pd->optional || (pd->root ? l->npositional > 0 : bound(l, pd->name)))
            continue;
        char why[200];
        if (pd->root)
            snprintf(why, sizeof why, "it is the input, and none is given");
        else
            snprintf(why, sizeof why, "no document is bound to the name %.60s (--input %.60s=FILE)",
                     pd->name, pd->name);
        missing_document(l, pd, pd->root ? "INPUT" : "--input", why);
        code = EXIT_INPUT;
    }
    return code;
}
