/*
 * A host's cJSON tree converted into a tp_jdoc (for tp_document_wrap). Two walks: the first
 * checks what a parsed document guarantees (finite numbers, UTF-8 strings, no raw or invalid
 * items, the nesting limit) and sizes one buffer for every string; the second copies the strings
 * into it in document order and builds the nodes. Offsets are positions in that buffer: they order
 * the nodes (so pointers can be computed) but name no line.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>

#include "input/jbuild.h"
#include "input/json_reader.h"
#include "input/reader.h"

typedef struct walk walk;

/* What a walk does at each item; `key` is the item's name in an object, else NULL. */
typedef struct walk_ops {
    int (*item)(walk *w, const cJSON *item, const char *key);
    int (*leave)(walk *w);
} walk_ops;

struct walk {
    const walk_ops *ops;
    const cJSON **next;    /* per open container: the child to visit next */
    const cJSON **parents; /* per open container: the container */
    size_t *index;         /* per open container: the index of `next` */
    size_t depth, max_depth;
    const tp_mem *mem;
    tp_input_error *err;
    /* sizing */
    size_t bytes;
    /* building */
    tp_jdoc *doc;
    tp_jbuild build;
    char *buf;
    size_t at;
};

static int is_container(const cJSON *item)
{
    return cJSON_IsArray(item) || cJSON_IsObject(item);
}

/* Appends the pointer of the item being visited (the last one entered or seen), for a message:
 * keys shaped like credentials masked. */
static void item_pointer(const walk *w, tp_strbuf *sb)
{
    size_t from = sb->len;
    for (size_t k = 0; k < w->depth; k++) {
        size_t i = w->index[k] - 1; /* index was advanced past the item */
        if (cJSON_IsObject(w->parents[k])) {
            const cJSON *c = w->parents[k]->child;
            for (size_t j = 0; j < i && c; j++)
                c = c->next;
            const char *key = c && c->string ? c->string : "";
            tp_jpointer_add_key(sb, key, strlen(key));
        } else {
            tp_strbuf_printf(sb, "/%zu", i);
        }
    }
    tp_jpointer_mask_tail(sb, from); /* a failure leaves "[redacted]" */
}

static int fault(walk *w, int status, const char *what)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, w->mem);
    item_pointer(w, &sb);
    if (sb.failed) {
        tp_strbuf_free(&sb);
        return TP_ENOMEM;
    }
    tp_read_fail(NULL, w->err, status, 0, "the cJSON tree holds %s at \"%s\"", what,
                 tp_strbuf_cstr(&sb));
    tp_strbuf_free(&sb);
    return status;
}

/* Visits every item in document order; containers are left after their children. */
static int run(walk *w, const cJSON *root)
{
    int rc = w->ops->item(w, root, NULL);
    if (rc || !is_container(root))
        return rc;
    w->parents[0] = root;
    w->next[0] = root->child;
    w->index[0] = 0;
    w->depth = 1;
    while (w->depth) {
        size_t d = w->depth - 1;
        const cJSON *c = w->next[d];
        if (!c) {
            w->depth--;
            if ((rc = w->ops->leave(w)) != 0)
                return rc;
            continue;
        }
        w->next[d] = c->next;
        w->index[d]++;
        const char *key = cJSON_IsObject(w->parents[d]) ? (c->string ? c->string : "") : NULL;
        if ((rc = w->ops->item(w, c, key)) != 0)
            return rc;
        if (is_container(c)) {
            w->parents[w->depth] = c;
            w->next[w->depth] = c->child;
            w->index[w->depth] = 0;
            w->depth++;
        }
    }
    return 0;
}

static int valid_utf8(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = tp_utf8_len((const unsigned char *)s + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

static int size_item(walk *w, const cJSON *item, const char *key)
{
    if (key) {
        if (!valid_utf8(key))
            return fault(w, TP_EINPUT, "a key that is not valid UTF-8");
        w->bytes += strlen(key) + 1;
    }
    if (is_container(item) && w->depth == w->max_depth)
        return fault(w, TP_ELIMIT, "more nesting than the limit");
    switch (item->type & 0xFF) {
    case cJSON_String: {
        const char *s = item->valuestring ? item->valuestring : "";
        if (!valid_utf8(s))
            return fault(w, TP_EINPUT, "a string that is not valid UTF-8");
        w->bytes += strlen(s) + 1;
        return 0;
    }
    case cJSON_Number:
        if (!isfinite(item->valuedouble))
            return fault(w, TP_EINPUT, "a number that is not finite");
        w->bytes++;
        return 0;
    case cJSON_False:
    case cJSON_True:
    case cJSON_NULL:
    case cJSON_Array:
    case cJSON_Object:
        w->bytes++;
        return 0;
    default:
        return fault(w, TP_EINPUT, "an item that is not JSON (raw or invalid)");
    }
}

static int size_leave(walk *w)
{
    (void)w;
    return 0;
}

/* Copies s into the buffer at the cursor; returns where it went. */
static const char *place(walk *w, const char *s, size_t n)
{
    char *p = w->buf + w->at;
    memcpy(p, s, n + 1);
    w->at += n + 1;
    return p;
}

static int build_failed(walk *w, int rc)
{
    if (rc != TP_EINPUT)
        return tp_read_no_memory(w->doc, w->err);
    tp_strbuf sb;
    tp_strbuf_init(&sb, w->mem);
    tp_jbuild_path(&w->build, &sb);
    if (sb.failed) {
        tp_strbuf_free(&sb);
        return TP_ENOMEM;
    }
    tp_read_fail(NULL, w->err, TP_EINPUT, 0, "the cJSON tree has a duplicate key in \"%s\"",
                 tp_strbuf_cstr(&sb));
    tp_strbuf_free(&sb);
    return TP_EINPUT;
}

static int build_item(walk *w, const cJSON *item, const char *key)
{
    if (key) {
        size_t n = strlen(key);
        tp_jbuild_key(&w->build, place(w, key, n), n, TP_JF_BARE);
    }
    tp_jnode node;
    memset(&node, 0, sizeof node);
    node.len = (uint32_t)w->at;
    switch (item->type & 0xFF) {
    case cJSON_String: {
        const char *s = item->valuestring ? item->valuestring : "";
        size_t n = strlen(s);
        node.kind = TP_J_STR;
        node.flags = TP_JF_BARE;
        node.len = (uint32_t)n;
        node.u.str = place(w, s, n);
        break;
    }
    case cJSON_Number:
        node.kind = TP_J_NUM;
        node.u.num = item->valuedouble;
        if (fabs(node.u.num) < 9007199254740992.0 && node.u.num == floor(node.u.num))
            node.flags = TP_JF_INT;
        w->at++;
        break;
    case cJSON_Array:
    case cJSON_Object:
        tp_jbuild_open(&w->build, cJSON_IsArray(item) ? TP_J_ARR : TP_J_OBJ, (uint32_t)w->at++);
        return 0;
    default:
        node.kind = cJSON_IsNull(item) ? TP_J_NULL : cJSON_IsTrue(item) ? TP_J_TRUE : TP_J_FALSE;
        w->at++;
        break;
    }
    int rc = tp_jbuild_value(&w->build, node);
    return rc ? build_failed(w, rc) : 0;
}

static int build_leave(walk *w)
{
    int rc = tp_jbuild_close(&w->build, NULL);
    return rc ? build_failed(w, rc) : 0;
}

static const walk_ops sizing = {size_item, size_leave};
static const walk_ops building = {build_item, build_leave};

int tp_jdoc_from_cjson(tp_jdoc **out, const struct cJSON *root, const tp_read_options *opts,
                       tp_input_error *err)
{
    tp_mem fallback;
    tp_read_limits lim;
    tp_read_limits_get(&lim, opts, &fallback);
    *out = NULL;
    if (!root)
        return TP_EINVAL;
    walk w;
    memset(&w, 0, sizeof w);
    w.max_depth = lim.max_depth;
    w.mem = lim.mem;
    w.err = err;
    size_t per = sizeof *w.next + sizeof *w.parents + sizeof *w.index;
    char *stacks = tp_mem_alloc(lim.mem, lim.max_depth * per);
    if (!stacks)
        return TP_ENOMEM;
    w.next = (const cJSON **)(void *)stacks;
    w.parents = (const cJSON **)(void *)(stacks + lim.max_depth * sizeof *w.next);
    w.index = (size_t *)(void *)(stacks + lim.max_depth * (sizeof *w.next + sizeof *w.parents));
    w.ops = &sizing;
    int rc = run(&w, root);
    if (rc == 0 && w.bytes > TP_READ_HARD_MAX_BYTES)
        rc = tp_read_fail(NULL, err, TP_ELIMIT, 0, "the cJSON tree holds more than 4 GiB");
    char *buf = rc ? NULL : tp_mem_alloc(lim.mem, w.bytes + 1);
    if (rc == 0 && !buf)
        rc = TP_ENOMEM;
    if (rc == 0 && (rc = tp_jdoc_new(&w.doc, lim.mem, buf, w.bytes, 0, lim.max_memory,
                                     TP_INPUT_CJSON)) == TP_ELIMIT)
        rc = tp_read_over_budget(err, lim.max_memory);
    if (rc == 0 && (rc = tp_jbuild_init(&w.build, w.doc, lim.max_depth)) != 0)
        rc = tp_read_no_memory(w.doc, err);
    if (rc == 0) {
        buf[w.bytes] = '\0';
        w.buf = buf;
        w.ops = &building;
        rc = run(&w, root);
    }
    if (w.build.frames)
        tp_jbuild_free(&w.build);
    tp_mem_free(lim.mem, stacks);
    if (rc) {
        tp_jdoc_free(w.doc);
        return rc;
    }
    *out = w.doc;
    return 0;
}
