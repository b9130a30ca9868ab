/* The document tree (engine/input/jdoc.h): lookups, pointers and positions of nodes, round trips
 * against cJSON, and trees converted from a host's cJSON. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "input/reader.h"

static tp_mem mem;

static void setup(void)
{
    tp_mem_init(&mem, NULL);
}

TestSuite(jdoc, .init = setup);

static tp_jdoc *read_as(tp_input_format format, const char *text)
{
    tp_jdoc *doc = NULL;
    tp_input_error err;
    int rc = tp_read_memory(&doc, format, text, strlen(text), NULL, &err);
    cr_assert_eq(rc, 0, "%s: %s", text, err.message);
    return doc;
}

/* The tree as cJSON, to compare with what cJSON parses. */
static cJSON *to_cjson(const tp_jnode *n)
{
    switch (n->kind) {
    case TP_J_NULL:
        return cJSON_CreateNull();
    case TP_J_TRUE:
        return cJSON_CreateTrue();
    case TP_J_FALSE:
        return cJSON_CreateFalse();
    case TP_J_NUM:
        return cJSON_CreateNumber(n->u.num);
    case TP_J_STR:
        return cJSON_CreateString(tp_jnode_str(n));
    case TP_J_ARR: {
        cJSON *a = cJSON_CreateArray();
        for (uint32_t i = 0; i < n->len; i++)
            cJSON_AddItemToArray(a, to_cjson(tp_jarr_at(n, i)));
        return a;
    }
    default: {
        cJSON *o = cJSON_CreateObject();
        for (uint32_t i = 0; i < n->len; i++)
            cJSON_AddItemToObject(o, tp_jobj_key(n, i)->s, to_cjson(tp_jobj_value(n, i)));
        return o;
    }
    }
}

static const char sample[] =
    "{\n"
    "  \"format\": \"tokpol/v1\",\n"
    "  \"tokens\": [\n"
    "    {\"id\": \"a\", \"scopes\": [\"read\", \"write\"], \"n\": 1.5, \"on\": true},\n"
    "    {\"id\": \"b\\n2\", \"scopes\": [], \"n\": -3, \"on\": false, \"x\": null},\n"
    "    {\"id\": \"c\", \"a/b\": {\"~\": [[1], {}]}, \"\": \"empty key\"}\n"
    "  ],\n"
    "  \"caf\\u00e9\": \"\\ud83d\\ude00\"\n"
    "}\n";

Test(jdoc, reads_what_cjson_reads)
{
    tp_jdoc *doc = read_as(TP_INPUT_JSON, sample);
    cJSON *mine = to_cjson(tp_jdoc_root(doc));
    cJSON *theirs = cJSON_Parse(sample);
    cr_assert_not_null(theirs);
    cr_expect(cJSON_Compare(mine, theirs, 1), "the trees differ");
    cJSON_Delete(mine);
    cJSON_Delete(theirs);
    tp_jdoc_free(doc);
}

Test(jdoc, members_are_found_with_and_without_a_hint)
{
    tp_jdoc *doc = read_as(TP_INPUT_JSON, sample);
    const tp_jnode *tokens = tp_jobj_get(tp_jdoc_root(doc), "tokens", 6, NULL);
    cr_assert_not_null(tokens);
    cr_assert_eq(tokens->kind, TP_J_ARR);
    cr_assert_eq(tokens->len, 3);
    tp_jhint hint = TP_JHINT_INIT;
    static const char *const ids[] = {"a", "b\n2", "c"};
    for (uint32_t i = 0; i < 3; i++) {
        const tp_jnode *id = tp_jobj_get(tp_jarr_at(tokens, i), "id", 2, &hint);
        cr_assert_not_null(id);
        cr_expect_str_eq(tp_jnode_str(id), ids[i]);
        cr_expect_eq(hint.index, 0);
        cr_expect_eq(hint.shape, tp_jobj_shape(tp_jarr_at(tokens, i)));
    }
    const tp_jnode *on = tp_jobj_get(tp_jarr_at(tokens, 1), "on", 2, &hint);
    cr_expect_eq(on->kind, TP_J_FALSE);
    cr_expect_eq(hint.index, 3, "the hint moves to where the key was");
    cr_expect_null(tp_jobj_get(tp_jarr_at(tokens, 0), "x", 1, &hint), "absent");
    cr_expect_eq(hint.index, TP_JHINT_ABSENT, "absence is remembered for the shape");
    cr_expect_null(tp_jobj_get(tp_jarr_at(tokens, 0), "x", 1, &hint));
    cr_expect_null(tp_jobj_get(tp_jarr_at(tokens, 0), "i", 1, NULL), "a prefix is not a key");
    cr_expect_not_null(tp_jobj_get(tp_jarr_at(tokens, 2), "", 0, NULL), "the empty key");
    tp_jdoc_free(doc);
}

Test(jdoc, objects_with_the_same_keys_share_a_shape)
{
    tp_jdoc *doc = read_as(TP_INPUT_JSON, "[{\"id\": 1, \"k\": 2}, {\"id\": 3, \"k\": 4}, "
                                          "{\"k\": 5, \"id\": 6}, {\"id\": 7, \"k\": {}}]");
    const tp_jnode *root = tp_jdoc_root(doc);
    cr_expect_eq(tp_jobj_shape(tp_jarr_at(root, 0)), tp_jobj_shape(tp_jarr_at(root, 1)));
    cr_expect_neq(tp_jobj_shape(tp_jarr_at(root, 0)), tp_jobj_shape(tp_jarr_at(root, 2)),
                  "another order");
    cr_expect_eq(tp_jobj_shape(tp_jarr_at(root, 0)), tp_jobj_shape(tp_jarr_at(root, 3)),
                 "values do not matter");
    tp_jhint hint = TP_JHINT_INIT;
    double want[] = {1, 3, 6, 7};
    for (uint32_t i = 0; i < 4; i++)
        cr_expect_eq(tp_jobj_get(tp_jarr_at(root, i), "id", 2, &hint)->u.num, want[i]);
    cr_expect_str_eq(tp_jobj_key(tp_jarr_at(root, 2), 0)->s, "k");
    cr_expect_eq(tp_jobj_value(tp_jarr_at(root, 2), 0)->u.num, 5);
    tp_jdoc_free(doc);
}

/* Follows an RFC 6901 pointer through the tree. */
static const tp_jnode *resolve(const tp_jnode *n, const char *p)
{
    while (*p == '/') {
        char seg[256];
        size_t k = 0;
        for (p++; *p && *p != '/'; p++) {
            char c = *p;
            if (c == '~')
                c = *++p == '0' ? '~' : '/';
            seg[k++] = c;
        }
        seg[k] = '\0';
        if (n->kind == TP_J_ARR) {
            uint32_t i = (uint32_t)strtoul(seg, NULL, 10);
            n = i < n->len ? tp_jarr_at(n, i) : NULL;
        } else if (n->kind == TP_J_OBJ) {
            n = tp_jobj_get(n, seg, k, NULL);
        } else {
            n = NULL;
        }
        if (!n)
            return NULL;
    }
    return n;
}

/* Every node's pointer leads back to it. */
static size_t check_pointers(const tp_jdoc *doc, const tp_jnode *n)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, &mem);
    cr_expect_eq(tp_jdoc_pointer(doc, n, &sb), 0);
    cr_expect_eq(resolve(tp_jdoc_root(doc), tp_strbuf_cstr(&sb)), n, "%s", tp_strbuf_cstr(&sb));
    tp_strbuf_free(&sb);
    size_t count = 1;
    for (uint32_t i = 0; n->kind == TP_J_ARR && i < n->len; i++)
        count += check_pointers(doc, tp_jarr_at(n, i));
    for (uint32_t i = 0; n->kind == TP_J_OBJ && i < n->len; i++)
        count += check_pointers(doc, tp_jobj_value(n, i));
    return count;
}

static void expect_pointer(const tp_jdoc *doc, const tp_jnode *n, const char *want)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, &mem);
    cr_expect_eq(tp_jdoc_pointer(doc, n, &sb), 0);
    cr_expect_str_eq(tp_strbuf_cstr(&sb), want);
    tp_strbuf_free(&sb);
}

Test(jdoc, every_node_has_a_pointer)
{
    tp_jdoc *doc = read_as(TP_INPUT_JSON, sample);
    cr_expect_eq(check_pointers(doc, tp_jdoc_root(doc)), 25);
    const tp_jnode *tilde = resolve(tp_jdoc_root(doc), "/tokens/2/a~1b/~0/1");
    cr_assert_not_null(tilde);
    expect_pointer(doc, tilde, "/tokens/2/a~1b/~0/1");
    expect_pointer(doc, tp_jdoc_root(doc), "");
    tp_jnode stranger;
    memset(&stranger, 0, sizeof stranger);
    stranger.kind = TP_J_NULL;
    stranger.len = 60;
    tp_strbuf sb;
    tp_strbuf_init(&sb, &mem);
    cr_expect_eq(tp_jdoc_pointer(doc, &stranger, &sb), 1, "not a node of the document");
    cr_expect_str_eq(tp_strbuf_cstr(&sb), "");
    tp_strbuf_free(&sb);
    tp_jdoc_free(doc);
}

static void expect_at(const tp_jdoc *doc, const char *pointer, unsigned line, unsigned col)
{
    const tp_jnode *n = resolve(tp_jdoc_root(doc), pointer);
    cr_assert_not_null(n, "%s", pointer);
    unsigned l, c;
    tp_jdoc_line_col(doc, tp_jnode_offset(doc, n), &l, &c);
    cr_expect(l == line && c == col, "%s at %u:%u, want %u:%u", pointer, l, c, line, col);
}

static void expect_positions(const tp_jdoc *doc)
{
    expect_at(doc, "", 1, 1);
    expect_at(doc, "/format", 2, 13);
    expect_at(doc, "/tokens", 3, 13);
    expect_at(doc, "/tokens/0", 4, 5);
    expect_at(doc, "/tokens/0/scopes/1", 4, 36);
    expect_at(doc, "/tokens/0/n", 4, 51);
    expect_at(doc, "/tokens/0/on", 4, 62);
    expect_at(doc, "/tokens/1/id", 5, 12);
    expect_at(doc, "/tokens/1/x", 5, 61);
    expect_at(doc, "/tokens/2/a~1b/~0/0/0", 6, 32);
    expect_at(doc, "/caf\xc3\xa9", 8, 16);
}

Test(jdoc, nodes_know_their_line_and_column)
{
    tp_jdoc *doc = read_as(TP_INPUT_JSON, sample);
    expect_positions(doc);
    const tp_jnode *first = resolve(tp_jdoc_root(doc), "/tokens/0");
    unsigned l, c;
    tp_jdoc_line_col(doc, tp_jkey_offset(doc, tp_jobj_key(first, 1)), &l, &c);
    cr_expect(l == 4 && c == 17, "key scopes at %u:%u", l, c);
    /* The reader recorded every line start, and gave the text back. */
    cr_expect_eq(doc->nlines, 10);
    cr_expect_null(doc->text);
    tp_jdoc_free(doc);
}

Test(jdoc, a_host_tree_is_converted)
{
    cJSON *host = cJSON_Parse(sample);
    cr_assert_not_null(host);
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_assert_eq(tp_jdoc_from_cjson(&doc, host, NULL, &err), 0, "%s", err.message);
    cJSON *back = to_cjson(tp_jdoc_root(doc));
    cr_expect(cJSON_Compare(back, host, 1), "the trees differ");
    cJSON_Delete(back);
    cr_expect_eq(check_pointers(doc, tp_jdoc_root(doc)), 25);
    unsigned l, c;
    tp_jdoc_line_col(doc, tp_jnode_offset(doc, resolve(tp_jdoc_root(doc), "/tokens/1")), &l, &c);
    cr_expect(l == 0 && c == 0, "no source, no position");
    cr_expect_eq(resolve(tp_jdoc_root(doc), "/tokens/0/n")->flags & TP_JF_INT, 0);
    cr_expect_eq(resolve(tp_jdoc_root(doc), "/tokens/1/n")->flags & TP_JF_INT, TP_JF_INT);
    /* The strings were copied: the host may free its tree. */
    cJSON_Delete(host);
    cr_expect_str_eq(tp_jnode_str(resolve(tp_jdoc_root(doc), "/tokens/1/id")), "b\n2");
    tp_jdoc_free(doc);
}

static void expect_refused(cJSON *host, int status, const char *message)
{
    tp_jdoc *doc = NULL;
    tp_input_error err;
    memset(&err, 0, sizeof err);
    cr_expect_eq(tp_jdoc_from_cjson(&doc, host, NULL, &err), status, "%s", message);
    cr_expect_null(doc);
    cr_expect_str_eq(err.message, message);
    cJSON_Delete(host);
}

Test(jdoc, host_trees_that_no_input_could_be_are_refused)
{
    cJSON *dup = cJSON_Parse("{\"tokens\": [{\"id\": 1}, {\"id\": 2}]}");
    cJSON_AddNumberToObject(cJSON_GetArrayItem(cJSON_GetObjectItem(dup, "tokens"), 1), "id", 3);
    expect_refused(dup, TP_EINPUT, "the cJSON tree has a duplicate key in \"/tokens/1\"");
    cJSON *keyed = cJSON_Parse("{\"by_token\": {\"ghp_abcdefghijklmnopqrstuvwxyz0123456789\": "
                               "{\"id\": 1}}}");
    cJSON_AddNumberToObject(cJSON_GetObjectItem(keyed, "by_token")->child, "id", 2);
    expect_refused(
        keyed, TP_EINPUT,
        "the cJSON tree has a duplicate key in \"/by_token/[github-token sha256:03aafb02]\"");
    cJSON *inf = cJSON_Parse("{\"a/b\": [0]}");
    cJSON_GetArrayItem(cJSON_GetObjectItem(inf, "a/b"), 0)->valuedouble = INFINITY;
    expect_refused(inf, TP_EINPUT,
                   "the cJSON tree holds a number that is not finite at \"/a~1b/0\"");
    cJSON *utf8 = cJSON_CreateArray();
    cJSON_AddItemToArray(utf8, cJSON_CreateString("ok"));
    cJSON_AddItemToArray(utf8, cJSON_CreateString("caf\xe9"));
    expect_refused(utf8, TP_EINPUT,
                   "the cJSON tree holds a string that is not valid UTF-8 at \"/1\"");
    cJSON *raw = cJSON_CreateObject();
    cJSON_AddRawToObject(raw, "r", "[1]");
    expect_refused(raw, TP_EINPUT,
                   "the cJSON tree holds an item that is not JSON (raw or invalid) at \"/r\"");
    cJSON *deep = cJSON_CreateArray(), *cur = deep;
    for (int i = 0; i < 600; i++) {
        cJSON *next = cJSON_CreateArray();
        cJSON_AddItemToArray(cur, next);
        cur = next;
    }
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_jdoc_from_cjson(&doc, deep, NULL, &err), TP_ELIMIT);
    cr_expect(strstr(err.message, "more nesting than the limit"), "%s", err.message);
    tp_read_options opts = TP_READ_OPTIONS_INIT;
    opts.max_depth = 999;
    cr_expect_eq(tp_jdoc_from_cjson(&doc, deep, &opts, &err), 0, "%s", err.message);
    tp_jdoc_free(doc);
    cJSON_Delete(deep);
}

Test(jdoc, a_line_is_found_from_any_line_found_before)
{
    /* Lines of 0, 1 and many bytes; every offset, looked for from every line (and past the
     * last), gives the line a count of line starts gives, and leaves that line as the next
     * place to look. */
    static const uint32_t starts[] = {0,   5,   6,   20,  21,  22,  40,  100, 101, 150, 151,
                                      152, 153, 154, 155, 156, 157, 158, 159, 160, 300};
    const size_t n = sizeof starts / sizeof starts[0];
    for (size_t from = 0; from <= n + 1; from++)
        for (size_t offset = 0; offset < 320; offset++) {
            size_t want = 0;
            while (want + 1 < n && starts[want + 1] <= offset)
                want++;
            size_t near = from;
            unsigned l, c;
            tp_jdoc_line_col_in(starts, n, offset, &near, &l, &c);
            cr_assert_eq(l, want + 1, "offset %zu from line %zu: %u", offset, from, l);
            cr_assert_eq(c, offset - starts[want] + 1, "offset %zu from line %zu", offset, from);
            cr_assert_eq(near, want);
        }
}
