/* Every outcome of tokpol check, in every machine format, read the way its consumers read it:
 * standard output and every -o file hold exactly one document that a parser accepts and that
 * says what happened (the external validators run in tests/validate/run.sh). Also: diagnostics
 * inside reports, baselines from tokpol reports only, rule filters that select nothing, and
 * rules that checked nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "helpers.h"

static run_out R;

#define run(...) run_tokpolf(&R, SOURCE_DIR, TOKPOL_BIN, __VA_ARGS__)

/* The outcomes of a run, with the arguments that give each and what every report must say. */
static const struct outcome {
    const char *name, *args;
    int code;
    const char *verdict;        /* JSON report's "verdict" */
    const char *code_in_report; /* a diagnostic code every report names, or NULL */
} outcomes[] = {
    {"pass", "--now 2026-11-27 -p tests/cli/pass.tpol examples/inventory.json", 0, "pass", NULL},
    {"findings", "--now 2026-11-27 examples/inventory.json", 1, "fail", NULL},
    {"no rule selected", "--now 2026-11-27 --rule NOPE examples/inventory.json", 2, "none",
     "E-RULE-FILTER"},
    {"policy error", "-p tests/golden/unknown_function_bad.tpol examples/inventory.json", 3,
     "policy_error", "E-UNKNOWN-FUNC"},
    {"input error", "tests/cli/dup.json", 4, "input_error", "E-INPUT"},
    {"evaluation errors", "--now 2026-11-27 --no-validate tests/cli/broken.json", 5, "error", NULL},
};
#define NOUTCOMES (sizeof outcomes / sizeof outcomes[0])

/* What a JSON report must say for an outcome. */
static void expect_json_report(const char *text, const struct outcome *o, const char *where)
{
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc, "%s, %s: not one JSON document:\n%.1000s", o->name, where, text);
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "verdict")->valuestring, o->verdict, "%s, %s",
                     o->name, where);
    cr_expect_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "summary"), "exit_code")->valueint,
                 o->code, "%s, %s", o->name, where);
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "$schema")->valuestring, TP_REPORT_SCHEMA);
    cJSON *diags = cJSON_GetObjectItem(doc, "diagnostics");
    cr_assert(cJSON_IsArray(diags), "%s, %s: no diagnostics array", o->name, where);
    int named = o->code_in_report == NULL;
    cJSON *d;
    cJSON_ArrayForEach(d, diags) named =
        named || strcmp(cJSON_GetObjectItem(d, "code")->valuestring, o->code_in_report) == 0;
    cr_expect(named, "%s, %s: the diagnostics lack %s", o->name, where, o->code_in_report);
    cJSON_Delete(doc);
}

static void expect_sarif_report(const char *text, const struct outcome *o, const char *where)
{
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc, "%s, %s: not one SARIF document:\n%.1000s", o->name, where, text);
    cJSON *inv = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0), "invocations"),
        0);
    int ok = cJSON_IsTrue(cJSON_GetObjectItem(inv, "executionSuccessful"));
    cr_expect_eq(ok, o->code == 0 || o->code == 1 || o->code == 5,
                 "%s, %s: executionSuccessful is %d", o->name, where, ok);
    int named = o->code_in_report == NULL;
    cJSON *n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItem(inv, "toolExecutionNotifications"))
    {
        const char *id =
            cJSON_GetObjectItem(cJSON_GetObjectItem(n, "descriptor"), "id")->valuestring;
        named = named || (strcmp(id, o->code_in_report) == 0 &&
                          strcmp(cJSON_GetObjectItem(n, "level")->valuestring, "error") == 0);
    }
    cr_expect(named, "%s, %s: no error notification %s", o->name, where, o->code_in_report);
    cJSON_Delete(doc);
}

static void expect_gitlab_report(const char *text, const struct outcome *o, const char *where)
{
    cJSON *doc = cJSON_Parse(text);
    cr_assert(cJSON_IsArray(doc), "%s, %s: not one JSON array:\n%.1000s", o->name, where, text);
    int named = o->code_in_report == NULL;
    cJSON *i;
    cJSON_ArrayForEach(i, doc)
    {
        cr_expect_not_null(cJSON_GetObjectItem(cJSON_GetObjectItem(i, "location"), "path"));
        named = named ||
                strcmp(cJSON_GetObjectItem(i, "check_name")->valuestring, o->code_in_report) == 0;
    }
    cr_expect(named, "%s, %s: no issue %s", o->name, where, o->code_in_report);
    if (o->code == 0)
        cr_expect_eq(cJSON_GetArraySize(doc), 0, "a pass has no issue");
    cJSON_Delete(doc);
}

/* One JUnit document: an XML declaration, one root, an error or failure where the run failed
 * (xmllint validates it against the XSD in tests/validate/run.sh). */
static void expect_junit_report(const char *text, const struct outcome *o, const char *where)
{
    cr_expect(strncmp(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", 52) == 0,
              "%s, %s:\n%.500s", o->name, where, text);
    const char *end = strstr(text, "</testsuites>\n");
    cr_expect(end && end[14] == '\0', "%s, %s: one root, closed at the end", o->name, where);
    int errs = strstr(text, "<error ") != NULL, fails = strstr(text, "<failure ") != NULL;
    cr_expect_eq(errs, o->code >= 2, "%s, %s: an errored test case iff the run errs", o->name,
                 where);
    if (o->code <= 1)
        cr_expect_eq(fails, o->code == 1, "%s, %s: a failed test case iff a finding fails", o->name,
                     where);
}

typedef void (*expect_fn)(const char *, const struct outcome *, const char *);

static const struct {
    const char *format;
    expect_fn expect;
} machine[] = {{"json", expect_json_report},
               {"sarif", expect_sarif_report},
               {"gitlab", expect_gitlab_report},
               {"junit", expect_junit_report}};
#define NMACHINE (sizeof machine / sizeof machine[0])

TestSuite(outcomes);

Test(outcomes, stdout_holds_one_document_in_every_outcome_and_format)
{
    for (size_t i = 0; i < NOUTCOMES; i++)
        for (size_t f = 0; f < NMACHINE; f++) {
            run("check --format %s %s", machine[f].format, outcomes[i].args);
            cr_expect_eq(R.code, outcomes[i].code, "%s --format %s: exit %d\n%s", outcomes[i].name,
                         machine[f].format, R.code, R.err);
            machine[f].expect(R.out, &outcomes[i], machine[f].format);
        }
}

Test(outcomes, every_report_file_is_written_in_every_outcome)
{
    static const char *const formats[] = {"json", "sarif",  "gitlab",   "junit",
                                          "text", "github", "markdown", "html"};
    enum { NF = sizeof formats / sizeof formats[0] };
    for (size_t i = 0; i < NOUTCOMES; i++) {
        char paths[NF][512], args[4096];
        size_t off = 0;
        for (size_t f = 0; f < NF; f++) {
            temp_file(paths[f], sizeof paths[f]);
            off +=
                (size_t)snprintf(args + off, sizeof args - off, "-o %s:%s ", formats[f], paths[f]);
        }
        run("check %s%s", args, outcomes[i].args);
        cr_expect_eq(R.code, outcomes[i].code, "%s: %s", outcomes[i].name, R.err);
        cr_expect_str_eq(R.out, "", "%s: every report went to its file", outcomes[i].name);
        for (size_t f = 0; f < NF; f++) {
            char *body = read_file(paths[f], NULL);
            /* Only GitHub's annotations may be empty: a pass annotates nothing. */
            cr_assert(body &&
                          (*body || (outcomes[i].code == 0 && strcmp(formats[f], "github") == 0)),
                      "%s: -o %s: nothing written", outcomes[i].name, formats[f]);
            for (size_t m = 0; m < NMACHINE; m++)
                if (strcmp(machine[m].format, formats[f]) == 0)
                    machine[m].expect(body, &outcomes[i], formats[f]);
            if (strcmp(formats[f], "json") == 0) {
                /* The report conforms to its schema (tokpol validates its input). */
                run_out v;
                char vargs[1024];
                snprintf(vargs, sizeof vargs,
                         "check --now 2026-11-27 -p tests/cli/report.tpol --schema "
                         "input=schema/report-v1.json %s",
                         paths[f]);
                run_tokpol(&v, SOURCE_DIR, TOKPOL_BIN, vargs);
                cr_expect_eq(v.code, 0, "%s: the JSON report does not conform to its schema: %s",
                             outcomes[i].name, v.err);
            }
            /* The formats for people say what happened too. */
            if (outcomes[i].code_in_report && f >= 4)
                cr_expect(strstr(body, outcomes[i].code_in_report) != NULL, "%s: -o %s lacks %s",
                          outcomes[i].name, formats[f], outcomes[i].code_in_report);
            free(body);
            remove(paths[f]);
        }
    }
}

Test(outcomes, warnings_travel_in_the_report_and_on_stderr)
{
    run("check --now 2026-11-27 --format json -p tests/cli/unused.tpol examples/inventory.json");
    cr_expect_eq(R.code, 0, "%s", R.err);
    cr_expect(strstr(R.err, "tests/cli/unused.tpol:2:1: warning: param 'stale' is declared but "
                            "never used") != NULL,
              "%s", R.err);
    cJSON *doc = cJSON_Parse(R.out);
    cr_assert_not_null(doc, "one JSON document: %s", R.out);
    cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "diagnostics"), 0);
    cr_assert_not_null(d);
    cr_expect_str_eq(cJSON_GetObjectItem(d, "severity")->valuestring, "warning");
    cr_expect_str_eq(cJSON_GetObjectItem(d, "code")->valuestring, "W-UNUSED");
    cr_expect_str_eq(cJSON_GetObjectItem(d, "source")->valuestring, "policy");
    cr_expect_eq(cJSON_GetObjectItem(d, "line")->valueint, 2);
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "verdict")->valuestring, "pass");
    cJSON_Delete(doc);
    run("check --now 2026-11-27 --format github -p tests/cli/unused.tpol examples/inventory.json");
    cr_expect(strstr(R.out, "::warning file=tests/cli/unused.tpol,line=2,col=1,title=W-UNUSED::") !=
                  NULL,
              "%s", R.out);
}

/* summary.diagnostics_left_out of a JSON report, or invocations[0].properties.diagnosticsLeftOut
 * of a SARIF one when the invocation also carries the "diagnostics-left-out" notification: -1
 * when missing. */
static int diags_left_out(const char *text, int sarif)
{
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc, "%s", text);
    int n = -1;
    if (!sarif) {
        cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "summary"), "diagnostics_left_out");
        n = cJSON_IsNumber(v) ? v->valueint : -1;
    } else {
        cJSON *inv = cJSON_GetArrayItem(
            cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0),
                                "invocations"),
            0);
        cJSON *v =
            cJSON_GetObjectItem(cJSON_GetObjectItem(inv, "properties"), "diagnosticsLeftOut");
        int noted = 0;
        cJSON *note;
        cJSON_ArrayForEach(note, cJSON_GetObjectItem(inv, "toolExecutionNotifications"))
        {
            cJSON *id = cJSON_GetObjectItem(cJSON_GetObjectItem(note, "descriptor"), "id");
            noted |= cJSON_IsString(id) && strcmp(id->valuestring, "diagnostics-left-out") == 0;
        }
        n = !cJSON_IsNumber(v) ? -1 : noted == (v->valueint > 0) ? v->valueint : -1;
    }
    cJSON_Delete(doc);
    return n;
}

/* --max-errors lists fewer diagnostics than there are: stderr says so, and so must the reports
 * a tool reads, or it takes the list for all there is. names_bad.tpol has 2 errors, 1 warning. */
Test(outcomes, reports_say_that_diagnostics_were_left_out)
{
    for (int sarif = 0; sarif < 2; sarif++) {
        const char *f = sarif ? "sarif" : "json";
        run("check --max-errors 1 --format %s -p tests/golden/names_bad.tpol "
            "examples/inventory.json",
            f);
        cr_expect_eq(R.code, 3, "%s", R.err);
        cr_expect(strstr(R.err, "1 more error not shown") != NULL, "%s", R.err);
        cr_expect_eq(diags_left_out(R.out, sarif), 1, "%s: %s", f, R.out);
        run("check --format %s -p tests/golden/names_bad.tpol examples/inventory.json", f);
        cr_expect_eq(diags_left_out(R.out, sarif), 0, "%s: %s", f, R.out);
    }
}

Test(outcomes, input_errors_are_located_in_the_report)
{
    run("check --format json examples/inventory.json tests/cli/dup.json tests/cli/nope.json");
    cr_expect_eq(R.code, 4);
    cJSON *doc = cJSON_Parse(R.out);
    cr_assert_not_null(doc, "%s", R.out);
    cJSON *diags = cJSON_GetObjectItem(doc, "diagnostics");
    cr_assert_eq(cJSON_GetArraySize(diags), 2, "every bad input is named: %s", R.out);
    cJSON *dup = cJSON_GetArrayItem(diags, 0), *nope = cJSON_GetArrayItem(diags, 1);
    cr_expect_str_eq(cJSON_GetObjectItem(dup, "file")->valuestring, "tests/cli/dup.json");
    cr_expect_eq(cJSON_GetObjectItem(dup, "line")->valueint, 4);
    cr_expect_eq(cJSON_GetObjectItem(dup, "column")->valueint, 7);
    cr_expect_str_eq(cJSON_GetObjectItem(dup, "source")->valuestring, "input");
    cr_expect_str_eq(cJSON_GetObjectItem(nope, "code")->valuestring, "E-INPUT-IO");
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "inputs")), 0, "nothing evaluated");
    cJSON_Delete(doc);
    /* A schema violation, and a limit. */
    run("check --format json tests/cli/broken.json");
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.out, "\"line\": 8, \"column\": 5") != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "the required field \\\"created_at\\\" is missing") != NULL, "%s",
              R.out);
    run("check --format json --max-input-bytes 10 examples/inventory.json");
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.out, "\"code\": \"E-INPUT-LIMIT\"") != NULL, "%s", R.out);
}

/* Writes text to a new temporary file; the caller removes it. */
static void write_temp(char *path, size_t size, const char *text)
{
    temp_file(path, size);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

Test(outcomes, a_json_report_on_stdout_is_a_baseline)
{
    char base[512], args[1024];
    run("check --now 2026-11-27 --format json examples/inventory.json");
    cr_expect_eq(R.code, 1);
    write_temp(base, sizeof base, R.out); /* what `> base.json` holds */
    snprintf(args, sizeof args, "check --now 2026-11-27 --baseline %s examples/inventory.json",
             base);
    run("%s", args);
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "10 known from the baseline") != NULL, "%s", R.out);
    remove(base);
}

Test(outcomes, baselines_only_from_tokpol_reports)
{
    static const struct {
        const char *json, *reason;
    } bad[] = {
        {"{\"$schema\": \"" TP_REPORT_SCHEMA
         "\", \"tool\": {\"name\": \"other\"}, \"findings\": []}",
         ":1:74: error: not a tokpol JSON report: its tool.name is not \"tokpol\""},
        {"{\"tool\": {\"name\": \"tokpol\"}, \"findings\": []}",
         ": error: not a tokpol JSON report: its \"$schema\" is not"},
        {"{\"$schema\": \"" TP_REPORT_SCHEMA "\", \"tool\": {\"name\": \"tokpol\"}}",
         "it has no \"findings\" list"},
        {"{\"$schema\": \"" TP_REPORT_SCHEMA "\", \"tool\": {\"name\": \"tokpol\"},\n"
         "\"findings\": [{\"status\": \"fail\", \"fingerprint\": \"xyz\"}]}",
         ":2:14: error: not a tokpol JSON report: finding 0 has no status or no fingerprint"},
        {"[1, 2]", "it is not a JSON object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char base[512];
        write_temp(base, sizeof base, bad[i].json);
        run("check --now 2026-11-27 --format json --baseline %s examples/inventory.json", base);
        cr_expect_eq(R.code, 4, "%s", bad[i].json);
        cr_expect(strstr(R.err, bad[i].reason) != NULL, "%s\nstderr: %s", bad[i].reason, R.err);
        cr_expect(strstr(R.out, "\"verdict\": \"input_error\"") != NULL, "%s", R.out);
        remove(base);
    }
    /* Another tool's report (SARIF) is no baseline either. */
    char sarif[512];
    temp_file(sarif, sizeof sarif);
    run("check --now 2026-11-27 -o sarif:%s examples/inventory.json", sarif);
    run("check --now 2026-11-27 --baseline %s examples/inventory.json", sarif);
    cr_expect_eq(R.code, 4);
    remove(sarif);
}

Test(outcomes, rule_filters_that_select_nothing_are_usage_errors)
{
    run("check --now 2026-11-27 --rule LOK99 --rule 'LOK00*' --skip-rule 'NOPE*' "
        "examples/inventory.json");
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "the rule filter 'LOK99' (rules to run) matches none") != NULL, "%s",
              R.err);
    cr_expect(strstr(R.err, "the rule filter 'NOPE*' (rules to skip) matches none") != NULL, "%s",
              R.err);
    cr_expect_null(strstr(R.err, "LOK00*"), "a pattern that matches is not named: %s", R.err);
    run("check --now 2026-11-27 --skip-rule '*' examples/inventory.json");
    cr_expect_eq(R.code, 2);
    cr_expect(strstr(R.err, "the rule filters select none of the 11 rules") != NULL, "%s", R.err);
    /* Decided before any input is read: a missing input is not reported. */
    run("check --rule LOK99 tests/cli/nope.json");
    cr_expect_eq(R.code, 2);
    cr_expect_null(strstr(R.err, "nope.json"), "%s", R.err);
}

Test(outcomes, rules_that_checked_nothing_are_listed_and_fail_under_strict)
{
    const char *args = "--now 2026-11-27 -p tests/cli/nothing.tpol examples/inventory.json";
    run("check --color never %s", args);
    cr_expect_eq(R.code, 0, "listed, not failed: %s", R.out);
    cr_expect(strstr(R.out, "  checked nothing: NOTHING\n") != NULL, "%s", R.out);
    cr_expect(strstr(R.out, "1 rule checked nothing") != NULL, "%s", R.out);
    run("check --format json %s", args);
    cJSON *doc = cJSON_Parse(R.out);
    cr_assert_not_null(doc);
    cJSON *in = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "inputs"), 0);
    cr_expect_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(in, "checked_nothing"), 0)->valuestring,
                     "NOTHING");
    cJSON *rules = cJSON_GetObjectItem(in, "rules");
    cr_expect_eq(cJSON_GetObjectItem(rules, "NOTHING")->valueint, 0);
    cr_expect_eq(cJSON_GetObjectItem(rules, "SOMETHING")->valueint, 5);
    cJSON_Delete(doc);
    run("check --format junit %s", args);
    cr_expect(strstr(R.out, "<skipped message=\"checked nothing") != NULL, "%s", R.out);
    run("check --format markdown %s", args);
    cr_expect(strstr(R.out, "### Rules that checked nothing (1)") != NULL, "%s", R.out);
    run("check --format html %s", args);
    cr_expect(strstr(R.out, "<h3>Rules that checked nothing (1)</h3>") != NULL);
    run("check --format sarif %s", args);
    cr_expect(strstr(R.out, "\"level\": \"note\", \"message\": {\"text\": \"rule NOTHING checked "
                            "nothing in examples/inventory.json") != NULL,
              "%s", R.out);

    /* --strict: the gate cannot vouch for what it did not check. */
    run("check --strict --format json %s", args);
    cr_expect_eq(R.code, 5);
    cr_expect(strstr(R.out, "\"verdict\": \"error\"") != NULL, "%s", R.out);
    run("check --strict --format junit %s", args);
    cr_expect(strstr(R.out, "<error type=\"checked-nothing\"") != NULL, "%s", R.out);
    run("check --strict --format gitlab %s", args);
    cr_expect(strstr(R.out, "\"check_name\": \"NOTHING\"") != NULL, "%s", R.out);
    run("check --strict --format github %s", args);
    cr_expect(strstr(R.out, "::error file=tests/cli/nothing.tpol,line=3,title=NOTHING checked "
                            "nothing::") != NULL,
              "%s", R.out);
    run("check --strict --color never %s", args);
    cr_expect(strstr(R.out, "ERROR: 1 input, 2 rules, 5 subjects checked, 0 failed") != NULL, "%s",
              R.out);
}

Test(outcomes, lint_warns_of_rules_that_can_never_check_anything)
{
    run("lint -p tests/golden/checks_nothing_bad.tpol");
    cr_expect_eq(R.code, 0, "a warning: %s", R.err);
    cr_expect(strstr(R.err, "warning: rule SHADOWED can never check anything") != NULL, "%s",
              R.err);
    run("lint --strict -p tests/golden/checks_nothing_bad.tpol");
    cr_expect_eq(R.code, 3);
    run("check --strict --format json -p tests/golden/checks_nothing_bad.tpol "
        "examples/inventory.json");
    cr_expect_eq(R.code, 3);
    cr_expect(strstr(R.out, "\"code\": \"W-CHECKS-NOTHING\"") != NULL, "%s", R.out);
}
