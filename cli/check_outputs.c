/* tokpol check: where its reports go. Each -o names its format (a prefix, or the file's
 * extension); an output that would overwrite another output or a file the run reads is refused
 * before anything is read or written. With a github report in a GitHub Actions job, the Markdown
 * report also goes to the job summary. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "command.h"

static const char format_list[] =
    "formats: text, json, sarif, junit, gitlab, github, markdown, html; or give the file one of "
    "the extensions .txt, .json, .sarif, .xml (JUnit), .gitlab.json, .md, .html";

/* File name endings and their formats; longer endings first, so .gitlab.json is not .json. */
static const struct {
    const char *ending;
    tp_format format;
} extensions[] = {
    {".gitlab.json", TP_FORMAT_GITLAB}, {".codequality.json", TP_FORMAT_GITLAB},
    {".sarif.json", TP_FORMAT_SARIF},   {".sarif", TP_FORMAT_SARIF},
    {".json", TP_FORMAT_JSON},          {".xml", TP_FORMAT_JUNIT},
    {".html", TP_FORMAT_HTML},          {".htm", TP_FORMAT_HTML},
    {".md", TP_FORMAT_MARKDOWN},        {".markdown", TP_FORMAT_MARKDOWN},
    {".txt", TP_FORMAT_TEXT},
};

static int ends_with(const char *s, const char *end)
{
    size_t ls = strlen(s), le = strlen(end);
    return ls > le && strcmp(s + ls - le, end) == 0;
}

/* A format prefix is a word before the first colon: "sarif:", or a typo like "sarf:". */
static size_t prefix_length(const char *spec)
{
    size_t n = 0;
    while ((spec[n] >= 'a' && spec[n] <= 'z') || (spec[n] >= 'A' && spec[n] <= 'Z') ||
           (spec[n] >= '0' && spec[n] <= '9') || spec[n] == '-' || spec[n] == '_')
        n++;
    return n && spec[n] == ':' ? n : 0;
}

/* The format and file of one -o value: the prefix's format, else the extension's (which must
 * agree with `given`, a --format on the command line, when there is one), else `fallback` (the
 * format from --format, TOKPOL_FORMAT or the project file; NULL when none); 0 or a usage error. */
static int parse_output(output *out, const char *spec, const tp_format *given,
                        const tp_format *fallback)
{
    size_t n = prefix_length(spec);
    if (n) {
        char name[32];
        if (n >= sizeof name)
            return cli_usage_error("-o '%s': unknown format; %s", spec, format_list);
        memcpy(name, spec, n);
        name[n] = '\0';
        if (tp_format_parse(&out->format, name) != 0) {
            const char *near = tp_suggest(name, cli_format_values, TP_FORMAT_HTML + 1);
            if (near)
                return cli_usage_error("-o '%s': unknown format '%s'; did you mean '%s:%s'?", spec,
                                       name, near, spec + n + 1);
            return cli_usage_error("-o '%s': unknown format '%s'; %s (a file name with a colon "
                                   "needs a format first: -o json:%s)",
                                   spec, name, format_list, spec);
        }
        out->path = spec + n + 1;
    } else {
        out->path = spec;
        size_t k = 0, nk = sizeof extensions / sizeof extensions[0];
        while (k < nk && !ends_with(spec, extensions[k].ending))
            k++;
        if (k < nk && given && *given != extensions[k].format)
            return cli_usage_error("-o '%s': the file's extension says %s, --format says %s; "
                                   "say which with a prefix, like -o %s:%s",
                                   spec, tp_format_name(extensions[k].format),
                                   tp_format_name(*given), tp_format_name(*given), spec);
        if (k == nk && !fallback)
            return cli_usage_error("-o '%s': the file name does not say which format to write; "
                                   "give one, like -o json:%s; %s",
                                   spec, spec, format_list);
        out->format = k < nk ? extensions[k].format : *fallback;
    }
    if (!*out->path)
        return cli_usage_error("-o '%s' names no file", spec);
    if (strcmp(out->path, "-") == 0)
        out->path = NULL; /* standard output */
    return 0;
}

/* What identifies a file: its device and inode when it exists, else its resolved path. */
typedef struct file_id {
    int exists, is_dir;
    dev_t dev;
    ino_t ino;
    char canon[PATH_MAX];
} file_id;

static void identify(file_id *id, const char *path)
{
    struct stat st;
    memset(id, 0, sizeof *id);
    if (stat(path, &st) == 0) {
        id->exists = 1;
        id->is_dir = S_ISDIR(st.st_mode);
        id->dev = st.st_dev;
        id->ino = st.st_ino;
    }
    if (realpath(path, id->canon))
        return;
    /* A file not written yet: its directory resolved, then its name. */
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX], resolved[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    int n = -1;
    if (realpath(dir, resolved))
        n = snprintf(id->canon, sizeof id->canon, "%s/%s", strcmp(resolved, "/") ? resolved : "",
                     slash ? slash + 1 : path);
    if (n < 0 || (size_t)n >= sizeof id->canon)
        snprintf(id->canon, sizeof id->canon, "%s", path);
}

static int same_file(const file_id *a, const file_id *b)
{
    if (a->exists && b->exists)
        return a->dev == b->dev && a->ino == b->ino;
    return strcmp(a->canon, b->canon) == 0;
}

/* Whether the output lies below directory `dir` (resolved) and would be read as a policy. */
static int inside_policy_dir(const file_id *out, const file_id *dir)
{
    size_t n = strlen(dir->canon);
    return dir->is_dir && strncmp(out->canon, dir->canon, n) == 0 && out->canon[n] == '/' &&
           ends_with(out->canon, ".tpol");
}

/* The file part of NAME=FILE, or the whole value. */
static const char *file_of(const char *value)
{
    const char *eq = strchr(value, '=');
    return eq ? eq + 1 : value;
}

/* Refuses an output that is a file the run reads: an input, policy, waiver file, schema or the
 * baseline. */
static int reads(const check_opts *o, const file_id *out, const char *spec)
{
    struct {
        const char *const *paths;
        size_t n;
        const char *what;
    } lists[] = {{o->inputs, o->ninputs, "an input"},
                 {o->named, o->nnamed, "an input"},
                 {o->pol.policies, o->pol.npolicies, "a policy"},
                 {o->pol.waivers, o->pol.nwaivers, "a waivers file"},
                 {o->pol.schemas, o->pol.nschemas, "a schema"},
                 {&o->baseline, o->baseline != NULL, "the baseline"}};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (size_t i = 0; i < lists[l].n; i++) {
            const char *path = file_of(lists[l].paths[i]);
            if (strcmp(path, "-") == 0)
                continue;
            file_id id;
            identify(&id, path);
            if (same_file(out, &id))
                return cli_usage_error("-o '%s' would overwrite %s of this run, %s", spec,
                                       lists[l].what, path);
            if (inside_policy_dir(out, &id))
                return cli_usage_error("-o '%s' would write a .tpol file into the policy "
                                       "directory %s",
                                       spec, path);
        }
    return 0;
}

int check_plan_outputs(const check_opts *o, tp_format fallback, output *out, size_t *n)
{
    *n = 0;
    if (o->noutputs == 0) {
        out[(*n)++] = (output){fallback, NULL};
        return 0;
    }
    /* --format on the command line must agree with an extension; a format from TOKPOL_FORMAT or
     * the project file only serves files whose name says none. */
    const tp_format *given = o->format && o->format_flag ? &fallback : NULL;
    const tp_format *default_format = o->format ? &fallback : NULL;
    file_id *ids = calloc(o->noutputs, sizeof *ids);
    if (!ids)
        return cli_usage_error("out of memory");
    int code = 0;
    for (size_t i = 0; code == 0 && i < o->noutputs; i++) {
        const char *spec = o->outputs[i];
        output *cur = &out[*n];
        if ((code = parse_output(cur, spec, given, default_format)))
            break;
        if (!cur->path) {
            for (size_t k = 0; k < *n; k++)
                if (!out[k].path)
                    code = cli_usage_error("-o '%s': standard output is given twice", spec);
            (*n)++;
            continue;
        }
        identify(&ids[*n], cur->path);
        if (ids[*n].is_dir)
            code = cli_usage_error("-o '%s' is a directory", spec);
        for (size_t k = 0; code == 0 && k < *n; k++)
            if (out[k].path && same_file(&ids[k], &ids[*n]))
                code =
                    cli_usage_error("-o '%s' and -o '%s' are the same file", o->outputs[k], spec);
        if (code == 0)
            code = reads(o, &ids[*n], spec);
        (*n)++;
    }
    free(ids);
    return code;
}

int check_step_summary(const output *outs, size_t n, const tp_result *res,
                       const tp_report_options *rep)
{
    const char *path = getenv("GITHUB_STEP_SUMMARY");
    size_t i = 0;
    while (i < n && outs[i].format != TP_FORMAT_GITHUB)
        i++;
    if (i == n || !path || !*path)
        return 0;
    /* Appended, as GitHub wants: earlier steps' summaries stay. */
    FILE *f = fopen(path, "a");
    int rc = f ? tp_report_write(f, res, TP_FORMAT_MARKDOWN, rep) : TP_EIO;
    int saved = errno;
    if (f && fclose(f) != 0 && rc == 0) {
        rc = TP_EIO;
        saved = errno;
    }
    if (rc == 0)
        return 0;
    cli_fprintf(stderr, "tokpol: cannot write the report to $GITHUB_STEP_SUMMARY (%s): %s\n", path,
                strerror(saved));
    return EXIT_WRITE;
}
