/*
 * The golden corpus (tests/golden): NAME.tpol + NAME.input.json -> NAME.expected.json (the JSON
 * report), and NAME_bad.tpol -> NAME_bad.expected.txt (the rendered diagnostics). Run with
 * TOKPOL_UPDATE_GOLDEN=1 to rewrite the expected files after a reviewed change.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static int update(void)
{
    const char *u = getenv("TOKPOL_UPDATE_GOLDEN");
    return u && *u == '1';
}

static void compare_or_update(const char *path, const char *got)
{
    if (update()) {
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fputs(got, f);
        fclose(f);
        return;
    }
    char *want = read_file(path, NULL);
    cr_assert_not_null(want, "missing %s", path);
    cr_expect_str_eq(got, want, "%s differs", path);
    free(want);
}

/* Renders into a string through a memory stream. */
typedef struct memout {
    char *data;
    size_t len;
    FILE *f;
} memout;

static void run_bad(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.tpol", dir, name);
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    /* Name the source relative to the corpus so the expected text does not depend on paths. */
    size_t len;
    char *src = read_file(path, &len);
    cr_assert_not_null(src);
    char shown[300];
    snprintf(shown, sizeof shown, "%s.tpol", name);
    tp_compiler_add_source(c, shown, src, len);
    tp_plan *p = NULL;
    cr_expect_eq(tp_compiler_compile(&p, c), TP_EPOLICY, "%s must not compile", name);
    memout m = {0};
    m.f = open_memstream(&m.data, &m.len);
    tp_compiler_write_diags(c, m.f, 0);
    fclose(m.f);
    snprintf(path, sizeof path, "%s/%s.expected.txt", dir, name);
    compare_or_update(path, m.data);
    free(m.data);
    free(src);
    tp_plan_free(p);
    tp_compiler_free(c);
}

static void run_good(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.tpol", dir, name);
    size_t len;
    char *src = read_file(path, &len);
    cr_assert_not_null(src);
    char shown[300];
    snprintf(shown, sizeof shown, "%s.tpol", name);
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    tp_compiler_add_source(c, shown, src, len);
    tp_plan *p = NULL;
    int rc = tp_compiler_compile(&p, c);
    if (rc)
        tp_compiler_write_diags(c, stderr, 0);
    cr_assert_eq(rc, 0, "%s does not compile", name);
    snprintf(path, sizeof path, "%s/%s.input.json", dir, name);
    char *json = read_file(path, &len);
    cr_assert_not_null(json, "missing %s", path);
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_parse(&doc, json, len, NULL, NULL), 0);
    tp_eval_options eo = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&eo.now_us, TEST_NOW);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    char input_name[300];
    snprintf(input_name, sizeof input_name, "%s.input.json", name);
    cr_assert_eq(tp_evaluate(r, p, input_name, &b, 1, &eo), 0);
    tp_verdict v = tp_result_verdict(r);
    tp_report_options rep = TP_REPORT_OPTIONS_INIT;
    rep.exit_code = v == TP_VERDICT_ERROR ? 5 : v == TP_VERDICT_FAIL ? 1 : 0;
    memout m = {0};
    m.f = open_memstream(&m.data, &m.len);
    cr_assert_eq(tp_report_write(m.f, r, TP_FORMAT_JSON, &rep), 0);
    fclose(m.f);
    snprintf(path, sizeof path, "%s/%s.expected.json", dir, name);
    compare_or_update(path, m.data);
    free(m.data);
    free(json);
    free(src);
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);
    tp_compiler_free(c);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

Test(golden, corpus)
{
    DIR *d = opendir(GOLDEN_DIR);
    cr_assert_not_null(d, "cannot open %s", GOLDEN_DIR);
    struct dirent *e;
    int good = 0, bad = 0;
    while ((e = readdir(d))) {
        if (!ends_with(e->d_name, ".tpol"))
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(strlen(e->d_name) - 5), e->d_name);
        cr_log_info("golden case %s", name);
        if (ends_with(name, "_bad")) {
            run_bad(GOLDEN_DIR, name);
            bad++;
        } else {
            run_good(GOLDEN_DIR, name);
            good++;
        }
    }
    closedir(d);
    cr_expect_geq(good, 3, "the corpus lost its passing cases");
    cr_expect_geq(bad, 3, "the corpus lost its failing cases");
}
