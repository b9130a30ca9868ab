/* The expressions provider exports need: generators with several `for` clauses, list
 * concatenation, split(), flatten() and capture(), and objects built by the policy as subjects. */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

TestSuite(expressions);

Test(expressions, a_generator_takes_several_for_clauses)
{
    const char *doc =
        "{\"users\": [{\"n\": \"al\", \"on\": true, \"keys\": [\"a\", \"b\"]},"
        " {\"n\": \"bo\", \"on\": false, \"keys\": [\"c\"]}, {\"n\": \"cy\", \"on\": true,"
        " \"keys\": []}]}";
    EXPECT("[k for u in input.users for k in u.keys] == [\"a\", \"b\", \"c\"]", doc, 'p');
    /* A `where` may follow each `for`: it filters before the next clause runs. */
    EXPECT("[k for u in input.users where u.on for k in u.keys] == [\"a\", \"b\"]", doc, 'p');
    EXPECT("[k for u in input.users for k in u.keys where k != \"a\"] == [\"b\", \"c\"]", doc, 'p');
    EXPECT("[\"{u.n}{k}\" for u in input.users where u.on for k in u.keys where u.n == \"al\" and "
           "k == \"b\"] == [\"alb\"]",
           doc, 'p');
    /* As the argument of an aggregate, and with three clauses. */
    EXPECT("count(k for u in input.users for k in u.keys) == 3", doc, 'p');
    EXPECT("[[a, b, c] for a in [1, 2] for b in [3] for c in [4, 5]] =="
           " [[1, 3, 4], [1, 3, 5], [2, 3, 4], [2, 3, 5]]",
           doc, 'p');
    EXPECT("any(k == \"c\" for u in input.users for k in u.keys)", doc, 'p');
    /* The AWS credential report's two key slots per row. */
    EXPECT("[\"{r.user}/{n}\" for r in input.rows for n in [1, 2] where r[\"k{n}\"]] =="
           " [\"a/2\", \"b/1\", \"b/2\"]",
           "{\"rows\": [{\"user\": \"a\", \"k1\": false, \"k2\": true},"
           " {\"user\": \"b\", \"k1\": true, \"k2\": true}]}",
           'p');
    expect_require_error("count(k.x for u in input.users for k in u.keys) > 0", doc,
                         "cannot read field 'x' of a string (test.tpol:2:17)");
}

Test(expressions, a_clause_reads_only_the_variables_bound_before_it)
{
    assert_diag("rule A { require count(x for x in [1] where y > 1 for y in [2]) > 0 }", 1, 45,
                "'y' is used before its 'for' (line 1)");
    assert_diag("rule A { require count(x for x in x.items) > 0 }", 1, 35,
                "'x' is used before its 'for' (line 1)");
    assert_diag("rule A { require count(x for x in [1] for x in [2]) > 0 }", 1, 43,
                "'x' is already bound here");
    assert_diag("rule A { require count(x for x in [1] for y in 3) > 0 }", 1, 48,
                "'for ... in' needs a list, not a number");
}

/* An inner clause over a list every subject shares is answered from a hash index; the result is
 * exactly that of a scan (the `true and` keeps the second rule from using one). */
Test(expressions, an_inner_join_through_an_index_agrees_with_a_scan)
{
    const char *src =
        "rule IDX { for t in teams\n"
        "  let s = [\"{u}:{b.service}\" for u in t.users for b in bindings where b.user == u]\n"
        "  deny true message \"{join(s, \",\")}\" }\n"
        "rule SCAN { for t in teams\n"
        "  let s = [\"{u}:{b.service}\" for u in t.users for b in bindings where true and b.user "
        "== u]\n"
        "  deny true message \"{join(s, \",\")}\" }\n";
    const char *json =
        "{\"teams\": [{\"id\": \"t1\", \"users\": [\"a\", \"b\"]},"
        " {\"id\": \"t2\", \"users\": [\"c\", \"a\"]}, {\"id\": \"t3\", \"users\": []}],"
        " \"bindings\": [{\"user\": \"a\", \"service\": \"s1\"}, {\"user\": \"c\","
        " \"service\": \"s2\"}, {\"user\": \"a\", \"service\": \"s3\"}]}";
    tp_plan *p;
    tp_result *r = check_src(src, json, &p);
    cr_assert_eq(tp_result_finding_count(r), 6);
    const char *want[] = {"t1", "a:s1,a:s3", "t2", "c:s2,a:s1,a:s3", "t3", ""};
    for (size_t i = 0; i < 3; i++) {
        const tp_finding *a = find_finding(r, "IDX", want[2 * i]);
        const tp_finding *b = find_finding(r, "SCAN", want[2 * i]);
        cr_assert(a && b, "no finding for %s", want[2 * i]);
        cr_expect_str_eq(a->message, want[2 * i + 1]);
        cr_expect_str_eq(b->message, want[2 * i + 1]);
    }
    tp_result_free(r);
    tp_plan_free(p);
}

Test(expressions, plus_concatenates_lists)
{
    const char *doc = "{\"a\": [1, 2], \"b\": [{\"x\": 3}]}";
    EXPECT("input.a + [3] == [1, 2, 3] and [] + [] == [] and [0] + input.a == [0, 1, 2]", doc, 'p');
    EXPECT("input.a + input.b[*].x + [x * 10 for x in input.a] == [1, 2, 3, 10, 20]", doc, 'p');
    EXPECT("max(x for x in input.a + [7] where x != 2) == 7", doc, 'p');
    assert_diag("rule A { require [1] + 2 == [] }", 1, 18,
                "'+' is not defined for a list and a number");
    expect_require_error("input.a + input.b[0] == []", doc,
                         "'+' is not defined for a list and an object (test.tpol:2:11)");
}

Test(expressions, split_cuts_a_string_at_each_separator)
{
    EXPECT("split(\"vso.code vso.build_execute\", \" \") == [\"vso.code\", \"vso.build_execute\"]",
           "{}", 'p');
    EXPECT("split(\"a,,b,\", \",\") == [\"a\", \"\", \"b\", \"\"]", "{}", 'p');
    EXPECT("split(\"\", \",\") == [\"\"] and split(\"abc\", \"--\") == [\"abc\"]", "{}", 'p');
    EXPECT("split(\"a--b--c\", \"--\") == [\"a\", \"b\", \"c\"]", "{}", 'p');
    EXPECT("any(endswith(s, \"_write\") for s in split(input.scope, \" \"))",
           "{\"scope\": \"vso.build vso.code_write\"}", 'p');
    expect_require_error("split(\"a\", input.sep) == []", "{\"sep\": \"\"}",
                         "split() needs a separator that is not empty (test.tpol:2:22)");
    expect_require_error("split(input.n, \",\") == []", "{\"n\": 5}",
                         "split() takes a string, but input.n is a number (test.tpol:2:17)");
    assert_diag("rule A { require split(\"a\", 1) == [] }", 1, 29,
                "split() takes a string, not a number");
}

Test(expressions, flatten_joins_the_pages_of_an_export)
{
    const char *doc = "{\"pages\": [[{\"id\": 1}, {\"id\": 2}], [], [{\"id\": 3}]]}";
    EXPECT("flatten(input.pages)[*].id == [1, 2, 3]", doc, 'p');
    EXPECT("flatten([[1, [2]], 3, []]) == [1, [2], 3]", "{}", 'p');
    EXPECT("flatten([]) == [] and count(flatten(input.pages)) == 3", doc, 'p');
    expect_require_error("flatten(input.pages[0][0]) == []", doc,
                         "flatten() takes a list, but input.pages[0][0] is an object "
                         "(test.tpol:2:19)");
    assert_diag("rule A { require flatten(\"x\") == [] }", 1, 26,
                "flatten() takes a list, not a string");
}

/* is_secret(): what a report would mask, by field name or by shape, at any depth. */
Test(expressions, is_secret_finds_what_reports_mask)
{
    const char *doc =
        "{\"password\": \"hunter2\", \"Secret\": \"x\", \"empty_password\": \"\", \"pin\": 7,"
        " \"pin_count\": 3, \"api_key\": 1234, \"auth\": false, \"token\": \"lok-1\","
        " \"key\": \"0123456789abcdef0123456789abcdef\", \"label\": \"CI deploy key\","
        " \"note\": \"CI key ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5\","
        " \"url\": \"https://deploy:pa55word@git.example/app.git\","
        " \"meta\": {\"rotation\": \"monthly\", \"deep\": [{\"client_secret\": \"s\"}]},"
        " \"plain\": {\"a\": [1, \"b\", null]}, \"credentials\": {\"user\": \"u\"},"
        " \"by_token\": {\"ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5\": true}}";
    /* By name: any non-empty string or number; `token` and `key` only when opaque. */
    EXPECT("is_secret(input.password) and is_secret(input.Secret) and is_secret(input.api_key)",
           doc, 'p');
    EXPECT("is_secret(input.key) and is_secret(input.credentials) and is_secret(input.pin)", doc,
           'p');
    EXPECT("is_secret(input.empty_password) or is_secret(input.auth) or is_secret(input.token)",
           doc, 'f');
    /* By shape, in any field; nested values and keys. */
    EXPECT("is_secret(input.note) and is_secret(input.url) and is_secret(input.meta)", doc, 'p');
    EXPECT("is_secret(input.by_token) and is_secret([input.meta.deep])", doc, 'p');
    EXPECT("is_secret(input.label) or is_secret(input.plain) or is_secret(input.pin_count)", doc,
           'f');
    /* Absent is not a secret; a whole record holds one when any field does. */
    EXPECT("not is_secret(input.missing) and is_secret(input)", doc, 'p');
    EXPECT("[k for k in keys(input) where is_secret(input[k])] == [\"password\", \"Secret\", "
           "\"pin\", \"api_key\", \"key\", \"note\", \"url\", \"meta\", \"credentials\", "
           "\"by_token\"]",
           doc, 'p');
    /* A string the policy builds is judged by its shape alone. */
    EXPECT("is_secret(\"password=hunter2\") and not is_secret(\"password\")", "{}", 'p');
    assert_diag("rule A { require is_secret(1, 2) }", 1, 18, "is_secret() takes 1 argument, not 2");
}

Test(expressions, capture_extracts_the_first_group_or_is_absent)
{
    const char *doc = "{\"name\": \"projects/p/serviceAccounts/sa@p.iam.gserviceaccount.com/keys/"
                      "0a1b\"}";
    EXPECT("capture(input.name, \"/serviceAccounts/([^/]+)/keys/\") =="
           " \"sa@p.iam.gserviceaccount.com\"",
           doc, 'p');
    /* Without a group: the whole match. With {{ }}: a quantifier, not an interpolation. */
    EXPECT("capture(\"key AKIAABCDEFGHIJKLMNOP.json\", \"[A-Z0-9]{{20}}\") =="
           " \"AKIAABCDEFGHIJKLMNOP\"",
           "{}", 'p');
    EXPECT("matches(\"2026-01\", \"^[0-9]{{4}}-\") and not matches(\"2026-01\", \"^[0-9]{{5}}-\")",
           "{}", 'p');
    EXPECT("(capture(input.name, \"^x(y)\") ?? \"none\") == \"none\"", doc, 'p');
    EXPECT("(capture(\"b\", \"(a)|b\") ?? \"no group\") == \"no group\"", "{}", 'p');
    EXPECT("capture(input.name, input.re) == \"0a1b\"",
           "{\"name\": \"k/0a1b\", \"re\": \"/(.*)$\"}", 'p');
    expect_require_error("capture(input.name, \"^x(y)\") == \"y\"", doc,
                         "capture() found no match for its pattern in input.name (test.tpol:2:11)");
    assert_diag("rule A { require capture(\"a\", \"(\") == \"a\" }", 1, 31,
                "invalid regular expression: missing closing parenthesis (at byte 1 of the "
                "pattern)");
}

Test(expressions, captured_parts_of_a_secret_stay_secret)
{
    tp_plan *p;
    tp_result *r =
        check_src("rule A { for t in tokens deny true message \"{capture(t.secret, \"^(.*)-x$\")} "
                  "{split(t.secret, \"-\")[0]}\" }",
                  "{\"tokens\": [{\"id\": \"a\", \"secret\": \"hunter2hunter2-x\"}]}", &p);
    const char *msg = tp_result_finding(r, 0)->message;
    cr_expect_null(strstr(msg, "hunter2"), "%s", msg);
    cr_expect_str_eq(msg, "[redacted] [redacted]");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(expressions, objects_built_by_the_policy_are_subjects)
{
    tp_plan *p;
    tp_result *r = check_src(
        "let slots = [{id: \"{r.user}/key{n}\", used: r[\"k{n}_used\"]} for r in rows"
        " for n in [1, 2] where r[\"k{n}_used\"] != null]\n"
        "rule S { for k in slots deny time(k.used) < @2026-01-01 message \"{k.used}\" }\n",
        "{\"rows\": [{\"user\": \"a\", \"k1_used\": \"2025-03-01\", \"k2_used\": null},"
        " {\"user\": \"b\", \"k1_used\": \"2026-03-01\", \"k2_used\": \"2024-01-01\"}]}",
        &p);
    cr_assert_eq(tp_result_finding_count(r), 2);
    cr_expect_str_eq(tp_result_finding(r, 0)->subject, "a/key1");
    cr_expect_str_eq(tp_result_finding(r, 1)->subject, "b/key2");
    cr_expect_str_eq(tp_result_finding(r, 1)->message, "2024-01-01");
    cr_expect_eq(tp_result_input_checked(r, 0), 3);
    tp_result_free(r);
    tp_plan_free(p);
}
