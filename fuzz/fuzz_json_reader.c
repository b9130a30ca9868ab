/*
 * libFuzzer: the JSON reader of engine/input, alone and as the public loader (tp_document_parse),
 * against cJSON. The two entry points give the same verdict and the same fault at the same place;
 * whatever the reader accepts, cJSON (more lenient) accepts too, with the same values; and every
 * node's JSON pointer and position lead back to it.
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
        return cJSON_IsString(c) && strlen(c->valuestring) == tp_jnode_strlen(n) &&
               memcmp(c->valuestring, tp_jnode_str(n), tp_jnode_strlen(n)) == 0;
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
    tp_document *doc = NULL;
    tp_input_error me, pub;
    memset(&me, 0, sizeof me);
    memset(&pub, 0, sizeof pub);
    int rm = tp_read_memory(&mine, TP_INPUT_JSON, text, size, NULL, &me);
    int rp = tp_document_parse(&doc, text, size, NULL, &pub);
    tp_document_free(doc);
    /* The public loader is the reader: the same verdict, the same fault at the same place. */
    fuzz_check(rm == rp && strcmp(me.message, pub.message) == 0 && me.offset == pub.offset &&
               me.line == pub.line && me.column == pub.column);
    fuzz_check(rm != TP_ENOMEM);
    fuzz_check(rm == 0 || (me.offset <= size && me.message[0]));
    size_t skip = size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    char *copy = malloc(size + 1);
    memcpy(copy, text, size);
    copy[size] = '\0';
    cJSON *root = cJSON_ParseWithLengthOpts(copy + skip, size - skip + 1, NULL, 1);
    if (rm == 0) {
        /* cJSON, more lenient, takes whatever the reader takes, and reads the same values. */
        fuzz_check(root != NULL && same(mine, tp_jdoc_root(mine), root, copy + skip));
        fuzz_check_tree(mine);
    }
    cJSON_Delete(root);
    free(copy);
    tp_jdoc_free(mine);
    return 0;
}
