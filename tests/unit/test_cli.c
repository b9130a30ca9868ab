/* The tokpol command: exit codes 0-5 and what it prints, run as a user would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cjson/cJSON.h>
#include <unistd.h>

#include "helpers.h"

/* Runs tokpol from the source tree (see helpers.h). */
static void run(run_out *r, const char *args)
{
    run_tokpol(r, SOURCE_DIR, TOKPOL_BIN, args);
}

static run_out R;

TestSuite(cli);

Test(cli, exit_0_when_every_rule_passes)
{
    run(&R, "check --now 2026-11-27 -p tests/cli/pass.tpol examples/inventory.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "PASS: 1 input, 1 rules, 5 subjects checked, 0 failed") != NULL, "%s",
              R.out);
}

Test(cli, exit_1_on_findings_with_the_default_pack)
{
    run(&R, "check --now 2026-11-27T09:00:00Z --color never examples/inventory.json");
    cr_expect_eq(R.code, 1);
    cr_expect(strstr(R.out, "critical LOK004 lok-1") != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "(now 2026-11-27T09:00:00Z, fail on low)") != NULL, "%s", R.out);
    cr_expect_null(strstr(R.out, "0123456789abcdef"), "the secret in the example must not print");
    cr_expect_null(strstr(R.out, "\033["), "no colour when asked for none");
}

Test(cli, a_run_in_which_no_rule_runs_is_not_a_pass)
{
    run(&R, "check --now 2026-11-27 --rule 'NOPE*' examples/inventory.json");
    cr_expect_eq(R.code, 2, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err,
                     "the rule filter 'NOPE*' (rules to run) matches none of the 11 rules") != NULL,
              "%s", R.err);
    cr_expect_null(strstr(R.out, "PASS"), "%s", R.out);
    cr_expect(strstr(R.out, "NOTHING CHECKED: the rule filters select no rule") != NULL, "%s",
              R.out);
}

Test(cli, fail_on_raises_the_bar)
{
    run(&R,
        "check --now 2026-11-27 --fail-on critical -p tests/cli/low.tpol examples/inventory.json");
    cr_expect_eq(R.code, 0, "a low finding does not fail at --fail-on critical: %s", R.out);
    run(&R, "check --now 2026-11-27 -p tests/cli/low.tpol examples/inventory.json");
    cr_expect_eq(R.code, 1);
}

Test(cli, exit_2_on_usage_errors)
{
    run(&R, "check");
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "no input") != NULL);
    run(&R, "check --format xml examples/inventory.json");
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "unknown --format 'xml'") != NULL, "%s", R.err);
    run(&R, "check --now yesterday examples/inventory.json");
    cr_expect_eq(R.code, 2);
    /* A count past what the machine holds is refused, not read as no limit. */
    run(&R, "check --max-steps 99999999999999999999 examples/inventory.json");
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "--max-steps takes a number up to ") != NULL, "%s", R.err);
    run(&R, "frobnicate");
    cr_expect_eq(R.code, 2);
    run(&R, "examples/inventory.json");
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "did you mean 'tokpol check examples/inventory.json'?") != NULL);
    cr_expect_str_eq(R.out, "", "nothing on stdout a pipeline could mistake for a report");
}

/* The generator step budgets (docs/security.md, Limits): each names the flag that raises it. The
 * policy's subjects visit 30 elements each, 150 in all. */
Test(cli, generator_budgets_are_flags)
{
    const char *check = "check --now 2026-11-27 --color never -p tests/cli/steps.tpol";
    run_tokpolf(&R, SOURCE_DIR, TOKPOL_BIN, "%s examples/inventory.json", check);
    cr_expect_eq(R.code, 0, "within the default budgets: %s%s", R.out, R.err);
    run_tokpolf(&R, SOURCE_DIR, TOKPOL_BIN, "%s --max-subject-steps 20 examples/inventory.json",
                check);
    cr_expect_eq(R.code, 5, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "over the budget of 20 elements for one subject (raise it with "
                            "--max-subject-steps)") != NULL,
              "%s", R.out);
    cr_expect(strstr(R.out, "for 5 subjects") != NULL, "every subject is over it: %s", R.out);
    /* The evaluation's budget: the first three subjects (90 elements) are within it. */
    for (int jobs = 1; jobs <= 2; jobs++) {
        run_tokpolf(&R, SOURCE_DIR, TOKPOL_BIN, "%s -j %d --max-steps 100 examples/inventory.json",
                    check, jobs);
        cr_expect_eq(R.code, 5, "-j %d: %s%s", jobs, R.out, R.err);
        cr_expect(strstr(R.out, "over the budget of 100 elements for one evaluation (raise it "
                                "with --max-steps)") != NULL,
                  "-j %d: %s", jobs, R.out);
        cr_expect(strstr(R.out, "for 2 subjects: lok-4 and sdk-ios") != NULL, "-j %d: %s", jobs,
                  R.out);
    }
    run_tokpolf(&R, SOURCE_DIR, TOKPOL_BIN, "%s --max-steps 150 examples/inventory.json", check);
    cr_expect_eq(R.code, 0, "150 elements are within a budget of 150: %s", R.out);
    run_tokpolf(&R, SOURCE_DIR, TOKPOL_BIN, "%s --max-steps 0 examples/inventory.json", check);
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "--max-steps takes a positive number, not '0'") != NULL, "%s", R.err);
}

/* --pack NAME is looked up in the packs' directory: "..", "." or "" would name the directory
 * above it or the packs' own, whose *.tpol files would run as a pack (with the AWS pack's
 * directory as TOKPOL_PACKS, "." was the AWS pack and ".." the built-in Lokalise rules). */
Test(cli, a_pack_name_is_a_name_never_a_directory_outside_the_packs)
{
    cr_assert_eq(setenv("TOKPOL_PACKS", SOURCE_DIR "/policies/aws", 1), 0);
    const char *names[] = {"..", ".", "", ".hidden"};
    char args[256], want[128];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(args, sizeof args, "check --now 2026-11-27 --pack '%s' examples/inventory.json",
                 names[i]);
        run(&R, args);
        cr_expect_eq(R.code, 2, "%s: %s%s", names[i], R.out, R.err);
        snprintf(want, sizeof want, "tokpol: pack '%s': not a pack name (letters, digits",
                 names[i]);
        cr_expect(strstr(R.err, want) != NULL, "%s", R.err);
        cr_expect(strstr(R.err, "give a pack's directory as a path with a '/' (./mypack, ../)") !=
                      NULL,
                  "%s", R.err);
        cr_expect_str_eq(R.out, "", "%s", R.out);
    }
    run(&R, "packs ..");
    cr_expect_eq(R.code, 2, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "pack '..': not a pack name") != NULL, "%s", R.err);
    /* A path is a directory, as before. */
    run(&R, "packs ./policies/gcp");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "GCP001") != NULL, "%s", R.out);
}

Test(cli, exit_3_on_policy_errors_with_carets)
{
    run(&R, "check -p tests/golden/unknown_function_bad.tpol examples/inventory.json");
    cr_expect_eq(R.code, 3);
    cr_expect(
        strstr(R.err,
               "tests/golden/unknown_function_bad.tpol:4:11: error: unknown function 'lenght'\n") !=
            NULL,
        "%s", R.err);
    cr_expect(strstr(R.err, "      |           ^~~~~~\n      = help: did you mean 'len'?") != NULL,
              "%s", R.err);
    cr_expect(strstr(R.out, "POLICY ERROR: 1 error in the policies: nothing was checked\n") != NULL,
              "the report says why: %s", R.out);
    run(&R, "check -p tests/cli/missing.tpol examples/inventory.json");
    cr_expect_eq(R.code, 3);
    run(&R, "check --param max_agee=30d examples/inventory.json");
    cr_expect_eq(R.code, 3);
    cr_expect(strstr(R.err, "no loaded policy declares param 'max_agee'") != NULL, "%s", R.err);
}

/* A conditional through `tokpol check`: each branch gives its tokens their limit, and a field a
 * branch reads is not read for the tokens that take the other. Its mistakes are compile errors
 * with file:line:col and a caret. */
Test(cli, a_conditional_picks_a_limit_per_subject_and_its_mistakes_are_shown_in_place)
{
    run(&R, "check --now 2026-11-27 -p tests/cli/conditional.tpol examples/inventory.json");
    cr_expect_eq(R.code, 1, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "token lok-1 is 1030 days old, over its 90d") != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "token lok-4 is 179 days old, over its 120d") != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "1 rules, 5 subjects checked: 2 failed, 0 waived, 0 errors") != NULL,
              "sdk-ios has no access field and is no error: %s", R.out);
    run(&R, "check -p tests/golden/conditional_else_bad.tpol examples/inventory.json");
    cr_expect_eq(R.code, 3);
    cr_expect(strstr(R.err,
                     "tests/golden/conditional_else_bad.tpol:5:3: error: unexpected "
                     "'require', expected 'else'\n"
                     "    5 |   require age(t.created_at) <= limit\n"
                     "      |   ^~~~~~~\n"
                     "      = help: a conditional has three parts: if COND then A else B\n") !=
                  NULL,
              "%s", R.err);
    run(&R, "check -p tests/golden/conditional_type_bad.tpol examples/inventory.json");
    cr_expect_eq(R.code, 3);
    cr_expect(strstr(R.err, "tests/golden/conditional_type_bad.tpol:4:18: error: the condition of "
                            "'if' must be a boolean, not a number\n"
                            "    4 |   let limit = if len(t.scopes) then 30d else 90d\n"
                            "      |                  ^~~~~~~~~~~~~\n") != NULL,
              "%s", R.err);
}

Test(cli, exit_4_on_input_errors_and_nothing_is_evaluated)
{
    run(&R, "check tests/cli/dup.json");
    cr_expect_eq(R.code, 4);
    cr_expect(
        strstr(R.err, "tests/cli/dup.json:4:7: error: duplicate key \"access\" (first at 3:19)") !=
            NULL,
        "%s", R.err);
    cr_expect(strstr(R.out, "INPUT ERROR: 1 input error: nothing was checked\n") != NULL, "%s",
              R.out);
    run(&R, "check examples/inventory.json tests/cli/nope.json");
    cr_expect_eq(R.code, 4, "one bad input stops the run before anything is evaluated");
    cr_expect_null(strstr(R.out, "examples/inventory.json\n"), "nothing evaluated: %s", R.out);
    cr_expect(strstr(R.out, "E-INPUT-IO tests/cli/nope.json\n") != NULL, "%s", R.out);
    run(&R, "check - < tests/cli/dup.json");
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.err, "<stdin>:4:7:") != NULL, "%s", R.err);
}

Test(cli, exit_5_on_evaluation_errors_even_with_findings)
{
    run(&R, "check --now 2026-11-27 --no-validate tests/cli/broken.json");
    cr_expect_eq(R.code, 5, "%s", R.out);
    cr_expect(strstr(R.out, "error    LOK006 t2") != NULL, "%s", R.out);
}

Test(cli, json_report_and_output_file)
{
    char args[1024], path[512];
    temp_file(path, sizeof path);
    snprintf(args, sizeof args,
             "check --now 2026-11-27T09:00:00Z --format json -o %s examples/inventory.json", path);
    run(&R, args);
    cr_expect_eq(R.code, 1);
    cr_expect_str_eq(R.out, "");
    char *json = read_file(path, NULL);
    remove(path);
    cr_assert_not_null(json);
    cJSON *doc = cJSON_Parse(json);
    cr_assert_not_null(doc, "the report is valid JSON");
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "now")->valuestring, "2026-11-27T09:00:00Z");
    cJSON *summary = cJSON_GetObjectItem(doc, "summary");
    cr_expect_eq(cJSON_GetObjectItem(summary, "exit_code")->valueint, 1);
    cr_expect_eq(cJSON_GetObjectItem(summary, "rules")->valueint, 11);
    cJSON *findings = cJSON_GetObjectItem(doc, "findings");
    cr_expect_eq(cJSON_GetArraySize(findings), cJSON_GetObjectItem(summary, "failed")->valueint);
    cJSON_Delete(doc);
    free(json);
}

Test(cli, several_inputs_are_reported_separately)
{
    run(&R, "check --now 2026-11-27 --no-validate --color never examples/inventory.json "
            "tests/cli/broken.json");
    cr_expect_eq(R.code, 5);
    cr_expect(strstr(R.out, "examples/inventory.json: team Acme (id 170312, Pro plan)\n") != NULL,
              "what the input is about: %s", R.out);
    cr_expect(strstr(R.out, "tests/cli/broken.json: team Acme (id 1, Pro plan)\n") != NULL);
    cr_expect(strstr(R.out, "2 inputs") != NULL, "%s", R.out);
}

Test(cli, named_inputs_join_documents)
{
    run(&R, "check --now 2026-11-27 -p tests/cli/join.tpol --input tokens=tests/cli/tokens.json "
            "--input admins=tests/cli/admins.json");
    cr_expect_eq(R.code, 1, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "JOIN1 t2") != NULL, "%s", R.out);
    cr_expect_null(strstr(R.out, "JOIN1 t1"));
}

Test(cli, rules_version_and_help)
{
    run(&R, "rules");
    cr_expect_eq(R.code, 0);
    cr_expect(strstr(R.out, "LOK004       critical No team-owner tokens in CI") != NULL, "%s",
              R.out);
    run(&R, "--version");
    cr_expect_str_eq(R.out, "tokpol 0.1.0\n");
    run(&R, "help");
    cr_expect_eq(R.code, 0);
    cr_expect(strstr(R.out, "Examples:") != NULL);
    run(&R, "check --help");
    cr_expect(strstr(R.out, "--fail-on SEVERITY") != NULL);
}

Test(cli, color_follows_the_flag_and_no_color)
{
    run(&R, "check --now 2026-11-27 --color always examples/inventory.json");
    cr_expect(strstr(R.out, "\033[1;31mcritical") != NULL);
    run(&R, "check --now 2026-11-27 examples/inventory.json");
    cr_expect_null(strstr(R.out, "\033["), "auto: not a terminal, no colour");
}

Test(cli, color_flag_values)
{
    run(&R, "check --now 2026-11-27 --color auto examples/inventory.json");
    cr_expect_null(strstr(R.out, "\033["));
    run(&R, "check --now 2026-11-27 --color sometimes examples/inventory.json");
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "unknown --color 'sometimes': use auto, always or never") != NULL, "%s",
              R.err);
}

Test(cli, quiet_prints_only_inputs_with_findings_and_the_summary)
{
    run(&R, "check --now 2026-11-27 --quiet -p tests/cli/pass.tpol examples/inventory.json");
    cr_expect_eq(R.code, 0);
    cr_expect_null(strstr(R.out, "examples/inventory.json"), "%s", R.out);
    cr_expect(strncmp(R.out, "PASS: 1 input", 13) == 0, "%s", R.out);
    run(&R, "check --now 2026-11-27 --quiet -p tests/cli/low.tpol examples/inventory.json");
    cr_expect(strstr(R.out, "low      L sdk-ios") != NULL, "%s", R.out);
}

Test(cli, rule_filters_and_max_findings)
{
    run(&R, "check --now 2026-11-27T09:00:00Z --rule 'LOK00*' --skip-rule LOK004 --max-findings 2 "
            "--color never examples/inventory.json");
    cr_expect_eq(R.code, 1);
    cr_expect_null(strstr(R.out, "LOK004"), "skipped: %s", R.out);
    cr_expect_null(strstr(R.out, "LOK010"), "not selected: %s", R.out);
    cr_expect(
        strstr(R.out, "6 findings left out (--max-findings): every count here includes them") !=
            NULL,
        "%s", R.out);
    cr_expect(strstr(R.out, "FAIL: 1 input, 8 rules,") != NULL, "%s", R.out);
    run(&R, "check --max-findings 0 examples/inventory.json");
    cr_expect_eq(R.code, 2);
}

Test(cli, waivers_files_and_expiry_drive_the_exit_code)
{
    run(&R, "check --now 2026-11-27T09:00:00Z --rule LOK003 --waivers tests/cli/waivers.tpol "
            "--color never examples/inventory.json");
    cr_expect_eq(R.code, 0, "the only finding is waived: %s", R.out);
    cr_expect(strstr(R.out, "waived   LOK003 lok-3") != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "waived until 2026-12-05T00:00:00Z by qa@acme.example") != NULL);
    run(&R, "check --now 2026-12-05T00:00:00Z --rule LOK003 --waivers tests/cli/waivers.tpol "
            "--color never examples/inventory.json");
    cr_expect_eq(R.code, 1, "expired: the finding fails again");
    cr_expect(strstr(R.out, "high     waiver.expired LOK003@tests/cli/waivers.tpol:2") != NULL,
              "%s", R.out);
    run(&R,
        "check --now 2026-11-27 --rule LOK003 --waivers tests/cli/waivers.tpol --warn-expiring 14d "
        "--fail-on low --color never examples/inventory.json");
    cr_expect_eq(R.code, 0, "an expiring waiver is info: %s", R.out);
    cr_expect(strstr(R.out, "info     waiver.expiring") != NULL, "%s", R.out);
    run(&R, "check --warn-expiring soon examples/inventory.json");
    cr_expect_eq(R.code, 2);
}

/* Exit codes across every mix of statuses: the code and the report always agree. */
Test(cli, exit_codes_for_every_combination_of_statuses)
{
    char args[1024];
    /* fail + waived: 1; only waived: 0 */
    run(&R, "check --now 2026-11-27 --rule LOK003 --rule LOK004 --waivers tests/cli/waivers.tpol "
            "examples/inventory.json");
    cr_expect_eq(R.code, 1);
    run(&R, "check --now 2026-11-27 --rule LOK003 --waivers tests/cli/waivers.tpol "
            "examples/inventory.json");
    cr_expect_eq(R.code, 0);
    /* error + fail: 5 */
    run(&R, "check --now 2026-11-27 --no-validate examples/inventory.json tests/cli/broken.json");
    cr_expect_eq(R.code, 5);
    /* baseline: everything known passes; the report says how many */
    char base[512];
    temp_file(base, sizeof base);
    snprintf(args, sizeof args,
             "check --now 2026-11-27 --format json -o %s examples/inventory.json", base);
    run(&R, args);
    cr_expect_eq(R.code, 1);
    snprintf(args, sizeof args,
             "check --now 2026-11-27 --baseline %s --color never examples/inventory.json", base);
    run(&R, args);
    cr_expect_eq(R.code, 0, "%s", R.out);
    cr_expect(strstr(R.out, "10 known from the baseline") != NULL, "%s", R.out);
    /* baseline + an evaluation error elsewhere: still 5 */
    snprintf(args, sizeof args,
             "check --now 2026-11-27 --no-validate --baseline %s "
             "examples/inventory.json tests/cli/broken.json",
             base);
    run(&R, args);
    cr_expect_eq(R.code, 5);
    remove(base);
    /* a baseline that is not a report: input error */
    run(&R, "check --baseline examples/inventory.json examples/inventory.json");
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.err, "not a tokpol JSON report") != NULL, "%s", R.err);
}

Test(cli, several_formats_from_one_run)
{
    char args[2048], paths[3][512];
    for (int i = 0; i < 3; i++)
        temp_file(paths[i], sizeof paths[i]);
    snprintf(
        args, sizeof args,
        "check --now 2026-11-27 -o sarif:%s -o junit:%s -o markdown:%s examples/inventory.json",
        paths[0], paths[1], paths[2]);
    run(&R, args);
    cr_expect_eq(R.code, 1);
    cr_expect_str_eq(R.out, "", "every report went to its file");
    const char *starts[] = {"{", "<?xml", "#"};
    for (int i = 0; i < 3; i++) {
        char *body = read_file(paths[i], NULL);
        cr_expect(body && strncmp(body, starts[i], strlen(starts[i])) == 0, "%s: %s", paths[i],
                  body ? body : "not written");
        free(body);
        remove(paths[i]);
    }
    run(&R, "check -o pdf:x.pdf examples/inventory.json");
    cr_expect_eq(R.code, 2, "an unknown prefix is a usage error, not a text file named pdf:x.pdf");
    cr_expect(access(SOURCE_DIR "/pdf:x.pdf", F_OK) != 0, "nothing was written");
    run(&R, "check --format pdf examples/inventory.json");
    cr_expect_eq(R.code, 2);
}

Test(cli, lint_strict_and_diagnostics_as_json)
{
    run(&R, "lint");
    cr_expect_eq(R.code, 0);
    cr_expect(strstr(R.err, "tokpol: 11 rules checked, no errors") != NULL, "%s", R.err);
    run(&R, "lint --strict");
    cr_expect_eq(R.code, 0, "the Lokalise pack lints clean under --strict: %s", R.err);
    run(&R, "lint -p tests/cli/unused.tpol");
    cr_expect_eq(R.code, 0, "warnings alone do not fail");
    cr_expect(
        strstr(R.err,
               "tests/cli/unused.tpol:2:1: warning: param 'stale' is declared but never used") !=
            NULL,
        "%s", R.err);
    run(&R, "lint --strict -p tests/cli/unused.tpol");
    cr_expect_eq(R.code, 3);
    cr_expect(strstr(R.err, "error: param 'stale' is declared but never used") != NULL, "%s",
              R.err);
    run(&R, "check --strict -p tests/cli/unused.tpol examples/inventory.json");
    cr_expect_eq(R.code, 3);
    cr_expect(strstr(R.out, "POLICY ERROR") != NULL, "%s", R.out);
    run(&R,
        "check --format json -p tests/golden/unknown_function_bad.tpol examples/inventory.json");
    cr_expect_eq(R.code, 3);
    cr_expect(strstr(R.out, "\"code\": \"E-UNKNOWN-FUNC\"") != NULL, "%s", R.out);
    run(&R, "lint --format json -p tests/cli/unused.tpol");
    cr_expect(strstr(R.out, "\"warnings\": 1}") != NULL, "%s", R.out);
}

Test(cli, inputs_are_validated_against_their_schema)
{
    run(&R, "check --now 2026-11-27 tests/cli/broken.json");
    cr_expect_eq(R.code, 4, "the pack's schema requires created_at");
    cr_expect(strstr(R.err,
                     "tests/cli/broken.json:8:5: error: /tokens/1: the required field "
                     "\"created_at\" is missing (schema tokpol/v1, rule 'required')") != NULL,
              "%s", R.err);
    cr_expect(strstr(R.out, "INPUT ERROR: 1 input error: nothing was checked") != NULL,
              "nothing was evaluated: %s", R.out);
    run(&R, "check --now 2026-11-27 --no-validate --color never tests/cli/broken.json");
    cr_expect_eq(R.code, 5);
    cr_expect(strstr(R.out, "inputs were not validated against their schemas (--no-validate)") !=
                  NULL,
              "%s", R.out);
    run(&R, "check --now 2026-11-27 --format json examples/inventory.json");
    cr_expect(strstr(R.out, "\"validation\": \"passed\"") != NULL, "%s", R.out);
    run(&R, "check --now 2026-11-27 -p tests/cli/join.tpol --schema "
            "admins=tests/cli/admins.schema.json "
            "--input tokens=tests/cli/tokens.json --input admins=tests/cli/admins.json");
    cr_expect_eq(R.code, 1, "%s%s", R.out, R.err);
    run(&R, "check --now 2026-11-27 -p tests/cli/join.tpol --schema "
            "admins=tests/cli/admins.schema.json "
            "--input tokens=tests/cli/tokens.json --input admins=tests/cli/tokens.json");
    cr_expect_eq(R.code, 4, "%s", R.err);
    cr_expect(
        strstr(R.err, "tests/cli/tokens.json:1:2: error: /0: the field \"owner\" is not allowed") !=
            NULL,
        "%s", R.err);
    run(&R, "check --schema admins tests/cli/tokens.json");
    cr_expect_eq(R.code, 2);
}

/* Issue #15: in a GitHub Actions job, a github report brings the Markdown report to the job
 * summary, appended after what earlier steps wrote; other formats leave the summary alone. */
Test(cli, a_github_report_appends_the_markdown_report_to_the_job_summary)
{
    char summary[512];
    temp_file(summary, sizeof summary);
    write_file(summary, "# An earlier step\n\n", 19);
    setenv("GITHUB_STEP_SUMMARY", summary, 1);
    run(&R, "check --now 2026-11-27T09:00:00Z -o github:- examples/inventory.json");
    cr_expect_eq(R.code, 1);
    cr_expect(strncmp(R.out, "::error title=tokpol%3A FAIL::", 30) == 0, "%s", R.out);
    char *got = read_file(summary, NULL);
    cr_expect(strncmp(got, "# An earlier step\n\n## tokpol: FAIL\n", 35) == 0, "%s", got);
    cr_expect(strstr(got, "| failed | 2 | 3 | 4 | 1 | – |") != NULL, "%s", got);
    free(got);
    write_file(summary, "", 0);
    run(&R, "check --now 2026-11-27T09:00:00Z --format json examples/inventory.json");
    got = read_file(summary, NULL);
    cr_expect_str_eq(got, "", "no github report, no summary");
    free(got);
    /* A summary that cannot be written is a report lost: exit 6, and stderr says which. */
    setenv("GITHUB_STEP_SUMMARY", "/proc/nope/summary.md", 1);
    run(&R, "check --now 2026-11-27T09:00:00Z -o github:- examples/inventory.json");
    cr_expect_eq(R.code, 6);
    cr_expect(strstr(R.err, "$GITHUB_STEP_SUMMARY") != NULL, "%s", R.err);
    unsetenv("GITHUB_STEP_SUMMARY");
    remove(summary);
}
