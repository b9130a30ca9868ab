/*
 * Joins and aggregates whose results an evaluation keeps for the rest of its input (per key of
 * the subject they read, or once when they read none of it): whatever the keys repeat, every
 * subject gets what computing it on its own gives, values and errors alike. The expected results
 * are computed here from the same data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

TestSuite(joins);

enum { NTOKENS = 60, NBINDINGS = 400, NIDS = 5 };

/* Tokens t0..t59 whose ids repeat (id0..id4, one of them 40 times), bindings naming ids at
 * random: bound[i] lists the services of token i's id, in binding order. */
typedef struct join_data {
    char json[65536];
    int id_of[NTOKENS];
    int kind_of[NTOKENS];
    char bound[NTOKENS][4096];
} join_data;

static void make_data(join_data *d)
{
    size_t off = (size_t)snprintf(d->json, sizeof d->json, "{\"tokens\": [");
    unsigned seed = 11;
    for (int i = 0; i < NTOKENS; i++) {
        seed = seed * 1103515245 + 12345;
        d->id_of[i] = i < 40 ? 0 : (int)(seed >> 16) % NIDS;
        d->kind_of[i] = i % 3;
        off += (size_t)snprintf(d->json + off, sizeof d->json - off,
                                "%s{\"n\": \"t%d\", \"id\": \"id%d\", \"kind\": \"k%d\"}",
                                i ? ", " : "", i, d->id_of[i], d->kind_of[i]);
        d->bound[i][0] = '\0';
    }
    off += (size_t)snprintf(d->json + off, sizeof d->json - off, "], \"bindings\": [");
    for (int b = 0; b < NBINDINGS; b++) {
        seed = seed * 1103515245 + 12345;
        int id = (int)(seed >> 16) % (NIDS + 1); /* some name no token */
        off +=
            (size_t)snprintf(d->json + off, sizeof d->json - off,
                             "%s{\"token\": \"id%d\", \"service\": \"s%d\"}", b ? ", " : "", id, b);
        for (int i = 0; i < NTOKENS; i++)
            if (d->id_of[i] == id) {
                size_t len = strlen(d->bound[i]);
                snprintf(d->bound[i] + len, sizeof d->bound[i] - len, "%ss%d", len ? "," : "", b);
            }
    }
    snprintf(d->json + off, sizeof d->json - off, "]}");
}

/* The message of rule's finding for subject "tN". */
static const char *message_of(const tp_result *r, const char *rule, int i)
{
    char subject[16];
    snprintf(subject, sizeof subject, "t%d", i);
    const tp_finding *f = find_finding(r, rule, subject);
    cr_assert_not_null(f, "%s has no finding for %s", rule, subject);
    return f->message;
}

Test(joins, repeated_keys_give_each_subject_its_own_result)
{
    static join_data d;
    make_data(&d);
    tp_plan *p;
    tp_result *r = check_src(
        "pack j { subject n }\n"
        "rule LIST { for t in tokens\n"
        "  let s = [b.service for b in bindings where b.token == t.id]\n"
        "  deny true message \"{join(s, \",\")}\" }\n"
        "rule COUNT { for t in tokens deny true\n"
        "  message \"{count(b for b in bindings where b.token == t.id)}\" }\n"
        "rule SAME { for t in tokens deny true\n"
        "  message \"{count(x for x in tokens where x.id == t.id and x.kind == t.kind)}\" }\n"
        "rule TWO { for t in tokens deny true\n"
        "  message \"{count(b for x in tokens where x.id == t.id for b in bindings where b.token "
        "== x.id)}\" }\n",
        d.json, &p);
    for (int i = 0; i < NTOKENS; i++) {
        cr_expect_str_eq(message_of(r, "LIST", i), d.bound[i], "t%d", i);
        int services = 0, same = 0, same_id = 0;
        for (const char *s = d.bound[i]; *s; s++)
            services += *s == 's';
        for (int k = 0; k < NTOKENS; k++) {
            same += d.id_of[k] == d.id_of[i] && d.kind_of[k] == d.kind_of[i];
            same_id += d.id_of[k] == d.id_of[i];
        }
        char want[32];
        snprintf(want, sizeof want, "%d", services);
        cr_expect_str_eq(message_of(r, "COUNT", i), want, "t%d", i);
        snprintf(want, sizeof want, "%d", same);
        cr_expect_str_eq(message_of(r, "SAME", i), want, "t%d", i);
        snprintf(want, sizeof want, "%d", same_id * services);
        cr_expect_str_eq(message_of(r, "TWO", i), want, "t%d", i);
    }
    tp_result_free(r);
    tp_plan_free(p);
}

Test(joins, an_error_for_a_key_is_the_error_of_every_subject_with_it)
{
    static join_data d;
    make_data(&d);
    tp_plan *p;
    /* Every binding of id0 has a service, none has `x`: reading it fails for every token. */
    tp_result *r = check_src("pack j { subject n }\n"
                             "rule E { for t in tokens where t.id == \"id0\"\n"
                             "  require count(b for b in bindings where b.token == t.id and "
                             "b.service.x == 1) == 0 }\n",
                             d.json, &p);
    cr_assert_eq(tp_result_finding_count(r), 1);
    const tp_finding *f = tp_result_finding(r, 0);
    cr_expect_eq(f->status, TP_FINDING_ERROR);
    cr_expect(strstr(f->message, "cannot read field 'x' of a string") != NULL, "%s", f->message);
    int with_id0 = 0;
    for (int i = 0; i < NTOKENS; i++)
        with_id0 += d.id_of[i] == 0;
    char want[32];
    snprintf(want, sizeof want, "; for %d subjects: ", with_id0);
    cr_expect(strstr(f->message, want) != NULL, "%s", f->message);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(joins, a_key_that_is_absent_fails_where_it_is_absent)
{
    tp_plan *p;
    tp_result *r = check_src(
        "rule O { for t in tokens require count(b for b in bindings where b.token == t.owner) "
        "== 1 }\n",
        "{\"tokens\": [{\"id\": \"a\", \"owner\": \"u\"}, {\"id\": \"b\"}, {\"id\": \"c\", "
        "\"owner\": \"u\"}], \"bindings\": [{\"token\": \"u\"}, {\"token\": \"v\"}]}",
        &p);
    cr_expect_eq(tp_result_finding_count(r), 1);
    const tp_finding *f = find_finding(r, "O", "b");
    cr_assert_not_null(f);
    cr_expect_eq(f->status, TP_FINDING_ERROR);
    cr_expect_str_eq(f->message, "t.owner is absent (test.tpol:1:77)");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(joins, keys_that_are_lists_or_objects_join_by_value)
{
    /* The same object written with its members in another order is the same key. */
    tp_plan *p;
    tp_result *r = check_src(
        "rule K { for t in tokens deny true message \"{count(b for b in bindings where b.token == "
        "t.ref)}\" }\n"
        "rule D { deny true message \"{count(distinct(b.token for b in bindings))}\" }\n",
        "{\"tokens\": [{\"id\": \"a\", \"ref\": {\"x\": 1, \"y\": [1, 2]}}, {\"id\": \"b\", "
        "\"ref\": [1, 2]}, {\"id\": \"c\", \"ref\": {\"x\": 2}}],"
        " \"bindings\": [{\"token\": {\"y\": [1, 2], \"x\": 1}}, {\"token\": [1, 2]}, {\"token\": "
        "{\"x\": 1, \"y\": [1, 2]}}, {\"token\": [2, 1]}, {\"token\": \"a\"}]}",
        &p);
    cr_expect_str_eq(find_finding(r, "K", "a")->message, "2");
    cr_expect_str_eq(find_finding(r, "K", "b")->message, "1");
    cr_expect_str_eq(find_finding(r, "K", "c")->message, "0");
    cr_expect_str_eq(find_finding(r, "D", "input")->message, "4");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(joins, a_secret_key_is_not_shown_and_still_joins)
{
    tp_plan *p;
    tp_result *r = check_src(
        "rule S { for t in tokens deny true message \"{count(b for b in bindings where b.k == "
        "t.secret)}\" }\n",
        "{\"tokens\": [{\"id\": \"a\", \"secret\": \"s3cr3t-value-0123456789\"}, {\"id\": \"b\", "
        "\"secret\": \"other\"}], \"bindings\": [{\"k\": \"s3cr3t-value-0123456789\"}, {\"k\": "
        "\"s3cr3t-value-0123456789\"}]}",
        &p);
    cr_expect_str_eq(find_finding(r, "S", "a")->message, "2");
    cr_expect_str_eq(find_finding(r, "S", "b")->message, "0");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(joins, what_reads_no_subject_is_the_same_for_every_subject)
{
    tp_plan *p;
    tp_result *r = check_src(
        "rule I { for t in tokens where count(tokens) == 3 and count(distinct(tokens[*].g)) == 2\n"
        "  deny t.id in [x.id for x in tokens where x.g == \"a\"] }\n",
        "{\"tokens\": [{\"id\": \"a\", \"g\": \"a\"}, {\"id\": \"b\", \"g\": \"b\"}, {\"id\": "
        "\"c\", \"g\": \"a\"}]}",
        &p);
    cr_expect_eq(count_findings(r, "I", TP_FINDING_FAIL), 2);
    cr_expect_not_null(find_finding(r, "I", "a"));
    cr_expect_not_null(find_finding(r, "I", "c"));
    tp_result_free(r);
    tp_plan_free(p);
}

/* The services bound to each token's key, by rule L of join_rule. */
static const char join_rule[] = "rule L { for t in tokens\n"
                                "  let s = [b.s for b in bindings where b.k == t.k]\n"
                                "  deny true message \"{count(s)}:{join(s, \",\")}\" }\n";

Test(joins, keys_with_equal_hashes_are_told_apart_in_list_order)
{
    /* null and [] hash alike, and so do lists that differ only by them ([null] and [[]], [[],
     * null] and [null, []]): an index finds keys by hash, and must compare them too. */
    tp_plan *p;
    tp_result *r = check_src(
        join_rule,
        "{\"tokens\": [{\"id\": \"a\", \"k\": null}, {\"id\": \"b\", \"k\": []}, {\"id\": \"c\", "
        "\"k\": [null]}, {\"id\": \"d\", \"k\": [[]]}, {\"id\": \"e\", \"k\": {}}, {\"id\": \"f\", "
        "\"k\": [[], null]}, {\"id\": \"g\", \"k\": [null, []]}, {\"id\": \"h\", \"k\": [[[]]]}],"
        " \"bindings\": [{\"k\": [], \"s\": \"1\"}, {\"k\": null, \"s\": \"2\"}, {\"k\": [[]], "
        "\"s\": \"3\"}, {\"k\": [null], \"s\": \"4\"}, {\"k\": null, \"s\": \"5\"}, {\"k\": [], "
        "\"s\": \"6\"}, {\"k\": [[]], \"s\": \"7\"}, {\"k\": {}, \"s\": \"8\"}, {\"k\": [null, "
        "[]], "
        "\"s\": \"9\"}, {\"k\": [[], null], \"s\": \"10\"}, {\"k\": [[null]], \"s\": \"11\"}]}",
        &p);
    static const char *const want[][2] = {{"a", "2:2,5"}, {"b", "2:1,6"}, {"c", "1:4"},
                                          {"d", "2:3,7"}, {"e", "1:8"},   {"f", "1:10"},
                                          {"g", "1:9"},   {"h", "0:"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const tp_finding *f = find_finding(r, "L", want[i][0]);
        cr_assert_not_null(f, "no finding for %s", want[i][0]);
        cr_expect_str_eq(f->message, want[i][1], "token %s", want[i][0]);
    }
    tp_result_free(r);
    tp_plan_free(p);
}

Test(joins, string_keys_looked_up_in_turn_find_their_own_elements)
{
    /* Subjects in a row with the same key, then keys that are prefixes of each other, empty, too
     * long to be remembered (sharing their first 50 bytes), or a number written like a string;
     * keys of 16 bytes (the longest an index's chain copies) and 17 that share 15 or 16. */
    static const char *const keys[] = {"\"x\"",
                                       "\"x\"",
                                       "\"xy\"",
                                       "\"\"",
                                       "\"x\"",
                                       "1",
                                       "\"1\"",
                                       "\"1\"",
                                       "\""
                                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1\"",
                                       "\""
                                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2\"",
                                       "\""
                                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1\"",
                                       "\"\"",
                                       "\"z\"",
                                       "\"aaaaaaaaaaaaaaa1\"",
                                       "\"aaaaaaaaaaaaaaaa1\"",
                                       "\"aaaaaaaaaaaaaaa2\"",
                                       "\"aaaaaaaaaaaaaaaa\""};
    enum { NKEYS = sizeof keys / sizeof keys[0] };
    /* Binding b has key keys[(b * 5) % NKEYS]: every key some times, in another order. */
    char json[8192];
    size_t off = (size_t)snprintf(json, sizeof json, "{\"tokens\": [");
    for (int i = 0; i < NKEYS; i++)
        off += (size_t)snprintf(json + off, sizeof json - off, "%s{\"id\": \"t%d\", \"k\": %s}",
                                i ? ", " : "", i, keys[i]);
    off += (size_t)snprintf(json + off, sizeof json - off, "], \"bindings\": [");
    for (int b = 0; b < 2 * NKEYS; b++)
        off += (size_t)snprintf(json + off, sizeof json - off, "%s{\"k\": %s, \"s\": \"%d\"}",
                                b ? ", " : "", keys[(b * 5) % NKEYS], b);
    snprintf(json + off, sizeof json - off, "]}");
    tp_plan *p;
    tp_result *r = check_src(join_rule, json, &p);
    for (int i = 0; i < NKEYS; i++) {
        char want[256] = "";
        int n = 0;
        size_t len = 0;
        for (int b = 0; b < 2 * NKEYS; b++)
            if (strcmp(keys[(b * 5) % NKEYS], keys[i]) == 0)
                len += (size_t)snprintf(want + len, sizeof want - len, "%s%d", n++ ? "," : "", b);
        char expect[300];
        snprintf(expect, sizeof expect, "%d:%s", n, want);
        cr_expect_str_eq(message_of(r, "L", i), expect, "token t%d, key %s", i, keys[i]);
    }
    tp_result_free(r);
    tp_plan_free(p);
}

/* `n` tokens with ids k0, k1, ... and a binding for each, in one JSON document. */
static char *one_binding_each(int n)
{
    text_buf t = {0};
    text_printf(&t, "{\"tokens\": [");
    for (int i = 0; i < n; i++)
        text_printf(&t, "%s{\"id\": \"k%d\"}", i ? ", " : "", i);
    text_printf(&t, "], \"bindings\": [");
    for (int i = 0; i < n; i++)
        text_printf(&t, "%s{\"token\": \"k%d\", \"s\": %d}", i ? ", " : "", i, i);
    text_printf(&t, "]}");
    return t.s;
}

Test(joins, ids_that_few_elements_share_are_looked_up_per_subject)
{
    /* No key has enough elements to be worth keeping (the index knows it without a lookup):
     * each subject still finds its own binding. */
    char *json = one_binding_each(300);
    tp_plan *p;
    tp_result *r = check_src("pack j { subject id }\n"
                             "rule J { for t in tokens\n"
                             "  deny true message \"{first(b.s for b in bindings where b.token "
                             "== t.id)}\" }\n",
                             json, &p);
    cr_assert_eq(tp_result_finding_count(r), 300);
    for (int i = 0; i < 300; i += 37) {
        char subject[16], want[16];
        snprintf(subject, sizeof subject, "k%d", i);
        snprintf(want, sizeof want, "%d", i);
        const tp_finding *f = find_finding(r, "J", subject);
        cr_assert_not_null(f, "no finding for %s", subject);
        cr_expect_str_eq(f->message, want);
    }
    tp_result_free(r);
    tp_plan_free(p);
    free(json);
}

enum { NUSERS = 6000, NOWNED = 3000 };

Test(joins, a_join_over_a_list_larger_than_the_caches_finds_every_subject_its_own)
{
    /* Users in no order, some ids twice (a chain of two), some ids numbers; tokens whose owners
     * are drawn at random (a join the index cannot guess, which is warmed a few subjects at a
     * time), some of them unknown, null or absent, also read by a path of two steps (rule K).
     * Each token's message names what the join found. */
    static int role_of[NUSERS], twice[NUSERS], owner_of[NOWNED];
    text_buf t = {0};
    text_printf(&t, "{\"users\": [");
    unsigned seed = 7;
    for (int i = 0; i < NUSERS; i++) {
        int u = i * 7919 % NUSERS; /* 7919 is prime to NUSERS: a permutation */
        seed = seed * 1103515245 + 12345;
        role_of[u] = (int)(seed >> 16) % 3;
        twice[u] = u % 97 == 0;
        const char *roles[] = {"owner", "admin", "member"};
        /* Some users have more members, of every kind: warming reads the first members of
         * what it finds, whatever they hold. */
        const char *more = u % 3 == 0   ? ", \"a\": \"\", \"b\": [], \"c\": {\"d\": 1}, \"e\": 2"
                           : u % 3 == 1 ? ", \"a\": {}"
                                        : "";
        for (int k = 0; k <= twice[u]; k++)
            text_printf(&t, "%s{\"id\": %s%d%s, \"role\": \"%s\"%s}", i || k ? ", " : "",
                        u % 50 == 1 ? "" : "\"u", u, u % 50 == 1 ? "" : "\"", roles[role_of[u]],
                        more);
    }
    text_printf(&t, "], \"tokens\": [");
    for (int i = 0; i < NOWNED; i++) {
        seed = seed * 1103515245 + 12345;
        owner_of[i] = (int)(seed >> 16) % (NUSERS + 500); /* past NUSERS: nobody's */
        text_printf(&t, "%s{\"n\": \"t%d\"", i ? ", " : "", i);
        if (i % 101 == 3)
            text_printf(&t, ", \"owner\": null}");
        else if (i % 103 == 5)
            text_printf(&t, "}");
        else
            text_printf(&t, ", \"owner\": \"u%d\", \"m\": {\"o\": \"u%d\"}}", owner_of[i],
                        owner_of[i]);
    }
    text_printf(&t, "]}");
    tp_plan *p;
    tp_result *r = check_src("pack j { subject n }\n"
                             "rule J { for t in tokens\n"
                             "  let owner = first(u for u in users where u.id == t.owner)\n"
                             "  deny true message \"{owner.role ?? \"none\"} "
                             "{count(u for u in users where u.id == t.owner)}\" }\n"
                             "rule K { for t in tokens where has(t.m)\n" /* a path of two steps */
                             "  let owner = first(u for u in users where u.id == t.m.o)\n"
                             "  deny true message \"{owner.role ?? \"none\"} "
                             "{count(u for u in users where u.id == t.m.o)}\" }\n",
                             t.s, &p);
    size_t absent = 0, nulls = 0;
    for (int i = 0; i < NOWNED; i++) {
        char subject[16], want[32];
        snprintf(subject, sizeof subject, "t%d", i);
        nulls += i % 101 == 3;
        if (i % 103 == 5 && i % 101 != 3) { /* absent: an error, grouped, as a scan gives */
            absent++;
            continue;
        }
        const tp_finding *f = find_finding(r, "J", subject);
        cr_assert_not_null(f, "no finding for %s", subject);
        int o = owner_of[i];
        int known = i % 101 != 3 && o < NUSERS && o % 50 != 1; /* a number id is not "uN" */
        static const char *const roles[] = {"owner", "admin", "member"};
        snprintf(want, sizeof want, "%s %d", known ? roles[role_of[o]] : "none",
                 known ? 1 + twice[o] : 0);
        cr_expect_str_eq(f->message, want, "%s (owner u%d)", subject, o);
        const tp_finding *k = find_finding(r, "K", subject);
        if (i % 101 != 3) {
            cr_assert_not_null(k, "no finding of K for %s", subject);
            cr_expect_str_eq(k->message, want, "K: %s (owner u%d)", subject, o);
        }
    }
    cr_expect_gt(absent, 0);
    cr_expect_eq(count_findings(r, "J", TP_FINDING_ERROR), 1);
    cr_expect_eq(tp_result_finding_count(r), (NOWNED - absent + 1) + (NOWNED - absent - nulls));
    tp_result_free(r);
    tp_plan_free(p);
    free(t.s);
}

enum { NRECORDS = 5000 };

/* The record token i looks up: two permutations of the records (7919 and 7907 are prime to
 * NRECORDS), one for each half of the tokens. */
static int record_of(int i)
{
    return i * (i < NRECORDS ? 7919 : 7907) % NRECORDS;
}

Test(joins, warming_reads_no_member_past_those_a_record_has)
{
    /* Records of four members (warming reads the fourth) and of one, each looked up twice, in no
     * order the index can guess: the record that ends a chunk of the document's memory is read
     * too, where under the asan preset a member read past the record's own is reported. */
    text_buf t = {0};
    text_printf(&t, "{\"one\": [");
    for (int i = 0; i < NRECORDS; i++)
        text_printf(&t, "%s{\"id\": \"o%d\"}", i ? ", " : "", i);
    text_printf(&t, "], \"four\": [");
    for (int i = 0; i < NRECORDS; i++)
        text_printf(&t, "%s{\"id\": \"f%d\", \"a\": %d, \"b\": true, \"c\": null}", i ? ", " : "",
                    i, i);
    text_printf(&t, "], \"tokens\": [");
    for (int i = 0; i < 2 * NRECORDS; i++) {
        int k = record_of(i);
        text_printf(&t, "%s{\"n\": \"t%d\", \"f\": \"f%d\", \"o\": \"o%d\"}", i ? ", " : "", i, k,
                    k);
    }
    text_printf(&t, "]}");
    tp_plan *p;
    tp_result *r = check_src("pack j { subject n }\n"
                             "rule F { for t in tokens\n"
                             "  let r = first(x for x in four where x.id == t.f)\n"
                             "  deny true message \"{r.a}\" }\n"
                             "rule O { for t in tokens\n"
                             "  let r = first(x for x in one where x.id == t.o)\n"
                             "  deny true message \"{r.id}\" }\n",
                             t.s, &p);
    static int seen[2][2 * NRECORDS];
    for (size_t n = 0; n < tp_result_finding_count(r); n++) {
        const tp_finding *f = tp_result_finding(r, n);
        int i = atoi(f->subject + 1), rule = strcmp(f->rule, "O") == 0;
        cr_assert(f->status == TP_FINDING_FAIL && i >= 0 && i < 2 * NRECORDS, "%s %s: %s", f->rule,
                  f->subject, f->message);
        char want[16];
        snprintf(want, sizeof want, "%s%d", rule ? "o" : "", record_of(i));
        cr_expect_str_eq(f->message, want, "%s %s", f->rule, f->subject);
        seen[rule][i]++;
    }
    for (int i = 0; i < 2 * NRECORDS; i++)
        cr_expect(seen[0][i] == 1 && seen[1][i] == 1, "t%d", i);
    cr_expect_eq(tp_result_finding_count(r), 4 * NRECORDS);
    tp_result_free(r);
    tp_plan_free(p);
    free(t.s);
}

/* Every finding of r is about the string at /0/name, on line 2 of the input. */
static void expect_all_at_first_name(const tp_result *r, size_t n)
{
    cr_assert_eq(tp_result_finding_count(r), n);
    for (size_t i = 0; i < n; i++) {
        const tp_finding *f = tp_result_finding(r, i);
        cr_expect_str_eq(f->subject, "/0/name", "finding %zu", i);
        cr_expect_str_eq(f->pointer, "/0/name", "finding %zu", i);
        cr_expect_eq(f->input_line, 2, "finding %zu", i);
    }
}

Test(joins, a_kept_string_is_located_where_its_document_holds_it)
{
    /* first(...) reads no subject: the first element computes it, the others get the copy the
     * input keeps, which must be located where the name is, as the value itself is. */
    const char *json =
        "[\n {\"name\": \"Alice\"},\n {\"name\": \"bob\"},\n {\"name\": \"Carol\"}\n]";
    tp_plan *p;
    tp_result *r = check_src(
        "rule A { for n in [first(u.name for u in input) for t in input] deny true }", json, &p);
    expect_all_at_first_name(r, 3);
    tp_result_free(r);
    tp_plan_free(p);
    /* A string built from the copy (lower() of it) stands for it, and is located there too. */
    r = check_src("rule A { for n in [lower(first(u.name for u in input)) for t in input] "
                  "deny n != \"alice\" }",
                  json, &p);
    cr_expect_eq(tp_result_finding_count(r), 0);
    tp_result_free(r);
    tp_plan_free(p);
    r = check_src("rule A { for n in [lower(first(u.name for u in input)) for t in input] "
                  "deny true }",
                  json, &p);
    expect_all_at_first_name(r, 3);
    tp_result_free(r);
    tp_plan_free(p);
}
