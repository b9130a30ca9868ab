/*
 * Allocation failure at every point: a compile, a document parse, an evaluation and a report are
 * run again and again, the allocator failing at the 1st, 2nd, ... allocation, until a run needs
 * no more. Each failing run must return TP_ENOMEM, crash nowhere and leak nothing (LeakSanitizer
 * in the asan preset). cJSON's process-wide hooks are pointed at the same allocator, in this test
 * process only.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static failing_alloc state;

static void *cjson_malloc(size_t size)
{
    return failing_alloc_malloc(size, &state);
}

static const char policy[] =
    "param envs = [\"ci\"]\n"
    "let api = [t for t in tokens where t.kind == \"api\"]\n"
    "rule A { for t in api\n"
    "  let s = distinct(b.service for b in bindings where b.token == t.id)\n"
    "  require count(s) <= 1 and t.id not in envs\n"
    "  message \"token {t.id} has {join(s, \", \")} and {t.secret}\" }\n"
    "rule B { require matches(team.name, \"^A\") subject \"team {team.name}\" }\n";

static const char inventory[] = "{\"team\": {\"name\": \"Zed\"}, \"tokens\": [{\"id\": \"a\", "
                                "\"kind\": \"api\", \"secret\": \"x\"},"
                                " {\"id\": \"b\", \"kind\": \"api\"}, {\"kind\": \"api\"}],"
                                " \"bindings\": [{\"token\": \"a\", \"service\": \"s1\"}, "
                                "{\"token\": \"a\", \"service\": \"s2\"}]}";

/* One full run; returns the first failing status, 0 when everything succeeded. */
static int scenario(const char *builtin)
{
    const tp_allocator hooks = failing_allocator(&state);
    tp_compiler_options copts = TP_COMPILER_OPTIONS_INIT;
    copts.allocator = &hooks;
    tp_compiler *c = NULL;
    tp_plan *plan = NULL;
    tp_document *doc = NULL;
    tp_result *res = NULL;
    int rc = tp_compiler_new(&c, &copts);
    if (rc == 0)
        rc = builtin ? tp_compiler_add_builtin(c, builtin)
                     : tp_compiler_add_source(c, "oom.tpol", policy, sizeof policy - 1);
    if (rc == 0)
        rc = tp_compiler_set_param(c, builtin ? "max_age" : "envs", builtin ? "30d" : "[\"x\"]");
    if (rc == 0)
        rc = tp_compiler_compile(&plan, c);
    tp_document_options dopts = TP_DOCUMENT_OPTIONS_INIT;
    dopts.allocator = &hooks;
    if (rc == 0)
        rc = tp_document_parse(&doc, inventory, sizeof inventory - 1, &dopts, NULL);
    tp_result_options ropts = TP_RESULT_OPTIONS_INIT;
    ropts.allocator = &hooks;
    if (rc == 0)
        rc = tp_result_new(&res, &ropts);
    tp_binding b = {NULL, doc};
    if (rc == 0)
        rc = tp_evaluate(res, plan, "oom.json", &b, 1, NULL);
    FILE *devnull = fopen("/dev/null", "w");
    if (rc == 0)
        rc = tp_report_write(devnull, res, TP_FORMAT_JSON, NULL);
    if (rc == 0)
        rc = tp_report_write(devnull, res, TP_FORMAT_TEXT, NULL);
    fclose(devnull);
    tp_result_free(res);
    tp_document_free(doc);
    tp_plan_free(plan);
    tp_compiler_free(c);
    return rc;
}

static void every_failure_point(const char *builtin)
{
    cJSON_Hooks h = {cjson_malloc, free};
    cJSON_InitHooks(&h);
    size_t points = 0;
    for (state.fail_at = 1;; state.fail_at++) {
        state.calls = 0;
        state.failed = 0;
        int rc = scenario(builtin);
        if (!state.failed) {
            cr_expect_eq(rc, 0, "the run without failures must succeed");
            break;
        }
        points++;
        cr_expect_eq(rc, TP_ENOMEM, "allocation %zu failed: got %s", state.fail_at,
                     tp_status_str(rc));
        if (rc != TP_ENOMEM)
            break;
    }
    cJSON_InitHooks(NULL);
    cr_log_info("%zu allocation points", points);
    cr_expect_gt(points, 20, "the scenario should allocate at many points");
}

Test(oom, every_allocation_of_a_small_policy_can_fail, .timeout = 120)
{
    every_failure_point(NULL);
}

Test(oom, every_allocation_of_the_lokalise_pack_can_fail, .timeout = 120)
{
    every_failure_point("lokalise");
}
