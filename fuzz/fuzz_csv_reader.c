/*
 * libFuzzer: the CSV reader of engine/input against a deliberately simple reference written
 * from RFC 4180 and the rules of docs/input-readers.md. Both must accept the same inputs and,
 * when they do, give the same header and the same cells; a rejection must point inside the input;
 * every node's JSON pointer must lead back to it. Then the cells are typed by a schema (booleans,
 * numbers, "N/A" and "" as null): each becomes what its text says, and every pointer still leads
 * back to its node.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "fuzz_input.h"
#include "input/reader.h"
#include "input/schema.h"
#include "base/unicode.h"
#include "input/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Rows whose every column may be a boolean, a number or null. Built once, kept for the run. */
static const tp_shape *typing_schema(void)
{
    static tp_shape *root;
    static tp_arena arena;
    static tp_mem mem;
    if (!root) {
        cJSON *doc = cJSON_Parse("{\"type\": \"array\", \"items\": {\"type\": \"object\", "
                                 "\"x-tokpol-null\": [\"N/A\", \"\"], \"additionalProperties\": "
                                 "{\"type\": [\"boolean\", \"number\", \"null\"]}}}");
        char why[200];
        tp_mem_init(&mem, NULL);
        tp_arena_init(&arena, &mem);
        fuzz_check(doc && tp_schema_build(&arena, doc, &root, why, sizeof why) == 0);
        /* The shapes borrow nothing from the document but enum values and the null texts,
         * which live as long as the process: the document is never freed. */
    }
    return root;
}

/* What a cell whose text is `t` (n bytes) must have become. */
static void check_typed(const tp_jnode *v, const char *t, size_t n)
{
    int is_true = n == 4 && strncasecmp(t, "true", 4) == 0;
    int is_false = n == 5 && strncasecmp(t, "false", 5) == 0;
    int is_null = n == 0 || (n == 3 && memcmp(t, "N/A", 3) == 0);
    switch (v->kind) {
    case TP_J_NULL:
        fuzz_check(is_null);
        break;
    case TP_J_TRUE:
    case TP_J_FALSE:
        fuzz_check(v->kind == TP_J_TRUE ? is_true : is_false);
        break;
    case TP_J_NUM:
        fuzz_check(n > 0 && (t[0] == '-' || (t[0] >= '0' && t[0] <= '9')));
        break;
    case TP_J_STR:
        fuzz_check(!is_null && !is_true && !is_false);
        break;
    default:
        fuzz_check(0);
    }
}

/* The reference: fields as (start, length) in `out`, unquoted into `buf`; rows end with a field
 * of length SIZE_MAX. Returns the number of entries, or 0 when the input is refused. */
typedef struct span {
    size_t at, len;
} span;

static int utf8_ok(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (s[i] == 0)
            return 0;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = tp_utf8_len(s + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

static size_t reference(const unsigned char *s, size_t n, char *buf, span *out)
{
    size_t pos = 0, w = 0, k = 0;
    while (pos < n && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r' || s[pos] == '\n'))
        pos++;
    if (pos < n && (s[pos] == '{' || s[pos] == '['))
        return 0; /* looks like JSON */
    if (!utf8_ok(s, n))
        return 0;
    pos = 0;
    while (pos < n) {
        if (s[pos] == '\n' || (s[pos] == '\r' && pos + 1 < n && s[pos + 1] == '\n')) {
            pos += s[pos] == '\r' ? 2 : 1; /* an empty line */
            continue;
        }
        for (;;) {
            size_t start = w;
            if (pos < n && s[pos] == '"') {
                for (pos++;; pos++) {
                    if (pos >= n)
                        return 0;
                    if (s[pos] == '"' && pos + 1 < n && s[pos + 1] == '"')
                        buf[w++] = s[pos++];
                    else if (s[pos] == '"')
                        break;
                    else
                        buf[w++] = s[pos];
                }
                pos++;
            } else {
                for (; pos < n && s[pos] != ',' && s[pos] != '\n' && s[pos] != '\r'; pos++) {
                    if (s[pos] == '"')
                        return 0;
                    buf[w++] = s[pos];
                }
            }
            out[k].at = start;
            out[k++].len = w - start;
            if (pos < n && s[pos] == ',') {
                pos++;
                continue;
            }
            if (pos < n && s[pos] == '\r' && !(pos + 1 < n && s[pos + 1] == '\n'))
                return 0;
            if (pos < n && s[pos] != '\n' && s[pos] != '\r')
                return 0; /* text after a closing quote */
            pos += pos >= n ? 0 : s[pos] == '\r' ? 2 : 1;
            break;
        }
        out[k].at = 0;
        out[k++].len = SIZE_MAX;
    }
    return k;
}

/* Header and rows of the reference agree with the rules: named, distinct, same width. */
static int reference_valid(const char *buf, const span *f, size_t k, size_t *ncols)
{
    if (k == 0)
        return 0;
    size_t h = 0;
    while (f[h].len != SIZE_MAX)
        h++;
    for (size_t i = 0; i < h; i++) {
        if (f[i].len == 0)
            return 0;
        for (size_t j = 0; j < i; j++)
            if (f[j].len == f[i].len && memcmp(buf + f[j].at, buf + f[i].at, f[i].len) == 0)
                return 0;
    }
    for (size_t i = h + 1, width = 0; i < k; i++) {
        if (f[i].len != SIZE_MAX) {
            width++;
            continue;
        }
        if (width != h)
            return 0;
        width = 0;
    }
    *ncols = h;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t skip = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    char *buf = malloc(size + 1);
    span *fields = malloc((2 * size + 2) * sizeof *fields);
    size_t k = reference(data + skip, size - skip, buf, fields), ncols = 0;
    int ok = reference_valid(buf, fields, k, &ncols);
    tp_jdoc *doc = NULL;
    tp_input_error err;
    int rc = tp_read_memory(&doc, TP_INPUT_CSV, (const char *)data, size, NULL, &err);
    fuzz_check(rc == 0 || rc == TP_EINPUT);
    fuzz_check((rc == 0) == ok);
    if (rc == 0) {
        const tp_jnode *root = tp_jdoc_root(doc);
        size_t f = ncols + 1;
        for (uint32_t r = 0; r < root->len; r++, f++) {
            const tp_jnode *row = tp_jarr_at(root, r);
            fuzz_check(row->kind == TP_J_OBJ && row->len == ncols);
            for (uint32_t c = 0; c < ncols; c++, f++) {
                const tp_jkey *key = tp_jobj_key(row, c);
                const tp_jnode *v = tp_jobj_value(row, c);
                fuzz_check(key->len == fields[c].len &&
                           memcmp(key->s, buf + fields[c].at, fields[c].len) == 0);
                fuzz_check(v->kind == TP_J_STR && v->len == fields[f].len &&
                           memcmp(v->u.str, buf + fields[f].at, fields[f].len) == 0);
            }
        }
        fuzz_check(f == k);
        fuzz_check_tree(doc);
        fuzz_check(tp_csv_type(doc, typing_schema(), "fuzz", NULL) == 0);
        f = ncols + 1;
        for (uint32_t r = 0; r < root->len; r++, f++)
            for (uint32_t c = 0; c < ncols; c++, f++)
                check_typed(tp_jobj_value(tp_jarr_at(root, r), c), buf + fields[f].at,
                            fields[f].len);
        fuzz_check_tree(doc);
    } else {
        fuzz_check(err.offset <= size && err.line >= 1);
    }
    tp_jdoc_free(doc);
    free(fields);
    free(buf);
    return 0;
}
