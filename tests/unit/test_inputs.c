/* What tokpol check reads, run as a user would: CSV exports typed by their schema, formats by
 * name or prefix, directories and globs, lists of documents, --input names checked, the memory
 * budget, and the same report whatever the number of threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/asan.h"
#include "helpers.h"

#define NOW "check --now 2026-11-27T09:00:00Z "
#define AWS "policies/aws/"
#define REPORT_SCHEMA "--schema credential_report=" AWS "schemas/credential-report.json "

static run_out R;

#define run(...) run_tokpolf(&R, SOURCE_DIR, TOKPOL_BIN, __VA_ARGS__)

/* The JSON report: stdout is that one JSON document (a tool can pipe it). */
static cJSON *report(void)
{
    cJSON *j = cJSON_Parse(R.out);
    cr_assert_not_null(j, "stdout is not one JSON document:\n%s\n%s", R.out, R.err);
    return j;
}

static cJSON *finding(cJSON *rep, const char *rule, const char *subject)
{
    cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(rep, "findings"))
    {
        if (strcmp(cJSON_GetObjectItem(f, "rule")->valuestring, rule) == 0 &&
            strcmp(cJSON_GetObjectItem(f, "subject")->valuestring, subject) == 0)
            return f;
    }
    return NULL;
}

static int line_of(cJSON *f)
{
    cJSON *loc = cJSON_GetObjectItem(f, "location");
    return loc ? cJSON_GetObjectItem(loc, "line")->valueint : 0;
}

static const char *file_of(cJSON *f)
{
    cJSON *loc = cJSON_GetObjectItem(f, "location");
    cJSON *file = loc ? cJSON_GetObjectItem(loc, "file") : NULL;
    return file ? file->valuestring : NULL;
}

static size_t count(cJSON *rep, const char *rule)
{
    size_t n = 0;
    cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(rep, "findings"))
    {
        n += strcmp(cJSON_GetObjectItem(f, "rule")->valuestring, rule) == 0;
    }
    return n;
}

Test(inputs, the_aws_credential_report_is_read_as_csv_typed_by_its_schema)
{
    run(NOW "--format json -p tests/cli/inputs/aws-report.tpol " REPORT_SCHEMA
            "--input credential_report=" AWS "examples/credential-report.csv");
    cr_assert_eq(R.code, 1, "%s%s", R.out, R.err);
    cJSON *rep = report();
    cr_expect_str_eq(cJSON_GetObjectItem(rep, "validation")->valuestring, "passed");
    /* true/false are booleans: the root user's active key 1 is found. */
    cJSON *root = finding(rep, "REPORT1", "<root_account>");
    cr_assert_not_null(root, "%s", R.out);
    cr_expect_eq(line_of(root), 2, "the CSV line of the row");
    cr_expect_str_eq(file_of(root), AWS "examples/credential-report.csv");
    cr_expect_str_eq(cJSON_GetObjectItem(root, "pointer")->valuestring, "/credential_report/0");
    /* no_information is null: two users whose password was never used; N/A and not_supported
     * too (REPORT3 passes for root). */
    cr_expect_eq(count(rep, "REPORT2"), 2);
    cr_expect_not_null(finding(rep, "REPORT2", "judy"));
    cr_expect_eq(line_of(finding(rep, "REPORT2", "mallory")), 13);
    cr_expect_eq(count(rep, "REPORT3"), 0, "%s", R.out);
    cJSON_Delete(rep);

    /* Without its schema every cell is a string: the rules cannot decide, and say why. */
    run(NOW "-p tests/cli/inputs/aws-report.tpol --input credential_report=" AWS
            "examples/credential-report.csv");
    cr_expect_eq(R.code, 5, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "must be a boolean, but it is a string") != NULL, "%s", R.out);
}

/* Checks `csv` as the credential report with its schema: an input error, `want` on stderr. */
static void expect_report_error(const char *csv, const char *want)
{
    run(NOW "-p tests/cli/inputs/aws-report.tpol " REPORT_SCHEMA "--input credential_report=%s",
        csv);
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, want) != NULL, "%s", R.err);
}

Test(inputs, the_header_is_checked_against_the_schemas_columns)
{
    expect_report_error("tests/cli/inputs/renamed.csv",
                        "tests/cli/inputs/renamed.csv:1:10: error: column 3 of the header should "
                        "be \"user_creation_time\", as the schema credential-report.json lists "
                        "the columns (x-tokpol-columns)");
    /* The report says so too, and that nothing was checked. */
    cr_expect(strstr(R.out, "INPUT ERROR: 1 input error: nothing was checked") != NULL, "%s",
              R.out);
}

/* A file without its header row: the first row of data names the columns. Nothing is guessed,
 * but the errors that follow say which row the header is. */
Test(inputs, a_csv_file_without_its_header_row_is_an_error_that_says_which_row_is_the_header)
{
    expect_report_error("tests/cli/inputs/headerless.csv",
                        "tests/cli/inputs/headerless.csv:1:1: error: the first row is the header, "
                        "and none of its cells names a column the schema credential-report.json "
                        "lists (x-tokpol-columns: \"user\", ...): is it missing?");

    /* The AWS report without its header: two equal cells of its first row. */
    char dir[] = "/tmp/tokpol-headerless-XXXXXX", cmd[512];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "tail -n +2 %s/" AWS "examples/credential-report.csv > %s/report.csv",
             SOURCE_DIR, dir);
    cr_assert_eq(system(cmd), 0);
    run(NOW "--pack aws %s/report.csv", dir);
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "/report.csv:1:113: error: duplicate column name \"not_supported\" "
                            "(first at 1:73): the first row is the header, naming the columns: "
                            "is it missing?") != NULL,
              "%s", R.err);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

Test(inputs, the_format_comes_from_a_prefix_an_option_the_schema_or_the_name)
{
    /* The report under a name that says nothing: the schema's x-tokpol-format reads it. */
    char dir[] = "/tmp/tokpol-inputs-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp %s/" AWS "examples/credential-report.csv %s/report.txt",
             SOURCE_DIR, dir);
    cr_assert_eq(system(cmd), 0);
    run(NOW "-q -p tests/cli/inputs/aws-report.tpol " REPORT_SCHEMA
            "--input credential_report=%s/report.txt",
        dir);
    cr_expect_eq(R.code, 1, "x-tokpol-format: csv\n%s%s", R.out, R.err);
    /* Without a schema: a prefix, or --input-format. */
    run(NOW "-q -p tests/cli/pass.tpol csv:%s/report.txt", dir);
    cr_expect_eq(R.code, 5, "read as CSV, the input is a list: %s%s", R.out, R.err);
    cr_expect(strstr(R.out, "'tokens' is absent from the input") != NULL, "%s", R.out);
    run(NOW "-q -p tests/cli/pass.tpol --input-format csv %s/report.txt", dir);
    cr_expect(strstr(R.out, "'tokens' is absent from the input") != NULL, "%s", R.out);
    run(NOW "-q -p tests/cli/pass.tpol %s/report.txt", dir);
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.err,
                     "report.txt:1:1: error: unexpected 'u': expected a value; this looks "
                     "like CSV, not JSON (name the file .csv or use --input-format csv)") != NULL,
              "%s", R.err);
    /* The other way round. */
    run(NOW "-q -p tests/cli/pass.tpol csv:tests/cli/inputs/report.json");
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.err, "report.json:1:1: error: this looks like JSON, not CSV (name the file "
                            ".json or use --input-format json)") != NULL,
              "%s", R.err);
    run(NOW "--input-format yaml examples/inventory.json");
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "unknown --input-format 'yaml': use json or csv") != NULL, "%s", R.err);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    cr_expect_eq(system(cmd), 0);
}

Test(inputs, a_glob_binds_a_list_of_documents_each_pointing_at_its_file)
{
    run(NOW "--format json -p tests/cli/inputs/keys.tpol --input 'access_keys=" AWS
            "examples/access-keys/*.json'");
    cr_assert_eq(R.code, 1, "%s%s", R.out, R.err);
    cJSON *rep = report();
    /* carol and old-inactive have an inactive key; the subject of a whole file is its name. */
    cr_expect_eq(count(rep, "KEYS1"), 2);
    cJSON *carol = finding(rep, "KEYS1", AWS "examples/access-keys/carol.json");
    cr_assert_not_null(carol, "%s", R.out);
    cr_expect_str_eq(file_of(carol), AWS "examples/access-keys/carol.json");
    cr_expect_str_eq(cJSON_GetObjectItem(carol, "pointer")->valuestring, "/access_keys/1",
                     "the second file, sorted");
    /* Through a file-level let, the same files. */
    cr_expect_eq(count(rep, "KEYS2"), 2);
    cJSON *dave = finding(rep, "KEYS2", AWS "examples/access-keys/dave.json");
    cr_assert_not_null(dave, "%s", R.out);
    cr_expect_str_eq(file_of(dave), AWS "examples/access-keys/dave.json");
    cJSON_Delete(rep);
    /* A directory binds the same list; so does the name given once per file. */
    run(NOW "-q -p tests/cli/inputs/keys.tpol --input access_keys=" AWS "examples/access-keys");
    cr_expect_eq(R.code, 1);
    cr_expect(strstr(R.out, "11 subjects checked: 4 failed") != NULL, "%s", R.out);
    run(NOW "-q -p tests/cli/inputs/keys.tpol --input access_keys=" AWS
            "examples/access-keys/carol.json --input access_keys=" AWS
            "examples/access-keys/alice.json");
    cr_expect(strstr(R.out, "KEYS2 " AWS "examples/access-keys/carol.json") != NULL, "%s", R.out);
    run(NOW "-p tests/cli/inputs/keys.tpol --input 'access_keys=" AWS "examples/nothing*.json'");
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.err, "examples/nothing*.json: error: matches no file") != NULL, "%s", R.err);
}

Test(inputs, a_directory_checks_each_of_its_files_as_an_input)
{
    char dir[] = "/tmp/tokpol-dir-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && cp examples/inventory.json %s/b.json && cp tests/cli/tokens.json %s/a.JSON "
             "&& cp tests/cli/inputs/one-column.csv %s/c.csv && touch %s/notes.txt",
             SOURCE_DIR, dir, dir, dir, dir);
    cr_assert_eq(system(cmd), 0);
    run(NOW "--format json -p tests/cli/pass.tpol %s", dir);
    cJSON *rep = report();
    cJSON *inputs = cJSON_GetObjectItem(rep, "inputs");
    cr_assert_eq(cJSON_GetArraySize(inputs), 3, "%s", R.out);
    const char *want[] = {"a.JSON", "b.json", "c.csv"};
    for (int i = 0; i < 3; i++) {
        const char *name = cJSON_GetObjectItem(cJSON_GetArrayItem(inputs, i), "name")->valuestring;
        cr_expect(strstr(name, want[i]) != NULL && strncmp(name, dir, strlen(dir)) == 0, "%s",
                  name);
    }
    cJSON_Delete(rep);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    cr_expect_eq(system(cmd), 0);
}

Test(inputs, input_names_are_checked)
{
    run(NOW "--input input=tests/cli/tokens.json examples/inventory.json");
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "--input input=tests/cli/tokens.json: 'input' names the positional "
                            "input") != NULL,
              "%s", R.err);
    /* A name no policy reads: a warning, and the run goes on. */
    run(NOW
        "-q -p tests/cli/pass.tpol --input admns=tests/cli/admins.json examples/inventory.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "tokpol: warning: --input admns=tests/cli/admins.json: no policy reads "
                            "the name 'admns'") != NULL,
              "%s", R.err);
    /* A name that hides a field of the input: a warning, and the --input document is read. */
    run(NOW
        "-q -p tests/cli/pass.tpol --input tokens=tests/cli/tokens.json examples/inventory.json");
    cr_expect(strstr(R.err,
                     "warning: --input tokens=tests/cli/tokens.json hides the field 'tokens' "
                     "of examples/inventory.json") != NULL,
              "%s", R.err);
    cr_expect(strstr(R.out, "2 subjects checked") != NULL, "the 2 tokens of the --input file: %s",
              R.out);
    /* A mistyped name a policy then reads: the message names what is bound. */
    run(NOW "-q -p tests/cli/join.tpol --input tokens=tests/cli/tokens.json --input "
            "admns=tests/cli/admins.json");
    cr_expect_eq(R.code, 5, "%s%s", R.out, R.err);
    cr_expect(
        strstr(R.out, "'admins' is absent from the input; the names bound are tokens, admns") !=
            NULL,
        "%s", R.out);
}

/* The names are warned about once every document loaded, as when all were loaded before any was
 * evaluated: an input that does not conform is still warned about, before its error. */
Test(inputs, names_are_warned_about_once_every_input_loaded)
{
    for (int jobs = 1; jobs <= 2; jobs++) {
        run(NOW "-j %d --input tokens=tests/cli/tokens.json --input nothing=tests/cli/admins.json "
                "examples/inventory.json tests/cli/broken.json",
            jobs);
        cr_expect_eq(R.code, 4, "%s", R.err);
        const char *hides = strstr(R.err, "warning: --input tokens=tests/cli/tokens.json hides the "
                                          "field 'tokens' of tests/cli/broken.json");
        const char *error = strstr(R.err, "tests/cli/broken.json:8:5: error:");
        cr_expect(hides && error && hides < error, "-j %d: the warning, then the error: %s", jobs,
                  R.err);
        cr_expect(strstr(R.err, "hides the field 'tokens' of examples/inventory.json") != NULL,
                  "%s", R.err);
        cr_expect(strstr(R.err, "--input nothing=tests/cli/admins.json: no policy reads") != NULL,
                  "%s", R.err);
        /* One that does not load: its error alone. */
        run(NOW "-j %d --input nothing=tests/cli/admins.json examples/inventory.json "
                "tests/cli/nosuch.json",
            jobs);
        cr_expect_eq(R.code, 4, "%s", R.err);
        cr_expect(strstr(R.err, "warning") == NULL, "-j %d: %s", jobs, R.err);
    }
}

Test(inputs, memory_is_bounded_and_the_error_names_the_limit)
{
    char path[256];
    temp_file(path, sizeof path);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    /* 3 MB of empty lists: about 16 bytes of tree for each 3 bytes of text. */
    fputc('[', f);
    for (int i = 0; i < 1000000; i++)
        fputs(i ? ",[]" : "[]", f);
    fputc(']', f);
    fclose(f);
    run(NOW "-p tests/cli/pass.tpol --max-memory 8M %s", path);
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "error: reading the input needs more than 8388608 bytes of memory "
                            "(raise it with --max-memory)") != NULL,
              "%s", R.err);
    run(NOW "-q -p tests/cli/pass.tpol --max-memory 64M %s", path);
    cr_expect_eq(R.code, 5, "loads with more: %s", R.err);
    /* Evaluating has its own budget: lists the policy builds count against it. */
    f = fopen(path, "w");
    fputc('[', f);
    for (int i = 0; i < 20000; i++)
        fputs(i ? ",1" : "1", f);
    fputc(']', f);
    fclose(f);
    char policy[300];
    snprintf(policy, sizeof policy, "%s.tpol", path);
    f = fopen(policy, "w");
    fputs("let wide = [[x, x, x, x, x, x, x, x, x, x] for x in input]\n"
          "rule W { title \"wide\" severity low require len(wide) > 0 }\n",
          f);
    fclose(f);
    run(NOW "-p %s --max-memory 2M %s", policy, path);
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "error: evaluating it needs more than 2097152 bytes of memory (raise "
                            "it with --max-memory)") != NULL,
              "%s", R.err);
    run(NOW "-q -p %s --max-memory 16M %s", policy, path);
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    run(NOW "--max-memory lots examples/inventory.json");
    cr_expect_eq(R.code, 2);
    unlink(policy);
    unlink(path);
}

/* An input (data) whose evaluation by policy goes over --max-memory 2M. */
static void write_over_budget(char *data, size_t data_size, char *policy, size_t policy_size)
{
    temp_file(data, data_size);
    text_buf t = {0};
    text_printf(&t, "[");
    for (int i = 0; i < 20000; i++)
        text_printf(&t, i ? ",1" : "1");
    text_printf(&t, "]");
    write_file(data, t.s, t.len);
    free(t.s);
    snprintf(policy, policy_size, "%s.tpol", data);
    const char *src = "let wide = [[x, x, x, x, x, x, x, x, x, x] for x in input]\n"
                      "rule W { title \"wide\" severity low for y in [1] require len(wide) > 0 }\n";
    write_file(policy, src, strlen(src));
}

/* An evaluation stopped by the memory budget: the inputs before it are reported, none after,
 * and the report is the same on one thread as on several (it was not: on -j 1 the stopped
 * input's part-made entry stayed in the report). */
Test(inputs, an_evaluation_over_its_budget_reports_the_same_on_any_number_of_threads)
{
    char data[256], policy[300];
    write_over_budget(data, sizeof data, policy, sizeof policy);
    run(NOW
        "--format json -p %s --max-memory 2M -j 1 tests/cli/tokens.json %s tests/cli/tokens.json",
        policy, data);
    cr_expect_eq(R.code, 4, "%s", R.err);
    char *serial = strdup(R.out);
    cJSON *rep = report();
    cJSON *inputs = cJSON_GetObjectItem(rep, "inputs");
    cr_assert_eq(cJSON_GetArraySize(inputs), 1, "the input before the stopped one: %s", serial);
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(inputs, 0), "name")->valuestring,
                     "tests/cli/tokens.json");
    cJSON_Delete(rep);
    run(NOW
        "--format json -p %s --max-memory 2M -j 2 tests/cli/tokens.json %s tests/cli/tokens.json",
        policy, data);
    cr_expect_eq(R.code, 4);
    cr_expect_str_eq(R.out, serial, "-j 2 differs from -j 1");
    free(serial);
    /* --explain evaluates one input after the other: none after the stopped one. */
    run(NOW "-p %s --max-memory 2M --explain W %s tests/cli/tokens.json", policy, data);
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.out, "tests/cli/tokens.json") == NULL, "%s", R.out);
    unlink(policy);
    unlink(data);
}

/* Writes the text arg holds to fd after a second. */
static void write_tokens_late(int fd, void *arg)
{
    const text_buf *t = arg;
    sleep(1);
    _exit(write(fd, t->s, t->len) == (ssize_t)t->len ? 0 : 1);
}

/* On -j 2 an input still loading when a later one's evaluation stops is evaluated all the same,
 * as on -j 1 (it was skipped, and the run blamed it: "<stdin>: invalid argument during
 * evaluation"). Standard input is read slowly; the other thread meanwhile goes over budget. */
Test(inputs, an_input_still_loading_when_a_later_one_stops_is_evaluated)
{
    char data[256], policy[300];
    write_over_budget(data, sizeof data, policy, sizeof policy);
    text_buf tokens = {0};
    tokens.s = read_file(SOURCE_DIR "/tests/cli/tokens.json", &tokens.len);
    cr_assert_not_null(tokens.s);
    char *serial = NULL;
    for (int jobs = 1; jobs <= 2; jobs++) {
        pid_t pid = feed_stdin_by(write_tokens_late, &tokens);
        run(NOW "--format json -p %s --max-memory 2M -j %d - %s", policy, jobs, data);
        waitpid(pid, NULL, 0); /* the next one's pipe replaces this one as standard input */
        cr_expect_eq(R.code, 4, "-j %d: %s", jobs, R.err);
        cr_expect(strstr(R.err, "<stdin>") == NULL, "-j %d: %s", jobs, R.err);
        cr_expect(strstr(R.err, "more than 2097152 bytes") != NULL, "-j %d: %s", jobs, R.err);
        cJSON *rep = report();
        cJSON *inputs = cJSON_GetObjectItem(rep, "inputs");
        cr_expect_eq(cJSON_GetArraySize(inputs), 1, "-j %d: %s", jobs, R.out);
        cJSON_Delete(rep);
        if (serial)
            cr_expect_str_eq(R.out, serial, "-j 2 differs from -j 1");
        else
            serial = strdup(R.out);
    }
    free(serial);
    free(tokens.s);
    unlink(policy);
    unlink(data);
}

Test(inputs, threads_change_nothing_in_the_report)
{
    char args[2048] = "";
    /* Eight inputs, some failing, one with an evaluation error. */
    const char *files[] = {"examples/inventory.json",
                           "tests/cli/broken.json",
                           "tests/golden/features.input.json",
                           "examples/inventory.json",
                           "tests/golden/gitlab.input.json",
                           "examples/inventory.json",
                           "tests/cli/tokens.json",
                           "examples/inventory.json"};
    for (size_t i = 0; i < 8; i++) {
        strcat(args, " ");
        strcat(args, files[i]);
    }
    run(NOW "--no-validate --format json -j 1%s", args);
    int code = R.code;
    char *serial = strdup(R.out);
    for (int jobs = 2; jobs <= 8; jobs *= 2) {
        run(NOW "--no-validate --format json -j %d%s", jobs, args);
        cr_expect_eq(R.code, code);
        cr_expect_str_eq(R.out, serial, "-j %d differs from -j 1", jobs);
    }
    run(NOW "--no-validate --format json --max-findings 7 -j 1%s", args);
    char *capped = strdup(R.out);
    run(NOW "--no-validate --format json --max-findings 7 -j 3%s", args);
    cr_expect_str_eq(R.out, capped, "the same 7 findings are kept");
    free(capped);
    free(serial);
}

Test(inputs, an_input_that_fails_leaves_no_finding_of_the_others_and_every_error_is_said)
{
    char trunc[256];
    temp_file(trunc, sizeof trunc);
    write_file(trunc, "{\"tokens\": [", 12);
    for (int jobs = 1; jobs <= 2; jobs++) {
        /* The first input has findings; the second does not conform, the third is cut short. */
        run(NOW "--format json -j %d examples/inventory.json tests/cli/broken.json %s", jobs,
            trunc);
        cr_expect_eq(R.code, 4, "-j %d: %s", jobs, R.err);
        cJSON *rep = report();
        cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(rep, "findings")), 0,
                     "-j %d: nothing was evaluated", jobs);
        cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(rep, "inputs")), 0);
        cJSON *diags = cJSON_GetObjectItem(rep, "diagnostics");
        cr_assert_eq(cJSON_GetArraySize(diags), 2, "-j %d: both errors, in input order: %s", jobs,
                     R.err);
        cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(diags, 0), "file")->valuestring,
                         "tests/cli/broken.json");
        cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(diags, 1), "file")->valuestring,
                         trunc);
        cJSON_Delete(rep);
        char *second = strstr(R.err, "tests/cli/broken.json:8:5: error: /tokens/1: the required "
                                     "field \"created_at\" is missing");
        cr_expect(second && strstr(second, "error: unexpected end of input") != NULL, "%s", R.err);
    }
    /* A named document that does not load: the inputs are read all the same, to say what is
     * wrong with them too. */
    run(NOW "-p tests/cli/join.tpol --input admins=tests/cli/nosuch.json tests/cli/tokens.json %s",
        trunc);
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.err, "tests/cli/nosuch.json: error:") != NULL, "%s", R.err);
    cr_expect(strstr(R.err, "error: unexpected end of input") != NULL, "%s", R.err);
    unlink(trunc);
    /* An input that was never a file (an empty directory): said once. */
    char dir[256];
    temp_file(dir, sizeof dir);
    unlink(dir);
    cr_assert_eq(mkdir(dir, 0700), 0);
    run(NOW "examples/inventory.json %s", dir);
    cr_expect_eq(R.code, 4);
    const char *said = strstr(R.err, "error: the directory holds no .json or .csv file");
    cr_expect(said && !strstr(said + 1, "error: the directory holds no"), "%s", R.err);
    rmdir(dir);
}

/* Writes {"tokens": [...]} of n records, each written by `record`, to a new temporary file at
 * path; returns the bytes written. */
static size_t write_tokens(char *path, size_t size, int n, void (*record)(text_buf *, int))
{
    temp_file(path, size);
    text_buf t = {0};
    text_printf(&t, "{\"tokens\": [");
    for (int i = 0; i < n; i++) {
        text_printf(&t, "%s", i ? ",\n" : "\n");
        record(&t, i);
    }
    text_printf(&t, "]}");
    write_file(path, t.s, t.len);
    free(t.s);
    return t.len;
}

/* Long keys and small values: a text that weighs more than the tree it makes. */
static void long_keys(text_buf *t, int i)
{
    text_printf(t, "{\"id\": \"tok-%d\"", i);
    for (int k = 0; k < 10; k++)
        text_printf(t, ", \"a_member_name_long_enough_to_weigh_%02d\": %d", k, i % 7);
    text_printf(t, "}");
}

Test(inputs, an_input_is_held_as_its_tree_not_its_text)
{
#ifdef TP_ASAN
    cr_skip_test("AddressSanitizer keeps freed memory in quarantine: peaks mean nothing here");
#endif
    char path[256];
    long text_kib = (long)(write_tokens(path, sizeof path, 60000, long_keys) >> 10);
    char args[512];
    snprintf(args, sizeof args, NOW "-q -p tests/cli/pass.tpol -j 1 %s", path);
    int code;
    long large = run_tokpol_peak_kib(SOURCE_DIR, TOKPOL_BIN, args, &code);
    unlink(path);
    cr_assert_eq(code, 0, "the input passes: %s", args);
    long empty = run_tokpol_peak_kib(
        SOURCE_DIR, TOKPOL_BIN, NOW "-q -p tests/cli/pass.tpol tests/cli/inputs/empty-tokens.json",
        &code);
    cr_assert_eq(code, 0, "an empty list passes");
    /* The text is given back as the tree grows: the peak is about the larger of the two (here
     * the text), not their sum (1.48 times the text when the text was kept). */
    cr_expect_lt(large - empty, text_kib * 5 / 4,
                 "a %ld KiB input peaked at %ld KiB, %ld KiB more than an empty one", text_kib,
                 large, large - empty);
}

/* About 100 bytes of text a token, and more of tree. */
static void labelled(text_buf *t, int i)
{
    text_printf(t,
                "{\"id\": \"tok-%d\", \"label\": \"a token of the memory test\", "
                "\"used_by\": [\"ci\", \"prod\"]}",
                i);
}

Test(inputs, many_inputs_hold_the_memory_of_those_read_at_once)
{
#ifdef TP_ASAN
    cr_skip_test("AddressSanitizer keeps freed memory in quarantine: peaks mean nothing here");
#endif
    char path[256];
    write_tokens(path, sizeof path, 40000, labelled);
    char args[8192];
    snprintf(args, sizeof args, NOW "-q -p tests/cli/pass.tpol -j 1 %s", path);
    int code;
    long one = run_tokpol_peak_kib(SOURCE_DIR, TOKPOL_BIN, args, &code);
    cr_assert_eq(code, 0, "one input passes: %s", args);
    int len = snprintf(args, sizeof args, NOW "-q -p tests/cli/pass.tpol -j 2");
    for (int i = 0; i < 16; i++)
        len += snprintf(args + len, sizeof args - (size_t)len, " %s", path);
    long sixteen = run_tokpol_peak_kib(SOURCE_DIR, TOKPOL_BIN, args, &code);
    unlink(path);
    cr_assert_eq(code, 0, "sixteen inputs pass: %s", args);
    cr_assert_gt(one, 0, "the peak of a run can be measured");
    /* Two at once, not sixteen: each input is loaded as it is evaluated and freed after. */
    cr_expect_lt(sixteen, 3 * one, "16 inputs on 2 threads peaked at %ld KiB, 1 input at %ld KiB",
                 sixteen, one);
}
