/* Lint warnings, --strict, and diagnostics as JSON. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The warnings of compiling src: "L:C CODE message" lines. */
static char *warnings(const char *src, int strict, int *status)
{
    tp_compiler_options o = TP_COMPILER_OPTIONS_INIT;
    o.strict = strict;
    tp_compiler *c = NULL;
    tp_compiler_new(&c, &o);
    tp_compiler_add_source(c, "lint.tpol", src, strlen(src));
    tp_plan *p = NULL;
    *status = tp_compiler_compile(&p, c);
    char *out = calloc(1, 4096);
    for (size_t i = 0; i < tp_compiler_diag_count(c); i++) {
        const tp_diag *d = tp_compiler_diag(c, i);
        size_t n = strlen(out);
        snprintf(out + n, 4096 - n, "%u:%u %s %s\n", d->line, d->column, d->code, d->message);
    }
    tp_plan_free(p);
    tp_compiler_free(c);
    return out;
}

Test(lint, unused_names)
{
    int st;
    char *w = warnings("param p = 1\nlet q = 2\nrule A {\n  for t in x\n  let unused = t.a\n  "
                       "require true and q == 2\n}\n",
                       0, &st);
    cr_expect_eq(st, 0, "warnings do not fail a compile");
    cr_expect_str_eq(w, "1:1 W-UNUSED param 'p' is declared but never used\n"
                        "5:7 W-UNUSED 'unused' is bound but never used\n");
    free(w);
}

Test(lint, rules_that_never_fire)
{
    int st;
    char *w = warnings("rule A { for t in x where false require t.a }\n"
                       "rule B { for t in x require true }\n"
                       "rule C { for t in x deny not (true or t.a) }\n"
                       "rule D { for t in x require t.a }\n",
                       0, &st);
    cr_expect_str_eq(
        w, "1:21 W-NEVER-FIRES this 'where' is always false: rule A never applies\n"
           "2:29 W-NEVER-FIRES rule B can never produce a finding: its 'require' is always true\n"
           "3:26 W-NEVER-FIRES rule C can never produce a finding: its 'deny' is always false\n");
    free(w);
}

/* A conditional is constant when its condition is (the branch it picks), or its branches agree. */
Test(lint, conditionals_that_never_fire)
{
    int st;
    char *w = warnings("rule A { for t in x where if true then false else t.a require t.b }\n"
                       "rule B { for t in x require if t.a then true else true }\n"
                       "rule C { for t in x require if t.a then true else t.b }\n",
                       0, &st);
    cr_expect_str_eq(
        w, "1:21 W-NEVER-FIRES this 'where' is always false: rule A never applies\n"
           "2:29 W-NEVER-FIRES rule B can never produce a finding: its 'require' is always true\n");
    free(w);
}

Test(lint, rules_that_repeat_another)
{
    int st;
    char *w = warnings(
        "rule A { for t in tokens where t.kind == \"api\" require t.access == \"read_only\" }\n"
        "rule B { title \"same, other words\" for t in tokens where t.kind == \"api\"\n"
        "  require t.access == \"read_only\" message \"different\" }\n"
        "rule C { for t in tokens require t.access == \"read_only\" }\n",
        0, &st);
    cr_expect_str_eq(w, "2:1 W-DUP-RULE rule B checks exactly what rule A checks\n");
    free(w);
}

Test(lint, strict_makes_warnings_errors)
{
    int st;
    char *w = warnings("param p = 1\nrule A { require 1 == 1 }\n", 1, &st);
    cr_expect_eq(st, TP_EPOLICY);
    cr_expect(strstr(w, "W-UNUSED") != NULL, "%s", w);
    free(w);
}

Test(lint, the_lokalise_pack_lints_clean_under_strict)
{
    tp_compiler_options o = TP_COMPILER_OPTIONS_INIT;
    o.strict = 1;
    tp_compiler *c = NULL;
    tp_compiler_new(&c, &o);
    tp_compiler_add_builtin(c, "lokalise");
    tp_plan *p = NULL;
    cr_expect_eq(tp_compiler_compile(&p, c), 0);
    cr_expect_eq(tp_compiler_diag_count(c), 0);
    tp_plan_free(p);
    tp_compiler_free(c);
}

Test(lint, diagnostics_as_json)
{
    tp_compiler *c = NULL;
    compile_status("rule A {\n  require lenght(1) > 0\n}\nparam unused = 2\n", &c);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    cr_assert_eq(tp_compiler_write_diags_json(c, f), 0);
    fclose(f);
    cJSON *doc = cJSON_Parse(out);
    cr_assert_not_null(doc, "%s", out);
    cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "diagnostics"), 0);
    cr_expect_str_eq(cJSON_GetObjectItem(d, "code")->valuestring, "E-UNKNOWN-FUNC");
    cr_expect_eq(cJSON_GetObjectItem(d, "line")->valueint, 2);
    cr_expect_eq(cJSON_GetObjectItem(d, "column")->valueint, 11);
    cr_expect_eq(cJSON_GetObjectItem(d, "end_column")->valueint, 17);
    cr_expect_str_eq(cJSON_GetObjectItem(d, "hint")->valuestring, "did you mean 'len'?");
    cr_expect_eq(cJSON_GetObjectItem(doc, "errors")->valueint, 1);
    cJSON_Delete(doc);
    free(out);
    tp_compiler_free(c);
}
