/* Documents through the public API: the readers behind tp_document_parse/load (their every
 * strictness rule is in test_json_reader.c and test_csv_reader.c), options of both versions, a
 * host's cJSON tree copied, and where findings say their subjects are. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "helpers.h"

Test(document, a_rejection_says_where_and_why)
{
    tp_document *doc = NULL;
    tp_input_error err;
    const char *json = "{\"tokens\": [\n  {\"id\": \"a\",\n   \"id\": \"b\"}]}";
    cr_expect_eq(tp_document_parse(&doc, json, strlen(json), NULL, &err), TP_EINPUT);
    cr_expect_null(doc);
    cr_expect_str_eq(err.message, "duplicate key \"id\" (first at 2:4)");
    cr_expect_eq(err.line, 3);
    cr_expect_eq(err.column, 4);
    const char nul[] = "{\"a\": \"x\0y\"}";
    cr_expect_eq(tp_document_parse(&doc, nul, sizeof nul - 1, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "NUL byte in a string");
    cr_expect_eq(err.column, 9);
}

Test(document, size_depth_and_memory_are_limited)
{
    tp_document_options opts = TP_DOCUMENT_OPTIONS_INIT;
    opts.max_bytes = 4;
    tp_document *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_document_parse(&doc, "[1, 2]", 6, &opts, &err), TP_ELIMIT);
    cr_expect_str_eq(err.message, "input of 6 bytes is over the limit of 4 bytes (raise it with "
                                  "--max-input-bytes)");
    char deep[2100];
    memset(deep, '[', 1000);
    memset(deep + 1000, ']', 1000);
    cr_expect_eq(tp_document_parse(&doc, deep, 2000, NULL, &err), TP_ELIMIT);
    cr_expect_str_eq(
        err.message,
        "JSON nested deeper than 512 levels (raise it with --max-json-depth, at most 999)");
    tp_document_options deeper = TP_DOCUMENT_OPTIONS_INIT;
    deeper.max_depth = 999;
    cr_expect_eq(tp_document_parse(&doc, deep, 2000, &deeper, &err), TP_ELIMIT, "1000 > 999");
    cr_expect_eq(tp_document_parse(&doc, deep + 1, 1998, &deeper, &err), 0, "999 levels load");
    tp_document_free(doc);
    /* 100,000 empty lists: about 16 bytes of tree each, far over a 64 KiB budget. */
    static char lists[300002];
    size_t n = 0;
    lists[n++] = '[';
    for (size_t i = 0; i < 100000; i++) {
        memcpy(lists + n, i ? ",[]" : "[]", i ? 3 : 2);
        n += i ? 3 : 2;
    }
    lists[n++] = ']';
    tp_document_options budget = TP_DOCUMENT_OPTIONS_INIT;
    budget.max_memory = 64 << 10;
    cr_expect_eq(tp_document_parse(&doc, lists, n, &budget, &err), TP_ELIMIT);
    cr_expect_str_eq(err.message, "reading the input needs more than 65536 bytes of memory "
                                  "(raise it with --max-memory)");
    budget.max_memory = SIZE_MAX; /* no limit */
    cr_expect_eq(tp_document_parse(&doc, lists, n, &budget, &err), 0, "%s", err.message);
    tp_document_free(doc);
}

Test(document, options_of_version_1_are_still_accepted)
{
    /* What a host built against version 1 passes: a shorter struct, version 1. */
    struct {
        unsigned version;
        const tp_allocator *allocator;
        size_t max_bytes;
        unsigned max_depth;
    } v1 = {1, NULL, 4, 0};
    tp_document *doc = NULL;
    tp_input_error err;
    cr_expect_eq(
        tp_document_parse(&doc, "[1, 2]", 6, (const tp_document_options *)(void *)&v1, &err),
        TP_ELIMIT);
    v1.version = 3;
    cr_expect_eq(tp_document_parse(&doc, "[1]", 3, (const tp_document_options *)(void *)&v1, &err),
                 TP_EINVAL);
    tp_document_options opts;
    cr_expect_eq(tp_document_options_init(&opts, TP_DOCUMENT_OPTIONS_VERSION), 0);
    cr_expect_null(opts.format);
    cr_expect_eq(opts.max_memory, 0);
}

Test(document, the_format_comes_from_the_options_or_the_file_name)
{
    tp_document *doc = NULL;
    tp_input_error err;
    const char *csv = "id,user\nt1,alice\n";
    cr_expect_eq(tp_document_parse(&doc, csv, strlen(csv), NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "unexpected 'i': expected a value; this looks like CSV, not JSON "
                                  "(name the file .csv or use --input-format csv)");
    tp_document_options opts = TP_DOCUMENT_OPTIONS_INIT;
    opts.format = "CSV";
    cr_assert_eq(tp_document_parse(&doc, csv, strlen(csv), &opts, &err), 0, "%s", err.message);
    cr_expect_str_eq(tp_document_format(doc), "csv");
    cr_expect(tp_document_has_field(doc, "id") == 0, "a CSV file is a list, not an object");
    tp_document_free(doc);
    opts.format = "yaml";
    cr_expect_eq(tp_document_parse(&doc, csv, strlen(csv), &opts, &err), TP_EINVAL);
    cr_expect_str_eq(err.message, "unknown input format 'yaml': use json or csv");

    char path[256];
    temp_file(path, sizeof path);
    char named[300];
    snprintf(named, sizeof named, "%s.CSV", path);
    FILE *f = fopen(named, "w");
    cr_assert_not_null(f);
    fputs(csv, f);
    fclose(f);
    cr_assert_eq(tp_document_load(&doc, named, NULL, &err), 0, "%s", err.message);
    cr_expect_str_eq(tp_document_format(doc), "csv");
    tp_document_free(doc);
    opts.format = "json";
    cr_expect_eq(tp_document_load(&doc, named, &opts, &err), TP_EINPUT, "told JSON, it is JSON");
    unlink(named);
    unlink(path);
}

Test(document, unreadable_files_are_io_errors)
{
    tp_document *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_document_load(&doc, "/nonexistent/inventory.json", NULL, &err), TP_EIO);
    cr_expect_str_eq(err.message, "cannot open: No such file or directory");
    cr_expect_eq(tp_document_load(&doc, "/", NULL, &err), TP_EIO);
    cr_expect_str_eq(err.message, "is a directory, not an input file");
}

Test(document, a_hosts_cjson_tree_is_copied)
{
    cJSON *root = cJSON_Parse("{\"tokens\": [{\"id\": \"a\"}, {\"id\": \"b\", \"n\": 2}]}");
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_wrap(&doc, root, NULL), 0);
    cJSON_Delete(root); /* the document holds its own copy */
    cr_expect_str_eq(tp_document_format(doc), "cjson");
    cr_expect(tp_document_has_field(doc, "tokens"));
    tp_plan *p = compile_src("rule A { for t in tokens deny t.id == \"b\" }", NULL);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, p, "host", &b, 1, NULL), 0);
    cr_assert_eq(tp_result_finding_count(r), 1);
    const tp_finding *f = tp_result_finding(r, 0);
    cr_expect_str_eq(f->subject, "b");
    cr_expect_str_eq(f->pointer, "/tokens/1", "pointers work without text");
    cr_expect_eq(f->input_line, 0, "a converted tree has no lines");
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);

    cJSON *dup = cJSON_CreateObject();
    cJSON_AddNumberToObject(dup, "a", 1);
    cJSON_AddNumberToObject(dup, "a", 2);
    cr_expect_eq(tp_document_wrap(&doc, dup, NULL), TP_EINPUT, "no JSON text has two keys 'a'");
    cJSON_Delete(dup);
}

/* Evaluates src over `json` read as a document named `name`, into a fresh result. */
static tp_result *evaluate_named(tp_plan *p, const char *json, const char *name)
{
    tp_document_options o = TP_DOCUMENT_OPTIONS_INIT;
    o.name = name;
    tp_document *doc = NULL;
    tp_input_error err;
    cr_assert_eq(tp_document_parse(&doc, json, strlen(json), &o, &err), 0, "%s", err.message);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, p, "input", &b, 1, NULL), 0);
    tp_document_free(doc);
    return r;
}

Test(document, findings_say_where_their_subject_is_wherever_it_went)
{
    const char *json = "{\"tokens\": [\n"
                       "  {\"id\": \"a\", \"live\": true, \"scopes\": [\"read\"]},\n"
                       "  {\"id\": \"b\", \"live\": false, \"scopes\": []},\n"
                       "  {\"id\": \"c\", \"live\": true, \"scopes\": [\"write\", \"admin\"]}\n"
                       "]}";
    /* The same subjects straight from the input, through a let, a filter, a function's result
     * and a nested list: the same pointer and line every time. */
    const char *rules[] = {
        "rule R { for t in tokens deny t.live }",
        "let live = [t for t in tokens where t.live]\nrule R { for t in live deny true }",
        "rule R { for t in [x for x in tokens where x.live] deny true }",
        ("let sorted = tokens[*].id\nlet every = [t for t in tokens]\n"
         "rule R { for t in every where t.live deny len(sorted) > 0 }"),
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        tp_plan *p = compile_src(rules[i], NULL);
        tp_result *r = evaluate_named(p, json, "inventory.json");
        cr_assert_eq(tp_result_finding_count(r), 2, "%s", rules[i]);
        const tp_finding *a = find_finding(r, "R", "a"), *c = find_finding(r, "R", "c");
        cr_assert(a && c, "%s", rules[i]);
        cr_expect_str_eq(a->pointer, "/tokens/0", "%s", rules[i]);
        cr_expect_eq(a->input_line, 2, "%s", rules[i]);
        cr_expect_eq(a->input_column, 3, "%s", rules[i]);
        cr_expect_str_eq(c->pointer, "/tokens/2", "%s", rules[i]);
        cr_expect_eq(c->input_line, 4, "%s", rules[i]);
        cr_expect_null(c->input_file, "the input's own document: the input names the file");
        tp_result_free(r);
        tp_plan_free(p);
    }
    /* Scalars keep their origin too; an object the policy builds has none. */
    tp_plan *p =
        compile_src("rule S { for s in [x for x in tokens[2].scopes] deny s == \"admin\" }\n"
                    "rule B { for o in [{\"id\": t.id} for t in tokens] deny o.id == \"b\" }",
                    NULL);
    tp_result *r = evaluate_named(p, json, NULL);
    const tp_finding *s = find_finding(r, "S", "/tokens/2/scopes/1");
    cr_assert_not_null(s, "the string's own pointer names it");
    cr_expect_eq(s->input_line, 4);
    cr_expect_eq(s->input_column, 49);
    const tp_finding *built = find_finding(r, "B", "b");
    cr_assert_not_null(built);
    cr_expect_str_eq(built->pointer, "");
    cr_expect_eq(built->input_line, 0);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(document, a_case_mapped_string_is_located_where_its_argument_is)
{
    /* lower() and upper() keep their argument's origin (file() of the result still names its
     * file), so a finding on the result is located at the argument, whether the mapping changed
     * a letter or not; "x\ny" is a string the document moved out of its text. */
    const char *json = "{\"tokens\": [\n"
                       "  {\"name\": \"Alpha\"},\n"
                       "  {\"name\": \"beta\"},\n"
                       "  {\"name\": \"GAMMA\"},\n"
                       "  {\"name\": \"x\\nY\"}\n"
                       "]}";
    const char *rules[] = {
        "rule R { for n in [lower(t.name) for t in tokens] deny true }",
        "rule R { for n in [upper(t.name) for t in tokens] deny true }",
        "let names = [lower(t.name) for t in tokens]\nrule R { for n in names deny true }",
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        tp_plan *p = compile_src(rules[i], NULL);
        tp_result *r = evaluate_named(p, json, "inventory.json");
        cr_assert_eq(tp_result_finding_count(r), 4, "%s", rules[i]);
        for (unsigned k = 0; k < 4; k++) {
            char pointer[32];
            snprintf(pointer, sizeof pointer, "/tokens/%u/name", k);
            const tp_finding *f = find_finding(r, "R", pointer);
            cr_assert_not_null(f, "%s: no finding at %s", rules[i], pointer);
            cr_expect_str_eq(f->pointer, pointer, "%s", rules[i]);
            cr_expect_eq(f->input_line, k + 2, "%s: %s", rules[i], pointer);
            cr_expect_eq(f->input_column, 12, "%s: %s", rules[i], pointer);
        }
        tp_result_free(r);
        tp_plan_free(p);
    }
}

static tp_document *parse_doc(const char *json, const char *name)
{
    tp_document_options o = TP_DOCUMENT_OPTIONS_INIT;
    o.name = name;
    tp_document *doc = NULL;
    tp_input_error err;
    cr_assert_eq(tp_document_parse(&doc, json, strlen(json), &o, &err), 0, "%s", err.message);
    return doc;
}

Test(document, a_name_in_many_binds_a_list_of_documents)
{
    tp_plan *p = compile_src("rule K { for d in keys deny d.status == \"Inactive\" }\n"
                             "rule N { require len(keys) == 2 }",
                             NULL);
    tp_document *a = parse_doc("{\"status\": \"Active\"}", "keys/a.json");
    tp_document *b = parse_doc("\n\n{\"status\": \"Inactive\"}", "keys/b.json");
    tp_binding bind[] = {{"keys", a}, {"keys", b}};
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    cr_expect_eq(tp_evaluate(r, p, "keys", bind, 2, NULL), TP_EINVAL, "twice, not as a list");
    const char *many[] = {"keys"};
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    o.many = many;
    o.nmany = 1;
    cr_assert_eq(tp_evaluate(r, p, "keys", bind, 2, &o), 0);
    cr_expect_eq(count_findings(r, "N", TP_FINDING_FAIL), 0, "a list of two documents");
    const tp_finding *f = find_finding(r, "K", "keys/b.json");
    cr_assert_not_null(f, "a whole document is named by its file");
    cr_expect_str_eq(f->input_file, "keys/b.json");
    cr_expect_str_eq(f->pointer, "/keys/1");
    cr_expect_eq(f->input_line, 3);
    tp_result_free(r);
    /* One binding, or none, still makes a list. */
    tp_result_new(&r, NULL);
    cr_assert_eq(tp_evaluate(r, p, "none", NULL, 0, &o), 0);
    cr_expect_eq(count_findings(r, "N", TP_FINDING_FAIL), 1, "an empty list");
    cr_expect_eq(count_findings(r, "N", TP_FINDING_ERROR), 0);
    tp_result_free(r);
    tp_document_free(a);
    tp_document_free(b);
    tp_plan_free(p);
}

Test(document, a_named_document_wins_over_a_field_of_the_input)
{
    tp_plan *p = compile_src("rule T { for t in tokens deny true }", NULL);
    tp_document *input = parse_doc("{\"tokens\": [1, 2, 3]}", NULL);
    tp_document *named = parse_doc("[\"x\"]", "tokens.json");
    cr_expect(tp_document_has_field(input, "tokens"));
    cr_expect(tp_plan_reads_name(p, "tokens"));
    cr_expect(!tp_plan_reads_name(p, "users"));
    tp_binding bind[] = {{NULL, input}, {"tokens", named}};
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    cr_assert_eq(tp_evaluate(r, p, "in", bind, 2, NULL), 0);
    cr_expect_eq(tp_result_finding_count(r), 1, "the --input document's one element");
    cr_expect_str_eq(tp_result_finding(r, 0)->input_file, "tokens.json");
    cr_expect_str_eq(tp_result_finding(r, 0)->pointer, "/tokens/0");
    tp_result_free(r);
    tp_document_free(input);
    tp_document_free(named);
    tp_plan_free(p);
}

/* Evaluates one input into r. */
static void evaluate_into(tp_result *r, const tp_plan *p, const char *name, const char *json)
{
    tp_document *doc = parse_doc(json, NULL);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&o.now_us, TEST_NOW);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, p, name, &b, 1, &o), 0);
    tp_document_free(doc);
}

Test(document, results_merge_as_if_evaluated_into_one)
{
    tp_plan *p = compile_src("rule A { severity high for t in tokens deny t.bad }\n"
                             "rule B { severity low for t in tokens require t.n > 0 }",
                             NULL);
    const char *inputs[] = {"{\"tokens\": [{\"id\": \"a\", \"bad\": true, \"n\": 1}]}",
                            "{\"tokens\": [{\"id\": \"b\", \"bad\": false, \"n\": 0}, "
                            "{\"id\": \"c\", \"bad\": true}]}"};
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    ro.max_findings = 3;
    tp_result *serial = NULL, *merged = NULL, *parts[2] = {NULL, NULL};
    tp_result_new(&serial, &ro);
    tp_result_new(&merged, &ro);
    for (int i = 0; i < 2; i++) {
        char name[8];
        snprintf(name, sizeof name, "in%d", i);
        evaluate_into(serial, p, name, inputs[i]);
        tp_result_new(&parts[i], &ro);
        evaluate_into(parts[i], p, name, inputs[i]);
        cr_assert_eq(tp_result_merge(merged, parts[i]), 0);
    }
    cr_expect_eq(tp_result_input_count(parts[0]), 0, "what was merged moved");
    tp_result_free(parts[0]); /* the merged findings' strings do not live there any more */
    tp_result_free(parts[1]);
    char a[4096], b[4096];
    cr_assert_eq(tp_report_render(a, sizeof a, NULL, serial, TP_FORMAT_JSON, NULL), 0);
    cr_assert_eq(tp_report_render(b, sizeof b, NULL, merged, TP_FORMAT_JSON, NULL), 0);
    cr_expect_str_eq(b, a, "the merged report is the serial one");
    tp_summary s;
    tp_result_summary(&s, merged);
    cr_expect_eq(s.dropped, 1, "4 findings, 3 kept");
    cr_expect_eq(s.errors, 1);
    /* Another clock cannot be merged. */
    tp_result *other = NULL;
    tp_result_new(&other, &ro);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    o.now_us = 1;
    tp_document *doc = parse_doc("{}", NULL);
    tp_binding bind = {NULL, doc};
    cr_assert_eq(tp_evaluate(other, p, "x", &bind, 1, &o), 0);
    cr_expect_eq(tp_result_merge(merged, other), TP_EINVAL);
    tp_document_free(doc);
    tp_result_free(other);
    tp_result_free(serial);
    tp_result_free(merged);
    tp_plan_free(p);
}

/* A host's worker whose input never loaded records that in its own result: merging it fails the
 * run, as a serial run would fail. */
Test(document, a_merged_result_keeps_what_went_wrong_and_how_it_counts)
{
    tp_plan *p = compile_src("rule A { severity low for t in tokens deny t.bad }", NULL);
    tp_result *into = NULL, *from = NULL, *strict = NULL;
    tp_result_new(&into, NULL);
    tp_result_new(&from, NULL);
    evaluate_into(into, p, "one.json", "{\"tokens\": [{\"id\": \"a\", \"bad\": false}]}");
    cr_assert_eq(tp_result_verdict(into), TP_VERDICT_PASS);
    tp_input_error err = {0, 1, 1, "unexpected end of input"};
    cr_assert_eq(tp_result_add_input_error(from, "two.json", TP_EINPUT, &err), 0);
    cr_assert_eq(tp_result_merge(into, from), 0);
    cr_expect_eq(tp_result_verdict(into), TP_VERDICT_INPUT_ERROR, "the input that never loaded");
    cr_expect_eq(tp_result_diag_count(into), 1);
    /* Failures counted against another fail_on cannot be added up. */
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    ro.fail_on = TP_SEVERITY_CRITICAL;
    tp_result_new(&strict, &ro);
    evaluate_into(strict, p, "three.json", "{\"tokens\": [{\"id\": \"b\", \"bad\": true}]}");
    cr_expect_eq(tp_result_merge(into, strict), TP_EINVAL);
    cr_expect_eq(tp_result_finding_count(strict), 1, "nothing moved");
    tp_result_free(strict);
    tp_result_free(from);
    tp_result_free(into);
    tp_plan_free(p);
}

static int stop_at_first(const tp_finding *f, void *user)
{
    (void)f;
    (void)user;
    return 1;
}

/* An evaluation that stops part way (here the callback asks it to) is not a whole check: the
 * findings made so far stay, but the result cannot pass, even when none of them fails it. */
Test(document, an_evaluation_that_stopped_cannot_pass)
{
    tp_plan *p = compile_src("rule A { severity info for t in tokens deny t.bad }\n"
                             "rule B { severity high for t in tokens deny t.worse }",
                             NULL);
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    ro.fail_on = TP_SEVERITY_HIGH;
    ro.on_finding = stop_at_first;
    tp_result *r = NULL;
    tp_result_new(&r, &ro);
    tp_document *doc =
        parse_doc("{\"tokens\": [{\"id\": \"a\", \"bad\": true, \"worse\": true}]}", NULL);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&o.now_us, TEST_NOW);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, p, "in.json", &b, 1, &o), TP_ECANCELED);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_ERROR, "B never ran");
    tp_document_free(doc);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(document, eval_options_of_version_1_are_still_accepted)
{
    struct {
        unsigned version;
        int64_t now_us;
        const char *const *rules;
        size_t nrules;
        const char *const *skip_rules;
        size_t nskip_rules;
        int64_t warn_expiring_us;
    } v1 = {1, 1000000, NULL, 0, NULL, 0, 0};
    tp_plan *p = compile_src("rule A { require now == @1970-01-01T00:00:01Z }", NULL);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    cr_assert_eq(tp_evaluate(r, p, "x", NULL, 0, (const tp_eval_options *)(void *)&v1), 0);
    cr_expect_eq(tp_result_finding_count(r), 0, "the clock of the v1 options");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(document, csv_cells_take_the_types_of_the_schema)
{
    char schema[256];
    temp_file(schema, sizeof schema);
    FILE *f = fopen(schema, "w");
    cr_assert_not_null(f);
    fputs("{\"type\": \"array\", \"items\": {\"type\": \"object\", \"x-tokpol-null\": [\"N/A\"],"
          " \"properties\": {"
          "\"id\": {\"type\": \"string\"},"
          "\"n\": {\"type\": [\"integer\", \"null\"]},"
          "\"ok\": {\"type\": \"boolean\"},"
          "\"ratio\": {\"type\": [\"number\", \"null\"], \"x-tokpol-null\": [\"-\"]},"
          "\"note\": {\"type\": [\"string\", \"null\"], \"x-tokpol-null\": [\"none\"]}}}}",
          f);
    fclose(f);
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    cr_assert_eq(tp_compiler_add_schema(c, "rows", schema), 0);
    const char *src = "rule R { for r in rows require r.n == null or r.n > 1 }\n"
                      "rule S { for r in rows require r.ok and r.note != null }";
    tp_compiler_add_source(c, "t.tpol", src, strlen(src));
    tp_plan *p = NULL;
    cr_assert_eq(tp_compiler_compile(&p, c), 0);
    tp_compiler_free(c);
    unlink(schema);

    tp_document_options o = TP_DOCUMENT_OPTIONS_INIT;
    o.format = "csv";
    tp_document *doc = NULL;
    tp_input_error err;
    const char *csv = "id,n,ok,ratio,note\n"
                      "a,2,true,0.5,x\n"
                      "b,N/A,FALSE,-,none\n"
                      "c,1,true,1e2,N/A\n";
    cr_assert_eq(tp_document_parse(&doc, csv, strlen(csv), &o, &err), 0, "%s", err.message);
    cr_expect_eq(tp_plan_validate(p, "rows", doc, &err), TP_EINPUT, "untyped, cells are strings");
    cr_assert_eq(tp_plan_type_document(p, "rows", doc, &err), 0, "%s", err.message);
    cr_assert_eq(tp_plan_validate(p, "rows", doc, &err), 0, "%s", err.message);
    tp_binding b = {"rows", doc};
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    cr_assert_eq(tp_evaluate(r, p, "csv", &b, 1, NULL), 0);
    cr_expect_eq(count_findings(r, "R", TP_FINDING_FAIL), 1, "c: n is 1");
    cr_expect_eq(count_findings(r, "S", TP_FINDING_FAIL), 1, "b: not ok, note null");
    cr_expect_eq(tp_result_finding_count(r), 2, "no error: every cell has its type");
    const tp_finding *fc = find_finding(r, "R", "c");
    cr_assert_not_null(fc);
    cr_expect_eq(fc->input_line, 4, "the CSV line of the row");
    tp_result_free(r);
    tp_document_free(doc);

    /* A null text in a column that does not allow null stays a string, and validation says
     * where: N/A in `ok`. */
    const char *bad = "id,n,ok,ratio,note\na,2,N/A,1,x\n";
    cr_assert_eq(tp_document_parse(&doc, bad, strlen(bad), &o, &err), 0);
    cr_assert_eq(tp_plan_type_document(p, "rows", doc, &err), 0);
    cr_expect_eq(tp_plan_validate(p, "rows", doc, &err), TP_EINPUT);
    cr_expect_eq(err.line, 2);
    cr_expect_eq(err.column, 5);
    cr_expect(strstr(err.message, "/0/ok: a string, but the schema wants a boolean") != NULL, "%s",
              err.message);
    tp_document_free(doc);
    /* A column that allows null says so: the type it wants "or null", not "a value". */
    const char *word = "id,n,ok,ratio,note\na,many,true,1,x\n";
    cr_assert_eq(tp_document_parse(&doc, word, strlen(word), &o, &err), 0);
    cr_assert_eq(tp_plan_type_document(p, "rows", doc, &err), 0);
    cr_expect_eq(tp_plan_validate(p, "rows", doc, &err), TP_EINPUT);
    cr_expect(strstr(err.message, "/0/n: a string, but the schema wants a number or null") != NULL,
              "%s", err.message);
    tp_document_free(doc);
    tp_plan_free(p);
}

static int count_calls(const tp_finding *f, void *payload)
{
    (void)f;
    ++*(size_t *)payload;
    return 0;
}

Test(document, rules_over_one_list_find_the_same_whatever_the_order)
{
    /* Without a callback or a limit, rules over one list run element by element; with one, rule
     * by rule (the order a callback sees is documented). The reports must not differ. */
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    tp_compiler_add_builtin(c, "lokalise");
    tp_plan *p = NULL;
    cr_assert_eq(tp_compiler_compile(&p, c), 0);
    tp_compiler_free(c);
    tp_document *doc = NULL;
    tp_input_error err;
    cr_assert_eq(tp_document_load(&doc, SOURCE_DIR "/examples/inventory.json", NULL, &err), 0);
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&o.now_us, TEST_NOW);
    tp_binding b = {NULL, doc};
    size_t calls = 0;
    tp_result_options watched = TP_RESULT_OPTIONS_INIT;
    watched.on_finding = count_calls;
    watched.payload = &calls;
    tp_result *together = NULL, *apart = NULL;
    tp_result_new(&together, NULL);
    tp_result_new(&apart, &watched);
    cr_assert_eq(tp_evaluate(together, p, "inventory.json", &b, 1, &o), 0);
    cr_assert_eq(tp_evaluate(apart, p, "inventory.json", &b, 1, &o), 0);
    cr_assert_gt(calls, 5, "the example has findings");
    char x[65536], y[65536];
    cr_assert_eq(tp_report_render(x, sizeof x, NULL, together, TP_FORMAT_JSON, NULL), 0);
    cr_assert_eq(tp_report_render(y, sizeof y, NULL, apart, TP_FORMAT_JSON, NULL), 0);
    cr_expect_str_eq(x, y);
    tp_result_free(together);
    tp_result_free(apart);
    tp_document_free(doc);
    tp_plan_free(p);
}

Test(document, rules_over_a_list_that_fails_each_say_where)
{
    tp_plan *p = compile_src("rule A { for t in tokens require has(t.id) }\n"
                             "rule B { for t in tokens require true }",
                             NULL);
    tp_result *r = eval_json(p, "{\"tokens\": 3}", NULL);
    const tp_finding *a = find_finding(r, "A", "input"), *b = find_finding(r, "B", "input");
    cr_assert(a && b, "one error per rule");
    cr_expect_eq(a->status, TP_FINDING_ERROR);
    cr_expect_str_eq(a->message, "'for' needs a list, but tokens is a number (test.tpol:1:19)");
    cr_expect_str_eq(b->message, "'for' needs a list, but tokens is a number (test.tpol:2:19)");
    tp_result_free(r);
    tp_plan_free(p);
}
