/* Every report format, rendered from one result: golden files (TOKPOL_UPDATE_GOLDEN=1 rewrites
 * them after a reviewed change) and what each format must say. The external validators (SARIF
 * multitool, xmllint with the JUnit XSD, headless Chromium) run in tests/validate/run.sh. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

/* The Lokalise pack, with a waivers file `name` holding `waivers` (NULL: none). */
static tp_plan *lokalise(const char *name, const char *waivers)
{
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    tp_compiler_add_builtin(c, "lokalise");
    if (waivers)
        tp_compiler_add_waiver_source(c, name, waivers, strlen(waivers));
    tp_plan *p = NULL;
    cr_assert_eq(tp_compiler_compile(&p, c), 0);
    tp_compiler_free(c);
    return p;
}

/* Evaluates the JSON text `json` into r as input `name`, with `e` (NULL: at TEST_NOW). */
static void evaluate(tp_result *r, const tp_plan *p, const char *name, const char *json,
                     const tp_eval_options *e)
{
    tp_eval_options at_now = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&at_now.now_us, TEST_NOW);
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_parse(&doc, json, strlen(json), NULL, NULL), 0);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, p, name, &b, 1, e ? e : &at_now), 0);
    tp_document_free(doc);
}

/* Evaluates examples/inventory.json with `plan` as input `name`; `opts` the result's options
 * (NULL: the defaults). */
static tp_result *example(const tp_plan *plan, const char *name, const tp_result_options *opts)
{
    char *json = read_file(SOURCE_DIR "/examples/inventory.json", NULL);
    tp_result *r = NULL;
    tp_result_new(&r, opts);
    evaluate(r, plan, name, json, NULL);
    free(json);
    return r;
}

/* The example inventory with the Lokalise pack, a waiver and an expired waiver; `opts` the
 * result's options (NULL: the defaults). */
static tp_result *scenario_with(tp_plan **plan, const tp_result_options *opts)
{
    *plan = lokalise("waivers.tpol",
                     "waive LOK003 { subjects [\"lok-3\"] reason \"e2e fixtures until SEC-142\" "
                     "owner \"qa@acme.example\" expires @2026-12-05 }\n"
                     "waive LOK007 { subjects [\"lok-4\"] reason \"old <dashboard> & co\" expires "
                     "@2026-01-31 }\n");
    return example(*plan, "examples/inventory.json", opts);
}

static tp_result *scenario(tp_plan **plan)
{
    return scenario_with(plan, NULL);
}

static char *render(const tp_result *r, tp_format f)
{
    tp_report_options o = TP_REPORT_OPTIONS_INIT;
    o.exit_code = 1;
    return render_report(r, f, &o);
}

/* Durations vary from run to run: `time="0.000123"` becomes `time="0"`, in place. */
static void zero_times(char *s)
{
    char *w = s;
    for (const char *p = s; *p;) {
        if (strncmp(p, "time=\"", 6) == 0) {
            const char *end = strchr(p + 6, '"') + 1; /* before w overwrites it */
            memcpy(w, "time=\"0\"", 8);
            w += 8;
            p = end;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
}

static void golden(const char *name, char *got)
{
    if (strstr(name, ".xml"))
        zero_times(got);
    char path[512];
    snprintf(path, sizeof path, "%s/reports/%s", GOLDEN_DIR, name);
    const char *u = getenv("TOKPOL_UPDATE_GOLDEN");
    if (u && *u == '1') {
        FILE *f = fopen(path, "w");
        fputs(got, f);
        fclose(f);
        return;
    }
    char *want = read_file(path, NULL);
    cr_assert_not_null(want, "missing %s", path);
    cr_expect_str_eq(got, want, "%s differs", name);
    free(want);
}

TestSuite(reports);

Test(reports, every_format_matches_its_golden_file)
{
    static const struct {
        tp_format f;
        const char *file;
    } formats[] = {
        {TP_FORMAT_TEXT, "example.txt"},           {TP_FORMAT_JSON, "example.json"},
        {TP_FORMAT_SARIF, "example.sarif"},        {TP_FORMAT_JUNIT, "example.xml"},
        {TP_FORMAT_GITLAB, "example.gitlab.json"}, {TP_FORMAT_GITHUB, "example.github.txt"},
        {TP_FORMAT_MARKDOWN, "example.md"},        {TP_FORMAT_HTML, "example.html"}};
    tp_plan *p;
    tp_result *r = scenario(&p);
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char *out = render(r, formats[i].f);
        golden(formats[i].file, out);
        free(out);
    }
    tp_result_free(r);
    tp_plan_free(p);
}

Test(reports, sarif_has_rules_levels_locations_and_suppressions)
{
    tp_plan *p;
    tp_result *r = scenario(&p);
    char *out = render(r, TP_FORMAT_SARIF);
    cJSON *doc = cJSON_Parse(out);
    cr_assert_not_null(doc);
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "version")->valuestring, "2.1.0");
    cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0);
    cJSON *driver = cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver");
    cr_expect_str_eq(cJSON_GetObjectItem(driver, "informationUri")->valuestring,
                     "https://tokpol.dev");
    cJSON *rules = cJSON_GetObjectItem(driver, "rules");
    cr_expect_eq(cJSON_GetArraySize(rules), 12, "11 pack rules and waiver.expired");
    cJSON *lok004 = cJSON_GetArrayItem(rules, 3);
    cr_expect_str_eq(cJSON_GetObjectItem(lok004, "name")->valuestring, "NoTeamOwnerTokensInCi");
    cr_expect_str_eq(
        cJSON_GetObjectItem(cJSON_GetObjectItem(lok004, "properties"), "security-severity")
            ->valuestring,
        "9.5");
    cJSON *results = cJSON_GetObjectItem(run, "results");
    cr_expect_eq(cJSON_GetArraySize(results), (int)tp_result_finding_count(r));
    int suppressed = 0, located = 0;
    cJSON *res;
    cJSON_ArrayForEach(res, results)
    {
        suppressed += cJSON_GetObjectItem(res, "suppressions") != NULL;
        cJSON *loc = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "locations"), 0);
        located +=
            cJSON_GetObjectItem(cJSON_GetObjectItem(loc, "physicalLocation"), "region") != NULL;
    }
    cr_expect_eq(suppressed, 1, "the waived LOK003 finding");
    cr_expect_eq(located, cJSON_GetArraySize(results), "subjects and waivers have a line");
    cJSON_Delete(doc);
    free(out);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(reports, github_commands_escape_what_github_requires)
{
    tp_plan *p = compile_src("rule R { severity critical for t in input deny true "
                             "message \"100% bad,\\nreally: {t.n}\" }",
                             NULL);
    tp_result *r = eval_json(p, "[{\"id\": \"a:b\", \"n\": 1}]", NULL);
    char *out = render(r, TP_FORMAT_GITHUB);
    cr_expect(strstr(out, "\n::error file=input.json,line=1,col=2,title=R R::a:b: 100%25 "
                          "bad,%0Areally: 1\n") != NULL,
              "%s", out);
    free(out);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(reports, junit_agrees_with_the_exit_code)
{
    tp_plan *p = compile_src("rule LOW { severity low for t in input deny true }\n"
                             "rule HIGH { severity high for t in input deny t.bad }\n",
                             NULL);
    tp_document *doc = NULL;
    const char *json = "[{\"id\": \"a\", \"bad\": false}]";
    cr_assert_eq(tp_document_parse(&doc, json, strlen(json), NULL, NULL), 0);
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.fail_on = TP_SEVERITY_HIGH;
    tp_result *r = NULL;
    tp_result_new(&r, &o);
    tp_binding b = {NULL, doc};
    tp_evaluate(r, p, "in.json", &b, 1, NULL);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_PASS);
    char *out = render(r, TP_FORMAT_JUNIT);
    cr_expect(strstr(out, "tests=\"2\" failures=\"0\" errors=\"0\"") != NULL,
              "a low finding under --fail-on high is no failure: %s", out);
    free(out);
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);
}

Test(reports, baselines_report_known_findings_without_failing)
{
    tp_plan *p;
    tp_result *r = scenario(&p);
    char path[] = "/tmp/tokpol-baseline-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    tp_report_options ro = TP_REPORT_OPTIONS_INIT;
    cr_assert_eq(tp_report_write(f, r, TP_FORMAT_JSON, &ro), 0);
    fclose(f);
    tp_summary before;
    tp_result_summary(&before, r);
    tp_result_free(r);

    tp_baseline *base = NULL;
    cr_assert_eq(tp_baseline_load(&base, path, NULL, NULL), 0);
    cr_expect_eq(tp_baseline_count(base), before.failed);
    tp_document *doc = NULL;
    tp_document_load(&doc, SOURCE_DIR "/examples/inventory.json", NULL, NULL);
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.baseline = base;
    tp_eval_options e = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&e.now_us, TEST_NOW);
    tp_result_new(&r, &o);
    tp_binding b = {NULL, doc};
    tp_evaluate(r, p, "examples/inventory.json", &b, 1, &e);
    tp_summary after;
    tp_result_summary(&after, r);
    cr_expect_eq(after.failed, 0);
    cr_expect_eq(after.baseline, before.failed);
    cr_expect_eq(after.waived, before.waived, "waivers still apply first");
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_PASS);
    /* A different input name is a different fingerprint: new findings fail. */
    tp_result *r2 = NULL;
    tp_result_new(&r2, &o);
    tp_evaluate(r2, p, "elsewhere.json", &b, 1, &e);
    cr_expect_eq(tp_result_verdict(r2), TP_VERDICT_FAIL);
    tp_result_free(r2);
    tp_result_free(r);
    tp_document_free(doc);
    tp_baseline_free(base);
    remove(path);
    tp_input_error err;
    cr_expect_eq(tp_baseline_load(&base, SOURCE_DIR "/examples/inventory.json", NULL, &err),
                 TP_EINPUT);
    cr_expect_str_eq(err.message,
                     "not a tokpol JSON report: its \"$schema\" is not "
                     "\"https://tokpol.dev/schema/report-v1.json\" (write one with tokpol check "
                     "--format json)");
    tp_plan_free(p);
}

/* Issue #15: --max-findings 2 keeps the two critical findings, not the first two by rule id, and
 * every format says how many were left out (9 of 11) while its counts stay true totals. */
Test(reports, max_findings_keeps_the_worst_and_every_format_says_what_was_left_out)
{
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    ro.max_findings = 2;
    tp_plan *p;
    tp_result *r = scenario_with(&p, &ro);
    cr_assert_eq(tp_result_finding_count(r), 2);
    for (size_t i = 0; i < 2; i++)
        cr_expect_eq(tp_result_finding(r, i)->severity, TP_SEVERITY_CRITICAL, "%s %s",
                     tp_result_finding(r, i)->rule, tp_result_finding(r, i)->subject);
    cr_expect_eq(tp_result_count(r, TP_RESULT_ALL_INPUTS, TP_FINDING_FAIL, TP_SEVERITY_HIGH), 4,
                 "counts are true totals");

    char *text = render(r, TP_FORMAT_TEXT);
    cr_expect(strstr(text, "9 findings left out (--max-findings)") != NULL, "%s", text);
    cr_expect(strstr(text, "failed by severity: critical 2, high 4, medium 3, low 1\n") != NULL,
              "%s", text);
    cr_expect(strstr(text, "37 subjects checked: 10 failed, 1 waived, 0 errors; 9 not shown") !=
                  NULL,
              "%s", text);
    free(text);

    char *md = render(r, TP_FORMAT_MARKDOWN);
    cr_expect(strstr(md, "| failed | 2 | 4 | 3 | 1 | – |") != NULL, "true totals: %s", md);
    cr_expect(strstr(md, "9 findings left out") != NULL, "%s", md);
    free(md);

    char *json = render(r, TP_FORMAT_JSON);
    cJSON *doc = cJSON_Parse(json), *summary = cJSON_GetObjectItem(doc, "summary");
    cr_expect_eq(cJSON_GetObjectItem(summary, "left_out")->valueint, 9);
    cr_expect_eq(cJSON_GetObjectItem(summary, "failed")->valueint, 10);
    cr_expect_eq(
        cJSON_GetObjectItem(cJSON_GetObjectItem(summary, "failed_by_severity"), "high")->valueint,
        4);
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "findings")), 2);
    cJSON_Delete(doc);
    free(json);

    char *sarif = render(r, TP_FORMAT_SARIF);
    doc = cJSON_Parse(sarif);
    cJSON *inv = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0), "invocations"),
        0);
    cr_expect_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(inv, "properties"), "leftOut")->valueint,
                 9);
    cr_expect(strstr(sarif, "\"9 findings left out of this report") != NULL, "%s", sarif);
    cJSON_Delete(doc);
    free(sarif);

    char *xml = render(r, TP_FORMAT_JUNIT);
    cr_expect(strstr(xml, "<property name=\"left_out\" value=\"9\"/>") != NULL, "%s", xml);
    free(xml);
    char *gl = render(r, TP_FORMAT_GITLAB);
    cr_expect(strstr(gl, "\"check_name\": \"tokpol.left-out\"") != NULL, "%s", gl);
    free(gl);
    char *gh = render(r, TP_FORMAT_GITHUB);
    cr_expect(strstr(gh, "9 findings left out of this report") != NULL, "%s", gh);
    free(gh);
    char *html = render(r, TP_FORMAT_HTML);
    cr_expect(strstr(html, "9 findings left out") != NULL, "%s", html);
    free(html);
    tp_result_free(r);
    tp_plan_free(p);
}

/* The worst findings of all inputs are kept, whichever input came first; evicted ones free
 * their memory (ASan would see a use after free of an evicted string). */
Test(reports, max_findings_keeps_the_worst_across_inputs)
{
    tp_plan *p = compile_src("rule LOW { severity low for t in input deny true }\n"
                             "rule CRIT { severity critical for t in input deny t.bad }\n",
                             NULL);
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.max_findings = 3;
    tp_result *r = NULL;
    tp_result_new(&r, &o);
    const char *inputs[] = {"[{\"id\": \"a\", \"bad\": false}, {\"id\": \"b\", \"bad\": false}, "
                            "{\"id\": \"c\", \"bad\": false}, {\"id\": \"d\", \"bad\": false}]",
                            "[{\"id\": \"x\", \"bad\": true}, {\"id\": \"y\", \"bad\": false}, "
                            "{\"id\": \"z\", \"bad\": true}]"};
    const char *names[] = {"one.json", "two.json"};
    for (int i = 0; i < 2; i++)
        evaluate(r, p, names[i], inputs[i], NULL);
    cr_assert_eq(tp_result_finding_count(r), 3);
    /* In input order, worst first within an input: one.json's best low, then two.json's. */
    cr_expect_str_eq(tp_result_finding(r, 0)->input, "one.json");
    cr_expect_str_eq(tp_result_finding(r, 0)->subject, "a");
    cr_expect_str_eq(tp_result_finding(r, 1)->subject, "x");
    cr_expect_str_eq(tp_result_finding(r, 2)->subject, "z");
    cr_expect_eq(tp_result_finding(r, 1)->severity, TP_SEVERITY_CRITICAL);
    tp_summary s;
    tp_result_summary(&s, r);
    cr_expect_eq(s.dropped, 9 - 3);
    cr_expect_eq(tp_result_count(r, 0, TP_FINDING_FAIL, TP_SEVERITY_LOW), 4);
    cr_expect_eq(tp_result_count(r, 1, TP_FINDING_FAIL, TP_SEVERITY_CRITICAL), 2);
    tp_result_free(r);
    tp_plan_free(p);
}

/* The reportingDescriptor of `id` in a SARIF report. */
static cJSON *sarif_rule(cJSON *doc, const char *id)
{
    cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0);
    cJSON *driver = cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver");
    cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItem(driver, "rules"))
    {
        if (strcmp(cJSON_GetObjectItem(rule, "id")->valuestring, id) == 0)
            return rule;
    }
    return NULL;
}

/* Issue #15: a rule says what it checks and why, how to fix it, an example, and where its page
 * is; the text comes from the pack, and the page exists in docs/rules/. */
Test(reports, sarif_rules_carry_descriptions_help_and_a_page)
{
    tp_plan *p;
    tp_result *r = scenario(&p);
    char *out = render(r, TP_FORMAT_SARIF);
    cJSON *doc = cJSON_Parse(out);
    cJSON *rule = sarif_rule(doc, "LOK004");
    cr_assert_not_null(rule);
    const char *full =
        cJSON_GetObjectItem(cJSON_GetObjectItem(rule, "fullDescription"), "text")->valuestring;
    cr_expect(strstr(full, "must not belong to a user whose team role is owner") != NULL,
              "what: %s", full);
    cr_expect(strstr(full, "CI runners execute code from every branch") != NULL, "why: %s", full);
    cJSON *help = cJSON_GetObjectItem(rule, "help");
    const char *md = cJSON_GetObjectItem(help, "markdown")->valuestring;
    const char *text = cJSON_GetObjectItem(help, "text")->valuestring;
    cr_expect(strstr(md, "**Why it matters.** CI runners") != NULL, "%s", md);
    cr_expect(strstr(md, "**Example.** lok-1 belongs to user 20181") != NULL, "%s", md);
    cr_expect(strstr(md, "**How to fix it.** Create a restricted user for CI") != NULL, "%s", md);
    cr_expect(strstr(text, "How to fix it: Create a restricted user") != NULL, "%s", text);
    const char *uri = cJSON_GetObjectItem(rule, "helpUri")->valuestring;
    cr_expect_str_eq(uri, "https://tokpol.dev/docs/rules/LOK004.md");
    cr_expect(access(SOURCE_DIR "/docs/rules/LOK004.md", F_OK) == 0, "the page of %s exists", uri);
    /* A waiver check is documented where waivers are. */
    cJSON *expired = sarif_rule(doc, "waiver.expired");
    cr_assert_not_null(expired);
    cr_expect(strstr(cJSON_GetObjectItem(expired, "helpUri")->valuestring, "#waivers") != NULL);
    cJSON_Delete(doc);
    free(out);
    tp_result_free(r);
    tp_plan_free(p);
}

/* Issue #15: files inside the directory CI resolves paths from are relative to %SRCROOT%, which
 * the run declares; a file outside it stays an absolute file:// URI; code scanning maps the
 * first to the repository. */
/* The example with a --waivers file at /work/repo/policy/waivers.tpol, evaluated as input
 * `input_name`. */
static tp_result *absolute_scenario(tp_plan **p, const char *input_name)
{
    *p = lokalise("/work/repo/policy/waivers.tpol",
                  "waive LOK007 { subjects [\"lok-4\"] reason \"r\" expires @2026-01-31 }\n");
    return example(*p, input_name, NULL);
}

Test(reports, sarif_uris_are_relative_to_srcroot)
{
    tp_plan *p;
    tp_result *r = absolute_scenario(&p, "/elsewhere/inventory.json");
    tp_report_options o = TP_REPORT_OPTIONS_INIT;
    o.srcroot = "/work/repo/";
    char *out = malloc(1 << 20);
    cr_assert_eq(tp_report_render(out, 1 << 20, NULL, r, TP_FORMAT_SARIF, &o), 0);
    cJSON *doc = cJSON_Parse(out);
    cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0);
    cJSON *root = cJSON_GetObjectItem(cJSON_GetObjectItem(run, "originalUriBaseIds"), "%SRCROOT%");
    cr_assert_not_null(root, "%s", out);
    cr_expect_str_eq(cJSON_GetObjectItem(root, "uri")->valuestring, "file:///work/repo/");
    int waiver_seen = 0, input_seen = 0;
    cJSON *res;
    cJSON_ArrayForEach(res, cJSON_GetObjectItem(run, "results"))
    {
        cJSON *art = cJSON_GetObjectItem(
            cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(res, "locations"), 0),
                                "physicalLocation"),
            "artifactLocation");
        const char *uri = cJSON_GetObjectItem(art, "uri")->valuestring;
        cJSON *base = cJSON_GetObjectItem(art, "uriBaseId");
        if (strcmp(uri, "policy/waivers.tpol") == 0) {
            waiver_seen = 1;
            cr_expect(base && strcmp(base->valuestring, "%SRCROOT%") == 0);
        } else {
            input_seen = 1;
            cr_expect_str_eq(uri, "file:///elsewhere/inventory.json");
            cr_expect_null(base, "a file outside the root has no base");
        }
    }
    cr_expect(waiver_seen && input_seen, "%s", out);
    /* A version 1 options struct (no srcroot) is still accepted. */
    tp_report_options v1 = TP_REPORT_OPTIONS_INIT;
    v1.version = 1;
    cr_expect_eq(tp_report_render(out, 1 << 20, NULL, r, TP_FORMAT_SARIF, &v1), 0);
    cr_expect_null(strstr(out, "originalUriBaseIds"));
    cJSON_Delete(doc);
    free(out);
    tp_result_free(r);
    tp_plan_free(p);
}

/* Issue #15: GitLab issues have categories, and paths relative to the project directory. */
Test(reports, gitlab_issues_have_categories_and_project_paths)
{
    tp_plan *p;
    tp_result *r = absolute_scenario(&p, "/work/repo/inventories/acme.json");
    tp_report_options o = TP_REPORT_OPTIONS_INIT;
    o.srcroot = "/work/repo";
    char *out = malloc(1 << 20);
    cr_assert_eq(tp_report_render(out, 1 << 20, NULL, r, TP_FORMAT_GITLAB, &o), 0);
    cJSON *doc = cJSON_Parse(out), *issue;
    cr_assert(cJSON_GetArraySize(doc) > 2, "%s", out);
    cJSON_ArrayForEach(issue, doc)
    {
        const char *path =
            cJSON_GetObjectItem(cJSON_GetObjectItem(issue, "location"), "path")->valuestring;
        cr_expect(strcmp(path, "inventories/acme.json") == 0 ||
                      strcmp(path, "policy/waivers.tpol") == 0,
                  "a path relative to the project: %s", path);
        cJSON *cat = cJSON_GetArrayItem(cJSON_GetObjectItem(issue, "categories"), 0);
        cr_expect(cat && strcmp(cat->valuestring, "Security") == 0, "%s", out);
    }
    cJSON_Delete(doc);
    free(out);
    tp_result_free(r);
    tp_plan_free(p);
}

/* How often `needle` occurs in `s`. */
static size_t occurrences(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Issue #15: a JUnit case per rule and subject; a failure carries the fix and where the record
 * is; findings below --fail-on stay visible as passed cases with a note, as SARIF lists them;
 * the suite says how long the input took. */
Test(reports, junit_has_a_case_per_finding_with_its_fix_and_keeps_findings_below_fail_on)
{
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    ro.fail_on = TP_SEVERITY_HIGH;
    tp_plan *p;
    tp_result *r = scenario_with(&p, &ro);
    char *xml = render(r, TP_FORMAT_JUNIT);
    char *sarif = render(r, TP_FORMAT_SARIF);
    cJSON *doc = cJSON_Parse(sarif);
    int results = cJSON_GetArraySize(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0), "results"));
    /* 11 findings (the same SARIF lists), and 2 rules that found nothing (LOK009, LOK011). */
    cr_expect_eq(results, 11);
    cr_expect_eq(occurrences(xml, "<testcase "), 11 + 2, "%s", xml);
    cr_expect(strstr(xml, "tests=\"13\" failures=\"6\" errors=\"0\" skipped=\"1\"") != NULL,
              "2 critical, 4 high (waiver.expired too) fail at --fail-on high: %s", xml);
    cr_expect(strstr(xml, "<testcase name=\"LOK006 lok-1\" classname=\"tokpol.LOK006\"") != NULL);
    cr_expect(strstr(xml, "LOK006 lok-1: medium, below --fail-on high: token lok-1 is 1030 days "
                          "old") != NULL,
              "a medium finding is visible in the suite's output, and passes: %s", xml);
    cr_expect(strstr(xml, "fix: Create a restricted user for CI and give it its own read-only "
                          "token.\nat examples/inventory.json:11:5\n") != NULL,
              "a failure says how to fix it and where: %s", xml);
    const char *suite = strstr(xml, "name=\"examples/inventory.json\"");
    cr_assert_not_null(suite);
    double secs = strtod(strstr(suite, " time=\"") + 7, NULL);
    cr_expect_gt(secs, 0.0, "the suite's time is measured: %s", suite);
    cJSON_Delete(doc);
    free(sarif);
    free(xml);
    tp_result_free(r);
    tp_plan_free(p);
}

/* Issue #15: GitHub shows the first 10 annotations of each level per step, so they come worst
 * first across every input, after a summary annotation; the details are in a ::group::. */
Test(reports, github_annotations_come_worst_first_after_a_summary)
{
    tp_plan *p = compile_src("rule LOW { severity low for t in input deny true }\n"
                             "rule CRIT { severity critical for t in input deny t.bad "
                             "remediation \"Fix it.\" }\n",
                             NULL);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    const char *inputs[] = {"[{\"id\": \"a\", \"bad\": false}]",
                            "[{\"id\": \"x\", \"bad\": true}]"};
    const char *names[] = {"one.json", "two.json"};
    for (int i = 0; i < 2; i++)
        evaluate(r, p, names[i], inputs[i], NULL);
    char *out = render(r, TP_FORMAT_GITHUB);
    static const char summary[] =
        "::error title=tokpol%3A FAIL::3 failed (1 critical, 2 low), 0 waived, 0 errors in 2 "
        "inputs, findings at or above low fail. Fix first: CRIT CRIT (critical: x); LOW LOW "
        "(low: a, x)\n";
    cr_expect(strncmp(out, summary, sizeof summary - 1) == 0, "%s", out);
    const char *crit = strstr(out, "::error file=two.json"),
               *low = strstr(out, "::notice file=one.json");
    cr_expect(crit && low && crit < low, "the critical finding of the second input first: %s", out);
    const char *group = strstr(out, "::group::tokpol: the 3 findings, worst first\n");
    cr_expect(group && group > low, "%s", out);
    cr_expect(strstr(out, "fix: Fix it.\n") > group, "details in the group: %s", out);
    cr_expect(strstr(out, "::endgroup::\n") != NULL, "%s", out);
    free(out);
    tp_result_free(r);
    tp_plan_free(p);
}

/* Issue #15: a finding carries what the rule saw: the fields of the record it reads, redacted,
 * and the values it computed (a list as items); at most 16 entries, each value cut at 120 bytes. */
Test(reports, findings_carry_their_evidence_redacted)
{
    tp_plan *p = compile_src(
        "rule E { for t in tokens let peers = [x.id for x in tokens where x.id != t.id] "
        "require t.secret == \"\" and t.meta.level < 3 message \"{t.id}: {t.label}\" }\n",
        NULL);
    tp_result *r =
        eval_json(p,
                  "{\"tokens\": [{\"id\": \"a\", \"secret\": "
                  "\"ghp_abcdefghijklmnopqrstuvwxyz0123456789\", \"meta\": {\"level\": "
                  "5}, \"label\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                  "aaaaaaaa\", \"unread\": 1}, {\"id\": \"b\", \"secret\": \"\", "
                  "\"meta\": {\"level\": 1}}]}",
                  NULL);
    const tp_finding *f = find_finding(r, "E", "a");
    cr_assert_not_null(f);
    /* In the order the rule reads them: the let reads t.id first. */
    cr_assert_eq(f->nevidence, 5, "id, secret, meta.level, label, peers: %zu", f->nevidence);
    cr_expect_str_eq(f->evidence[0].name, "id");
    cr_expect_str_eq(f->evidence[1].name, "secret");
    cr_expect(strncmp(f->evidence[1].value, "[github-token sha256:", 21) == 0, "%s",
              f->evidence[1].value);
    cr_expect_str_eq(f->evidence[2].name, "meta.level");
    cr_expect_str_eq(f->evidence[2].value, "5");
    cr_expect_str_eq(f->evidence[3].name, "label");
    cr_expect_eq(strlen(f->evidence[3].value), 120 + 3, "cut, with an ellipsis");
    cr_expect_str_eq(f->evidence[4].name, "peers");
    cr_expect(f->evidence[4].is_let && f->evidence[4].item);
    cr_expect_str_eq(f->evidence[4].value, "b");
    char *json = render(r, TP_FORMAT_JSON);
    cr_expect(strstr(json, "\"meta.level\": \"5\"") != NULL, "%s", json);
    cr_expect(strstr(json, "\"peers\": [\"b\"]") != NULL, "%s", json);
    cr_expect_null(strstr(json, "ghp_abcdef"), "no credential in the evidence: %s", json);
    cr_expect_null(strstr(json, "unread"), "a field the rule does not read is no evidence");
    free(json);
    tp_result_free(r);
    tp_plan_free(p);
}

/* Names are masked too: a field or a let the policy named like a credential (a token pasted
 * where a name goes) shows its mask in the finding and in every report. */
Test(reports, evidence_names_are_masked_when_recorded)
{
    tp_plan *p = compile_src("rule E { for t in tokens\n"
                             "  let ghp_abcdefghijklmnopqrstuvwxyz0123456789 = t.id\n"
                             "  require t.ghp_zyxwvutsrqponmlkjihgfedcba9876543210 == 1 }\n",
                             NULL);
    cr_assert_not_null(p);
    tp_result *r = eval_json(
        p, "{\"tokens\": [{\"id\": \"a\", \"ghp_zyxwvutsrqponmlkjihgfedcba9876543210\": 2}]}",
        NULL);
    const tp_finding *f = find_finding(r, "E", "a");
    cr_assert_not_null(f);
    cr_assert_eq(f->nevidence, 3, "id, the field, the let: %zu", f->nevidence);
    cr_expect_str_eq(f->evidence[0].name, "id");
    for (size_t i = 1; i < 3; i++)
        cr_expect(strncmp(f->evidence[i].name, "[github-token sha256:", 21) == 0, "%s",
                  f->evidence[i].name);
    for (int format = TP_FORMAT_TEXT; format <= TP_FORMAT_HTML; format++) {
        char *out = render(r, (tp_format)format);
        cr_expect_null(strstr(out, "ghp_"), "format %d: %s", format, out);
        free(out);
    }
    tp_result_free(r);
    tp_plan_free(p);
}

/* A let whose value is a record gives no entry: lets after sixteen of them still do (review of
 * 4a0a125: only the first 16 named lets were kept). */
Test(reports, a_let_after_sixteen_record_lets_is_evidence)
{
    char src[1024];
    size_t at = (size_t)snprintf(src, sizeof src, "rule E { for t in tokens\n");
    for (int i = 0; i < 16; i++)
        at += (size_t)snprintf(src + at, sizeof src - at, "  let rec%02d = t\n", i);
    snprintf(src + at, sizeof src - at,
             "  let kind_seen = t.kind\n  require t.kind == \"none\" }\n");
    tp_plan *p = compile_src(src, NULL);
    cr_assert_not_null(p);
    tp_result *r = eval_json(p, "{\"tokens\": [{\"id\": \"a\", \"kind\": \"api\"}]}", NULL);
    const tp_finding *f = find_finding(r, "E", "a");
    cr_assert_not_null(f);
    cr_assert_eq(f->nevidence, 2, "kind, then the let kind_seen: %zu", f->nevidence);
    cr_expect_str_eq(f->evidence[1].name, "kind_seen");
    cr_expect_str_eq(f->evidence[1].value, "api");
    cr_expect(f->evidence[1].is_let);
    tp_result_free(r);
    tp_plan_free(p);
}

/* A JSON report gives back any text as it was, however long: escapes (quotes, backslashes, bidi
 * and C0 controls) and multi-byte characters land at every offset of a long message, and so
 * wherever the writer splits its work. */
Test(reports, json_gives_back_long_text_as_it_was)
{
    /* As the inventory's JSON writes it, and as the message must read. */
    static const char piece_json[] =
        "say \\\"hi\\\" \\\\ caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 "
        "\xE2\x80\xAE \\u0001 end. ";
    static const char piece[] =
        "say \"hi\" \\ caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE2\x80\xAE "
        "\x01 end. ";
    tp_plan *p =
        compile_src("rule L { for t in tokens require false message \"{t.label}\" }\n", NULL);
    for (size_t pad = 0; pad < 8; pad++) {
        size_t reps = 400, cap = pad + reps * sizeof piece_json + 64;
        char *json = malloc(cap), *want = malloc(pad + reps * sizeof piece + 1);
        size_t off = (size_t)snprintf(json, cap, "{\"tokens\": [{\"id\": \"a\", \"label\": \"");
        memset(json + off, 'x', pad);
        memset(want, 'x', pad);
        off += pad;
        want[pad] = '\0';
        for (size_t i = 0; i < reps; i++) {
            off += (size_t)snprintf(json + off, cap - off, "%s", piece_json);
            strcat(want + pad, piece);
        }
        snprintf(json + off, cap - off, "\"}]}");
        tp_result *r = eval_json(p, json, NULL);
        char *out = render(r, TP_FORMAT_JSON);
        cJSON *doc = cJSON_Parse(out);
        cr_assert_not_null(doc, "the report parses (pad %zu)", pad);
        cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "findings"), 0);
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItem(f, "message"));
        cr_assert_not_null(msg);
        cr_expect(strcmp(msg, want) == 0, "pad %zu: the message is %zu bytes, not %zu as it was",
                  pad, strlen(msg), strlen(want));
        cr_expect(strstr(out, "\\u202e") && strstr(out, "\\u0001"),
                  "controls are escaped, not raw (pad %zu)", pad);
        cJSON_Delete(doc);
        free(out);
        tp_result_free(r);
        free(json);
        free(want);
    }
    tp_plan_free(p);
}

/* Issue #15: a pack says what an input is about; reports show it; an input that lacks what it
 * names gets nothing, and an `about` that is not a string does not compile. */
Test(reports, a_pack_says_what_an_input_is_about)
{
    tp_plan *p = compile_src("pack mine { about \"org {org.name} ({len(tokens)} tokens)\" }\n"
                             "rule R { for t in tokens deny t.bad }\n",
                             NULL);
    tp_result *r =
        eval_json(p, "{\"org\": {\"name\": \"Acme\"}, \"tokens\": [{\"id\": \"a\"}]}", NULL);
    cr_expect_str_eq(tp_result_input_about(r, 0), "org Acme (1 tokens)");
    char *json = render(r, TP_FORMAT_JSON);
    cr_expect(strstr(json, "\"about\": \"org Acme (1 tokens)\"") != NULL, "%s", json);
    free(json);
    tp_result_free(r);
    r = eval_json(p, "{\"tokens\": []}", NULL);
    cr_expect_null(tp_result_input_about(r, 0), "no org: nothing to say");
    tp_result_free(r);
    tp_plan_free(p);
    char err[256];
    cr_expect_str_eq(
        first_error("pack mine { about 42 }\nrule R { require true }\n", err, sizeof err),
        "1:19: 'about' takes a string");
}

/* Evaluates `p` over `json` as "inv.json" with `base` as the baseline. */
static tp_result *lokalise_over(const tp_plan *p, const char *json, const tp_baseline *base)
{
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.baseline = base;
    tp_result *r = NULL;
    tp_result_new(&r, &o);
    evaluate(r, p, "inv.json", json, NULL);
    return r;
}

/* r's JSON report, loaded back as a baseline. */
static tp_baseline *as_baseline(const tp_result *r)
{
    char path[512];
    temp_file(path, sizeof path);
    FILE *f = fopen(path, "w");
    cr_assert_eq(tp_report_write(f, r, TP_FORMAT_JSON, NULL), 0);
    fclose(f);
    tp_baseline *base = NULL;
    cr_assert_eq(tp_baseline_load(&base, path, NULL, NULL), 0);
    remove(path);
    return base;
}

/* Issue #15: since a baseline, a finding gone although its rule ran is fixed, with what the
 * earlier report said of it; one that is still there is unchanged; one not in it is new. */
Test(reports, changes_since_a_baseline_are_new_unchanged_and_fixed)
{
    static const char before[] =
        "{\"format\": \"tokpol/v1\", \"team\": {\"id\": \"1\", \"name\": \"A\", \"plan\": \"Pro\"},"
        " \"users\": [{\"id\": \"u\", \"email\": \"u@x\", \"role\": \"member\"}],"
        " \"tokens\": [{\"id\": \"t1\", \"kind\": \"api\", \"access\": \"read_only\", \"owner\": "
        "\"u\", \"created_at\": \"2026-01-01T00:00:00Z\", \"last_used_at\": "
        "\"2026-11-20T00:00:00Z\"}, {\"id\": \"t2\", \"kind\": \"api\", \"access\": "
        "\"read_only\", \"owner\": \"gone\", \"created_at\": \"2026-11-01T00:00:00Z\", "
        "\"last_used_at\": \"2026-11-20T00:00:00Z\"}], \"bindings\": []}";
    /* t1 rotated (LOK006 fixed), t2 still orphaned (LOK008 unchanged), t3 new and orphaned. */
    static const char after[] =
        "{\"format\": \"tokpol/v1\", \"team\": {\"id\": \"1\", \"name\": \"A\", \"plan\": \"Pro\"},"
        " \"users\": [{\"id\": \"u\", \"email\": \"u@x\", \"role\": \"member\"}],"
        " \"tokens\": [{\"id\": \"t1\", \"kind\": \"api\", \"access\": \"read_only\", \"owner\": "
        "\"u\", \"created_at\": \"2026-11-01T00:00:00Z\", \"last_used_at\": "
        "\"2026-11-20T00:00:00Z\"}, {\"id\": \"t2\", \"kind\": \"api\", \"access\": "
        "\"read_only\", \"owner\": \"gone\", \"created_at\": \"2026-11-01T00:00:00Z\", "
        "\"last_used_at\": \"2026-11-20T00:00:00Z\"}, {\"id\": \"t3\", \"kind\": \"api\", "
        "\"access\": \"read_only\", \"owner\": \"nobody\", \"created_at\": "
        "\"2026-11-01T00:00:00Z\", \"last_used_at\": \"2026-11-20T00:00:00Z\"}], \"bindings\": "
        "[]}";
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = lokalise_over(p, before, NULL);
    tp_baseline *base = as_baseline(r);
    tp_result_free(r);
    cr_assert_eq(tp_baseline_count(base), 2, "LOK006 t1, LOK008 t2");

    r = lokalise_over(p, after, base);
    cr_assert_eq(tp_result_fixed_count(r), 1);
    const tp_baseline_finding *fixed = tp_result_fixed(r, 0);
    cr_expect_str_eq(fixed->rule, "LOK006");
    cr_expect_str_eq(fixed->subject, "t1");
    cr_expect_str_eq(fixed->title, "API tokens are rotated");
    cr_expect_eq(fixed->severity, TP_SEVERITY_MEDIUM);
    cr_expect(strstr(fixed->message, "token t1 is 330 days old") != NULL, "%s", fixed->message);
    cr_expect_eq(count_findings(r, "LOK008", TP_FINDING_BASELINE), 1, "t2: unchanged");
    cr_expect_eq(count_findings(r, "LOK008", TP_FINDING_FAIL), 1, "t3: new");
    char *json = render(r, TP_FORMAT_JSON);
    cJSON *doc = cJSON_Parse(json), *b = cJSON_GetObjectItem(doc, "baseline");
    cr_assert_not_null(b, "%s", json);
    cr_expect_eq(cJSON_GetObjectItem(b, "new")->valueint, 1);
    cr_expect_eq(cJSON_GetObjectItem(b, "unchanged")->valueint, 1);
    cr_expect_str_eq(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(b, "fixed"), 0), "subject")
            ->valuestring,
        "t1");
    cJSON_Delete(doc);
    free(json);
    tp_result_free(r);

    /* A rule that did not run here fixed nothing. */
    tp_eval_options e = TP_EVAL_OPTIONS_INIT;
    const char *skip[] = {"LOK006"};
    e.skip_rules = skip;
    e.nskip_rules = 1;
    tp_time_parse(&e.now_us, TEST_NOW);
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.baseline = base;
    tp_result_new(&r, &o);
    evaluate(r, p, "inv.json", after, &e);
    cr_expect_eq(tp_result_fixed_count(r), 0, "LOK006 was skipped: not fixed");
    tp_result_free(r);
    tp_baseline_free(base);
    tp_plan_free(p);
}

/* Issue #15: the HTML audit report: an executive summary (verdict, true totals, top risks, what
 * the inventory is about, the clock, the pack's version), findings worst first with their fix,
 * evidence and place (a waiver's at the waiver), grouping by evidence fields, passed controls
 * with their subjects, waivers with owner, expiry and state; self-contained. */
Test(reports, html_is_an_audit_report)
{
    tp_plan *p;
    tp_result *r = scenario(&p);
    char *html = render(r, TP_FORMAT_HTML);
    static const char *const want[] = {
        "<h2 id=\"h-summary\">Executive summary</h2>",
        "<span class=\"verdict v-fail\">FAIL</span> 10 failed (2 critical, 4 high, 3 medium, 1 "
        "low), 1 waived, 0 errors in 1 input, findings at or above low fail.",
        "<strong>Top risks:</strong> LOK004 No team-owner tokens in CI (critical: lok-1); LOK010",
        "<strong>team Acme (id 170312, Pro plan)</strong> (37 subjects checked)",
        "<tr><th scope=\"row\">Checked at</th><td>2026-11-27T09:00:00Z</td></tr>",
        "Lokalise API and SDK token hygiene (pack lokalise, version 1.0.0)",
        "<option value=\"owner\">owner</option>",
        "<option value=\"services\">services</option>",
        "data-g-services=\"[&quot;release-pipeline&quot;,&quot;string-sync&quot;]\"",
        "<dt>owner</dt><dd>20181</dd>",
        "<strong>Fix:</strong> Create a restricted user for CI",
        "LOK007@waivers.tpol:2<br><span class=\"muted\">waivers.tpol:2</span>",
        "<code>LOK009</code> The team plan includes API access</th><td>low</td><td>examples/"
        "inventory.json</td><td>1</td>",
        "<code>LOK003</code></th><td>qa@acme.example</td><td class=\"nowrap\">2026-12-05</td>"
        "<td>active</td><td>1</td>",
        "<code>LOK007</code></th><td>(no owner)</td><td class=\"nowrap\">2026-01-31</td>"
        "<td>expired</td>",
        "@page{size:A4",
        "@media print{",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_expect(strstr(html, want[i]) != NULL, "the report lacks %s", want[i]);
    /* Worst first: the first row is a critical finding, the waived one comes last. */
    const char *first = strstr(html, "<tr class=\"finding ");
    cr_assert_not_null(first);
    cr_expect(strncmp(first, "<tr class=\"finding st-fail\" data-severity=\"critical\"", 52) == 0,
              "%.120s", first);
    cr_expect(strstr(first, "class=\"finding st-waived") > strstr(first, "data-severity=\"low\""));
    cr_expect_null(strstr(html, "src=\""), "no external asset");
    cr_expect_null(strstr(html, "href=\"http"), "no external asset");
    free(html);
    tp_result_free(r);
    tp_plan_free(p);
}

/* An info finding (a waiver about to expire) is a notice, not a failure; with a baseline, the
 * report says what changed. */
Test(reports, html_shows_notices_and_changes_since_a_baseline)
{
    tp_plan *p = compile_src("rule R { severity high for t in tokens deny t.bad }\n"
                             "waive R { subjects [\"a\"] reason \"until the migration\" owner "
                             "\"ops\" expires @2026-12-01 }\n",
                             NULL);
    tp_eval_options e = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&e.now_us, TEST_NOW);
    tp_duration_parse(&e.warn_expiring_us, "14d");
    tp_document *d = NULL;
    const char *json = "{\"tokens\": [{\"id\": \"a\", \"bad\": true}, {\"id\": \"b\", \"bad\": "
                       "true}, {\"id\": \"c\", \"bad\": true}]}";
    tp_document_parse(&d, json, strlen(json), NULL, NULL);
    tp_binding b = {NULL, d};
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    cr_assert_eq(tp_evaluate(r, p, "inv.json", &b, 1, &e), 0);
    char *html = render(r, TP_FORMAT_HTML);
    cr_expect(strstr(html, "<span class=\"status\">notice</span>") != NULL, "%s", html);
    cr_expect(strstr(html, "<td>expiring</td>") != NULL, "the waiver's state");
    cr_expect(strstr(html, "<tr><th scope=\"row\">Notices</th><td>&ndash;</td><td>&ndash;</td>"
                           "<td>&ndash;</td><td>&ndash;</td><td>1</td><td>1</td></tr>") != NULL,
              "%s", html);
    cr_expect(strstr(html, "2 failed (2 high), 1 waived, 0 errors, 1 notice in 1 input") != NULL,
              "%s", html);
    char *md = render(r, TP_FORMAT_MARKDOWN);
    cr_expect(strstr(md, "| failed | 0 | 2 | 0 | 0 | – |\n") != NULL, "%s", md);
    cr_expect(strstr(md, "| notices | – | – | – | – | 1 |\n") != NULL, "%s", md);
    free(md);
    /* Then: a still waived, b fixed, c unchanged (with the notice), d new. */
    char path[512];
    temp_file(path, sizeof path);
    FILE *f = fopen(path, "w");
    tp_report_write(f, r, TP_FORMAT_JSON, NULL);
    fclose(f);
    tp_result_free(r);
    tp_document_free(d);
    free(html);
    tp_baseline *base = NULL;
    cr_assert_eq(tp_baseline_load(&base, path, NULL, NULL), 0);
    remove(path);
    json = "{\"tokens\": [{\"id\": \"a\", \"bad\": true}, {\"id\": \"b\", \"bad\": false}, "
           "{\"id\": \"c\", \"bad\": true}, {\"id\": \"d\", \"bad\": true}]}";
    tp_document_parse(&d, json, strlen(json), NULL, NULL);
    b.doc = d;
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.baseline = base;
    tp_result_new(&r, &o);
    cr_assert_eq(tp_evaluate(r, p, "inv.json", &b, 1, &e), 0);
    html = render(r, TP_FORMAT_HTML);
    cr_expect(strstr(html,
                     "<span class=\"new\">1 new</span> (status fail), 2 unchanged (known from "
                     "the baseline), <span class=\"fixed\">1 fixed</span>") != NULL,
              "%s", html);
    cr_expect(strstr(html, "<code>R</code> R</th><td>high</td><td>b<br>") != NULL, "b is fixed");
    free(html);
    tp_result_free(r);
    tp_document_free(d);
    tp_baseline_free(base);
    tp_plan_free(p);
}

/* Issue #15: the text report says where each record is in the inventory and where its rule is,
 * and a finding at info is a notice that never counts as failed. */
Test(reports, text_shows_the_record_and_the_rule_and_counts_notices_apart)
{
    tp_plan *p;
    tp_result *r = scenario(&p);
    char *text = render(r, TP_FORMAT_TEXT);
    cr_expect(strstr(text, "  critical LOK004 lok-1\n           token lok-1 belongs to team owner "
                           "maria@acme.example and is used in CI\n           fix: Create a "
                           "restricted user for CI and give it its own read-only token.\n"
                           "           at examples/inventory.json:11:5, rule at "
                           "builtin:lokalise.tpol:64:1\n") != NULL,
              "%s", text);
    cr_expect(strstr(text, "  high     waiver.expired LOK007@waivers.tpol:2\n") != NULL);
    cr_expect(strstr(text, "           at waivers.tpol:2:1\n") != NULL,
              "a waiver's finding is at the waiver: %s", text);
    free(text);
    tp_result_free(r);
    tp_plan_free(p);
    p = compile_src("rule I { severity info for t in tokens deny true }\n"
                    "rule L { severity low for t in tokens deny t.bad }\n",
                    NULL);
    r = eval_json(
        p, "{\"tokens\": [{\"id\": \"a\", \"bad\": true}, {\"id\": \"b\", \"bad\": false}]}", NULL);
    text = render(r, TP_FORMAT_TEXT);
    cr_expect(strstr(text, "1 failed, 0 waived, 0 errors, 2 notices") != NULL, "%s", text);
    cr_expect(strstr(text, "failed by severity: critical 0, high 0, medium 0, low 1\n") != NULL,
              "%s", text);
    free(text);
    tp_result_free(r);
    tp_plan_free(p);
}

/* A report written before 2026-12-01 showed a password under a credential name as
 * `[redacted sha256:f52fbd32]`: 32 bits of the SHA-256 of `hunter2`, which confirm a guess.
 * Taken as a baseline, its fixed findings are shown again: without the hash, in every format. */
Test(reports, a_baseline_of_an_earlier_version_shows_no_password_hash)
{
    char path[512];
    temp_file(path, sizeof path);
    FILE *f = fopen(path, "w");
    fputs("{\"$schema\": \"https://tokpol.dev/schema/report-v1.json\", \"tool\": {\"name\": "
          "\"tokpol\", \"version\": \"0.1.0\"}, \"findings\": [{\"rule\": \"R\", \"title\": "
          "\"R\", \"severity\": \"high\", \"status\": \"fail\", \"input\": \"inv.json\", "
          "\"subject\": \"[redacted sha256:f52fbd32]\", \"message\": \"a has the password "
          "[redacted sha256:f52fbd32]\", \"fingerprint\": \"0123456789abcdef0123456789abcdef\"}]}",
          f);
    fclose(f);
    tp_baseline *base = NULL;
    cr_assert_eq(tp_baseline_load(&base, path, NULL, NULL), 0);
    remove(path);
    tp_plan *p = compile_src("rule R { severity high for t in tokens deny has(t.password) }", NULL);
    tp_result_options o = TP_RESULT_OPTIONS_INIT;
    o.baseline = base;
    tp_result *r = NULL;
    tp_result_new(&r, &o);
    evaluate(r, p, "inv.json", "{\"tokens\": [{\"id\": \"a\"}]}", NULL);
    cr_assert_eq(tp_result_fixed_count(r), 1);
    for (int fmt = TP_FORMAT_TEXT; fmt <= TP_FORMAT_HTML; fmt++) {
        char *out = render(r, (tp_format)fmt);
        cr_expect_null(strstr(out, "f52fbd32"), "format %d:\n%s", fmt, out);
        free(out);
    }
    char *json = render(r, TP_FORMAT_JSON);
    cr_expect(strstr(json, "\"subject\": \"[redacted]\", \"message\": \"a has the password "
                           "[redacted]\"") != NULL,
              "%s", json);
    free(json);
    tp_result_free(r);
    tp_baseline_free(base);
    tp_plan_free(p);
}
