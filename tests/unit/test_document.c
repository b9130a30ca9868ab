/* Input loading: every rejection says where, and nothing malformed is accepted. */
#include <string.h>

#include <cjson/cJSON.h>

#include "helpers.h"

typedef struct doc_case {
    const char *name;
    const char *json;
    int status;
    unsigned line, col;
    const char *message;
} doc_case;

static doc_case cases[] = {
    {"empty", "", TP_EINPUT, 1, 1, "empty input: expected a JSON value"},
    {"whitespace", "  \n ", TP_EINPUT, 1, 1, "empty input: expected a JSON value"},
    {"truncated object", "{\"a\": [1,", TP_EINPUT, 1, 10,
     "unexpected end of input: the JSON is truncated (2 brackets are not closed)"},
    {"truncated string", "{\"a\": \"x", TP_EINPUT, 1, 7,
     "unexpected end of input: a string is not closed"},
    {"truncated after a key", "{\"a\"", TP_EINPUT, 1, 5,
     "unexpected end of input: the JSON is truncated (1 bracket is not closed)"},
    {"trailing garbage", "{}\n  x", TP_EINPUT, 2, 3, "unexpected text after the JSON value"},
    {"two documents", "{} {}", TP_EINPUT, 1, 4, "unexpected text after the JSON value"},
    {"bad literal", "{\"a\": tru}", TP_EINPUT, 1, 7, "unexpected 't': expected a value"},
    {"trailing comma in an object", "{\"a\": 1,\n}", TP_EINPUT, 2, 1,
     "expected a key (a string) after ','"},
    {"trailing comma in a list", "[1,]", TP_EINPUT, 1, 4, "unexpected ']': expected a value"},
    {"missing colon", "{\"a\" 1}", TP_EINPUT, 1, 6, "expected ':' after a key"},
    {"missing comma", "[1 2]", TP_EINPUT, 1, 4, "expected ',' or ']'"},
    {"mismatched bracket", "{\"a\": [1}", TP_EINPUT, 1, 9, "'}' closes the '[' opened at 1:7"},
    {"single quotes", "{'a': 1}", TP_EINPUT, 1, 2, "expected a key (a string) or '}'"},
    {"leading zero", "[01]", TP_EINPUT, 1, 2, "invalid number: a leading zero"},
    {"bare fraction", "[1.]", TP_EINPUT, 1, 2, "invalid number: digits must follow '.'"},
    {"plus sign", "[+1]", TP_EINPUT, 1, 2, "unexpected '+': expected a value"},
    {"number out of range", "[1e999]", TP_EINPUT, 1, 2, "number out of range: 1e999"},
    {"escaped NUL", "{\"id\\u0000x\": 1}", TP_EINPUT, 1, 5,
     "\\u0000 in a string: a NUL would cut the string short"},
    {"lone surrogate", "[\"\\ud800\"]", TP_EINPUT, 1, 3,
     "invalid \\u escape: a high surrogate without its low half"},
    {"bad escape", "[\"\\x\"]", TP_EINPUT, 1, 3, "invalid escape '\\x' in a string"},
    {"raw control character", "[\"a\tb\"]", TP_EINPUT, 1, 4,
     "control character 0x09 in a string: escape it"},
    {"duplicate key", "{\"tokens\": [\n  {\"id\": \"a\",\n   \"id\": \"b\"}]}", TP_EINPUT, 3, 4,
     "duplicate key \"id\" in an object"},
    {"duplicate top-level key", "{\"a\": 1, \"b\": 2, \"a\": 3}", TP_EINPUT, 1, 18,
     "duplicate key \"a\" in an object"},
    {"invalid UTF-8", "{\"a\": \"\xff\"}", TP_EINPUT, 1, 8, "invalid UTF-8 (byte 0xff)"},
    {"overlong UTF-8", "{\"a\": \"\xc0\xaf\"}", TP_EINPUT, 1, 8, "invalid UTF-8 (byte 0xc0)"},
    {"surrogate pair", "[\"\\ud83d\\ude00\"]", 0, 0, 0, NULL},
    {"negative zero and a big integer", "[-0, 9007199254740993, 1e308]", 0, 0, 0, NULL},
    {"top-level array", "[1, 2]", 0, 0, 0, NULL},
    {"top-level scalar", "42", 0, 0, 0, NULL},
    {"BOM", "\xEF\xBB\xBF{}", 0, 0, 0, NULL},
};

/* Criterion runs each case in a fresh process where pointers from this one are not valid:
 * the parameters are indexes into the table. */
static size_t case_index[sizeof cases / sizeof cases[0]];

ParameterizedTestParameters(document, load)
{
    for (size_t i = 0; i < sizeof case_index / sizeof case_index[0]; i++)
        case_index[i] = i;
    return cr_make_param_array(size_t, case_index, sizeof case_index / sizeof case_index[0]);
}

ParameterizedTest(size_t *index, document, load)
{
    const doc_case *c = &cases[*index];
    tp_document *doc = NULL;
    tp_input_error err;
    memset(&err, 0, sizeof err);
    int rc = tp_document_parse(&doc, c->json, strlen(c->json), NULL, &err);
    cr_expect_eq(rc, c->status, "%s: status %d", c->name, rc);
    if (c->message) {
        cr_expect_null(doc);
        cr_expect_str_eq(err.message, c->message, "%s", c->name);
        cr_expect_eq(err.line, c->line, "%s: line %u", c->name, err.line);
        cr_expect_eq(err.column, c->col, "%s: column %u", c->name, err.column);
    } else {
        cr_expect_not_null(doc);
    }
    tp_document_free(doc);
}

Test(document, nul_bytes_are_refused)
{
    const char json[] = "{\"a\": \"x\0y\"}";
    tp_document *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_document_parse(&doc, json, sizeof json - 1, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "NUL byte in a string");
    cr_expect_eq(err.column, 9);
}

Test(document, size_and_depth_are_limited)
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
}

Test(document, duplicates_in_large_objects_are_found)
{
    char json[40000];
    size_t off = (size_t)snprintf(json, sizeof json, "{");
    for (int i = 0; i < 2000; i++)
        off += (size_t)snprintf(json + off, sizeof json - off, "%s\"k%d\": %d", i ? "," : "", i, i);
    off += (size_t)snprintf(json + off, sizeof json - off, ", \"k1500\": 0}");
    tp_document *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_document_parse(&doc, json, off, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "duplicate key \"k1500\" in an object");
}

Test(document, unreadable_files_are_io_errors)
{
    tp_document *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_document_load(&doc, "/nonexistent/inventory.json", NULL, &err), TP_EIO);
    cr_expect_str_eq(err.message, "cannot open: No such file or directory");
    cr_expect_eq(tp_document_load(&doc, "/", NULL, &err), TP_EIO);
    cr_expect_str_eq(err.message, "is a directory, not a JSON file");
}

Test(document, borrowed_cjson_trees_are_not_copied_or_freed)
{
    cJSON *root = cJSON_Parse("{\"tokens\": [{\"id\": \"a\"}]}");
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_wrap(&doc, root, NULL), 0);
    tp_plan *p = compile_src("rule A { for t in tokens deny t.id == \"a\" }", NULL);
    tp_result *r = NULL;
    tp_result_new(&r, NULL);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, p, "host", &b, 1, NULL), 0);
    cr_expect_eq(tp_result_finding_count(r), 1);
    tp_result_free(r);
    tp_document_free(doc);
    cr_expect_str_eq(cJSON_GetObjectItem(root, "tokens")->child->child->valuestring, "a");
    cJSON_Delete(root);
    tp_plan_free(p);
}
