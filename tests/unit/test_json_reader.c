/* The JSON reader (engine/input): every strictness rule with its message and position, values as
 * they come out, limits, and messages that never show a credential. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "jdoc_expect.h"
#include "input/reader.h"

typedef struct read_case {
    const char *name;
    const char *json;
    int status;
    unsigned line, col;
    const char *message;
} read_case;

static read_case cases[] = {
    {"empty", "", TP_EINPUT, 1, 1, "empty input: expected a JSON value"},
    {"whitespace", "  \n ", TP_EINPUT, 1, 1, "empty input: expected a JSON value"},
    {"truncated object", "{\"a\": [1,", TP_EINPUT, 1, 10,
     "unexpected end of input: the JSON is truncated (2 brackets are not closed)"},
    {"truncated string", "{\"a\": \"x", TP_EINPUT, 1, 7,
     "unexpected end of input: a string is not closed"},
    {"truncated escape", "[\"x\\", TP_EINPUT, 1, 2,
     "unexpected end of input: a string is not closed"},
    {"truncated after an escape", "[\"\\n", TP_EINPUT, 1, 2,
     "unexpected end of input: a string is not closed"},
    {"truncated after a key", "{\"a\"", TP_EINPUT, 1, 5,
     "unexpected end of input: the JSON is truncated (1 bracket is not closed)"},
    {"truncated after a colon", "{\"a\":", TP_EINPUT, 1, 6,
     "unexpected end of input: the JSON is truncated (1 bracket is not closed)"},
    {"trailing garbage", "{}\n  x", TP_EINPUT, 2, 3, "unexpected text after the JSON value"},
    {"two documents", "{} {}", TP_EINPUT, 1, 4, "unexpected text after the JSON value"},
    {"bad literal", "{\"a\": tru}", TP_EINPUT, 1, 7, "unexpected 't': expected a value"},
    {"a byte that starts nothing", "[\x01]", TP_EINPUT, 1, 2,
     "unexpected byte 0x01: expected a value"},
    {"trailing comma in an object", "{\"a\": 1,\n}", TP_EINPUT, 2, 1,
     "expected a key (a string) after ','"},
    {"trailing comma in a list", "[1,]", TP_EINPUT, 1, 4, "unexpected ']': expected a value"},
    {"missing colon", "{\"a\" 1}", TP_EINPUT, 1, 6, "expected ':' after a key"},
    {"missing comma", "[1 2]", TP_EINPUT, 1, 4, "expected ',' or ']'"},
    {"missing comma in an object", "{\"a\": 1 \"b\": 2}", TP_EINPUT, 1, 9, "expected ',' or '}'"},
    {"mismatched bracket", "{\"a\": [1}", TP_EINPUT, 1, 9, "'}' closes the '[' opened at 1:7"},
    {"mismatched bracket on another line", "[\n  {\"a\": 1]", TP_EINPUT, 2, 10,
     "']' closes the '{' opened at 2:3"},
    {"single quotes", "{'a': 1}", TP_EINPUT, 1, 2, "expected a key (a string) or '}'"},
    {"leading zero", "[01]", TP_EINPUT, 1, 2, "invalid number: a leading zero"},
    {"bare minus", "[-]", TP_EINPUT, 1, 2, "invalid number"},
    {"bare fraction", "[1.]", TP_EINPUT, 1, 2, "invalid number: digits must follow '.'"},
    {"bare exponent", "[1e+]", TP_EINPUT, 1, 2, "invalid number: digits must follow the exponent"},
    {"plus sign", "[+1]", TP_EINPUT, 1, 2, "unexpected '+': expected a value"},
    {"number out of range", "[1e999]", TP_EINPUT, 1, 2, "number out of range: 1e999"},
    {"negative number out of range", "[-1.5e400]", TP_EINPUT, 1, 2,
     "number out of range: -1.5e400"},
    {"escaped NUL", "{\"id\\u0000x\": 1}", TP_EINPUT, 1, 5,
     "\\u0000 in a string: a NUL would cut the string short"},
    {"lone high surrogate", "[\"\\ud800\"]", TP_EINPUT, 1, 3,
     "invalid \\u escape: a high surrogate without its low half"},
    {"high surrogate and a plain escape", "[\"\\ud800\\n\"]", TP_EINPUT, 1, 3,
     "invalid \\u escape: a high surrogate without its low half"},
    {"lone low surrogate", "[\"\\udc00\"]", TP_EINPUT, 1, 3,
     "invalid \\u escape: a lone low surrogate"},
    {"short \\u escape", "[\"\\u12\"]", TP_EINPUT, 1, 3,
     "invalid \\u escape: expected four hex digits"},
    {"bad escape", "[\"\\x\"]", TP_EINPUT, 1, 3, "invalid escape '\\x' in a string"},
    {"escaped non-ASCII byte", "[\"\\\xc3\xa9\"]", TP_EINPUT, 1, 3,
     "invalid escape '\\?' in a string"},
    {"raw control character", "[\"a\tb\"]", TP_EINPUT, 1, 4,
     "control character 0x09 in a string: escape it"},
    {"raw line feed in a string", "[\"a\nb\"]", TP_EINPUT, 1, 4,
     "control character 0x0a in a string: escape it"},
    {"raw control character after an escape", "[\"\\n\x1f\"]", TP_EINPUT, 1, 5,
     "control character 0x1f in a string: escape it"},
    {"invalid UTF-8", "{\"a\": \"\xff\"}", TP_EINPUT, 1, 8, "invalid UTF-8 (byte 0xff)"},
    {"invalid UTF-8 after an escape", "{\"a\": \"\\t\xff\"}", TP_EINPUT, 1, 10,
     "invalid UTF-8 (byte 0xff)"},
    {"overlong UTF-8", "{\"a\": \"\xc0\xaf\"}", TP_EINPUT, 1, 8, "invalid UTF-8 (byte 0xc0)"},
    {"UTF-8 surrogate", "[\"\xed\xa0\x80\"]", TP_EINPUT, 1, 3, "invalid UTF-8 (byte 0xed)"},
    {"UTF-8 above U+10FFFF", "[\"\xf4\x90\x80\x80\"]", TP_EINPUT, 1, 3,
     "invalid UTF-8 (byte 0xf4)"},
    {"truncated UTF-8", "[\"\xe2\x82", TP_EINPUT, 1, 3, "invalid UTF-8 (byte 0xe2)"},
    {"invalid UTF-8 in a key", "{\"tok\xffns\": []}", TP_EINPUT, 1, 6, "invalid UTF-8 (byte 0xff)"},
    {"duplicate key", "{\"tokens\": [\n  {\"id\": \"a\",\n   \"id\": \"b\"}]}", TP_EINPUT, 3, 4,
     "duplicate key \"id\" (first at 2:4)"},
    {"duplicate top-level key", "{\"a\": 1, \"b\": 2, \"a\": 3}", TP_EINPUT, 1, 18,
     "duplicate key \"a\" (first at 1:2)"},
    {"duplicate key written with an escape", "{\"ab\": 1, \"a\\u0062\": 2}", TP_EINPUT, 1, 11,
     "duplicate key \"ab\" (first at 1:2)"},
    {"duplicate key after a string with a line feed", "{\"a\": \"x\\ny\",\n \"a\": 2}", TP_EINPUT,
     2, 2, "duplicate key \"a\" (first at 1:2)"},
    {"keys that differ in case", "{\"id\": 1, \"ID\": 2}", 0, 0, 0, NULL},
    {"surrogate pair", "[\"\\ud83d\\ude00\"]", 0, 0, 0, NULL},
    {"negative zero and a big integer", "[-0, 9007199254740993, 1e308]", 0, 0, 0, NULL},
    {"underflow to zero", "[1e-400]", 0, 0, 0, NULL},
    {"top-level array", "[1, 2]", 0, 0, 0, NULL},
    {"top-level scalar", "42", 0, 0, 0, NULL},
    {"top-level string", " \"x\" ", 0, 0, 0, NULL},
    {"BOM", "\xEF\xBB\xBF{}", 0, 0, 0, NULL},
    {"error after a BOM counts from after it", "\xEF\xBB\xBF[1,]", TP_EINPUT, 1, 4,
     "unexpected ']': expected a value"},
    {"CSV given as JSON", "user,arn,mfa_active\nroot,arn:aws:iam::1:root,true\n", TP_EINPUT, 1, 1,
     "unexpected 'u': expected a value; this looks like CSV, not JSON (name the file .csv or use "
     "--input-format csv)"},
};

/* Criterion runs each case in a fresh process: the parameters are indexes into the table. */
static size_t case_index[sizeof cases / sizeof cases[0]];

ParameterizedTestParameters(json_reader, strictness)
{
    for (size_t i = 0; i < sizeof case_index / sizeof case_index[0]; i++)
        case_index[i] = i;
    return cr_make_param_array(size_t, case_index, sizeof case_index / sizeof case_index[0]);
}

ParameterizedTest(size_t *index, json_reader, strictness)
{
    const read_case *c = &cases[*index];
    tp_jdoc *doc = NULL;
    tp_input_error err;
    memset(&err, 0, sizeof err);
    int rc = tp_read_memory(&doc, TP_INPUT_JSON, c->json, strlen(c->json), NULL, &err);
    cr_expect_eq(rc, c->status, "%s: status %d (%s)", c->name, rc, err.message);
    if (c->message) {
        cr_expect_null(doc);
        cr_expect_str_eq(err.message, c->message, "%s", c->name);
        cr_expect_eq(err.line, c->line, "%s: line %u", c->name, err.line);
        cr_expect_eq(err.column, c->col, "%s: column %u", c->name, err.column);
    } else {
        cr_expect_not_null(doc);
    }
    tp_jdoc_free(doc);
}

static tp_jdoc *read_ok(const char *json)
{
    tp_jdoc *doc = NULL;
    tp_input_error err;
    int rc = tp_read_memory(&doc, TP_INPUT_JSON, json, strlen(json), NULL, &err);
    cr_assert_eq(rc, 0, "%s: %s", json, err.message);
    return doc;
}

static int read_status(const char *json, size_t len, const tp_read_options *opts,
                       tp_input_error *err)
{
    tp_jdoc *doc = NULL;
    int rc = tp_read_memory(&doc, TP_INPUT_JSON, json, len, opts, err);
    tp_jdoc_free(doc);
    return rc;
}

Test(json_reader, nul_bytes_are_refused)
{
    const char json[] = "{\"a\": \"x\0y\"}";
    tp_input_error err;
    cr_expect_eq(read_status(json, sizeof json - 1, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "NUL byte in a string");
    cr_expect_eq(err.column, 9);
    cr_expect_eq(read_status("{}\0", 3, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "unexpected text after the JSON value");
}

Test(json_reader, strings_are_unescaped)
{
    tp_jdoc *doc = read_ok("[\"plain\", \"q\\\"b\\\\s\\/\", \"\\b\\f\\r\\t\", \"\\u00e9\\u20ac\", "
                           "\"\\ud83d\\ude00!\", \"caf\xc3\xa9\", \"\"]");
    const tp_jnode *root = tp_jdoc_root(doc);
    static const char *const want[] = {
        "plain",       "q\"b\\s/", "\b\f\r\t", "\xc3\xa9\xe2\x82\xac", "\xf0\x9f\x98\x80!",
        "caf\xc3\xa9", ""};
    cr_assert_eq(root->kind, TP_J_ARR);
    cr_assert_eq(root->len, 7);
    for (uint32_t i = 0; i < 7; i++) {
        const tp_jnode *s = tp_jarr_at(root, i);
        cr_expect_eq(s->kind, TP_J_STR);
        cr_expect_eq(tp_jnode_strlen(s), strlen(want[i]), "string %u", i);
        cr_expect_str_eq(tp_jnode_str(s), want[i]);
    }
    tp_jdoc_free(doc);
}

Test(json_reader, a_string_with_a_line_feed_keeps_later_lines_right)
{
    /* Lines are where the text had them, whatever line feeds its strings unescape to. */
    tp_jdoc *doc = read_ok("{\"pem\": \"-----BEGIN\\nKEY\\u000aEND\",\n \"n\": 1,\n \"s\": \"x\"}");
    const tp_jnode *root = tp_jdoc_root(doc);
    const tp_jnode *pem = tp_jobj_get(root, "pem", 3, NULL);
    cr_assert_not_null(pem);
    cr_expect_str_eq(tp_jnode_str(pem), "-----BEGIN\nKEY\nEND");
    cr_expect_eq(tp_jnode_strlen(pem), 18);
    unsigned line, col;
    tp_jdoc_line_col(doc, tp_jnode_offset(doc, pem), &line, &col);
    cr_expect(line == 1 && col == 9, "pem at %u:%u", line, col);
    const tp_jnode *s = tp_jobj_get(root, "s", 1, NULL);
    tp_jdoc_line_col(doc, tp_jnode_offset(doc, s), &line, &col);
    cr_expect(line == 3 && col == 7, "s at %u:%u", line, col);
    tp_jdoc_free(doc);
}

Test(json_reader, short_strings_live_in_their_nodes_and_know_where_they_were)
{
    /* 7 bytes and less in the node itself, 8 and more copied out: both read and place alike. */
    static const char json[] = "{\"a\": \"\",\n \"b\": \"1234567\",\n \"c\": \"12345678\",\n"
                               " \"d\": [\"\\u00e9t\\u00e9\", \"x\"]}";
    tp_jdoc *doc = read_ok(json);
    static const struct {
        const char *path, *want;
        int in_node;
    } strings[] = {{"/a", "", 1},
                   {"/b", "1234567", 1},
                   {"/c", "12345678", 0},
                   {"/d/0", "\xc3\xa9t\xc3\xa9", 1},
                   {"/d/1", "x", 1}};
    const tp_jnode *root = tp_jdoc_root(doc);
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        const char *p = strings[i].path;
        const tp_jnode *n = tp_jobj_get(root, p + 1, 1, NULL);
        if (p[2] == '/')
            n = tp_jarr_at(n, (uint32_t)(p[3] - '0'));
        cr_assert_eq(n->kind, TP_J_STR, "%s", p);
        cr_expect_str_eq(tp_jnode_str(n), strings[i].want, "%s", p);
        cr_expect_eq(tp_jnode_strlen(n), strlen(strings[i].want), "%s", p);
        cr_expect_eq(!!(n->flags & TP_JF_SHORT), strings[i].in_node, "%s", p);
        /* Its offset is its opening quote's, whichever way it is held. */
        cr_expect_eq(json[tp_jnode_offset(doc, n)], '"', "%s", p);
        expect_node_pointer(doc, n, p);
    }
    unsigned line, col;
    tp_jdoc_line_col(doc, tp_jnode_offset(doc, tp_jobj_get(root, "b", 1, NULL)), &line, &col);
    cr_expect(line == 2 && col == 7, "b at %u:%u", line, col);
    tp_jdoc_free(doc);
}

/* Numbers: what the C library's correctly rounded strtod gives in the C locale. */
static const char *const numbers[] = {"0",
                                      "-0",
                                      "1",
                                      "-1",
                                      "0.1",
                                      "0.5",
                                      "3.14159",
                                      "1e23",
                                      "1E+2",
                                      "2e-3",
                                      "9007199254740992",
                                      "9007199254740993",
                                      "18446744073709551615",
                                      "123456789012345678901234567890",
                                      "0.30000000000000004",
                                      "2.2250738585072011e-308",
                                      "4.9e-324",
                                      "1.7976931348623157e308",
                                      "0.000001",
                                      "1e-400",
                                      "0.12345678901234567890123",
                                      "1234567.8901234567e-30",
                                      "100000000000000000000000000000000000000000000000000",
                                      "7e22",
                                      "7e23",
                                      "-12.5e-1"};

static void expect_numbers(void)
{
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        char json[128];
        snprintf(json, sizeof json, "[%s]", numbers[i]);
        tp_jdoc *doc = read_ok(json);
        const tp_jnode *n = tp_jarr_at(tp_jdoc_root(doc), 0);
        cr_expect_eq(n->kind, TP_J_NUM);
        double want = strtod(numbers[i], NULL);
        cr_expect(memcmp(&n->u.num, &want, sizeof want) == 0, "%s: %.17g, want %.17g", numbers[i],
                  n->u.num, want);
        cr_expect_eq(!!(n->flags & TP_JF_INT), !strpbrk(numbers[i], ".eE"), "%s", numbers[i]);
        tp_jdoc_free(doc);
    }
}

Test(json_reader, numbers_are_correctly_rounded)
{
    setlocale(LC_NUMERIC, "C");
    expect_numbers();
}

Test(json_reader, numbers_do_not_depend_on_the_locale)
{
    if (!use_comma_locale())
        cr_skip_test("no locale with a decimal comma can be built here (localedef, de_DE)");
    cr_assert_eq(strtod("0.5", NULL), 0.0, "the locale reads '.' as the end of a number");
    tp_jdoc *doc = read_ok("[0.5, 0.12345678901234567890123, 1.5e-7]");
    const tp_jnode *root = tp_jdoc_root(doc);
    cr_expect_eq(tp_jarr_at(root, 0)->u.num, 0.5);
    cr_expect_eq(tp_jarr_at(root, 1)->u.num, 0.12345678901234568);
    cr_expect_eq(tp_jarr_at(root, 2)->u.num, 1.5e-7);
    tp_jdoc_free(doc);
    setlocale(LC_NUMERIC, "C");
}

Test(json_reader, overlong_numbers_follow_the_old_rules)
{
    char json[400];
    tp_input_error err;
    /* 64 characters or more with an exponent */
    snprintf(json, sizeof json, "[1%062de5]", 0);
    cr_expect_eq(read_status(json, strlen(json), NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "number too long");
    /* more than 309 digits */
    memset(json, '1', 312);
    json[0] = '[';
    json[311] = ']';
    cr_expect_eq(read_status(json, 312, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "number out of range");
    /* 309 digits that do not fit a double: refused (the old check let them become infinity) */
    memset(json, '9', 311);
    json[0] = '[';
    json[310] = ']';
    cr_expect_eq(read_status(json, 311, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "number out of range");
    /* 308 digits fit */
    json[309] = ']';
    cr_expect_eq(read_status(json, 310, NULL, &err), 0);
}

Test(json_reader, size_depth_and_memory_are_limited)
{
    tp_read_options opts = TP_READ_OPTIONS_INIT;
    opts.max_bytes = 4;
    tp_input_error err;
    cr_expect_eq(read_status("[1, 2]", 6, &opts, &err), TP_ELIMIT);
    cr_expect_str_eq(err.message, "input of 6 bytes is over the limit of 4 bytes (raise it with "
                                  "--max-input-bytes)");
    char deep[2100];
    memset(deep, '[', 1000);
    memset(deep + 1000, ']', 1000);
    cr_expect_eq(read_status(deep, 2000, NULL, &err), TP_ELIMIT);
    cr_expect_str_eq(
        err.message,
        "JSON nested deeper than 512 levels (raise it with --max-json-depth, at most 999)");
    cr_expect_eq(err.column, 513);
    tp_read_options deeper = TP_READ_OPTIONS_INIT;
    deeper.max_depth = 5000;
    cr_expect_eq(read_status(deep, 2000, &deeper, &err), TP_ELIMIT, "1000 > 999");
    cr_expect_eq(read_status(deep + 1, 1998, &deeper, &err), 0, "999 levels read");
    tp_read_options budget = TP_READ_OPTIONS_INIT;
    budget.max_memory = 100000;
    size_t n = 60001; /* [0,0,...,0]: 30,000 numbers */
    char *big = malloc(n);
    for (size_t i = 0; i + 1 < n; i += 2)
        memcpy(big + i, i ? ",0" : "[0", 2);
    big[n - 1] = ']';
    cr_expect_eq(read_status(big, n, &budget, &err), TP_ELIMIT);
    cr_expect_str_eq(err.message, "reading the input needs more than 100000 bytes of memory "
                                  "(raise it with --max-memory)");
    budget.max_memory = 2000000;
    cr_expect_eq(read_status(big, n, &budget, &err), 0, "%s", err.message);
    free(big);
}

/* A document of several MiB, so that its text is given back in pieces as it is read: a root
 * whose keys wait while a large object and a large list are read, on one line each member.
 * Lines: 1 "{", 2 "schema", 3 "wide": {, then WIDE members, "},", "tokens": [, then TOKENS
 * elements, "],", "tail", then `extra` (a member, or ""), "}". */
#define WIDE 60000
#define TOKENS 40000
static char *large_text(const char *extra, size_t *len)
{
    text_buf t = {0};
    text_printf(&t, "{\n  \"schema\": \"t\",\n  \"wide\": {\n");
    for (int i = 0; i < WIDE; i++)
        text_printf(&t, "    \"k%d\": {\"id\": \"v%d\", \"n\": %d}%s\n", i, i, i,
                    i + 1 < WIDE ? "," : "");
    text_printf(&t, "  },\n  \"tokens\": [\n");
    for (int i = 0; i < TOKENS; i++)
        text_printf(&t, "    {\"id\": \"tok-%d\", \"note\": \"a\\nb \\u00e9\"}%s\n", i,
                    i + 1 < TOKENS ? "," : "");
    text_printf(&t, "  ],\n  \"tail\": \"end\"%s\n}\n", extra);
    *len = t.len;
    return t.s;
}

static void expect_at(const tp_jdoc *doc, uint32_t offset, unsigned line, unsigned col,
                      const char *what)
{
    unsigned l, c;
    tp_jdoc_line_col(doc, offset, &l, &c);
    cr_expect(l == line && c == col, "%s at %u:%u, want %u:%u", what, l, c, line, col);
}

Test(json_reader, a_large_text_is_given_back_as_it_is_read)
{
    size_t len;
    char *json = large_text("", &len);
    cr_assert_gt(len, (size_t)4 << 20, "large enough to be given back in pieces");
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_assert_eq(tp_read_memory(&doc, TP_INPUT_JSON, json, len, NULL, &err), 0, "%s", err.message);
    free(json);
    cr_expect_null(doc->text, "the text is not kept");
    const tp_jnode *root = tp_jdoc_root(doc);
    cr_assert_eq(root->len, 4);
    static const char *const keys[] = {"schema", "wide", "tokens", "tail"};
    for (uint32_t i = 0; i < 4; i++) {
        cr_expect_str_eq(tp_jobj_key(root, i)->s, keys[i]);
        expect_at(doc, tp_jkey_offset(doc, tp_jobj_key(root, i)),
                  i == 0   ? 2
                  : i == 1 ? 3
                  : i == 2 ? 5 + WIDE
                           : 7 + WIDE + TOKENS,
                  3, keys[i]);
    }
    const tp_jnode *wide = tp_jobj_get(root, "wide", 4, NULL);
    cr_assert_eq(wide->len, WIDE);
    for (int i = 0; i < WIDE; i += 7919) {
        char key[16], id[16];
        snprintf(key, sizeof key, "k%d", i);
        snprintf(id, sizeof id, "v%d", i);
        const tp_jnode *m = tp_jobj_get(wide, key, strlen(key), NULL);
        cr_assert_not_null(m, "%s", key);
        cr_expect_str_eq(tp_jnode_str(tp_jobj_get(m, "id", 2, NULL)), id);
        expect_at(doc, tp_jkey_offset(doc, tp_jobj_key(wide, (uint32_t)i)), 4 + (unsigned)i, 5,
                  key);
        expect_at(doc, tp_jnode_offset(doc, m), 4 + (unsigned)i, 9 + (unsigned)strlen(key), id);
    }
    const tp_jnode *tokens = tp_jobj_get(root, "tokens", 6, NULL);
    cr_assert_eq(tokens->len, TOKENS);
    const tp_jnode *last = tp_jarr_at(tokens, TOKENS - 1);
    cr_expect_str_eq(tp_jnode_str(tp_jobj_get(last, "id", 2, NULL)), "tok-39999");
    cr_expect_str_eq(tp_jnode_str(tp_jobj_get(last, "note", 4, NULL)), "a\nb \xc3\xa9");
    expect_at(doc, tp_jnode_offset(doc, tp_jobj_get(last, "note", 4, NULL)), 5 + WIDE + TOKENS, 33,
              "the last note");
    cr_expect_str_eq(tp_jnode_str(tp_jobj_get(root, "tail", 4, NULL)), "end");
    tp_jdoc_free(doc);
}

Test(json_reader, a_text_mostly_whitespace_is_not_held_for_its_tree)
{
    /* 8 MiB of deep indentation around 32768 short strings: the tree holds a fraction of it. */
    enum { ELEMENTS = 32768, INDENT = 250 };
    text_buf t = {0};
    text_printf(&t, "[");
    for (int i = 0; i < ELEMENTS; i++)
        text_printf(&t, "\n%*s\"s%d\"%s", INDENT, "", i % 1000, i + 1 < ELEMENTS ? "," : "");
    text_printf(&t, "\n]\n");
    cr_assert_gt(t.len, (size_t)8 << 20);
    size_t len = t.len;
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_assert_eq(tp_read_memory(&doc, TP_INPUT_JSON, t.s, t.len, NULL, &err), 0, "%s", err.message);
    free(t.s);
    const tp_jnode *root = tp_jdoc_root(doc);
    cr_assert_eq(root->len, ELEMENTS);
    cr_expect_str_eq(tp_jnode_str(tp_jarr_at(root, ELEMENTS - 1)), "s767");
    expect_at(doc, tp_jnode_offset(doc, tp_jarr_at(root, ELEMENTS - 1)), 1 + ELEMENTS, INDENT + 1,
              "the last string");
    /* The nodes (512 KiB) and the line table (128 KiB), in the text's pages or in a first chunk
     * of a quarter of the text (under AddressSanitizer nothing is lent), not the whole text. */
    cr_expect_lt(tp_jdoc_memory(doc), len / 3, "holds %zu bytes", tp_jdoc_memory(doc));
    tp_jdoc_free(doc);
}

/* Whether two trees of two readings of one text hold the same values at the same offsets. */
static int same_tree(const tp_jdoc *da, const tp_jnode *a, const tp_jdoc *db, const tp_jnode *b)
{
    if (a->kind != b->kind || tp_jnode_offset(da, a) != tp_jnode_offset(db, b))
        return 0;
    switch ((tp_jkind)a->kind) {
    case TP_J_STR:
        return tp_jnode_strlen(a) == tp_jnode_strlen(b) &&
               strcmp(tp_jnode_str(a), tp_jnode_str(b)) == 0;
    case TP_J_NUM:
        return memcmp(&a->u.num, &b->u.num, sizeof a->u.num) == 0;
    case TP_J_ARR:
    case TP_J_OBJ:
        if (a->len != b->len)
            return 0;
        for (uint32_t i = 0; i < a->len; i++) {
            if (a->kind == TP_J_OBJ &&
                (strcmp(tp_jobj_key(a, i)->s, tp_jobj_key(b, i)->s) != 0 ||
                 tp_jkey_offset(da, tp_jobj_key(a, i)) != tp_jkey_offset(db, tp_jobj_key(b, i))))
                return 0;
            if (!same_tree(da, &a->u.items[i], db, &b->u.items[i]))
                return 0;
        }
        return 1;
    default:
        return 1;
    }
}

/* Objects left open across loans (keys waiting), maps of unique keys, strings either side of 7
 * bytes with escapes, numbers and literals, nesting, on many lines. */
static char *varied_text(const char *tail, size_t *len)
{
    static const char *const strings[] = {"",
                                          "a",
                                          "1234567",
                                          "12345678",
                                          "\\u00e9t\\u00e9",
                                          "\\ud83d\\ude00x",
                                          "a\\nb",
                                          "a much longer string than seven bytes"};
    text_buf t = {0};
    text_printf(&t, "{\"open\": {\"k\\u00e9y\": 1, \"list\": [\n");
    for (int i = 0; i < 3000; i++) {
        text_printf(&t,
                    "%s  {\"id\": \"%s\", \"n\": %d.5e1, \"b\": %s, \"m\": {\"u%d\": null, "
                    "\"d\": [[[\"%s\"]]]}}",
                    i ? ",\n" : "", strings[i % 8], i, i % 2 ? "true" : "false", i,
                    strings[(i + 3) % 8]);
    }
    text_printf(&t, "\n], \"after\": \"x\"%s}}\n", tail);
    *len = t.len;
    return t.s;
}

Test(json_reader, a_text_lent_at_every_turn_reads_the_same)
{
    /* The text behind the cursor lent to the tree every 8 bytes: the tree is the one read with
     * the text lent every MiB (here never), value for value, offset for offset. */
    size_t len;
    char *json = varied_text("", &len);
    tp_read_options often = TP_READ_OPTIONS_INIT;
    often.lend_step = 8;
    tp_jdoc *a = NULL, *b = NULL;
    tp_input_error err;
    cr_assert_eq(tp_read_memory(&a, TP_INPUT_JSON, json, len, NULL, &err), 0, "%s", err.message);
    cr_assert_eq(tp_read_memory(&b, TP_INPUT_JSON, json, len, &often, &err), 0, "%s", err.message);
    free(json);
    cr_expect(same_tree(a, tp_jdoc_root(a), b, tp_jdoc_root(b)), "the two readings differ");
    tp_jdoc_free(a);
    tp_jdoc_free(b);
    /* A key repeated after all that: said and placed the same. */
    json = varied_text(", \"open\": 2, \"list\": 3", &len);
    tp_input_error ea, eb;
    cr_expect_eq(read_status(json, len, NULL, &ea), TP_EINPUT);
    cr_expect_eq(read_status(json, len, &often, &eb), TP_EINPUT);
    free(json);
    cr_expect_str_eq(eb.message, ea.message);
    cr_expect_str_eq(eb.message, "duplicate key \"list\" (first at 1:26)");
    cr_expect(ea.line == eb.line && ea.column == eb.column && ea.offset == eb.offset,
              "%u:%u against %u:%u", eb.line, eb.column, ea.line, ea.column);
}

Test(json_reader, a_large_text_given_back_still_places_its_duplicates)
{
    /* The root's "schema" (line 2) waited through megabytes given back; so did "wide"'s "k5". */
    static const struct {
        const char *extra;
        const char *message;
        unsigned line, col;
    } repeated[] = {
        {",\n  \"schema\": \"u\"", "duplicate key \"schema\" (first at 2:3)", 8 + WIDE + TOKENS, 3},
        {",\n  \"wide\": 1", "duplicate key \"wide\" (first at 3:3)", 8 + WIDE + TOKENS, 3},
    };
    for (size_t k = 0; k < sizeof repeated / sizeof repeated[0]; k++) {
        size_t len;
        char *json = large_text(repeated[k].extra, &len);
        tp_input_error err;
        cr_expect_eq(read_status(json, len, NULL, &err), TP_EINPUT);
        free(json);
        cr_expect_str_eq(err.message, repeated[k].message);
        cr_expect(err.line == repeated[k].line && err.column == repeated[k].col, "%s at %u:%u",
                  repeated[k].message, err.line, err.column);
    }
    /* A member of the large object repeated at its end. */
    size_t len;
    char *json = large_text("", &len);
    char *end = strstr(json, "\n  },\n");
    cr_assert_not_null(end);
    char *again = malloc(len + 64);
    size_t head = (size_t)(end - json);
    int n = snprintf(again, len + 64, "%.*s,\n    \"k5\": 0%s", (int)head, json, end);
    free(json);
    tp_input_error err;
    cr_expect_eq(read_status(again, (size_t)n, NULL, &err), TP_EINPUT);
    free(again);
    cr_expect_str_eq(err.message, "duplicate key \"k5\" (first at 9:5)");
    cr_expect(err.line == 4 + WIDE && err.column == 5, "at %u:%u", err.line, err.column);
}

Test(json_reader, duplicates_in_large_objects_are_found)
{
    char json[40000];
    size_t off = (size_t)snprintf(json, sizeof json, "{");
    for (int i = 0; i < 2000; i++)
        off += (size_t)snprintf(json + off, sizeof json - off, "%s\"k%d\": %d", i ? "," : "", i, i);
    off += (size_t)snprintf(json + off, sizeof json - off, ", \"k1500\": 0}");
    tp_input_error err;
    cr_expect_eq(read_status(json, off, NULL, &err), TP_EINPUT);
    char want[64];
    snprintf(want, sizeof want, "duplicate key \"k1500\" (first at 1:%zu)",
             (size_t)(strstr(json, "\"k1500\"") - json) + 1);
    cr_expect_str_eq(err.message, want);
    cr_expect_eq(err.offset, off - 11);
}

Test(json_reader, duplicate_keys_that_could_be_credentials_are_not_shown)
{
    static const char *const keys[] = {
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "0123456789abcdef0123456789abcdef01234567",
        "AKIAIOSFODNN7EXAMPLE/wJalrXUtnFEMI", "correct horse battery staple",
        "a-very-long-key-name-of-30-byte"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char json[256];
        int n = snprintf(json, sizeof json, "{\"%s\": 1,\n \"%s\": 2}", keys[i], keys[i]);
        tp_input_error err;
        cr_expect_eq(read_status(json, (size_t)n, NULL, &err), TP_EINPUT);
        cr_expect_str_eq(err.message, "duplicate key (first at 1:2)", "%s", keys[i]);
        cr_expect(err.line == 2 && err.column == 2);
    }
}
