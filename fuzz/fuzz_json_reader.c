/*
 * libFuzzer: the JSON reader of engine/input against today's loader (strict check, cJSON,
 * duplicate keys: tp_document_parse). Both must accept the same inputs; a rejection must name the
 * same fault at the same offset, except that the one-pass reader may find a duplicate key before
 * a later syntax error, and refuses a long integer that overflows a double (which the old check
 * let through as infinity). When both accept, the trees must hold the same values, and every
 * node's JSON pointer must lead back to it.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "input/reader.h"
#include "tokpol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_duplicate(const char *message)
{
    return strncmp(message, "duplicate key", 13) == 0;
}

/* Whether mine (a tree of doc) and theirs (cJSON) hold the same value; `text` is the input,
 * for the length of number literals (cJSON reads only their first 63 characters). */
static int same(const tp_jdoc *doc, const tp_jnode *n, const cJSON *c, const char *text)
{
    switch (n->kind) {
    case TP_J_NULL:
        return cJSON_IsNull(c);
    case TP_J_TRUE:
        return cJSON_IsTrue(c);
    case TP_J_FALSE:
        return cJSON_IsFalse(c);
    case TP_J_NUM: {
        if (!cJSON_IsNumber(c))
            return 0;
        const char *p = text + tp_jnode_offset(doc, n);
        size_t len = strspn(p, "-+.0123456789eE");
        return len >= 63 || memcmp(&n->u.num, &c->valuedouble, sizeof(double)) == 0 ||
               (n->u.num == 0 && c->valuedouble == 0);
    }
    case TP_J_STR:
        return cJSON_IsString(c) && strlen(c->valuestring) == n->len &&
               memcmp(c->valuestring, n->u.str, n->len) == 0;
    case TP_J_ARR:
    case TP_J_OBJ: {
        if (n->kind == TP_J_ARR ? !cJSON_IsArray(c) : !cJSON_IsObject(c))
            return 0;
        const cJSON *k = c->child;
        for (uint32_t i = 0; i < n->len; i++, k = k->next) {
            if (!k)
                return 0;
            if (n->kind == TP_J_OBJ && strcmp(tp_jobj_key(n, i)->s, k->string) != 0)
                return 0;
            if (!same(doc, &n->u.items[i], k, text))
                return 0;
        }
        return k == NULL;
    }
    default:
        return 0;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    tp_jdoc *mine = NULL;
    tp_document *theirs = NULL;
    tp_input_error me, them;
    memset(&me, 0, sizeof me);
    memset(&them, 0, sizeof them);
    int rm = tp_read_memory(&mine, TP_INPUT_JSON, text, size, NULL, &me);
    int rt = tp_document_parse(&theirs, text, size, NULL, &them);
    tp_document_free(theirs);
    size_t skip = size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    /* engine/json_check.c takes a backslash before a NUL byte for an escape (strchr finds the
     * terminator), and cJSON then fails, which the old loader reports as TP_ENOMEM. */
    int old_bug = strcmp(me.message, "invalid escape '\\?' in a string") == 0 &&
                  me.offset + 1 < size - skip && text[skip + me.offset + 1] == '\0';
    fuzz_check(rm != TP_ENOMEM && (rt != TP_ENOMEM || old_bug));
    if (old_bug) {
        fuzz_check(rm == TP_EINPUT);
    } else if (rm == 0 && rt == 0) {
        char *copy = malloc(size + 1);
        memcpy(copy, text, size);
        copy[size] = '\0';
        cJSON *root = cJSON_ParseWithLength(copy + skip, size - skip);
        fuzz_check(root != NULL && same(mine, tp_jdoc_root(mine), root, copy + skip));
        cJSON_Delete(root);
        free(copy);
        fuzz_check_tree(mine);
    } else if (rm == 0) {
        fuzz_check(0); /* the old loader refuses what the reader accepts */
    } else if (rt == 0) {
        fuzz_check(strcmp(me.message, "number out of range") == 0);
    } else if (is_duplicate(me.message)) {
        fuzz_check(is_duplicate(them.message) || them.offset > me.offset);
    } else {
        fuzz_check(rm == rt && me.offset == them.offset && me.line == them.line &&
                   me.column == them.column);
        fuzz_check(strncmp(me.message, them.message, strlen(them.message)) == 0); /* + a CSV hint */
    }
    fuzz_check(rm == 0 || me.offset <= size);
    tp_jdoc_free(mine);
    return 0;
}
