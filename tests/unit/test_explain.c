/* tokpol check --explain RULE[:SUBJECT], run as a user would, and the API under it
 * (tp_eval_options.explain, tp_explain_write): the values of lets, the results of wheres and of
 * the assertion, with their places in the policy, never a credential. */
#define _GNU_SOURCE /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static run_out R;

#define NOW "--now 2026-11-27T09:00:00Z "
/* The credential examples/inventory.json holds for lok-4. */
#define LOK4_SECRET "0123456789abcdef0123456789abcdef01234567"

static void explain(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "check " NOW "%s examples/inventory.json", args);
    run_tokpol(&R, SOURCE_DIR, TOKPOL_BIN, cmd);
}

/* The line after the one that starts with `head` (after its two-space indent). */
static const char *result_of(const char *head)
{
    const char *at = strstr(R.out, head);
    cr_assert_not_null(at, "no '%s' in:\n%s", head, R.out);
    const char *next = strchr(at, '\n');
    cr_assert_not_null(next);
    return next + 1;
}

/* Every clause line `  FILE:LINE:COL: KIND TEXT` of the output names the place in the Lokalise
 * pack where TEXT is written: the pack's line LINE holds TEXT's first word at column COL. */
static void expect_places_in_pack(void)
{
    size_t len = 0;
    char *pack = read_file(SOURCE_DIR "/policies/lokalise.tpol", &len);
    cr_assert_not_null(pack);
    size_t checked = 0;
    for (const char *p = strstr(R.out, "lokalise.tpol:"); p; p = strstr(p + 1, "lokalise.tpol:")) {
        unsigned line = 0, col = 0;
        char kind[16], word[64];
        cr_assert_eq(sscanf(p, "lokalise.tpol:%u:%u: %15s %63s", &line, &col, kind, word), 4);
        if (strcmp(kind, "let") == 0) /* "let NAME = TEXT": the expression is TEXT */
            cr_assert_eq(sscanf(p, "lokalise.tpol:%*u:%*u: let %*s = %63s", word), 1);
        const char *at = pack;
        for (unsigned i = 1; i < line && at; i++)
            at = strchr(at, '\n') ? strchr(at, '\n') + 1 : NULL;
        cr_assert_not_null(at, "line %u is not in the pack", line);
        cr_expect_eq(strncmp(at + col - 1, word, strlen(word)), 0,
                     "lokalise.tpol:%u:%u does not hold '%s'", line, col, word);
        checked++;
    }
    cr_expect_gt(checked, 0, "no clause place in:\n%s", R.out);
    free(pack);
}

Test(explain, failing_subject_shows_wheres_and_the_failed_assertion)
{
    explain("--explain LOK003:lok-3");
    cr_expect_eq(R.code, 1, "LOK003 fails for lok-3: exit 1; stderr:\n%s", R.err);
    cr_expect_not_null(strstr(R.out, "LOK003 on lok-3: fail"), "%s", R.out);
    cr_expect_not_null(strstr(R.out, "in examples/inventory.json:17 at /tokens/2"), "%s", R.out);
    cr_expect_eq(strncmp(result_of("where t.kind == \"api\""), "    -> true", 11), 0);
    cr_expect_eq(strncmp(result_of("require (t.access ?? \"undeclared\") == \"read_only\""),
                         "    -> false", 12),
                 0, "%s", R.out);
    cr_expect_null(strstr(R.out, "lok-1"), "only the subject asked for:\n%s", R.out);
    expect_places_in_pack();
}

Test(explain, passing_subject_shows_the_lets_values)
{
    explain("--explain LOK001:lok-2");
    cr_expect_not_null(strstr(R.out, "LOK001 on lok-2: pass"), "%s", R.out);
    /* lok-2's only binding in the inventory is string-sync. */
    cr_expect_eq(strncmp(result_of("let services = distinct("), "    = [\"string-sync\"]", 21), 0,
                 "%s", R.out);
    cr_expect_eq(strncmp(result_of("require count(services) <= 1"), "    -> true", 11), 0);
    expect_places_in_pack();
}

Test(explain, a_false_where_makes_the_rule_not_apply)
{
    explain("--explain LOK003:sdk-ios");
    cr_expect_not_null(strstr(R.out, "LOK003 on sdk-ios: not applicable"), "%s", R.out);
    cr_expect_eq(strncmp(result_of("where t.kind == \"api\""), "    -> false", 12), 0);
    cr_expect_null(strstr(R.out, "require"), "the assertion is not reached:\n%s", R.out);
}

Test(explain, without_a_subject_every_subject_of_the_rule)
{
    explain("--explain LOK001");
    const char *ids[] = {"lok-1: fail", "lok-2: pass", "lok-3: pass", "lok-4: pass",
                         "sdk-ios: pass"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char head[64];
        snprintf(head, sizeof head, "LOK001 on %s", ids[i]);
        cr_expect_not_null(strstr(R.out, head), "no '%s' in:\n%s", head, R.out);
    }
    cr_expect_null(strstr(R.out, "LOK002"), "only the rule asked for");
    cr_expect_null(strstr(R.out, "critical"), "no report on stdout with --explain");
}

Test(explain, never_shows_a_credential_of_the_input)
{
    explain("--explain LOK010:lok-4");
    cr_expect_not_null(strstr(R.out, "LOK010 on lok-4: fail"), "%s", R.out);
    cr_expect_null(strstr(R.out, LOK4_SECRET), "%s", R.out);
    cr_expect_null(strstr(R.err, LOK4_SECRET), "%s", R.err);

    /* A policy whose lets hold the credential, and the whole record holding it. */
    char dir[256], path[300], cmd[1024];
    snprintf(dir, sizeof dir, "%s/tokpol-explain-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/secret.tpol", dir);
    const char *pol = "rule S1 {\n  title \"no secret\"\n  severity high\n  for t in tokens\n"
                      "  let s = t.secret ?? \"\"\n  let rec = t\n  let both = [s, rec.id]\n"
                      "  where rec.id != \"\"\n  require s == \"\"\n}\n";
    write_file(path, pol, strlen(pol));
    snprintf(cmd, sizeof cmd, "check " NOW "-p %s --explain S1 examples/inventory.json", path);
    run_tokpol(&R, SOURCE_DIR, TOKPOL_BIN, cmd);
    cr_expect_not_null(strstr(R.out, "S1 on lok-4: fail"), "%s", R.out);
    cr_expect_not_null(strstr(R.out, "= [hex-secret sha256:"), "the let is shown masked:\n%s",
                       R.out);
    cr_expect_null(strstr(R.out, LOK4_SECRET), "%s", R.out);
    cr_expect_null(strstr(R.err, LOK4_SECRET), "%s", R.err);
    cr_expect_null(strstr(R.out, "01234567"), "not even a piece of it:\n%s", R.out);
    remove(path);
    remove(dir);
}

Test(explain, unknown_rule_or_subject_is_a_usage_error_with_a_suggestion)
{
    explain("--explain LOK04");
    cr_expect_eq(R.code, 2);
    cr_expect_not_null(strstr(R.err, "did you mean 'LOK004'"), "%s", R.err);
    cr_expect_eq(R.out[0], '\0', "nothing evaluated, nothing printed:\n%s", R.out);

    explain("--explain LOK002:lok4");
    cr_expect_eq(R.code, 2);
    cr_expect_not_null(strstr(R.err, "did you mean 'lok-4'"), "%s", R.err);

    explain("--explain LOK002:");
    cr_expect_eq(R.code, 2);
}

Test(explain, a_rule_id_is_found_whatever_its_case)
{
    explain("--explain lok001:lok-1");
    cr_expect_not_null(strstr(R.out, "LOK001 on lok-1: fail"), "%s", R.out);
}

Test(explain, a_subject_may_be_named_by_its_pointer)
{
    explain("--explain LOK001:/tokens/1");
    cr_expect_not_null(strstr(R.out, "LOK001 on lok-2: pass"), "%s", R.out);
    cr_expect_null(strstr(R.out, "lok-1"), "%s", R.out);
}

/* A policy and an input of its own, in a temporary directory; runs check --explain ARGS. */
static void explain_own(const char *pol, const char *json, const char *args)
{
    char dir[256], path[300], cmd[1024];
    snprintf(dir, sizeof dir, "%s/tokpol-explain-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/p.tpol", dir);
    write_file(path, pol, strlen(pol));
    snprintf(path, sizeof path, "%s/in.json", dir);
    write_file(path, json, strlen(json));
    snprintf(cmd, sizeof cmd, "check " NOW "-p p.tpol --explain %s in.json", args);
    run_tokpol(&R, dir, TOKPOL_BIN, cmd);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(explain, a_clause_that_cannot_be_evaluated_says_why)
{
    explain_own("rule E { for t in tokens\n  where t.n\n  require true }\n",
                "{\"tokens\": [{\"id\": \"a\", \"n\": 3}]}", "E:a");
    cr_expect_eq(R.code, 5, "an evaluation error: exit 5; stderr:\n%s", R.err);
    cr_expect_not_null(strstr(R.out, "E on a: error"), "%s", R.out);
    cr_expect_not_null(strstr(R.out, "p.tpol:2:9: where t.n"), "%s", R.out);
    cr_expect_not_null(strstr(R.out, "error: a 'where' condition must be a boolean"), "%s", R.out);
}

Test(explain, many_subjects_are_capped)
{
    char json[4096] = "{\"tokens\": [";
    for (int i = 0; i < 25; i++)
        snprintf(json + strlen(json), sizeof json - strlen(json), "%s{\"id\": \"t%d\"}",
                 i ? ", " : "", i);
    strcat(json, "]}");
    explain_own("rule C { for t in tokens\n  require t.id != \"\" }\n", json, "C");
    cr_expect_eq(R.code, 0, "%s", R.err);
    cr_expect_not_null(strstr(R.out, "C on t19: pass"), "%s", R.out);
    cr_expect_null(strstr(R.out, "C on t20:"), "20 at most");
    cr_expect_not_null(strstr(R.out, "5 more subjects"), "%s", R.out);
}

Test(explain, hostile_subjects_reach_no_terminal)
{
    explain_own("rule H { for t in tokens\n  let v = t.note\n  require true }\n",
                "{\"tokens\": [{\"id\": \"x\\u001b[2Jy\", \"note\": \"a\\u001b]0;b\"}]}", "H");
    cr_expect_null(strchr(R.out, '\x1b'), "no escape character printed:\n%s", R.out);
    cr_expect_not_null(strstr(R.out, "H on x\\x1B[2Jy: pass"), "%s", R.out);
}

/* The API: one callback per subject, with the clauses it reached. */
typedef struct explained {
    size_t n, clauses[8];
    tp_explain_verdict verdict[8];
    char subject[8][16];
} explained;

static int collect(void *arg, const tp_explain_subject *s)
{
    explained *e = arg;
    if (e->n < 8) {
        e->clauses[e->n] = s->nclauses;
        e->verdict[e->n] = s->verdict;
        snprintf(e->subject[e->n], sizeof e->subject[0], "%s", s->subject);
    }
    e->n++;
    return 0;
}

static explained evaluate(unsigned version)
{
    tp_plan *p = compile_src("rule R { for t in tokens\n  let k = t.kind\n  where k != \"sdk\"\n"
                             "  require t.id != \"b\" }\n",
                             NULL);
    static const char json[] =
        "{\"tokens\": [{\"id\": \"a\", \"kind\": \"api\"}, {\"id\": \"b\", \"kind\": \"api\"},"
        " {\"id\": \"c\", \"kind\": \"sdk\"}]}";
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_parse(&doc, json, sizeof json - 1, NULL, NULL), 0);
    explained e = {0};
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    o.explain = collect;
    o.explain_arg = &e;
    o.version = version; /* an older caller's struct ends before explain */
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, NULL), 0);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, p, "in.json", &b, 1, &o), 0);
    cr_expect_eq(tp_result_finding_count(r), 1, "explaining changes no finding");
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);
    return e;
}

Test(explain, api_calls_back_once_per_subject)
{
    explained e = evaluate(TP_EVAL_OPTIONS_VERSION);
    cr_assert_eq(e.n, 3);
    cr_expect_str_eq(e.subject[0], "a");
    cr_expect_eq(e.verdict[0], TP_EXPLAIN_PASS);
    cr_expect_eq(e.clauses[0], 3, "let, where, require");
    cr_expect_eq(e.verdict[1], TP_EXPLAIN_FAIL);
    cr_expect_eq(e.verdict[2], TP_EXPLAIN_NOT_APPLICABLE);
    cr_expect_eq(e.clauses[2], 2, "the false where is the last clause");
}

Test(explain, api_older_options_are_accepted_without_explanations)
{
    explained e = evaluate(2);
    cr_expect_eq(e.n, 0, "a version 2 struct has no explain field");
    e = evaluate(1);
    cr_expect_eq(e.n, 0);
}

Test(explain, api_write_escapes_and_checks_arguments)
{
    tp_explain_clause c = {TP_CLAUSE_LET, "v", "t.note", "p.tpol", 2, 9, TP_EXPLAIN_VALUE, "a\nb"};
    tp_explain_subject s = {"R", "in.json", "x\x1b[2J", "/tokens/0", 3, TP_EXPLAIN_PASS, &c, 1};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    cr_expect_eq(tp_explain_write(f, &s), 0);
    fclose(f);
    cr_expect_null(strchr(buf, '\x1b'), "%s", buf);
    cr_expect_not_null(strstr(buf, "p.tpol:2:9: let v = t.note\n    = a\\nb\n"), "%s", buf);
    free(buf);
    cr_expect_eq(tp_explain_write(NULL, &s), TP_EINVAL);
    cr_expect_eq(tp_explain_write(stdout, NULL), TP_EINVAL);
}

Test(explain, the_readme_example_is_what_the_command_prints)
{
    char *readme = read_file(SOURCE_DIR "/README.md", NULL);
    cr_assert_not_null(readme);
    const char *cmd = "$ tokpol check --now 2026-11-27T09:00:00Z --explain LOK003:lok-3 "
                      "examples/inventory.json\n";
    const char *at = strstr(readme, cmd);
    cr_assert_not_null(at, "README.md has no '%s'", cmd);
    at += strlen(cmd);
    const char *end = strstr(at, "```");
    cr_assert_not_null(end);
    explain("--explain LOK003:lok-3");
    cr_expect_eq(strlen(R.out), (size_t)(end - at), "README:\n%.*s\ncommand:\n%s", (int)(end - at),
                 at, R.out);
    cr_expect_eq(strncmp(R.out, at, (size_t)(end - at)), 0, "README:\n%.*s\ncommand:\n%s",
                 (int)(end - at), at, R.out);
    free(readme);
}
