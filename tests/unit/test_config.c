/* The project file .tokpol.json and TOKPOL_* variables, run as a user would: from a directory
 * below the file, with options winning over variables and variables over the file. */
#define _GNU_SOURCE /* mkdtemp, setenv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "helpers.h"

static run_out R;
static char dir[256], deep[300];

/* A project: DIR/.tokpol.json (`config`), DIR/low.tpol, and DIR/sub/deeper to run from. */
static void project(const char *config)
{
    snprintf(dir, sizeof dir, "%s/tokpol-config-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert_not_null(mkdtemp(dir));
    char path[512];
    snprintf(path, sizeof path, "%s/.tokpol.json", dir);
    write_file(path, config, strlen(config));
    snprintf(path, sizeof path, "%s/low.tpol", dir);
    const char *low = "rule L {\n  title \"SDK tokens\"\n  severity low\n  for t in tokens\n"
                      "  where t.kind == \"sdk\"\n  deny true\n}\n";
    write_file(path, low, strlen(low));
    snprintf(deep, sizeof deep, "%s/sub", dir);
    mkdir(deep, 0755);
    snprintf(deep, sizeof deep, "%s/sub/deeper", dir);
    mkdir(deep, 0755);
    unsetenv("TOKPOL_CONFIG");
    unsetenv("TOKPOL_NO_CONFIG");
    unsetenv("TOKPOL_FAIL_ON");
    unsetenv("TOKPOL_POLICY");
}

static void cleanup(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Writes `text` to DIR/name, its path into path, and names it in TOKPOL_CONFIG. */
static void config_elsewhere(char *path, size_t size, const char *name, const char *text)
{
    snprintf(path, size, "%s/%s", dir, name);
    write_file(path, text, strlen(text));
    setenv("TOKPOL_CONFIG", path, 1);
}

/* Runs tokpol in DIR/sub/deeper. */
static void run(const char *args)
{
    run_tokpol(&R, deep, TOKPOL_BIN, args);
}

#define INVENTORY SOURCE_DIR "/examples/inventory.json"

TestSuite(config, .fini = cleanup);

Test(config, the_file_above_is_found_and_options_and_variables_win)
{
    project("{\n  \"policies\": \"low.tpol\",\n  \"fail-on\": \"critical\"\n}\n");
    run("check --now 2026-11-27 " INVENTORY);
    cr_expect_eq(R.code, 0, "the low finding is below fail-on critical: %s%s", R.out, R.err);
    cr_expect(strstr(R.out, "fail on critical") != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "1 rules") != NULL, "the file's policy, not the built-in pack: %s",
              R.out);
    run("check --now 2026-11-27 --fail-on low " INVENTORY);
    cr_expect_eq(R.code, 1, "the option wins over the file");
    setenv("TOKPOL_FAIL_ON", "low", 1);
    run("check --now 2026-11-27 " INVENTORY);
    cr_expect_eq(R.code, 1, "the variable wins over the file");
    run("check --now 2026-11-27 --fail-on critical " INVENTORY);
    cr_expect_eq(R.code, 0, "the option wins over the variable");
    run("rules");
    cr_expect(strstr(R.out, "SDK tokens") && !strstr(R.out, "LOK004"), "rules reads it too: %s",
              R.out);
}

/* --no-config (or TOKPOL_NO_CONFIG) reads no project file, found or named: a CI job or a user
 * debugging gets the defaults and the options, whatever file is around. */
Test(config, no_config_reads_no_project_file)
{
    project("{\n  \"policies\": \"low.tpol\",\n  \"fail-on\": \"critical\"\n}\n");
    run("check --now 2026-11-27 " INVENTORY);
    cr_expect_eq(R.code, 0, "with the file: the low finding is below fail-on critical");
    run("check --no-config --now 2026-11-27 " INVENTORY);
    cr_expect_eq(R.code, 1, "without: the built-in pack fails it: %s", R.err);
    cr_expect(strstr(R.out, "fail on low") != NULL && strstr(R.out, "LOK004") != NULL, "%s", R.out);
    cr_expect(strstr(R.err, ".tokpol.json") == NULL, "no setting from the file: %s", R.err);
    run("rules --no-config");
    cr_expect(strstr(R.out, "LOK004") && !strstr(R.out, "SDK tokens"), "%s", R.out);
    run("config --no-config");
    cr_expect(strstr(R.out, "file      none (--no-config)\n") != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "fail-on   low  (default)\n") != NULL, "%s", R.out);
    setenv("TOKPOL_NO_CONFIG", "1", 1);
    run("check --now 2026-11-27 " INVENTORY);
    cr_expect_eq(R.code, 1, "TOKPOL_NO_CONFIG=1 does the same: %s", R.err);
    run("config");
    cr_expect(strstr(R.out, "file      none (TOKPOL_NO_CONFIG)\n") != NULL, "%s", R.out);
    setenv("TOKPOL_NO_CONFIG", "0", 1);
    run("check --now 2026-11-27 " INVENTORY);
    cr_expect_eq(R.code, 0, "TOKPOL_NO_CONFIG=0 reads the file");
    unsetenv("TOKPOL_NO_CONFIG");
    /* A file that is not even JSON, named by TOKPOL_CONFIG: not read either. */
    char bad[512];
    config_elsewhere(bad, sizeof bad, "bad.json", "{");
    run("lint --no-config");
    cr_expect_eq(R.code, 0, "%s", R.err);
    run("lint");
    cr_expect_eq(R.code, 2, "without --no-config the file is read: %s", R.err);
    unsetenv("TOKPOL_CONFIG");
}

Test(config, config_says_where_each_setting_came_from)
{
    project("{\n  \"policies\": [\"low.tpol\"],\n  \"fail-on\": \"critical\",\n"
            "  \"params\": {\"max_age\": \"30d\"}\n}\n");
    setenv("TOKPOL_POLICY", "a.tpol:b.tpol", 1);
    run("config --format json");
    cr_assert_eq(R.code, 0, "%s", R.err);
    char want[600];
    snprintf(want, sizeof want, "file      %s/.tokpol.json\n", dir);
    cr_expect(strstr(R.out, want) != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "policies  a.tpol, b.tpol  (TOKPOL_POLICY)\n") != NULL, "%s", R.out);
    snprintf(want, sizeof want, "fail-on   critical  (%s/.tokpol.json:3)\n", dir);
    cr_expect(strstr(R.out, want) != NULL, "%s", R.out);
    snprintf(want, sizeof want, "params    max_age=30d  (%s/.tokpol.json:4)\n", dir);
    cr_expect(strstr(R.out, want) != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "format    json  (--format)\n") != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "color     auto  (default)\n") != NULL, "%s", R.out);
}

Test(config, outputs_are_relative_to_the_file)
{
    project("{\"policies\": \"low.tpol\", \"outputs\": [\"json:report.out\"]}");
    run("check --now 2026-11-27 " INVENTORY);
    cr_expect_eq(R.code, 1, "%s", R.err);
    char path[512];
    snprintf(path, sizeof path, "%s/report.out", dir);
    char *text = read_file(path, NULL);
    cr_assert_not_null(text, "the report is next to .tokpol.json");
    cJSON *doc = cJSON_Parse(text);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "fail_on")), "low");
    cJSON_Delete(doc);
    free(text);
}

/* A format from the file (or TOKPOL_FORMAT) serves files whose name says none; an extension wins
 * over it, and the run says in one line on stderr how it went, since no report is on stdout. */
Test(config, a_configured_format_does_not_fight_the_outputs_extensions)
{
    project("{\"policies\": \"low.tpol\", \"format\": \"text\", "
            "\"outputs\": [\"tokpol.sarif\", \"junit:tokpol.xml\", \"plain.out\"]}");
    run("check --now 2026-11-27 " INVENTORY);
    cr_expect_eq(R.code, 1, "%s", R.err);
    cr_expect(strstr(R.err, "tokpol: fail (exit 1): 1 inputs, 1 rules") != NULL, "%s", R.err);
    cr_expect(strstr(R.err, "tokpol.sarif") != NULL, "%s", R.err);
    char path[512];
    snprintf(path, sizeof path, "%s/tokpol.sarif", dir);
    char *text = read_file(path, NULL);
    cr_assert_not_null(text);
    cr_expect(strstr(text, "\"version\": \"2.1.0\"") != NULL, "the extension chose SARIF");
    free(text);
    snprintf(path, sizeof path, "%s/plain.out", dir);
    text = read_file(path, NULL);
    cr_assert_not_null(text);
    cr_expect(strstr(text, "FAIL: 1 input") != NULL, "the configured text format: %s", text);
    free(text);
    /* On the command line, --format and an extension that disagree are still a usage error. */
    run("check --now 2026-11-27 --format json -o x.sarif " INVENTORY);
    cr_expect_eq(R.code, 2, "%s", R.err);
}

/* A setting written with escapes is found where it is written: "a\"b" at 3:3. */
Test(config, an_unknown_setting_written_with_escapes_has_its_position)
{
    project("{\n  \"policies\": \"low.tpol\",\n  \"a\\\"b\": \"high\"\n}\n");
    run("rules");
    cr_expect_eq(R.code, 2);
    char want[600];
    snprintf(want, sizeof want, "%s/.tokpol.json:3:3: error: unknown setting 'a\"b'", dir);
    cr_expect(strstr(R.err, want) != NULL, "%s", R.err);
}

Test(config, a_bad_file_is_a_usage_error_with_its_position)
{
    project("{\n  \"policies\": [\"low.tpol\",\n  \"fail-on\": \"high\"\n}\n");
    run("check " INVENTORY);
    cr_expect_eq(R.code, 2);
    char want[600];
    snprintf(want, sizeof want, "%s/.tokpol.json:3:12: error: not valid JSON here", dir);
    cr_expect(strstr(R.err, want) != NULL, "%s", R.err);
    cr_expect_str_eq(R.out, "");
    cleanup();

    project("{\n  \"policies\": \"low.tpol\",\n    \"fial-on\": \"high\"\n}\n");
    run("rules");
    cr_expect_eq(R.code, 2);
    snprintf(want, sizeof want,
             "%s/.tokpol.json:3:5: error: unknown setting 'fial-on'; did you mean 'fail-on'?", dir);
    cr_expect(strstr(R.err, want) != NULL, "%s", R.err);
    cleanup();

    project("{\"format\": \"sarf\", \"strict\": \"yes\"}");
    run("check " INVENTORY);
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, ".tokpol.json:1:2: error: 'format': unknown value 'sarf'; did you "
                            "mean 'sarif'?") != NULL,
              "%s", R.err);
    run("check --format text " INVENTORY);
    cr_expect(strstr(R.err, ".tokpol.json:1:20: error: 'strict': takes true or false") != NULL,
              "%s", R.err);
    setenv("TOKPOL_FAIL_ON", "hihg", 1);
    run("check --strict --format text " INVENTORY);
    cr_expect(strstr(R.err, "TOKPOL_FAIL_ON: unknown value 'hihg'; did you mean 'high'?") != NULL,
              "%s", R.err);
}

Test(config, tokpol_config_names_a_file_given_by_the_variable)
{
    project("[]");
    char path[512];
    config_elsewhere(path, sizeof path, "elsewhere.json", "{\"fail-on\": \"high\"}");
    run("config");
    cr_expect_eq(R.code, 0, "%s", R.err);
    char want[600];
    snprintf(want, sizeof want, "fail-on   high  (%s:1)\n", path);
    cr_expect(strstr(R.out, want) != NULL, "%s", R.out);
    unsetenv("TOKPOL_CONFIG");
    run("config");
    cr_expect_eq(R.code, 2, "the project's own file is not an object: %s", R.out);
    cr_expect(strstr(R.err, ".tokpol.json:1:1: error: the configuration is a JSON object") != NULL,
              "%s", R.err);
}
