/* tokpol test: running one case: compile the policies with its settings, load its inputs,
 * evaluate at its clock, and compare (test_expect.c). A case's differences are printed under
 * its heading; a case whose policies or inputs cannot be used is an error of the test file. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test.h"

typedef struct case_run {
    test_file *f;
    const cJSON *c;
    char heading[600];
    tp_compiler *comp;
    tp_plan *plan;
    tp_result *res;
    test_inputs in;
} case_run;

/* A policy of a pack (check_pack_policies): failures are diagnostics, which compile reports. */
static int add_pack_policy(const char *policy, void *state)
{
    tp_compiler *c = state;
    (void)(strncmp(policy, "builtin:", 8) == 0 ? tp_compiler_add_builtin(c, policy + 8)
                                               : tp_compiler_add_path(c, policy));
    return 0;
}

/* `pack`: what `tokpol check --pack NAME` runs (a path is the test file's relative); a
 * built-in pack alone when no installed pack of that name is found. */
static int add_pack(case_run *x, const char *name)
{
    char path[4200], dir[4200];
    if (strchr(name, '/')) {
        test_file_path(x->f, name, path, sizeof path);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            cli_fprintf(stderr, "%s: no pack directory %s\n", x->heading, path);
            return EXIT_INPUT;
        }
        name = path;
    } else if (check_pack_name_error(name)) {
        cli_fprintf(stderr, "%s: pack '%s': %s\n", x->heading, name, check_pack_name_error(name));
        return EXIT_INPUT;
    } else if (check_find_pack(name, dir, sizeof dir) != 0) {
        if (tp_builtin_pack_exists(name))
            return tp_compiler_add_builtin(x->comp, name) == TP_ENOMEM ? EXIT_INPUT : 0;
        cli_fprintf(stderr, "%s: no pack '%s' (tokpol packs lists them)\n", x->heading, name);
        return EXIT_INPUT;
    } else {
        name = dir; /* found: not looked up again (its directory names its built-in rules) */
    }
    return check_pack_policies(name, add_pack_policy, x->comp) ? EXIT_INPUT : 0;
}

static int add_policies(case_run *x)
{
    char path[4200];
    const cJSON *p = test_setting(x->f, x->c, "policies"), *v;
    const cJSON *pack = test_setting(x->f, x->c, "pack");
    int rc = 0;
    if (pack && (rc = add_pack(x, pack->valuestring)) != 0)
        return rc;
    if (cJSON_IsString(p)) {
        test_file_path(x->f, p->valuestring, path, sizeof path);
        rc |= tp_compiler_add_path(x->comp, path);
    }
    const cJSON *list = cJSON_IsArray(p) ? p : NULL;
    cJSON_ArrayForEach(v, list)
    {
        test_file_path(x->f, v->valuestring, path, sizeof path);
        rc |= tp_compiler_add_path(x->comp, path);
    }
    cJSON_ArrayForEach(v, test_setting(x->f, x->c, "waivers"))
    {
        test_file_path(x->f, v->valuestring, path, sizeof path);
        rc |= tp_compiler_add_waivers(x->comp, path);
    }
    cJSON_ArrayForEach(v, test_setting(x->f, x->c, "schemas"))
    {
        if (strcmp(v->valuestring, "tokpol/v1") == 0)
            snprintf(path, sizeof path, "%s", v->valuestring);
        else
            test_file_path(x->f, v->valuestring, path, sizeof path);
        rc |= tp_compiler_add_schema(x->comp, v->string, path);
    }
    cJSON_ArrayForEach(v, test_setting(x->f, x->c, "params"))
    {
        char *text = cJSON_IsString(v) ? NULL : cJSON_PrintUnformatted(v);
        rc |= tp_compiler_set_param(x->comp, v->string, text ? text : v->valuestring);
        cJSON_free(text);
    }
    (void)rc; /* failures are diagnostics, which compile reports */
    return 0;
}

static int evaluate(case_run *x)
{
    tp_eval_options eo = TP_EVAL_OPTIONS_INIT;
    cli_run_limits_eval(x->f->limits, &eo);
    tp_time_parse(&eo.now_us, test_setting(x->f, x->c, "now")->valuestring);
    /* Every pattern: one left out would run a rule the case skips, or skip one it runs. */
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(x->c, "rules");
    const cJSON *skip = cJSON_GetObjectItemCaseSensitive(x->c, "skip_rules");
    const char **rules = calloc((size_t)cJSON_GetArraySize(want) + 1, sizeof *rules);
    const char **skips = calloc((size_t)cJSON_GetArraySize(skip) + 1, sizeof *skips);
    if (!rules || !skips) {
        free(rules);
        free(skips);
        cli_fprintf(stderr, "%s: out of memory\n", x->heading);
        return EXIT_EVAL;
    }
    const cJSON *v;
    cJSON_ArrayForEach(v, want) rules[eo.nrules++] = v->valuestring;
    cJSON_ArrayForEach(v, skip) skips[eo.nskip_rules++] = v->valuestring;
    eo.rules = rules;
    eo.skip_rules = skips;
    eo.many = x->in.docs.many;
    eo.nmany = x->in.docs.nmany;
    const char *name = x->in.docs.npositional ? "input" : "inputs";
    int rc = tp_evaluate(x->res, x->plan, name, x->in.bind, x->in.nbind, &eo);
    free(rules);
    free(skips);
    if (rc && rc != TP_EINVAL) {
        cli_fprintf(stderr, "%s: %s\n", x->heading, tp_status_str(rc));
        return EXIT_EVAL;
    }
    return 0;
}

/* The codes of the compiler's and the result's diagnostics, and which are errors. */
static int diagnostics(FILE *diffs, const case_run *x)
{
    size_t nc = tp_compiler_diag_count(x->comp), nr = x->res ? tp_result_diag_count(x->res) : 0;
    const char **codes = calloc(nc + nr + 1, sizeof *codes);
    int *errs = calloc(nc + nr + 1, sizeof *errs);
    size_t n = 0;
    for (size_t i = 0; codes && errs && i < nc; i++, n++) {
        codes[n] = tp_compiler_diag(x->comp, i)->code;
        errs[n] = tp_compiler_diag(x->comp, i)->severity == TP_DIAG_ERROR;
    }
    for (size_t i = 0; codes && errs && i < nr; i++) {
        const tp_run_diag *d = tp_result_diag(x->res, i);
        if (d->source == TP_DIAG_SOURCE_POLICY)
            continue; /* a copy of the compiler's */
        codes[n] = d->diag.code;
        errs[n++] = d->diag.severity == TP_DIAG_ERROR;
    }
    int rc = codes && errs ? test_expect_diagnostics(diffs, x->c, codes, errs, n) : EXIT_EVAL;
    free(codes);
    free(errs);
    return rc;
}

static void case_free(case_run *x)
{
    test_inputs_free(&x->in);
    tp_result_free(x->res);
    tp_plan_free(x->plan);
    tp_compiler_free(x->comp);
}

/* Runs the case, writing its differences to diffs; 0, EXIT_FINDINGS or an error code. */
static int run(case_run *x, FILE *diffs)
{
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    const cJSON *fail_on = test_setting(x->f, x->c, "fail_on");
    if (fail_on)
        tp_severity_parse(&ro.fail_on, fail_on->valuestring);
    tp_compiler_options co = TP_COMPILER_OPTIONS_INIT;
    cli_run_limits_compiler(x->f->limits, &co);
    int rc = tp_compiler_new(&x->comp, &co);
    if (rc == 0)
        rc = tp_result_new(&x->res, &ro);
    if (rc) {
        cli_fprintf(stderr, "%s: %s\n", x->heading, tp_status_str(rc));
        return EXIT_EVAL;
    }
    if ((rc = add_policies(x)))
        return rc;
    if (tp_compiler_compile(&x->plan, x->comp) != 0) {
        if (!cJSON_GetObjectItemCaseSensitive(x->c, "diagnostics")) {
            cli_fprintf(stderr, "%s: the policies do not compile\n", x->heading);
            tp_compiler_write_diags(x->comp, stderr, x->f->color);
            return EXIT_POLICY;
        }
        return diagnostics(diffs, x);
    }
    rc = test_inputs_load(&x->in, x->f, x->c, x->plan, x->res, x->heading);
    if (rc > 0)
        return rc;
    int code = rc == 0 ? evaluate(x) : 0;
    if (code)
        return code;
    code = diagnostics(diffs, x);
    if (rc == 0 && test_expect_findings(diffs, x->c, x->plan, x->res))
        code = EXIT_FINDINGS;
    if (rc == 0 && x->f->coverage)
        test_coverage_add(x->f->coverage, x->plan, x->res);
    return code;
}

int test_case_run(test_file *f, size_t i)
{
    case_run x;
    memset(&x, 0, sizeof x);
    x.f = f;
    x.c = cJSON_GetArrayItem(f->cases, (int)i);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(x.c, "name");
    /* Masked before it is cut to its buffer: a name may quote a credential. */
    const char *fmt = "%s: case %zu%s%s%s";
    const char *open = name ? " \"" : "", *text_of = name ? name->valuestring : "";
    const char *close = name ? "\"" : "";
    int need = snprintf(NULL, 0, fmt, f->path, i + 1, open, text_of, close);
    char *full = need >= 0 ? malloc((size_t)need + 1) : NULL;
    if (full) {
        snprintf(full, (size_t)need + 1, fmt, f->path, i + 1, open, text_of, close);
        tp_redact(x.heading, sizeof x.heading, full);
        free(full);
    } else {
        snprintf(x.heading, sizeof x.heading, "%s: case %zu", f->path, i + 1);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *diffs = open_memstream(&text, &len);
    int code = diffs ? run(&x, diffs) : EXIT_EVAL;
    if (diffs)
        fclose(diffs);
    if (code == EXIT_FINDINGS)
        /* Through the redaction step: the expected subjects are the test file's own text. */
        cli_fprintf(stdout, "FAIL %s\n%s", x.heading, text ? text : "");
    else if (code == 0 && f->verbose)
        cli_fprintf(stdout, "ok   %s\n", x.heading);
    free(text);
    case_free(&x);
    return code;
}
