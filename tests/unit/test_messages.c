/* Messages a policy author reads: hints for unknown functions and fields, the offending value, one
 * error for a mistake every subject repeats, the lists an object holds, enum values cut at a word,
 * `lint --schema`, and `tokpol rules` aligned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

TestSuite(messages);

Test(messages, an_unknown_function_gets_the_nearest_builtin_or_the_list)
{
    char h[600];
    cr_expect_str_eq(first_error_hint("rule A { require lenght(\"x\") > 0 }", h, sizeof h),
                     "did you mean 'len'?");
    cr_expect_str_eq(
        first_error_hint("rule A { require spilt(\"a b\", \" \") == [] }", h, sizeof h),
        "did you mean 'split'?");
    /* What other languages call it. */
    cr_expect_str_eq(first_error_hint("rule A { require length(\"x\") > 0 }", h, sizeof h),
                     "did you mean 'len'?");
    cr_expect_str_eq(
        first_error_hint("rule A { require regex_extract(\"x\", \"y\") == \"\" }", h, sizeof h),
        "did you mean 'capture'?");
    cr_expect_str_eq(first_error_hint("rule A { require now() > @2026-01-01 }", h, sizeof h),
                     "now is the clock, not a function: write now");
    /* Nothing close: every function, so the author sees what there is. */
    first_error_hint("rule A { require frobnicate(1) }", h, sizeof h);
    cr_expect(strncmp(h, "the functions are has, is_secret, len, lower, ", 46) == 0, "%s", h);
    cr_expect(strstr(h, ", capture, ") && strstr(h, ", flatten, ") && strstr(h, ", max"), "%s", h);
}

Test(messages, a_missing_field_suggests_the_nearest_field_the_object_has)
{
    expect_require_error("input.token_expird == false",
                         "{\"token_expired\": false, \"token_id\": 3}",
                         "input.token_expird is absent: did you mean 'token_expired'? "
                         "(test.tpol:2:11)");
    /* Nothing close: the plain message. */
    expect_require_error("input.zzz == 1", "{\"token_expired\": false}",
                         "input.zzz is absent (test.tpol:2:11)");
    /* Objects the policy builds too. */
    expect_require_error("{owner: 1}.ownr == 1", "{}",
                         "field 'ownr' is absent: did you mean 'owner'? (test.tpol:2:11)");
}

Test(messages, the_value_a_time_cannot_be_read_from_is_shown_and_redacted_when_secret)
{
    expect_require_error("age(input.last_used) > 1d", "{\"last_used\": \"N/A\"}",
                         "age() cannot read input.last_used (\"N/A\") as a time: expected RFC "
                         "3339 (with an offset) or YYYY-MM-DD (test.tpol:2:15)");
    char msg[512];
    cr_expect_eq(require_outcome("time(input.secret) > now",
                                 "{\"secret\": \"hunter2-is-not-a-time\"}", msg, sizeof msg),
                 'e');
    cr_expect_null(strstr(msg, "hunter2"), "%s", msg);
    cr_expect(strstr(msg, "input.secret (\"[redacted]\")") != NULL, "%s", msg);
    expect_require_error("time(input.t) > now", "{\"t\": 1e300}",
                         "time() got a Unix time out of range: 1.0000000000000001e+300 "
                         "(test.tpol:2:16)");
}

Test(messages, a_projection_names_the_path_an_element_lacks)
{
    expect_require_error("count(input.ts[*].owner.email) == 2",
                         "{\"ts\": [{\"owner\": {\"email\": \"a\"}}, {\"owner\": {}}]}",
                         "element 1 of input.ts has no owner.email (test.tpol:2:17)");
    expect_require_error("count(input.ts[*].l[0]) == 2", "{\"ts\": [{\"l\": [1]}, {\"l\": []}]}",
                         "element 1 of input.ts has no l[0] (test.tpol:2:17)");
}

/* The same error for every subject is one finding that counts them; another error is another. */
Test(messages, one_error_per_rule_and_mistake_with_a_count_of_subjects)
{
    char json[4096];
    size_t off = (size_t)snprintf(json, sizeof json, "{\"tokens\": [");
    for (int i = 1; i <= 12; i++)
        off += (size_t)snprintf(json + off, sizeof json - off,
                                "%s{\"id\": \"t%02d\", \"token_expired\": false%s}",
                                i > 1 ? "," : "", i, i == 12 ? ", \"created\": \"N/A\"" : "");
    snprintf(json + off, sizeof json - off, "]}");
    tp_plan *p;
    tp_result *r = check_src("rule A { for t in tokens require not t.token_expird }\n"
                             "rule B { for t in tokens where has(t.created)"
                             " require age(t.created) < 1d }\n"
                             "rule C { for t in tokens require t.id != \"t03\" }\n",
                             json, &p);
    cr_assert_eq(tp_result_finding_count(r), 3);
    const tp_finding *a = find_finding(r, "A", "t01");
    cr_assert_not_null(a);
    cr_expect_eq(a->status, TP_FINDING_ERROR);
    cr_expect_str_eq(a->message, "t.token_expird is absent: did you mean 'token_expired'? "
                                 "(test.tpol:1:38); for 12 subjects: t01, t02, t03, t04, t05 and "
                                 "7 more");
    cr_expect_str_eq(a->pointer, "/tokens/0", "located at the first subject");
    cr_expect_eq(count_findings(r, "B", TP_FINDING_ERROR), 1);
    cr_expect_not_null(find_finding(r, "C", "t03"));
    tp_summary s;
    tp_result_summary(&s, r);
    cr_expect_eq(s.checked, 25, "every subject is still checked");
    cr_expect_eq(s.errors, 2);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_ERROR);
    tp_result_free(r);
    tp_plan_free(p);
    /* Two subjects: both named. */
    r = check_src("rule A { for t in input require t.x }", "[{\"id\": \"a\"}, {\"id\": \"b\"}]",
                  &p);
    cr_assert_eq(tp_result_finding_count(r), 1);
    cr_expect_str_eq(tp_result_finding(r, 0)->message,
                     "t.x is absent (test.tpol:1:33); for 2 subjects: a and b");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(messages, a_for_over_an_object_names_the_lists_it_holds)
{
    tp_plan *p;
    tp_result *r = check_src(
        "rule A { for t in input require true }",
        "{\"format\": \"tokpol/v1\", \"tokens\": [], \"users\": [], \"bindings\": []}", &p);
    cr_assert_eq(tp_result_finding_count(r), 1);
    cr_expect_str_eq(tp_result_finding(r, 0)->message,
                     "'for' needs a list, but input is an object; it holds lists: tokens, users, "
                     "bindings (test.tpol:1:19)");
    tp_result_free(r);
    tp_plan_free(p);
    expect_require_error("count(x for x in input.team) == 0", "{\"team\": {\"members\": []}}",
                         "expected a list, but input.team is an object; it holds lists: members "
                         "(test.tpol:2:28)");
    /* With the schema, at compile time. */
    char h[300];
    tp_compiler *c = NULL;
    cr_assert_eq(tp_compiler_new(&c, NULL), 0);
    cr_assert_eq(tp_compiler_add_schema(c, "input", "tokpol/v1"), 0);
    const char *src = "rule A { for t in input require true }";
    tp_compiler_add_source(c, "s.tpol", src, strlen(src));
    cr_expect_eq(tp_compiler_compile(&p, c), TP_EPOLICY);
    const tp_diag *d = tp_compiler_diag(c, 0);
    snprintf(h, sizeof h, "%s | %s", d->message, d->hint ? d->hint : "");
    cr_expect_str_eq(h, "'for ... in' needs a list, not an object | it holds lists: users, tokens, "
                        "bindings");
    tp_compiler_free(c);
}

/* A long enum in a hint is cut after a whole value, never inside one. */
Test(messages, enum_values_in_a_hint_are_cut_at_a_whole_word)
{
    char path[512];
    temp_file(path, sizeof path);
    const char *schema =
        "{\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {\"scopes\":"
        " {\"type\": \"array\", \"items\": {\"enum\": [\"api\", \"read_api\", \"read_user\","
        " \"create_runner\", \"manage_runner\", \"k8s_proxy\", \"read_repository\","
        " \"write_repository\", \"read_registry\", \"write_registry\", \"read_virtual_registry\","
        " \"write_virtual_registry\", \"sudo\", \"admin_mode\", \"ai_features\"]}}}}}";
    write_file(path, schema, strlen(schema));
    tp_compiler *c = NULL;
    cr_assert_eq(tp_compiler_new(&c, NULL), 0);
    cr_assert_eq(tp_compiler_add_schema(c, "input", path), 0);
    const char *src = "rule A { for t in input require \"write_registri\" in t.scopes }";
    tp_compiler_add_source(c, "s.tpol", src, strlen(src));
    tp_plan *p = NULL;
    cr_expect_eq(tp_compiler_compile(&p, c), TP_EPOLICY);
    const char *hint = tp_compiler_diag(c, 0)->hint;
    cr_expect_str_eq(hint, "an element of it is one of: api, read_api, read_user, create_runner, "
                           "manage_runner, k8s_proxy, read_repository, write_repository, "
                           "read_registry, write_registry and 5 more");
    tp_compiler_free(c);
    remove(path);
}

Test(messages, lint_takes_schemas_and_rules_aligns_long_ids)
{
    static run_out r;
    run_tokpol(&r, SOURCE_DIR, TOKPOL_BIN,
               "lint -p tests/cli/pass.tpol --schema input=missing.json");
    cr_expect_eq(r.code, 3, "%s", r.err);
    cr_expect(strstr(r.err, "missing.json") != NULL, "%s", r.err);
    run_tokpol(&r, SOURCE_DIR, TOKPOL_BIN, "lint --schema nonsense");
    cr_expect_eq(r.code, 2, "%s", r.err);

    char path[512], args[1024];
    temp_file(path, sizeof path);
    const char *typo = "rule A { for t in tokens require t.acess == \"x\" }\n"
                       "rule gh.pat-expiry-fine-grained { require true }\n";
    write_file(path, typo, strlen(typo));
    snprintf(args, sizeof args, "lint -p %s --schema input=tokpol/v1", path);
    run_tokpol(&r, SOURCE_DIR, TOKPOL_BIN, args);
    cr_expect_eq(r.code, 3, "%s", r.err);
    cr_expect(strstr(r.err, "unknown field 'acess'") != NULL, "%s", r.err);

    const char *two = "rule A { require true }\nrule gh.pat-expiry-fine-grained { require true }\n";
    write_file(path, two, strlen(two));
    snprintf(args, sizeof args, "rules -p %s", path);
    run_tokpol(&r, SOURCE_DIR, TOKPOL_BIN, args);
    cr_expect_eq(r.code, 0, "%s", r.err);
    const char *second = strchr(r.out, '\n');
    cr_assert_not_null(second);
    /* Both severities start in the same column. */
    cr_expect_eq(strstr(r.out, "medium") - r.out, strstr(second + 1, "medium") - (second + 1), "%s",
                 r.out);
    remove(path);
}
