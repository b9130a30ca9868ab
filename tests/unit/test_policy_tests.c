/* tokpol test, run as a user would: the Lokalise pack's tests pass; a failing case fails with
 * what it expected and found (and no credential value); a broken test file, policies that do
 * not compile and a bad command line have their own exit codes; coverage names what no case
 * exercised; a case's inputs are read as `check` reads them (lists of documents, directories,
 * CSV typed by its schema). */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

static run_out R;
static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s/tokpol-test-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(policy_tests, .init = setup, .fini = teardown);

/* Writes NAME in the temporary directory. */
static void put(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, text, strlen(text));
}

/* Runs `tokpol ARGS` in the temporary directory. */
static void run_here(const char *args)
{
    run_tokpol(&R, dir, TOKPOL_BIN, args);
}

#define POLICY "\"policies\": [\"" SOURCE_DIR "/policies/lokalise.tpol\"], \"now\": \"2026-11-27\""
#define INVENTORY "\"input_file\": \"" SOURCE_DIR "/examples/inventory.json\""

Test(policy_tests, the_lokalise_pack_passes_its_tests_with_full_coverage)
{
    run_tokpol(&R, SOURCE_DIR, TOKPOL_BIN, "test --coverage policies/lokalise/tests");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "ok 31 passed, 0 failed (2 test files)"), "%s", R.out);
    cr_expect(strstr(R.out, "coverage: 16 of 16 rules checked a subject"), "%s", R.out);
    cr_expect_null(strstr(R.out, "never"), "%s", R.out);
}

Test(policy_tests, a_failing_case_says_what_it_expected_and_found)
{
    put("t.tpol-test.json", "{" POLICY ", \"cases\": [{\"name\": \"wrong on purpose\", " INVENTORY
                            ", \"expect\": {\"LOK010\": {\"fail\": [\"lok-1\"]}}},"
                            "{\"name\": \"right\", " INVENTORY
                            ", \"expect\": {\"LOK004\": {\"fail\": [\"lok-1\"]}}}]}");
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 1, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "FAIL t.tpol-test.json: case 1 \"wrong on purpose\"\n"
                            "  LOK010: expected fail [lok-1], found fail [lok-4]\n"
                            "    missing fail lok-1\n"
                            "    unexpected fail lok-4: token lok-4 carries a secret value in "
                            "field secret (the value is not shown)\n"),
              "%s", R.out);
    cr_expect(strstr(R.out, "FAIL 1 passed, 1 failed (1 test file)"), "%s", R.out);
    cr_expect_null(strstr(R.out, "0123456789abcdef"), "the example's secret must not print");
    cr_expect_null(strstr(R.err, "0123456789abcdef"), "the example's secret must not print");
}

Test(policy_tests, pass_needs_a_checked_subject_and_errors_never_pass_silently)
{
    put("p.tpol", "rule A {\n  for t in tokens\n  where t.kind == \"none\"\n  require true\n}\n"
                  "rule B {\n  for t in tokens\n  require t.missing == 1\n}\n");
    put("t.tpol-test.json", "{\"policies\": [\"p.tpol\"], \"now\": \"2026-01-01\", \"cases\": ["
                            "{\"input\": {\"tokens\": [{\"kind\": \"api\"}]}, \"expect\": {\"A\": "
                            "\"pass\"}}]}");
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 1, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "A: expected to pass, but it checked no subject"), "%s", R.out);
    cr_expect(strstr(R.out, "B: expected error [], found error [/tokens/0]"), "%s", R.out);
}

Test(policy_tests, coverage_names_rules_and_clauses_no_case_exercised)
{
    put("t.tpol-test.json", "{" POLICY ", \"cases\": [{" INVENTORY
                            ", \"rules\": [\"LOK003\"], \"expect\": {\"LOK003\": {\"fail\": "
                            "[\"lok-3\"]}}}]}");
    run_here("test --coverage t.tpol-test.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "coverage: 1 of 11 rules checked a subject"), "%s", R.out);
    cr_expect(strstr(R.out, "LOK009 rule: no case checked a subject with it"), "%s", R.out);
    /* LOK003 ran on the example only: its assertion never passed (lok-3 is its one subject). */
    cr_expect(strstr(R.out, "LOK003 require: never passed"), "%s", R.out);
    cr_expect(strstr(R.out, "lokalise.tpol:59:"), "positions name the clause: %s", R.out);
}

Test(policy_tests, expected_diagnostics_and_verdicts)
{
    put("p.tpol", "rule A {\n  for t in tokens\n  require lenn(t) > 0\n}\n");
    put("t.tpol-test.json", "{\"policies\": [\"p.tpol\"], \"now\": \"2026-01-01\", \"cases\": ["
                            "{\"input\": {}, \"diagnostics\": [\"E-UNKNOWN-FUNC\"]}]}");
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    put("t.tpol-test.json", "{\"policies\": [\"p.tpol\"], \"now\": \"2026-01-01\", \"cases\": ["
                            "{\"input\": {}, \"verdict\": \"pass\"}]}");
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 3, "policies that do not compile: %s%s", R.out, R.err);
    cr_expect(strstr(R.err, "the policies do not compile") && strstr(R.err, "p.tpol:3:"), "%s",
              R.err);
}

Test(policy_tests, broken_test_files_and_usage)
{
    put("a.tpol-test.json", "{\"cases\": [{\"expcet\": {}}]}");
    run_here("test a.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "a.tpol-test.json: cases[0]: unknown key \"expcet\""), "%s", R.err);
    put("a.tpol-test.json", "{\"cases\": [}");
    run_here("test a.tpol-test.json");
    cr_expect_eq(R.code, 4);
    cr_expect(strstr(R.err, "a.tpol-test.json:1:12:"), "%s", R.err);
    put("a.tpol-test.json", "{\"policies\": [\"x.tpol\"], \"cases\": [{\"input\": {}, "
                            "\"verdict\": \"pass\"}]}");
    run_here("test a.tpol-test.json");
    cr_expect_eq(R.code, 4, "a test without a clock: %s", R.err);
    cr_expect(strstr(R.err, "no clock"), "%s", R.err);
    run_here("test");
    cr_expect_eq(R.code, 2);
    run_here("test --nope .");
    cr_expect_eq(R.code, 2);
    run_here("test no-such-dir");
    cr_expect_eq(R.code, 4, "%s", R.err);
    /* An empty file name would name the test file's directory (the test file itself is then an
     * input); an empty list of files would bind nothing. */
    put("a.tpol-test.json", "{" POLICY ", \"cases\": [{\"input_file\": \"\", "
                            "\"verdict\": \"pass\"}]}");
    run_here("test a.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "cases[0]: \"input_file\" is a file name (not empty)"), "%s", R.err);
    put("a.tpol-test.json", "{" POLICY ", \"cases\": [{\"input_files\": {\"pages\": []}, "
                            "\"verdict\": \"pass\"}]}");
    run_here("test a.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "cases[0]: \"input_files\" maps names to files"), "%s", R.err);
}

/* Two cases of one name in a file: an error at the second one's name, naming the first. The
 * nested "name" of an inline input, and an unnamed case, are not case names. */
Test(policy_tests, two_cases_of_one_name_are_an_error_naming_the_first)
{
    put("a.tpol-test.json",
        "{" POLICY ",\n"
        " \"cases\": [\n"
        "  {\"name\": \"lok-1 fails\", " INVENTORY ", \"verdict\": \"fail\"},\n"
        "  {\"input\": {\"team\": {\"name\": \"lok-1 fails\"}}, \"verdict\": \"error\"},\n"
        "  {\"verdict\": \"fail\", \"input\": {\"name\": \"x\"},\n"
        "   \"name\": \"lok-1 fails\"}]}\n");
    run_here("test a.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "a.tpol-test.json:6:12: cases[2]: duplicate case name \"lok-1 "
                            "fails\" (first at 3:12, cases[0]): a case's name tells it apart in "
                            "the output\n"),
              "%s", R.err);
    cr_expect(strstr(R.out, "1 could not run"), "%s", R.out);
}

/* A key written with escapes is the key it spells: the second name, under "na\u006de", is found
 * where it is written. */
Test(policy_tests, a_name_written_with_escapes_is_found_where_it_is)
{
    put("a.tpol-test.json", "{" POLICY ",\n"
                            " \"cases\": [\n"
                            "  {\"name\": \"twice\", " INVENTORY ", \"verdict\": \"fail\"},\n"
                            "  {\"verdict\": \"fail\", " INVENTORY ",\n"
                            "   \"na\\u006de\": \"twice\"}]}\n");
    run_here("test a.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "a.tpol-test.json:5:17: cases[1]: duplicate case name \"twice\" "
                            "(first at 3:12, cases[0])"),
              "%s", R.err);
}

/* An `expect` that names no rule compares nothing, and an object for "*" would be read as
 * "pass" with its lists unchecked: both are errors of the test file, never cases that pass. */
Test(policy_tests, a_case_cannot_expect_nothing)
{
    put("e.tpol-test.json",
        "{" POLICY ", \"cases\": [{\"name\": \"vacuous\", " INVENTORY ", \"expect\": {}}]}");
    run_here("test e.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "e.tpol-test.json: cases[0]: \"expect\" names no rule"), "%s", R.err);
    put("e.tpol-test.json",
        "{" POLICY ", \"cases\": [{" INVENTORY ", \"expect\": {\"*\": {\"fail\": [\"lok-1\"]}}}]}");
    run_here("test e.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "e.tpol-test.json: cases[0].expect.*: \"*\" takes \"pass\""), "%s",
              R.err);
}

/* Every pattern of skip_rules counts, however many: the 65th was dropped, so the rule it skips
 * ran (and its error failed the case). */
Test(policy_tests, every_skip_rules_pattern_counts)
{
    put("p.tpol", "rule A { for t in tokens require t.nope > 1 }\n"
                  "rule B { for t in tokens require true }\n"
                  "rule C { require true }\n");
    char text[2048] = "{\"policies\": [\"p.tpol\"], \"now\": \"2026-11-27\", \"cases\": [{"
                      "\"input\": {\"tokens\": [{}]}, \"expect\": {\"B\": \"pass\"}, "
                      "\"skip_rules\": [";
    for (int i = 0; i < 64; i++)
        strcat(text, "\"C\", ");
    strcat(text, "\"A\"]}]}");
    put("p.tpol-test.json", text);
    run_here("test p.tpol-test.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
}

/* A credential written in the test file (a case's name, an expected subject) is not printed
 * either; an expected subject that holds one is shown how findings name it. */
Test(policy_tests, a_failure_prints_no_credential_of_the_test_file)
{
    put("r.tpol", "rule R { for t in tokens deny true }\n");
    put("r.tpol-test.json",
        "{\"policies\": [\"r.tpol\"], \"now\": \"2026-11-27\", \"cases\": [{\"name\": "
        "\"ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789 is flagged\", \"input\": {\"tokens\": "
        "[{\"id\": \"ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789\"}]}, \"expect\": {\"R\": "
        "{\"fail\": [\"ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789\"]}}}]}");
    run_here("test r.tpol-test.json");
    cr_expect_eq(R.code, 1, "%s%s", R.out, R.err);
    cr_expect_null(strstr(R.out, "Ab3dEfGh"), "%s", R.out);
    cr_expect_null(strstr(R.err, "Ab3dEfGh"), "%s", R.err);
    cr_expect(strstr(R.out, "FAIL r.tpol-test.json: case 1 \"[github-token sha256:"), "%s", R.out);
    cr_expect(strstr(R.out, "(it holds a credential, which reports show masked: write the subject "
                            "as [github-token sha256:"),
              "%s", R.out);
    /* Coverage names rules, whose ids may have a credential's shape. */
    put("r.tpol", "rule ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789 { for t in tokens\n"
                  "  where t.id == \"x\" deny true }\n");
    put("r.tpol-test.json", "{\"policies\": [\"r.tpol\"], \"now\": \"2026-11-27\", \"cases\": "
                            "[{\"input\": {\"tokens\": [{\"id\": \"a\"}]}, \"expect\": "
                            "{\"*\": \"pass\"}}]}");
    run_here("test --coverage r.tpol-test.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "r.tpol:2:9: [github-token sha256:"), "%s", R.out);
    cr_expect_null(strstr(R.out, "Ab3dEfGh"), "%s", R.out);
}

/* A subject whose mask has no hash ([redacted], [url-password]) is followed by its place: the hint
 * names the subject as the findings do, not the masked text alone, which never matches. */
Test(policy_tests, an_expected_subject_masked_without_a_hash_is_shown_with_its_place)
{
    put("r.tpol", "rule R { for t in tokens deny true }\n");
    put("r.tpol-test.json",
        "{\"policies\": [\"r.tpol\"], \"now\": \"2026-11-27\", \"cases\": [{\"input\": "
        "{\"tokens\": [{\"id\": \"password=hunter2 ci\"}, {\"id\": \"password=swordfish ci\"}, "
        "{\"id\": \"https://ci:pw@git.example/x\"}]}, \"expect\": {\"R\": {\"fail\": "
        "[\"password=hunter2 ci\", \"https://ci:pw@git.example/x\"]}}}]}");
    run_here("test r.tpol-test.json");
    cr_expect_eq(R.code, 1, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "write the subject as https://ci:[url-password]@git.example/x at "
                            "/tokens/2)\n") != NULL,
              "%s", R.out);
    cr_expect(strstr(R.out, "write the subject as password=[redacted] ci at /tokens/0 or "
                            "password=[redacted] ci at /tokens/1)\n") != NULL,
              "%s", R.out);
    cr_expect_null(strstr(R.out, "hunter2"), "%s", R.out);
}

/* Replaces every `from` in s (malloc'd) by `to`; returns a new string. */
static char *replace(char *s, const char *from, const char *to)
{
    size_t n = 0, lf = strlen(from), lt = strlen(to);
    for (const char *p = strstr(s, from); p; p = strstr(p + lf, from))
        n++;
    char *out = malloc(strlen(s) + n * lt + 1), *o = out;
    const char *p = s;
    for (const char *q; (q = strstr(p, from)); p = q + lf) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, lt);
        o += lt;
    }
    strcpy(o, p);
    free(s);
    return out;
}

Test(policy_tests, the_example_of_docs_testing_md_passes)
{
    char *md = read_file(SOURCE_DIR "/docs/testing.md", NULL);
    cr_assert_not_null(md);
    char *start = strstr(md, "```json\n");
    cr_assert_not_null(start);
    start += 8;
    char *end = strstr(start, "\n```");
    cr_assert_not_null(end);
    char *doc = strndup(start, (size_t)(end - start + 1));
    doc = replace(doc, "../../../examples/", SOURCE_DIR "/examples/");
    doc = replace(doc, "../../lokalise.tpol", SOURCE_DIR "/policies/lokalise.tpol");
    put("doc.tpol-test.json", doc);
    run_here("test .");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "ok 2 passed, 0 failed (1 test file)"), "%s", R.out);
    free(doc);
    free(md);
}

/* A pack whose `pages` is a list of documents, each an object with an id and a flag. */
#define PAGES_PACK                                                                                 \
    "pack p {\n  document pages {schema \"page.json\" many}\n}\n"                                  \
    "rule P {\n  for pg in pages\n  require pg.ok\n  subject pg.id\n}\n"
#define PAGE_SCHEMA                                                                                \
    "{\"type\": \"object\", \"required\": [\"id\", \"ok\"], \"properties\": {\"id\": {\"type\": "  \
    "\"string\"}, \"ok\": {\"type\": \"boolean\"}}}"
#define PAGES_FILE(cases)                                                                          \
    "{\"policies\": [\"p.tpol\"], \"now\": \"2026-01-01\", \"cases\": [" cases "]}"

static void put_pages_pack(void)
{
    put("p.tpol", PAGES_PACK);
    put("page.json", PAGE_SCHEMA);
}

Test(policy_tests, a_many_document_given_once_is_a_list_of_one)
{
    put_pages_pack();
    put("one.json", "{\"id\": \"only\", \"ok\": false}");
    put("t.tpol-test.json", PAGES_FILE("{\"input_files\": {\"pages\": \"one.json\"}, \"expect\": "
                                       "{\"P\": {\"fail\": [\"only\"], \"checked\": 1}}}"));
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 0, "as check --input pages=one.json binds it: %s%s", R.out, R.err);
    cr_expect(strstr(R.out, "ok 1 passed, 0 failed (1 test file)"), "%s", R.out);
    /* A name no policy reads is likely a typo: a warning under the case, as check warns. */
    put("t.tpol-test.json",
        PAGES_FILE("{\"input_files\": {\"pages\": \"one.json\", \"pagez\": "
                   "\"one.json\"}, \"expect\": {\"P\": {\"fail\": [\"only\"]}}}"));
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "t.tpol-test.json: case 1: warning: --input pagez=one.json: no policy "
                            "reads the name 'pagez'"),
              "%s", R.err);
}

Test(policy_tests, an_inline_value_of_a_many_document_is_the_list_of_its_documents)
{
    put_pages_pack();
    put("t.tpol-test.json",
        PAGES_FILE("{\"inputs\": {\"pages\": [{\"id\": \"a\", \"ok\": true}, {\"id\": \"b\", "
                   "\"ok\": false}]}, \"expect\": {\"P\": {\"fail\": [\"b\"], \"checked\": 2}}},"
                   "{\"inputs\": {\"pages\": []}, \"expect\": {\"P\": {\"checked\": 0}}}"));
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "ok 2 passed, 0 failed (1 test file)"), "%s", R.out);

    /* Each element is a document its schema validates, named by its place in the list. */
    put("t.tpol-test.json", PAGES_FILE("{\"inputs\": {\"pages\": [{\"id\": \"a\", \"ok\": true}, "
                                       "{\"id\": \"b\"}]}, \"verdict\": \"pass\"}"));
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "case 1: pages[1] (inline): error: /: ") && strstr(R.err, "ok"),
              "the element and what it lacks: %s", R.err);
    cr_expect(strstr(R.out, "FAIL 0 passed, 0 failed, 1 could not run"), "%s", R.out);
    put("t.tpol-test.json", PAGES_FILE("{\"inputs\": {\"pages\": [{\"id\": \"a\", \"ok\": true}, "
                                       "{\"id\": \"b\"}]}, \"diagnostics\": [\"E-INPUT\"]}"));
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 0, "a case may expect the input error: %s%s", R.out, R.err);
    cr_expect_eq(R.err[0], '\0', "an expected error is not printed: %s", R.err);

    /* One page where the list of pages belongs: what to write instead. */
    put("t.tpol-test.json", PAGES_FILE("{\"inputs\": {\"pages\": {\"id\": \"a\", \"ok\": true}}, "
                                       "\"verdict\": \"pass\"}"));
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "inputs.pages: a pack reads pages as a list of documents (`many`): "
                            "give an array of them, [...]"),
              "%s", R.err);
}

Test(policy_tests, a_directory_a_glob_or_a_list_of_files_gives_a_many_document_its_files)
{
    put_pages_pack();
    char sub[512];
    snprintf(sub, sizeof sub, "%s/pages", dir);
    cr_assert_eq(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/empty", dir);
    cr_assert_eq(mkdir(sub, 0700), 0);
    put("pages/a.json", "{\"id\": \"a\", \"ok\": true}");
    put("pages/b.json", "{\"id\": \"b\", \"ok\": false}");
    put("pages/notes.txt", "not an input: a directory holds its .json and .csv files");
    const char *expect = "\"expect\": {\"P\": {\"fail\": [\"b\"], \"checked\": 2}}";
    char text[2048];
    snprintf(text, sizeof text,
             PAGES_FILE("{\"input_files\": {\"pages\": \"pages\"}, %s},"
                        "{\"input_files\": {\"pages\": \"pages/*.json\"}, %s},"
                        "{\"input_files\": {\"pages\": [\"pages/a.json\", \"pages/b.json\"]}, %s}"),
             expect, expect, expect);
    put("t.tpol-test.json", text);
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "ok 3 passed, 0 failed (1 test file)"), "%s", R.out);

    put("t.tpol-test.json",
        PAGES_FILE("{\"input_files\": {\"pages\": \"empty\"}, \"verdict\": \"pass\"}"));
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "empty: error: the directory holds no .json or .csv file"), "%s",
              R.err);
    /* The positional input is one document: a directory of several is refused, not split. */
    put("t.tpol-test.json", PAGES_FILE("{\"input_file\": \"pages\", \"inputs\": {\"pages\": []}, "
                                       "\"verdict\": \"pass\"}"));
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "input_file pages holds 2 documents"), "%s", R.err);
}

Test(policy_tests, a_csv_input_gets_the_types_of_its_schema)
{
    put("p.tpol", "pack p {\n  document rows {schema \"rows.json\"}\n}\n"
                  "rule C {\n  for r in rows\n  require not r.active or r.uses < 3\n"
                  "  subject r.id\n}\n");
    put("rows.json",
        "{\"x-tokpol-format\": \"csv\", \"x-tokpol-columns\": [\"id\", \"active\", \"uses\"], "
        "\"type\": \"array\", \"items\": {\"type\": \"object\", \"x-tokpol-null\": [\"N/A\"], "
        "\"required\": [\"id\", \"active\", \"uses\"], \"properties\": {\"id\": {\"type\": "
        "\"string\"}, \"active\": {\"type\": \"boolean\"}, \"uses\": {\"type\": [\"integer\", "
        "\"null\"]}}}}");
    put("rows.csv", "id,active,uses\nx,true,5\ny,false,7\nz,true,N/A\n");
    put("rows.txt", "id,active,uses\nx,true,5\n");
    put("t.tpol-test.json",
        "{\"policies\": [\"p.tpol\"], \"now\": \"2026-01-01\", \"cases\": ["
        "{\"input_files\": {\"rows\": \"rows.csv\"}, \"expect\": {\"C\": {\"fail\": [\"x\"], "
        "\"error\": [\"z\"], \"checked\": 3}}},"
        "{\"input_files\": {\"rows\": \"csv:rows.txt\"}, \"expect\": {\"C\": {\"fail\": [\"x\"], "
        "\"checked\": 1}}}]}");
    run_here("test t.tpol-test.json");
    /* Untyped, "true" and "5" are strings: the schema refuses them (exit 4), and `r.uses < 3`
     * could not compare; typed, x fails, y passes and z's null cannot be compared. */
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "ok 2 passed, 0 failed (1 test file)"), "%s", R.out);
    put("rows.csv", "id,active,uses\nx,yes,5\n");
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "rows.csv:2:3: error: /0/active: "), "where, as check says it: %s",
              R.err);
}

/* A test file whose one case runs `pack`: an error of the case (exit 4), `want` on stderr. */
static void expect_pack_error(const char *pack, const char *want)
{
    char text[256];
    snprintf(text, sizeof text,
             "{\"pack\": \"%s\", \"now\": \"2026-11-27\", \"cases\": [{\"input\": {}, "
             "\"expect\": {\"*\": \"pass\"}}]}",
             pack);
    put("t.tpol-test.json", text);
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 4, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, want), "%s", R.err);
}

/* "pack" runs what `tokpol check --pack NAME` runs: an installed provider pack by name (found
 * beside the binary, or in TOKPOL_PACKS); a name no pack has is an error of the case. */
Test(policy_tests, a_pack_is_found_as_check_pack_finds_it)
{
    put("t.tpol-test.json",
        "{\"pack\": \"gcp\", \"now\": \"2026-11-27T09:00:00Z\", \"cases\": [{\"input_files\": "
        "{\"key_lists\": \"" SOURCE_DIR "/policies/gcp/examples/service-account-keys\"}, "
        "\"expect\": {\"GCP004\": {\"fail\": [\"etl-runner@acme-prod.iam.gserviceaccount.com\"]}, "
        "\"GCP001\": {\"fail\": [\"ci-deployer@acme-prod.iam.gserviceaccount.com\", "
        "\"edge-threshold@acme-prod.iam.gserviceaccount.com\", "
        "\"etl-runner@acme-prod.iam.gserviceaccount.com\", "
        "\"legacy-batch@acme-prod.iam.gserviceaccount.com\"]}}}]}");
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "ok 1 passed, 0 failed (1 test file)"), "%s", R.out);
    expect_pack_error("gcq", "t.tpol-test.json: case 1: no pack 'gcq' (tokpol packs lists them)");
    /* A name that is not a pack name is not looked up: ".." would be the directory above the
     * packs. */
    expect_pack_error("..", "t.tpol-test.json: case 1: pack '..': not a pack name (letters, ");
    /* A pack directory (a path, relative to the test file) that is not there: said under the
     * case's heading, not as a name missing from the installed packs. */
    expect_pack_error("./nosuch", "case 1: no pack directory ");
    cr_expect(strstr(R.err, "nosuch\n"), "%s", R.err);
    cr_expect(!strstr(R.err, "share/tokpol/packs"), "%s", R.err);
}

/* A pack's optional `many` document that is not given is an empty list, with -p and in a test
 * as with --pack: its rules check nothing; they do not fail on an absent name. */
Test(policy_tests, an_optional_many_document_not_given_is_an_empty_list)
{
    put("p.tpol", "pack p {\n  document pages {schema \"page.json\" many optional}\n}\n"
                  "rule P {\n  for pg in pages\n  require pg.ok\n  subject pg.id\n}\n"
                  "rule N {\n  require count(pages) == 0\n}\n");
    put("page.json", PAGE_SCHEMA);
    put("t.tpol-test.json", PAGES_FILE("{\"input\": {}, \"expect\": {\"N\": \"pass\", \"P\": "
                                       "{\"checked\": 0}}}"));
    run_here("test t.tpol-test.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    put("in.json", "{}");
    run_here("check --now 2026-01-01 -p p.tpol --format json in.json");
    cr_expect_eq(R.code, 0, "%s%s", R.out, R.err);
    cr_expect(strstr(R.out, "\"verdict\": \"pass\""), "%s", R.out);
}

/* Runs `tokpol ARGS` here: exit `code`, and `want` (if any) on stderr. */
static void expect_run(const char *args, int code, const char *want)
{
    run_here(args);
    cr_expect_eq(R.code, code, "%s: %s%s", args, R.out, R.err);
    cr_expect(!want || strstr(R.err, want), "%s: %s", args, R.err);
}

/* A document a pack reads that is not optional and not given: an input error (exit 4) whether the
 * pack runs by --pack, its policies by -p, or in a test case, never rules that cannot decide on
 * an absent name (exit 5). */
Test(policy_tests, a_required_document_not_given_is_an_input_error_however_the_pack_runs)
{
    put("p.tpol", "pack p {\n  document pages {schema \"page.json\" many}\n"
                  "  document owners {schema \"owners.json\"}\n}\n"
                  "rule P {\n  for pg in pages\n  require pg.ok and pg.id in owners\n"
                  "  subject pg.id\n}\n");
    put("page.json", PAGE_SCHEMA);
    put("owners.json", "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}");
    put("a.json", "{\"id\": \"a\", \"ok\": true}");
    put("owners-list.json", "[\"a\"]");
    expect_run("check --now 2026-01-01 --pack ./ a.json", 4,
               "--pack: error: pack p reads the document owners (schema ");
    expect_run("check --now 2026-01-01 -p p.tpol --input pages=a.json", 4,
               "--input: error: pack p reads the document owners (schema owners.json): no "
               "document is bound to the name owners (--input owners=FILE)\n");
    cr_expect(strstr(R.out, "INPUT ERROR: 1 input error: nothing was checked"), "%s", R.out);
    expect_run("check --now 2026-01-01 -p p.tpol --input pages=a.json --input "
               "owners=owners-list.json",
               0, NULL);

    const char *inputs = "\"inputs\": {\"pages\": [{\"id\": \"a\", \"ok\": true}]}";
    char text[512];
    snprintf(text, sizeof text, PAGES_FILE("{%s, \"verdict\": \"pass\"}"), inputs);
    put("t.tpol-test.json", text);
    expect_run("test t.tpol-test.json", 4,
               "t.tpol-test.json: case 1: --input: error: pack p reads the document owners");
    snprintf(text, sizeof text,
             PAGES_FILE("{%s, \"verdict\": \"input_error\", \"diagnostics\": [\"E-INPUT\"]}"),
             inputs);
    put("t.tpol-test.json", text);
    expect_run("test t.tpol-test.json", 0, NULL);

    /* A root document is the positional input. */
    put("r.tpol", "pack r {\n  document reg {schema \"owners.json\" root}\n}\n"
                  "rule R {\n  for o in input\n  require len(o) > 0\n}\n");
    expect_run("check --now 2026-01-01 -p r.tpol --input owners=owners-list.json", 4,
               "INPUT: error: pack r reads the document root (schema owners.json): it is the "
               "input, and none is given\n");
    expect_run("check --now 2026-01-01 -p r.tpol owners-list.json", 0, NULL);
}

/* The limits of an evaluation are check's flags (docs/security.md, Limits), and each error names
 * its flag: test takes them too. A cube of 216 elements is 10,077,696 generator steps for one
 * subject, over the default budget of 10,000,000; a note of 20,000 bytes is over the 16 KiB
 * matches() searches. */
Test(policy_tests, a_case_over_a_default_limit_passes_with_checks_flag)
{
    put("p.tpol", "rule CUBE {\n  require count([1 for a in xs for b in xs for c in xs]) == "
                  "10077696\n}\n"
                  "rule LONG {\n  for t in tokens\n  require not matches(t.note, \"secret\")\n}\n");
    text_buf t = {0};
    text_printf(&t, "{\"policies\": [\"p.tpol\"], \"now\": \"2026-01-01\", \"cases\": ["
                    "{\"name\": \"a cube\", \"rules\": [\"CUBE\"], \"expect\": {\"CUBE\": "
                    "\"pass\"}, \"input\": {\"xs\": [0");
    for (int i = 1; i < 216; i++)
        text_printf(&t, ", %d", i);
    text_printf(&t,
                "]}}, {\"name\": \"a long note\", \"rules\": [\"LONG\"], \"expect\": "
                "{\"LONG\": \"pass\"}, \"input\": {\"tokens\": [{\"id\": \"t1\", \"note\": "
                "\"%020000d\"}]}}]}",
                0);
    put("t.tpol-test.json", t.s);
    free(t.s);

    static const struct {
        const char *args;
        int code;
        const char *says, *says_too;
    } runs[] = {
        {"", 1,
         "over the budget of 10000000 elements for one subject (raise it with --max-subject-steps)",
         "matches() input of 20000 bytes is over the limit of 16384 (raise it with "
         "--max-regex-input)"},
        {"--max-subject-steps 20000000 --max-regex-input 32768", 0,
         "ok 2 passed, 0 failed (1 test file)", ""},
        {"--max-subject-steps 20000000 --max-steps 1000", 1,
         "over the budget of 1000 elements for one evaluation (raise it with --max-steps)", ""},
    };
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        run_tokpolf(&R, dir, TOKPOL_BIN, "test %s t.tpol-test.json", runs[i].args);
        cr_expect_eq(R.code, runs[i].code, "%s: %s%s", runs[i].args, R.out, R.err);
        cr_expect(strstr(R.out, runs[i].says) && strstr(R.out, runs[i].says_too), "%s: %s",
                  runs[i].args, R.out);
    }
    run_here("test --max-steps 0 t.tpol-test.json");
    cr_expect_eq(R.code, 2, "%s%s", R.out, R.err);
    cr_expect(strstr(R.err, "--max-steps takes a positive number, not '0'"), "%s", R.err);
}
