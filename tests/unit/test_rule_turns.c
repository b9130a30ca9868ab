/*
 * Rules over one list take turns over blocks of its subjects (the cache keeps what the next rule
 * reads); rules run one by one, each over its whole list, when findings are streamed. Either way
 * an evaluation must report the same: every finding, each rule's errors grouped once, its
 * --max-findings-per-rule share taken in list order, its counts and its evidence. These tests
 * compare the two schedules on lists of several blocks, and check what each rule got.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "helpers.h"

enum { NTOKENS = 1000, NUSERS = 300 }; /* blocks of 256: three full ones and a short one */

/* Tokens t0..t999: n is the index, odd whether it is; s is a string except at every third token;
 * kind "bad" at every seventh. Users u0..u299 with ok false at every fifth. */
static char *inventory(void)
{
    text_buf t = {0};
    text_printf(&t, "{\"tokens\": [");
    for (int i = 0; i < NTOKENS; i++)
        text_printf(&t, "%s{\"id\": \"t%d\", \"n\": %d, \"odd\": %s, \"s\": %s, \"kind\": \"%s\"}",
                    i ? ", " : "", i, i, i % 2 ? "true" : "false", i % 3 ? "\"x\"" : "3",
                    i % 7 ? "good" : "bad");
    text_printf(&t, "], \"users\": [");
    for (int i = 0; i < NUSERS; i++)
        text_printf(&t, "%s{\"id\": \"u%d\", \"ok\": %s}", i ? ", " : "", i,
                    i % 5 ? "true" : "false");
    text_printf(&t, "]}");
    return t.s;
}

/* Rules over tokens with a rule over users and a whole-input rule between them, so that plan
 * order and the groups' order differ. */
static const char policy[] = "rule A { for t in tokens require not t.odd message \"A {t.id}\" }\n"
                             "rule B { for t in tokens require lower(t.s) == \"x\" }\n"
                             "rule C { for u in users require u.ok }\n"
                             "rule D { require count(tokens) > 0 }\n"
                             "rule E { for t in tokens let k = t.kind require k != \"bad\" }\n"
                             "rule F { for t in tokens where t.n < 10 deny true }\n";

static char *json;
static tp_plan *plan;

static void setup(void)
{
    json = inventory();
    plan = compile_src(policy, NULL);
}

static void teardown(void)
{
    tp_plan_free(plan);
    free(json);
}

TestSuite(rule_turns, .init = setup, .fini = teardown);

static int count_streamed(const tp_finding *f, void *payload)
{
    (void)f;
    ++*(size_t *)payload;
    return 0;
}

/* `text` evaluated by p into a new result with these options, streamed (rules one by one) when
 * `streamed` counts the findings, with an evaluation memory budget of `max_memory` (0: the
 * default); tp_evaluate must return `want`. */
static tp_result *evaluate_with(const tp_plan *p, const char *text, tp_result_options ro,
                                size_t *streamed, size_t max_memory, int want)
{
    tp_document *doc = NULL;
    tp_input_error err;
    cr_assert_eq(tp_document_parse(&doc, text, strlen(text), NULL, &err), 0, "%s", err.message);
    if (streamed) {
        ro.on_finding = count_streamed;
        ro.payload = streamed;
    }
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, &ro), 0);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    cr_assert_eq(tp_time_parse(&o.now_us, TEST_NOW), 0);
    o.max_memory = max_memory;
    tp_binding b = {NULL, doc};
    cr_expect_eq(tp_evaluate(r, p, "inventory.json", &b, 1, &o), want);
    tp_document_free(doc);
    return r;
}

/* The inventory evaluated: streamed (rules one by one) or not (rules taking turns). */
static tp_result *evaluate(size_t per_rule, size_t *streamed)
{
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    ro.max_findings_per_rule = per_rule;
    return evaluate_with(plan, json, ro, streamed, 0, 0);
}

Test(rule_turns, taking_turns_reports_what_running_one_by_one_reports)
{
    for (size_t per_rule = 0; per_rule <= 5; per_rule += 5) {
        size_t streamed = 0;
        tp_result *turns = evaluate(per_rule, NULL);
        tp_result *one_by_one = evaluate(per_rule, &streamed);
        char *a = render_report(turns, TP_FORMAT_JSON, NULL),
             *b = render_report(one_by_one, TP_FORMAT_JSON, NULL);
        cr_expect_str_eq(a, b, "per rule %zu", per_rule);
        cr_expect_gt(streamed, 0);
        free(a);
        free(b);
        tp_result_free(turns);
        tp_result_free(one_by_one);
    }
}

Test(rule_turns, each_rule_gets_its_own_findings_errors_and_evidence)
{
    tp_result *r = evaluate(0, NULL);
    cr_expect_eq(count_findings(r, "A", TP_FINDING_FAIL), NTOKENS / 2);
    /* B fails nowhere and errs at every third token: one finding for all of them, across blocks. */
    cr_expect_eq(count_findings(r, "B", TP_FINDING_FAIL), 0);
    cr_assert_eq(count_findings(r, "B", TP_FINDING_ERROR), 1);
    cr_expect_eq(count_findings(r, "C", TP_FINDING_FAIL), NUSERS / 5);
    cr_expect_eq(count_findings(r, "E", TP_FINDING_FAIL), (NTOKENS + 6) / 7);
    cr_expect_eq(count_findings(r, "F", TP_FINDING_FAIL), 10);
    char want[64];
    snprintf(want, sizeof want, "for %d subjects: t0, t3, t6, t9, t12 and", (NTOKENS + 2) / 3);
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (strcmp(f->rule, "B") == 0)
            cr_expect(strstr(f->message, want) != NULL, "%s", f->message);
        if (strcmp(f->rule, "A") == 0) {
            cr_expect_str_eq(f->message + 2, f->subject);
            cr_assert_eq(f->nevidence, 2, "A reads odd and id");
            cr_expect_str_eq(f->evidence[0].name, "odd");
        }
        if (strcmp(f->rule, "E") == 0) {
            cr_assert_eq(f->nevidence, 2, "E reads kind, and has the let k");
            cr_expect_str_eq(f->evidence[0].name, "kind");
            cr_expect_str_eq(f->evidence[1].name, "k");
            cr_expect_str_eq(f->evidence[1].value, "bad");
        }
    }
    tp_result_free(r);
}

Test(rule_turns, the_share_of_each_rule_is_its_first_subjects)
{
    tp_result *r = evaluate(3, NULL);
    cr_expect_eq(count_findings(r, "A", TP_FINDING_FAIL), 3);
    cr_expect_not_null(find_finding(r, "A", "t1"));
    cr_expect_not_null(find_finding(r, "A", "t3"));
    cr_expect_not_null(find_finding(r, "A", "t5"));
    cr_expect_not_null(find_finding(r, "E", "t0"));
    cr_expect_not_null(find_finding(r, "E", "t14"));
    cr_expect_null(find_finding(r, "E", "t21"));
    tp_summary s;
    tp_result_summary(&s, r);
    cr_expect_eq(s.failed, NTOKENS / 2 + NUSERS / 5 + (NTOKENS + 6) / 7 + 10, "all are counted");
    tp_result_free(r);
}

/* n tokens tok-0.. with x set except at every 150th, and a password each; then `more` (members
 * of the document after tokens). */
static char *tokens_with_gaps(int n, const char *more)
{
    text_buf t = {0};
    text_printf(&t, "{\"tokens\": [");
    for (int i = 0; i < n; i++)
        text_printf(&t, "%s{\"id\": \"tok-%d\", \"password\": \"hunter2\"%s}", i ? ", " : "", i,
                    i % 150 ? ", \"x\": 1" : "");
    text_printf(&t, "]%s}", more);
    return t.s;
}

Test(rule_turns, a_subject_never_shows_a_let_its_clauses_did_not_reach)
{
    /* B's subject is its let s, which an error before it leaves unset: the subject is then the
     * pointer, not what s held for another subject, nor another rule's let in the same slot. */
    char *text = tokens_with_gaps(600, "");
    tp_plan *p;
    tp_result *r = check_src("rule A { for t in tokens let q = t.id let p = upper(t.password)\n"
                             "  require p != \"\" }\n"
                             "rule B { for t in tokens let e = t.x + 1 let s = upper(t.id)\n"
                             "  require e > 0 subject s }\n",
                             text, &p);
    cr_assert_eq(tp_result_finding_count(r), 1);
    const tp_finding *f = tp_result_finding(r, 0);
    cr_expect_str_eq(f->subject, "/tokens/0");
    cr_expect(strstr(f->message, "for 4 subjects: /tokens/0, /tokens/150, /tokens/300 and "
                                 "/tokens/450") != NULL,
              "%s", f->message);
    tp_result_free(r);
    tp_plan_free(p);
    free(text);
}

Test(rule_turns, a_run_stopped_by_the_memory_budget_keeps_the_errors_met)
{
    /* A errs at every subject; B builds half a million pairs at tok-500, over the budget. A
     * ran over the blocks before it: those errors are reported, grouped. U never ran. */
    char *text = tokens_with_gaps(700, ", \"users\": [{\"ok\": true}]");
    tp_plan *p = compile_src("rule A { for t in tokens require t.nope == 1 }\n"
                             "rule B { for t in tokens where t.id == \"tok-500\"\n"
                             "  let all = [[x.id, y.id] for x in tokens for y in tokens]\n"
                             "  require count(all) > 0 }\n"
                             "rule U { for u in users require u.ok }\n",
                             NULL);
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    tp_result *r = evaluate_with(p, text, ro, NULL, 3u << 20, TP_ELIMIT);
    cr_assert_eq(count_findings(r, "A", TP_FINDING_ERROR), 1);
    const tp_finding *f = find_finding(r, "A", "tok-0");
    cr_assert_not_null(f);
    cr_expect(strstr(f->message, "for 512 subjects") != NULL, "%s", f->message);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_ERROR);
    /* U, over another list, never had its turn: not run, so not "checked nothing" either. */
    char *report = render_report(r, TP_FORMAT_JSON, NULL);
    cJSON *json_doc = cJSON_Parse(report);
    cr_assert_not_null(json_doc, "%s", report);
    const cJSON *input = cJSON_GetArrayItem(cJSON_GetObjectItem(json_doc, "inputs"), 0);
    const cJSON *nothing = cJSON_GetObjectItem(input, "checked_nothing");
    cr_assert(cJSON_IsArray(nothing), "%s", report);
    for (const cJSON *id = nothing->child; id; id = id->next)
        cr_expect_str_neq(id->valuestring, "U", "%s", report);
    cJSON_Delete(json_doc);
    free(report);
    tp_result_free(r);
    tp_plan_free(p);
    free(text);
}

/* The subjects of rule `rule`'s kept findings, in the result's order, joined by spaces. */
static void kept_subjects(const tp_result *r, const char *rule, char *out, size_t size)
{
    size_t off = 0;
    out[0] = '\0';
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (strcmp(f->rule, rule) == 0 && off < size)
            off += (size_t)snprintf(out + off, size - off, "%s%s", off ? " " : "", f->subject);
    }
}

Test(rule_turns, a_rules_share_is_its_first_findings_whatever_max_findings_keeps)
{
    /* --max-findings-per-rule 2 takes Y's first two findings (m, z); --max-findings 1 then keeps
     * the worst of everything: m. Neither the other rules nor the order rules run in change it. */
    tp_plan *p = compile_src("rule X { for t in tokens deny t.id == \"none\" }\n"
                             "rule Y { severity high for u in users deny true }\n"
                             "rule Z { severity low for t in tokens deny true }\n",
                             NULL);
    const char *in = "{\"tokens\": [{\"id\": \"t1\"}, {\"id\": \"t2\"}, {\"id\": \"t3\"}], "
                     "\"users\": [{\"id\": \"m\"}, {\"id\": \"z\"}, {\"id\": \"a\"}]}";
    for (int streamed = 0; streamed < 2; streamed++) {
        tp_result_options ro = TP_RESULT_OPTIONS_INIT;
        ro.max_findings = 1;
        ro.max_findings_per_rule = 2;
        size_t seen = 0;
        tp_result *r = evaluate_with(p, in, ro, streamed ? &seen : NULL, 0, 0);
        char got[64];
        kept_subjects(r, "Y", got, sizeof got);
        cr_expect_str_eq(got, "m", "streamed %d", streamed);
        tp_result_free(r);
    }
    tp_plan_free(p);
}
