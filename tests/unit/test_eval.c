/* The evaluator: fail-closed semantics, operators, built-ins, generators and joins. */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

TestSuite(eval);

Test(eval, absent_is_an_error_null_is_a_value)
{
    EXPECT("input.x == null", "{\"x\": null}", 'p');
    expect_require_error("input.x == null", "{}", "input.x is absent (test.tpol:2:11)");
    expect_require_error("input.a.b == 1", "{\"a\": null}", "input.a.b is absent (test.tpol:2:11)");
    EXPECT("not has(input.x)", "{}", 'p');
    EXPECT("has(input.x)", "{\"x\": null}", 'p');
    EXPECT("not has(input.a.b.c)", "{\"a\": {}}", 'p');
    EXPECT("(input.x ?? 5) == 5", "{}", 'p');
    EXPECT("(input.x ?? 5) == 5", "{\"x\": null}", 'p');
    EXPECT("(input.x ?? 5) == 0", "{\"x\": 0}", 'p');
    expect_require_error("input.list[5] == 1", "{\"list\": [1]}",
                         "input.list[5] is absent (test.tpol:2:11)");
    EXPECT("input.list[-1] == 3", "{\"list\": [1, 2, 3]}", 'p');
}

Test(eval, type_mismatches_are_errors_never_false)
{
    expect_require_error("input.s < 3", "{\"s\": \"abc\"}",
                         "'<' cannot compare a string with a number (test.tpol:2:11)");
    expect_require_error(
        "time(input.t) > now", "{\"t\": \"last tuesday\"}",
        "time() cannot read input.t (\"last tuesday\") as a time: expected RFC 3339 (with an "
        "offset) or "
        "YYYY-MM-DD (test.tpol:2:16)");
    expect_require_error("input.n", "{\"n\": 1}",
                         "the assertion must be a boolean, but it is a number (test.tpol:2:11)");
    expect_require_error("input.s.f == 1", "{\"s\": \"x\"}",
                         "cannot read field 'f' of a string (test.tpol:2:11)");
    expect_require_error("input.a / input.b > 1", "{\"a\": 1, \"b\": 0}",
                         "division by zero (test.tpol:2:11)");
    expect_require_error(
        "not input.x", "{\"x\": \"yes\"}",
        "the operand of 'not' must be a boolean, but it is a string (test.tpol:2:15)");
    EXPECT("input.s == 3", "{\"s\": \"3\"}", 'f');
    EXPECT("input.s != null", "{\"s\": \"3\"}", 'p');
}

Test(eval, and_or_short_circuit_left_to_right)
{
    EXPECT("has(input.x) and input.x > 1", "{}", 'f');
    EXPECT("not has(input.x) or input.x > 1", "{}", 'p');
    expect_require_error("input.x > 1 and has(input.x)", "{}",
                         "input.x is absent (test.tpol:2:11)");
}

/* Only the branch chosen is evaluated: a guarded field, a division by zero or a wrong type in
 * the other costs nothing. The condition is a boolean, as a `where` is. */
Test(eval, a_conditional_evaluates_only_the_branch_it_chooses)
{
    EXPECT("if has(input.x) then input.x > 1 else true", "{}", 'p');
    EXPECT("if has(input.x) then input.x > 1 else true", "{\"x\": 0}", 'f');
    EXPECT("if input.n == 0 then true else 1 / input.n > 1", "{\"n\": 0}", 'p');
    EXPECT("(if input.a then 1 else \"x\") == \"x\"", "{\"a\": false}", 'p');
    expect_require_error("if input.n == 1 then true else 1 / input.n > 1", "{\"n\": 0}",
                         "division by zero (test.tpol:2:42)");
    expect_require_error(
        "if input.x then true else false", "{\"x\": 1}",
        "the condition of 'if' must be a boolean, but it is a number (test.tpol:2:14)");
    expect_require_error("if input.x then true else false", "{}",
                         "input.x is absent (test.tpol:2:14)");
    /* The value of the branch taken, absent too: what lacks it is named, not the conditional. */
    expect_require_error("(if input.a then input.b else 1) == 1", "{\"a\": true}",
                         "input.b is absent (test.tpol:2:28)");
    EXPECT("((if input.a then input.b else 1) ?? 2) == 2", "{\"a\": true}", 'p');
}

/* A conditional reads what its three parts read: a generator kept per value of the parts of the
 * subject it reads is kept per value of its condition too, and the parts of a branch not taken
 * (absent, here) do not make it err. */
Test(eval, a_kept_generator_is_kept_by_what_its_conditional_reads)
{
    const char *src =
        "rule M { for t in tokens\n"
        "  let all = count(b for b in bindings where if t.strict then b.env == \"prod\" else "
        "true)\n"
        "  let same = count(b for b in bindings where if has(t.env) then b.env == t.env else "
        "false)\n"
        "  let mine = if has(t.id) then count(b for b in bindings where b.token == t.id) else -1\n"
        "  deny true message \"{all} {same} {mine}\" }\n";
    char json[8192];
    size_t off = (size_t)snprintf(json, sizeof json, "{\"tokens\": [");
    for (int i = 0; i < 20; i++)
        off += (size_t)snprintf(json + off, sizeof json - off,
                                "%s{\"id\": \"t%d\", \"strict\": %s%s}", i ? "," : "", i,
                                i % 2 ? "true" : "false", i % 4 == 1 ? ", \"env\": \"prod\"" : "");
    off += (size_t)snprintf(json + off, sizeof json - off, "], \"bindings\": [");
    for (int i = 0; i < 10; i++)
        off += (size_t)snprintf(json + off, sizeof json - off,
                                "%s{\"token\": \"t%d\", \"env\": \"%s\"}", i ? "," : "", i % 3,
                                i < 4 ? "prod" : "test");
    snprintf(json + off, sizeof json - off, "]}");
    tp_plan *p;
    tp_result *r = check_src(src, json, &p);
    cr_assert_eq(tp_result_finding_count(r), 20);
    for (int i = 0; i < 20; i++) {
        char id[8], want[16];
        snprintf(id, sizeof id, "t%d", i);
        /* Strict tokens see the 4 bindings in prod; t0 has 4 bindings, t1 and t2 have 3. */
        snprintf(want, sizeof want, "%d %d %d", i % 2 ? 4 : 10, i % 4 == 1 ? 4 : 0,
                 i == 0  ? 4
                 : i < 3 ? 3
                         : 0);
        const tp_finding *f = find_finding(r, "M", id);
        cr_assert_not_null(f, "%s", id);
        cr_expect_str_eq(f->message, want, "%s", id);
    }
    tp_result_free(r);
    tp_plan_free(p);
}

/* A failing subject's evidence holds the fields every part of a conditional reads. */
Test(eval, the_evidence_of_a_conditional_is_what_its_three_parts_read)
{
    tp_plan *p;
    tp_result *r =
        check_src("rule C { for t in tokens require if t.a then t.b == 1 else t.c == 1 }",
                  "{\"tokens\": [{\"id\": \"x\", \"a\": false, \"b\": 1, \"c\": 2}]}", &p);
    cr_assert_eq(tp_result_finding_count(r), 1);
    const tp_finding *f = tp_result_finding(r, 0);
    cr_assert_eq(f->nevidence, 3, "a, b, c: %zu", f->nevidence);
    cr_expect_str_eq(f->evidence[0].name, "a");
    cr_expect_str_eq(f->evidence[1].name, "b");
    cr_expect_str_eq(f->evidence[2].name, "c");
    cr_expect_str_eq(f->evidence[2].value, "2");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(eval, membership_in_lists_strings_and_objects)
{
    EXPECT("\"ci\" in [\"ci\", \"test\"]", "{}", 'p');
    EXPECT("\"prod\" not in [\"ci\", \"test\"]", "{}", 'p');
    EXPECT("\"ell\" in \"hello\"", "{}", 'p');
    EXPECT("\"a\" in input", "{\"a\": 1}", 'p');
    EXPECT("\"b\" in input", "{\"a\": 1}", 'f');
    EXPECT("{a: 1} in input.l", "{\"l\": [{\"a\": 1}]}", 'p');
    EXPECT("[1, 2] == input.l", "{\"l\": [1, 2]}", 'p');
}

Test(eval, times_durations_and_arithmetic)
{
    EXPECT("time(\"2026-01-31T12:00:00+02:00\") == @2026-01-31T10:00:00Z", "{}", 'p');
    EXPECT("time(\"2026-01-31t10:00:00.1234567z\") > @2026-01-31T10:00:00Z", "{}", 'p');
    EXPECT("time(\"2026-01-31\") == @2026-01-31T00:00:00Z", "{}", 'p');
    EXPECT("time(1769860800) == @2026-01-31T12:00:00Z", "{}", 'p');
    EXPECT("time(\"2026-01-01T00:00:00Z\") - time(\"2025-01-01T00:00:00Z\") == 365d", "{}", 'p');
    EXPECT("@2026-01-01 + 1w == @2026-01-08", "{}", 'p');
    EXPECT("@2026-01-08 - 1w == @2026-01-01", "{}", 'p');
    EXPECT("2 * 1h == 120m and 1d / 2 == 12h and 1d / 1h == 24", "{}", 'p');
    EXPECT("days(age(\"2026-11-26T09:00:01Z\")) == 0", "{}", 'p');
    EXPECT("days(-1s) == -1", "{}", 'p');
    EXPECT("age(\"2026-08-29T09:00:00Z\") == 90d", "{}", 'p');
    EXPECT("now == @2026-11-27T09:00:00Z", "{}", 'p');
    EXPECT("-(2 + 3) * 2 == -10", "{}", 'p');
    expect_require_error(
        "time(\"2026-01-31T10:00:00\") > now", "{}",
        "time() cannot read \"2026-01-31T10:00:00\" as a time: expected RFC 3339 (with an "
        "offset) or "
        "YYYY-MM-DD (test.tpol:2:16)");
}

Test(eval, string_builtins)
{
    EXPECT("len(\"h\\u{E9}llo\") == 5 and len([1, 2]) == 2 and len({a: 1}) == 1", "{}", 'p');
    EXPECT("lower(\"AbC\") == \"abc\" and upper(\"AbC\") == \"ABC\"", "{}", 'p');
    /* ASCII only, whatever the locale; a string already in the case is itself; the first
     * letter to change anywhere; the bytes next to A-Z and a-z unchanged. */
    EXPECT("lower(\"x@[`|Z\") == \"x@[`|z\" and upper(\"X@[`|a\") == \"X@[`|A\"", "{}", 'p');
    EXPECT("lower(\"\\u{C9}T\\u{E9}\") == \"\\u{C9}t\\u{E9}\" and lower(\"abc\") == \"abc\"", "{}",
           'p');
    EXPECT("lower(\"\") == \"\" and upper(\"\") == \"\" and upper(\"ABC\") == \"ABC\"", "{}", 'p');
    EXPECT("lower(input.e) == \"ci\" and lower(input.e) in [\"ci\"]", "{\"e\": \"CI\"}", 'p');
    EXPECT("startswith(\"glpat-x\", \"glpat-\") and endswith(\"a.json\", \".json\")", "{}", 'p');
    EXPECT("contains(\"hello\", \"ll\") and contains([1, 2], 2) and contains({a: 1}, \"a\")", "{}",
           'p');
    EXPECT("matches(\"lok-12\", \"^lok-[0-9]+$\") and not matches(\"x\", \"^y\")", "{}", 'p');
    EXPECT("matches(input.s, input.re)", "{\"s\": \"abc\", \"re\": \"b+\"}", 'p');
    EXPECT("glob(\"release-pipeline\", \"release-*\")", "{}", 'p');
    EXPECT("join([\"a\", 1, true], \"+\") == \"a+1+true\"", "{}", 'p');
    EXPECT("keys(input) == [\"a\", \"b\"] and values(input) == [1, 2]", "{\"a\": 1, \"b\": 2}",
           'p');
    EXPECT("string(90d) == \"90d\" and string(1.5) == \"1.5\" and \"{1 + 1}x\" == \"2x\"", "{}",
           'p');
    expect_require_error("lower(input.n) == \"x\"", "{\"n\": 1}",
                         "lower() takes a string, but input.n is a number (test.tpol:2:17)");
}

Test(eval, aggregates_over_generators_and_lists)
{
    const char *doc = "{\"xs\": [3, 1, 2, 3]}";
    EXPECT("count(input.xs) == 4 and count(x for x in input.xs where x > 1) == 3", doc, 'p');
    EXPECT("distinct(input.xs) == [3, 1, 2]", doc, 'p');
    EXPECT("sum(input.xs) == 9 and min(input.xs) == 1 and max(input.xs) == 3", doc, 'p');
    EXPECT("sum([1d, 2d]) == 3d and sum([]) == 0", doc, 'p');
    EXPECT("first(x for x in input.xs where x < 3) == 1", doc, 'p');
    EXPECT("not has(input.none) and (first(x for x in input.xs where x > 5) ?? 0) == 0", doc, 'p');
    EXPECT("any(x == 2 for x in input.xs) and all(x > 0 for x in input.xs)", doc, 'p');
    EXPECT("not any(x > 9 for x in []) and all(x > 9 for x in [])", doc, 'p');
    EXPECT("[x * 2 for x in input.xs where x != 3] == [2, 4]", doc, 'p');
    EXPECT("input.ts[*].id == [\"a\", \"b\"]", "{\"ts\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}", 'p');
    EXPECT("input.ts[*].o[*].k == [[1], []]", "{\"ts\": [{\"o\": [{\"k\": 1}]}, {\"o\": []}]}",
           'p');
    expect_require_error("count(input.ts[*].id) == 2", "{\"ts\": [{\"id\": \"a\"}, {}]}",
                         "element 1 of input.ts has no id (test.tpol:2:17)");
    expect_require_error("any(x.f for x in input.l)", "{\"l\": [{\"f\": 1}]}",
                         "any() needs booleans, but an element is a number (test.tpol:2:15)");
    expect_require_error("count(b.x for b in input.l) == 1", "{\"l\": [{}]}",
                         "b.x is absent (test.tpol:2:17)");
}

Test(eval, a_rule_whose_list_is_absent_is_one_error)
{
    tp_plan *p;
    tp_result *r = check_src("rule A { for t in tokens require true }", "{\"tokenz\": []}", &p);
    cr_assert_eq(tp_result_finding_count(r), 1);
    const tp_finding *f = tp_result_finding(r, 0);
    cr_expect_eq(f->status, TP_FINDING_ERROR);
    cr_expect_str_eq(f->message, "'tokens' is absent from the input (test.tpol:1:19)");
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_ERROR);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(eval, where_drops_subjects_and_lets_run_in_order)
{
    tp_plan *p;
    tp_result *r = check_src(
        "rule A {\n for t in input\n let k = t.kind\n where k == \"api\"\n"
        " let big = t.n > 5\n require not big\n}",
        "[{\"id\": \"a\", \"kind\": \"api\", \"n\": 9}, {\"id\": \"b\", \"kind\": \"sdk\"},"
        " {\"id\": \"c\", \"kind\": \"api\", \"n\": 1}]",
        &p);
    cr_assert_eq(tp_result_finding_count(r), 1);
    cr_expect_str_eq(tp_result_finding(r, 0)->subject, "a");
    cr_expect_eq(tp_result_input_checked(r, 0), 2, "the sdk token is not checked");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(eval, subjects_are_ids_pointers_or_the_subject_clause)
{
    tp_plan *p;
    tp_result *r = check_src("rule A { for t in tokens deny true }",
                             "{\"tokens\": [{\"id\": \"x\"}, {\"id\": 7}, {\"name\": \"n\"}]}", &p);
    cr_assert_eq(tp_result_finding_count(r), 3);
    cr_expect_str_eq(tp_result_finding(r, 0)->subject, "/tokens/2");
    cr_expect_str_eq(tp_result_finding(r, 1)->subject, "7");
    cr_expect_str_eq(tp_result_finding(r, 1)->pointer, "/tokens/1");
    cr_expect_str_eq(tp_result_finding(r, 2)->subject, "x");
    tp_result_free(r);
    tp_plan_free(p);
    r = check_src("rule A { for t in tokens subject \"{t.name}@{t.host}\" deny true }",
                  "{\"tokens\": [{\"name\": \"n\", \"host\": \"h\"}]}", &p);
    cr_expect_str_eq(tp_result_finding(r, 0)->subject, "n@h");
    tp_result_free(r);
    tp_plan_free(p);
}

/* A URL password and the credentials after `Basic` are masked without a hash, like a password
 * ([url-password], [bearer-token]): two ids that differ only there read alike, so their place
 * follows, and their fingerprints (a baseline's key) differ. */
Test(eval, subjects_masked_alike_without_a_hash_are_told_apart_by_their_place)
{
    tp_plan *p;
    tp_result *r = check_src(
        "rule A { for t in tokens deny true }",
        "{\"tokens\": [{\"id\": \"https://ci:one@git.example/a\"}, {\"id\": "
        "\"https://ci:two@git.example/a\"}, {\"id\": \"Authorization: Basic dXNlcjpvbmUx\"}, "
        "{\"id\": \"Authorization: Basic dXNlcjp0d28y\"}]}",
        &p);
    cr_assert_eq(tp_result_finding_count(r), 4);
    const char *want[] = {"Authorization: Basic [bearer-token] at /tokens/2",
                          "Authorization: Basic [bearer-token] at /tokens/3",
                          "https://ci:[url-password]@git.example/a at /tokens/0",
                          "https://ci:[url-password]@git.example/a at /tokens/1"};
    for (size_t i = 0; i < 4; i++)
        cr_expect_str_eq(tp_result_finding(r, i)->subject, want[i]);
    cr_expect_str_neq(tp_result_finding(r, 0)->fingerprint, tp_result_finding(r, 1)->fingerprint);
    cr_expect_str_neq(tp_result_finding(r, 2)->fingerprint, tp_result_finding(r, 3)->fingerprint);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(eval, a_pack_header_names_the_default_subject_of_its_rules)
{
    tp_plan *p;
    tp_result *r =
        check_src("pack p { subject credential_id, \"key-id\", id }\n"
                  "rule A { for t in tokens deny true }\n"
                  "rule B { for t in tokens subject \"own {t.id}\" deny true }\n",
                  "{\"tokens\": [{\"credential_id\": 11, \"id\": \"x\"}, {\"id\": \"y\"},"
                  " {\"credential_id\": null, \"key-id\": \"k\"}, {\"name\": \"n\"}]}",
                  &p);
    cr_assert_eq(tp_result_finding_count(r), 8);
    /* The first field the element has as a string or a number; else its pointer. */
    cr_expect_not_null(find_finding(r, "A", "11"));
    cr_expect_not_null(find_finding(r, "A", "y"));
    cr_expect_not_null(find_finding(r, "A", "k"));
    cr_expect_not_null(find_finding(r, "A", "/tokens/3"));
    cr_expect_not_null(find_finding(r, "B", "own x"), "a rule's own subject wins");
    tp_result_free(r);
    tp_plan_free(p);
    /* The header holds for the rules of its own file only. */
    tp_compiler *c = NULL;
    cr_assert_eq(tp_compiler_new(&c, NULL), 0);
    const char *a = "pack p { subject name }\nrule A { for t in tokens deny true }\n";
    const char *b = "rule B { for t in tokens deny true }\n";
    cr_assert_eq(tp_compiler_add_source(c, "a.tpol", a, strlen(a)), 0);
    cr_assert_eq(tp_compiler_add_source(c, "b.tpol", b, strlen(b)), 0);
    cr_assert_eq(tp_compiler_compile(&p, c), 0);
    r = eval_json(p, "{\"tokens\": [{\"id\": \"i\", \"name\": \"n\"}]}", NULL);
    cr_expect_not_null(find_finding(r, "A", "n"));
    cr_expect_not_null(find_finding(r, "B", "i"));
    tp_result_free(r);
    tp_plan_free(p);
    tp_compiler_free(c);
}

Test(eval, messages_interpolate_and_never_show_secrets)
{
    tp_plan *p;
    tp_result *r = check_src(
        "rule A { for t in tokens deny true message \"{t.id}: {t.n} {t.d} {t.l} {t.secret} "
        "{t.token} {t.v}\" }",
        "{\"tokens\": [{\"id\": \"a\", \"n\": 2.5, \"d\": \"x\", \"l\": [\"p\", 1], "
        "\"secret\": \"hunter2\", \"token\": \"0123456789abcdef0123456789abcdef01234567\", "
        "\"v\": \"ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}]}",
        &p);
    const char *msg = tp_result_finding(r, 0)->message;
    cr_expect_null(strstr(msg, "hunter2"));
    cr_expect_null(strstr(msg, "0123456789abcdef"));
    cr_expect_null(strstr(msg, "ghp_"));
    cr_expect(strncmp(msg, "a: 2.5 x [\"p\", 1] [redacted] [hex-secret sha256:", 47) == 0, "got %s",
              msg);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(eval, a_message_that_cannot_be_built_keeps_the_finding)
{
    tp_plan *p;
    tp_result *r =
        check_src("rule A { title \"T\" for t in input deny true message \"{t.missing}\" }",
                  "[{\"id\": \"a\"}]", &p);
    const tp_finding *f = tp_result_finding(r, 0);
    cr_expect_eq(f->status, TP_FINDING_FAIL);
    cr_expect_str_eq(f->message,
                     "T (the message could not be built: t.missing is absent (test.tpol:1:55))");
    tp_result_free(r);
    tp_plan_free(p);
}

/* The same join evaluated through the hash index and through a scan must agree exactly. */
Test(eval, indexed_joins_agree_with_scans)
{
    const char *src =
        "rule IDX { for t in tokens\n"
        "  let s = [b.service for b in bindings where b.token == t.id and b.env != \"x\"]\n"
        "  deny true message \"{join(s, \",\")}\" }\n"
        "rule SCAN { for t in tokens\n"
        "  let s = [b.service for b in bindings where b.env != \"x\" and b.token == t.id]\n"
        "  deny true message \"{join(s, \",\")}\" }\n";
    char json[65536];
    size_t off = (size_t)snprintf(json, sizeof json, "{\"tokens\": [");
    for (int i = 0; i < 50; i++)
        off +=
            (size_t)snprintf(json + off, sizeof json - off, "%s{\"id\": \"t%d\"}", i ? "," : "", i);
    off += (size_t)snprintf(json + off, sizeof json - off, "], \"bindings\": [");
    unsigned seed = 7;
    for (int i = 0; i < 300; i++) {
        seed = seed * 1103515245 + 12345;
        int tok = (int)(seed >> 16) % 60; /* some bindings name no token */
        off += (size_t)snprintf(json + off, sizeof json - off,
                                "%s{\"token\": \"t%d\", \"service\": \"s%d\", \"env\": \"%s\"}",
                                i ? "," : "", tok, i, i % 7 ? "prod" : "x");
    }
    snprintf(json + off, sizeof json - off, "]}");
    tp_plan *p;
    tp_result *r = check_src(src, json, &p);
    cr_assert_eq(tp_result_finding_count(r), 100);
    for (size_t i = 0; i < 50; i++) {
        const tp_finding *a = tp_result_finding(r, i), *b = tp_result_finding(r, 50 + i);
        cr_expect_str_eq(a->rule, "IDX");
        cr_expect_str_eq(a->subject, b->subject);
        cr_expect_str_eq(a->message, b->message);
    }
    tp_result_free(r);
    tp_plan_free(p);
}

Test(eval, an_indexed_join_fails_closed_like_a_scan)
{
    const char *src = "rule IDX { for t in tokens require count(b for b in bindings where b.token "
                      "== t.id) < 9 }\n"
                      "rule SCAN { for t in tokens require count(b for b in bindings where true "
                      "and b.token == t.id) < 9 }\n";
    tp_plan *p;
    tp_result *r = check_src(
        src,
        "{\"tokens\": [{\"id\": \"a\"}], \"bindings\": [{\"token\": \"a\"}, {\"service\": \"s\"}]}",
        &p);
    cr_expect_eq(count_findings(r, "IDX", TP_FINDING_ERROR), 1);
    cr_expect_eq(count_findings(r, "SCAN", TP_FINDING_ERROR), 1);
    cr_expect_str_eq(find_finding(r, "IDX", "a")->message, "b.token is absent (test.tpol:1:68)");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(eval, joins_across_named_documents)
{
    tp_plan *p = compile_src("rule J { for t in tokens require t.owner in admins[*].id }", NULL);
    tp_document *toks, *admins;
    const char *a =
        "{\"tokens\": [{\"id\": \"x\", \"owner\": \"1\"}, {\"id\": \"y\", \"owner\": \"2\"}]}";
    const char *b = "[{\"id\": \"1\"}]";
    cr_assert_eq(tp_document_parse(&toks, a, strlen(a), NULL, NULL), 0);
    cr_assert_eq(tp_document_parse(&admins, b, strlen(b), NULL, NULL), 0);
    tp_binding bind[] = {{NULL, toks}, {"admins", admins}};
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    cr_assert_eq(tp_evaluate(r, p, "toks.json", bind, 2, NULL), 0);
    cr_assert_eq(tp_result_finding_count(r), 1);
    cr_expect_str_eq(tp_result_finding(r, 0)->subject, "y");
    tp_result_free(r);
    tp_document_free(toks);
    tp_document_free(admins);
    tp_plan_free(p);
}

Test(eval, file_level_lets_are_shared_by_rules)
{
    tp_plan *p;
    tp_result *r = check_src(
        "let api = [t for t in tokens where t.kind == \"api\"]\n"
        "rule A { require count(api) == 1 }\n"
        "rule B { for t in api require t.id == \"a\" }\n",
        "{\"tokens\": [{\"id\": \"a\", \"kind\": \"api\"}, {\"id\": \"b\", \"kind\": \"sdk\"}]}",
        &p);
    cr_expect_eq(tp_result_finding_count(r), 0);
    cr_expect_eq(tp_result_input_checked(r, 0), 2);
    tp_result_free(r);
    tp_plan_free(p);
}
