/*
 * The golden corpus (tests/golden; its README.md says how to add a case). Each NAME.tpol is one
 * case of one parameterized test, named by its file in every message (and, in CTest, one test
 * golden/NAME each):
 *   NAME.tpol + NAME.input.json -> NAME.expected.json, the JSON report;
 *   NAME_bad.tpol -> NAME_bad.expected.txt, the diagnostics as `tokpol` prints them.
 * Lines "#! DIRECTIVE" in a case set up its compile (see the README). A second test checks that
 * every diagnostic code docs/diagnostics.md lists has a _bad case that reports it.
 * TOKPOL_UPDATE_GOLDEN=1 rewrites the expected files after a reviewed change; TOKPOL_GOLDEN_CASE=
 * NAME runs one case.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#define MAX_CASES 256
#define MAX_DIRECTIVES 8

typedef struct golden_case {
    char name[96];
} golden_case;

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

static int compare_cases(const void *a, const void *b)
{
    return strcmp(((const golden_case *)a)->name, ((const golden_case *)b)->name);
}

/* Every case of the corpus, sorted by name, in out[0..MAX_CASES); returns how many. */
static size_t list_cases(golden_case *out)
{
    DIR *d = opendir(GOLDEN_DIR);
    cr_assert_not_null(d, "cannot open %s", GOLDEN_DIR);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_CASES)
        if (ends_with(e->d_name, ".tpol"))
            snprintf(out[n++].name, sizeof out->name, "%.*s", (int)(strlen(e->d_name) - 5),
                     e->d_name);
    closedir(d);
    qsort(out, n, sizeof *out, compare_cases);
    return n;
}

/* What the "#! " lines of a case ask for. */
typedef struct directives {
    int strict;         /* #! strict: warnings are errors */
    int waivers;        /* #! waivers: the case is a --waivers file */
    int oversize;       /* #! oversize: the case is read from a file over the size limit */
    unsigned max_depth; /* #! max-expr-depth N */
    const char *params[MAX_DIRECTIVES];  /* #! param NAME=VALUE */
    const char *schemas[MAX_DIRECTIVES]; /* #! schema NAME=FILE */
    const char *paths[MAX_DIRECTIVES];   /* #! path FILE: also added with tp_compiler_add_path */
    size_t nparams, nschemas, npaths;
} directives;

/* Reads the directives of `src`; they point into src, whose lines it NUL-terminates. */
static void read_directives(char *src, directives *d, const char *name)
{
    memset(d, 0, sizeof *d);
    for (char *line = src; line && *line;) {
        char *nl = strchr(line, '\n');
        if (strncmp(line, "#! ", 3) == 0) {
            if (nl)
                *nl = '\0';
            const char *arg = strchr(line + 3, ' ');
            arg = arg ? arg + 1 : "";
            if (strcmp(line + 3, "strict") == 0)
                d->strict = 1;
            else if (strcmp(line + 3, "waivers") == 0)
                d->waivers = 1;
            else if (strcmp(line + 3, "oversize") == 0)
                d->oversize = 1;
            else if (strncmp(line + 3, "max-expr-depth ", 15) == 0)
                d->max_depth = (unsigned)atoi(arg);
            else if (strncmp(line + 3, "param ", 6) == 0 && d->nparams < MAX_DIRECTIVES)
                d->params[d->nparams++] = arg;
            else if (strncmp(line + 3, "schema ", 7) == 0 && d->nschemas < MAX_DIRECTIVES)
                d->schemas[d->nschemas++] = arg;
            else if (strncmp(line + 3, "path ", 5) == 0 && d->npaths < MAX_DIRECTIVES)
                d->paths[d->npaths++] = arg;
            else
                cr_assert_fail("%s.tpol: unknown directive '%s'", name, line);
        }
        line = nl ? nl + 1 : NULL;
    }
}

/* Splits "NAME=VALUE" into name (a buffer) and the value after '='. */
static const char *split(const char *arg, char *name, size_t size)
{
    const char *eq = strchr(arg, '=');
    cr_assert_not_null(eq, "'%s' is not NAME=VALUE", arg);
    snprintf(name, size, "%.*s", (int)(eq - arg), arg);
    return eq + 1;
}

/* Writes the case, padded with a comment past the 16 MiB policy limit, as NAME.tpol in a fresh
 * directory, and adds it from there, so diagnostics name it NAME.tpol as for any other case. */
static void add_oversize(tp_compiler *c, const char *name, const char *src, size_t len)
{
    char dir[512], file[256];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/tokpol-golden-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(chdir(dir), 0);
    snprintf(file, sizeof file, "%s.tpol", name);
    FILE *f = fopen(file, "w");
    cr_assert_not_null(f);
    fwrite(src, 1, len, f);
    static char pad[1 << 16];
    memset(pad, ' ', sizeof pad);
    pad[0] = '#';
    pad[sizeof pad - 1] = '\n';
    for (size_t written = 0; written <= ((size_t)16 << 20); written += sizeof pad)
        fwrite(pad, 1, sizeof pad, f);
    fclose(f);
    tp_compiler_add_path(c, file);
    remove(file);
    cr_assert_eq(chdir(GOLDEN_DIR), 0);
    rmdir(dir);
}

/* Compiles case `name` as its directives say, from the corpus directory so that relative paths
 * in it stay relative in messages. Returns the compile status; the compiler is left in *out. */
static int compile_case(const char *name, tp_compiler **out, tp_plan **plan)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.tpol", GOLDEN_DIR, name);
    size_t len;
    char *src = read_file(path, NULL);
    cr_assert_not_null(src, "missing %s", path);
    len = strlen(src);
    char *copy = strdup(src);
    directives d;
    read_directives(copy, &d, name);
    cr_assert_eq(chdir(GOLDEN_DIR), 0);
    tp_compiler_options o = TP_COMPILER_OPTIONS_INIT;
    o.strict = d.strict;
    o.max_expr_depth = d.max_depth;
    tp_compiler *c = NULL;
    cr_assert_eq(tp_compiler_new(&c, &o), 0);
    /* Name the source relative to the corpus so the expected text does not depend on paths. */
    char shown[128];
    snprintf(shown, sizeof shown, "%s.tpol", name);
    if (d.oversize)
        add_oversize(c, name, src, len);
    else if (d.waivers)
        tp_compiler_add_waiver_source(c, shown, src, len);
    else
        tp_compiler_add_source(c, shown, src, len);
    for (size_t i = 0; i < d.npaths; i++)
        tp_compiler_add_path(c, d.paths[i]);
    for (size_t i = 0; i < d.nschemas; i++) {
        char n[64];
        const char *file = split(d.schemas[i], n, sizeof n);
        tp_compiler_add_schema(c, n, file);
    }
    for (size_t i = 0; i < d.nparams; i++) {
        char n[64];
        const char *value = split(d.params[i], n, sizeof n);
        cr_assert_eq(tp_compiler_set_param(c, n, value), 0);
    }
    int rc = tp_compiler_compile(plan, c);
    free(copy);
    free(src);
    *out = c;
    return rc;
}

static int update(void)
{
    const char *u = getenv("TOKPOL_UPDATE_GOLDEN");
    return u && *u == '1';
}

static void compare_or_update(const char *name, const char *expected_file, const char *got)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, expected_file);
    if (update()) {
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fputs(got, f);
        fclose(f);
        return;
    }
    char *want = read_file(path, NULL);
    cr_assert_not_null(want, "case %s: missing %s", name, expected_file);
    cr_expect_str_eq(got, want, "case %s: the output differs from %s", name, expected_file);
    free(want);
}

/* Renders into a string through a memory stream. */
typedef struct memout {
    char *data;
    size_t len;
    FILE *f;
} memout;

static void run_bad(const char *name)
{
    tp_compiler *c = NULL;
    tp_plan *p = NULL;
    cr_expect_eq(compile_case(name, &c, &p), TP_EPOLICY, "case %s: %s.tpol must not compile", name,
                 name);
    memout m = {0};
    m.f = open_memstream(&m.data, &m.len);
    tp_compiler_write_diags(c, m.f, 0);
    fclose(m.f);
    char expected[128];
    snprintf(expected, sizeof expected, "%s.expected.txt", name);
    compare_or_update(name, expected, m.data);
    free(m.data);
    tp_plan_free(p);
    tp_compiler_free(c);
}

static void run_good(const char *name)
{
    tp_compiler *c = NULL;
    tp_plan *p = NULL;
    int rc = compile_case(name, &c, &p);
    if (rc)
        tp_compiler_write_diags(c, stderr, 0);
    cr_assert_eq(rc, 0, "case %s: %s.tpol does not compile", name, name);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.input.json", GOLDEN_DIR, name);
    size_t len;
    char *json = read_file(path, &len);
    cr_assert_not_null(json, "case %s: missing %s.input.json", name, name);
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_parse(&doc, json, len, NULL, NULL), 0, "case %s: bad input", name);
    tp_eval_options eo = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&eo.now_us, TEST_NOW);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    char input_name[128];
    snprintf(input_name, sizeof input_name, "%s.input.json", name);
    cr_assert_eq(tp_evaluate(r, p, input_name, &b, 1, &eo), 0, "case %s does not evaluate", name);
    tp_verdict v = tp_result_verdict(r);
    tp_report_options rep = TP_REPORT_OPTIONS_INIT;
    rep.exit_code = v == TP_VERDICT_ERROR ? 5 : v == TP_VERDICT_FAIL ? 1 : 0;
    memout m = {0};
    m.f = open_memstream(&m.data, &m.len);
    cr_assert_eq(tp_report_write(m.f, r, TP_FORMAT_JSON, &rep), 0);
    fclose(m.f);
    char expected[128];
    snprintf(expected, sizeof expected, "%s.expected.json", name);
    compare_or_update(name, expected, m.data);
    free(m.data);
    free(json);
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);
    tp_compiler_free(c);
}

ParameterizedTestParameters(golden, cases)
{
    static golden_case all[MAX_CASES];
    size_t n = list_cases(all);
    const char *only = getenv("TOKPOL_GOLDEN_CASE");
    golden_case *params = cr_malloc((n ? n : 1) * sizeof *params);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!only || strcmp(all[i].name, only) == 0)
            params[k++] = all[i];
    if (k == 0 && only) /* a case CTest names but the corpus lost: fail, do not pass silently */
        snprintf(params[k++].name, sizeof params->name, "%s", only);
    return cr_make_param_array(golden_case, params, k);
}

ParameterizedTest(golden_case *gc, golden, cases)
{
    cr_log_info("golden case %s", gc->name);
    if (ends_with(gc->name, "_bad"))
        run_bad(gc->name);
    else
        run_good(gc->name);
}

TestSuite(golden_corpus);

Test(golden_corpus, has_passing_and_failing_cases)
{
    golden_case all[MAX_CASES];
    size_t n = list_cases(all), bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += ends_with(all[i].name, "_bad");
    cr_expect_geq(n - bad, 3, "the corpus lost its passing cases");
    cr_expect_geq(bad, 3, "the corpus lost its failing cases");
}

/* Every code in the tables of docs/diagnostics.md ("| `E-SYNTAX` |"), into codes. */
static size_t documented_codes(char codes[][32], size_t max)
{
    char *doc = read_file(SOURCE_DIR "/docs/diagnostics.md", NULL);
    cr_assert_not_null(doc);
    size_t n = 0;
    for (char *p = strstr(doc, "\n| `"); p && n < max; p = strstr(p + 1, "\n| `")) {
        const char *code = p + 4;
        size_t len = strcspn(code, "`");
        if ((code[0] == 'E' || code[0] == 'W') && code[1] == '-' && len < 32)
            snprintf(codes[n++], 32, "%.*s", (int)len, code);
    }
    free(doc);
    return n;
}

Test(golden_corpus, every_documented_diagnostic_code_has_a_bad_case)
{
    static char codes[128][32];
    size_t ncodes = documented_codes(codes, 128);
    cr_assert_geq(ncodes, 30, "docs/diagnostics.md lists too few codes to be read right");
    static char seen[128];
    golden_case all[MAX_CASES];
    size_t n = list_cases(all);
    for (size_t i = 0; i < n; i++) {
        if (!ends_with(all[i].name, "_bad"))
            continue;
        tp_compiler *c = NULL;
        tp_plan *p = NULL;
        compile_case(all[i].name, &c, &p);
        for (size_t d = 0; d < tp_compiler_diag_count(c); d++)
            for (size_t k = 0; k < ncodes; k++)
                seen[k] |= strcmp(tp_compiler_diag(c, d)->code, codes[k]) == 0;
        tp_plan_free(p);
        tp_compiler_free(c);
    }
    for (size_t k = 0; k < ncodes; k++)
        cr_expect(seen[k], "no _bad case in tests/golden reports %s", codes[k]);
}
