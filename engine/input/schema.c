#include "input/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/lang.h"
#include "input/reader.h"

/* A schema node already turned into a shape, so $ref cycles and shared definitions are built
 * once. */
typedef struct memo {
    const cJSON *node;
    tp_shape *shape;
    struct memo *next;
} memo;

typedef struct builder {
    tp_arena *a;
    cJSON *doc;
    memo *seen;
    char *why;
    size_t size;
    unsigned depth;
} builder;

static tp_shape *build(builder *b, const cJSON *node, const char *where);

static unsigned type_bit(const char *name, int *integer)
{
    static const struct {
        const char *name;
        unsigned bit;
    } types[] = {{"null", TP_T_NULL},   {"boolean", TP_T_BOOL}, {"number", TP_T_NUM},
                 {"integer", TP_T_NUM}, {"string", TP_T_STR},   {"array", TP_T_LIST},
                 {"object", TP_T_OBJ}};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(name, types[i].name) == 0) {
            if (strcmp(name, "integer") == 0)
                *integer = 1;
            return types[i].bit;
        }
    return 0;
}

/* Resolves "#/a/b" in the schema document. */
static const cJSON *resolve(builder *b, const char *ref)
{
    if (strncmp(ref, "#", 1) != 0)
        return NULL;
    const cJSON *n = b->doc;
    const char *p = ref + 1;
    while (n && *p == '/') {
        const char *end = strchr(p + 1, '/');
        size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);
        char key[256];
        if (len >= sizeof key)
            return NULL;
        /* ~1 is '/', ~0 is '~' (RFC 6901) */
        size_t k = 0;
        for (size_t i = 0; i < len; i++) {
            char c = p[1 + i];
            if (c == '~' && i + 1 < len)
                c = p[1 + ++i] == '1' ? '/' : '~';
            key[k++] = c;
        }
        key[k] = '\0';
        n = cJSON_IsArray(n) ? cJSON_GetArrayItem(n, atoi(key))
                             : cJSON_GetObjectItemCaseSensitive(n, key);
        p = end ? end : p + 1 + len;
    }
    return n;
}

static char *path(builder *b, const char *where, const char *key)
{
    size_t len = strlen(where) + strlen(key) + 2;
    char *s = tp_arena_alloc(b->a, len);
    if (s)
        snprintf(s, len, "%s/%s", where, key);
    return s;
}

/* allOf: the alternatives' constraints together, as one shape. */
static int merge(builder *b, tp_shape *into, const tp_shape *from)
{
    if (from->types)
        into->types = into->types ? into->types & from->types : from->types;
    into->nullable = into->nullable || from->nullable;
    if (!into->format)
        into->format = from->format;
    if (!into->items)
        into->items = from->items;
    into->closed = into->closed || from->closed;
    into->has_props = into->has_props || from->has_props;
    if (from->nprops) {
        tp_shape_prop *p = tp_arena_alloc(b->a, (into->nprops + from->nprops) * sizeof *p);
        if (!p)
            return -1;
        if (into->nprops)
            memcpy(p, into->props, into->nprops * sizeof *p);
        memcpy(p + into->nprops, from->props, from->nprops * sizeof *p);
        into->props = p;
        into->nprops += from->nprops;
    }
    if (!into->nenums) {
        into->enums = from->enums;
        into->nenums = from->nenums;
    }
    if (!into->null_cells)
        into->null_cells = from->null_cells;
    return 0;
}

static int build_object(builder *b, tp_shape *s, const cJSON *node, const char *where)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(node, "properties");
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(node, "required");
    if (cJSON_IsObject(props)) {
        s->has_props = 1;
        uint32_t n = (uint32_t)cJSON_GetArraySize(props);
        s->props = tp_arena_zalloc(b->a, (n ? n : 1) * sizeof *s->props);
        if (!s->props)
            return -1;
        for (const cJSON *p = props->child; p; p = p->next) {
            tp_shape_prop *sp = &s->props[s->nprops++];
            sp->name = p->string;
            char key[300];
            snprintf(key, sizeof key, "properties/%.280s", p->string);
            char *w = path(b, where, key);
            if (!w || !(sp->shape = build(b, p, w)))
                return -1;
            for (const cJSON *r = cJSON_IsArray(req) ? req->child : NULL; r; r = r->next)
                if (cJSON_IsString(r) && strcmp(r->valuestring, p->string) == 0)
                    sp->required = 1;
        }
    }
    const cJSON *add = cJSON_GetObjectItemCaseSensitive(node, "additionalProperties");
    if (cJSON_IsFalse(add))
        s->closed = 1;
    else if (cJSON_IsObject(add) && !(s->additional = build(b, add, where)))
        return -1;
    return 0;
}

static int alternatives(builder *b, tp_shape *s, const cJSON *list, const char *where, int one_of)
{
    uint32_t n = (uint32_t)cJSON_GetArraySize(list);
    s->any_of = tp_arena_zalloc(b->a, (n ? n : 1) * sizeof *s->any_of);
    if (!s->any_of)
        return -1;
    s->one_of = one_of;
    uint32_t i = 0;
    for (const cJSON *alt = list->child; alt; alt = alt->next, i++) {
        char key[32];
        snprintf(key, sizeof key, "%s/%u", one_of ? "oneOf" : "anyOf", i);
        char *w = path(b, where, key);
        if (!w || !(s->any_of[s->nany++] = build(b, alt, w)))
            return -1;
    }
    return 0;
}

/* x-tokpol-null, x-tokpol-columns, x-tokpol-format: kept only when well formed (a list of
 * strings, a known format), else ignored like any unknown keyword. */
static void tokpol_keywords(tp_shape *s, const cJSON *node)
{
    const char *lists[] = {"x-tokpol-null", "x-tokpol-columns"};
    for (size_t k = 0; k < 2; k++) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(node, lists[k]);
        int ok = cJSON_IsArray(list);
        for (const cJSON *v = ok ? list->child : NULL; v; v = v->next)
            ok = ok && cJSON_IsString(v);
        if (ok && k == 0)
            s->null_cells = list;
        else if (ok)
            s->columns = list;
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(node, "x-tokpol-format");
    if (cJSON_IsString(format) &&
        (strcmp(format->valuestring, "csv") == 0 || strcmp(format->valuestring, "json") == 0))
        s->input_format = format->valuestring;
}

static tp_shape *build(builder *b, const cJSON *node, const char *where)
{
    for (memo *m = b->seen; m; m = m->next)
        if (m->node == node)
            return m->shape;
    tp_shape *s = tp_arena_zalloc(b->a, sizeof *s);
    memo *m = tp_arena_alloc(b->a, sizeof *m);
    if (!s || !m)
        return NULL;
    s->where = where;
    m->node = node;
    m->shape = s;
    m->next = b->seen;
    b->seen = m;
    if (!cJSON_IsObject(node))
        return s; /* true, {} or anything else: no constraint */
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(node, "$ref");
    if (cJSON_IsString(ref)) {
        const cJSON *target = resolve(b, ref->valuestring);
        if (!target) {
            snprintf(b->why, b->size, "$ref '%s' at %s does not resolve in the schema",
                     ref->valuestring, where);
            return NULL;
        }
        if (++b->depth > 64) {
            snprintf(b->why, b->size, "$ref chain deeper than 64 at %s", where);
            return NULL;
        }
        tp_shape *t = build(b, target, ref->valuestring);
        b->depth--;
        if (!t)
            return NULL;
        *s = *t; /* a copy: sibling keywords of $ref are ignored, as in draft 7 */
        return s;
    }
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(node, "type");
    if (cJSON_IsString(type))
        s->types = type_bit(type->valuestring, &s->integer);
    for (const cJSON *t = cJSON_IsArray(type) ? type->child : NULL; t; t = t->next)
        if (cJSON_IsString(t))
            s->types |= type_bit(t->valuestring, &s->integer);
    if (s->types & TP_T_NULL) {
        s->nullable = 1;
        s->types &= ~(unsigned)TP_T_NULL;
        s->only_null = s->types == 0;
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, "nullable")))
        s->nullable = 1;
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(node, "format");
    if (cJSON_IsString(format) &&
        (strcmp(format->valuestring, "date-time") == 0 || strcmp(format->valuestring, "date") == 0))
        s->format = format->valuestring;
    tokpol_keywords(s, node);
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(node, "enum");
    const cJSON *cn = cJSON_GetObjectItemCaseSensitive(node, "const");
    if (cJSON_IsArray(en) || cn) {
        uint32_t n = cn ? 1 : (uint32_t)cJSON_GetArraySize(en);
        s->enums = tp_arena_alloc(b->a, (n ? n : 1) * sizeof *s->enums);
        if (!s->enums)
            return NULL;
        if (cn)
            s->enums[s->nenums++] = cn;
        else
            for (const cJSON *v = en->child; v; v = v->next)
                s->enums[s->nenums++] = v;
    }
    /* An enum of strings is a string, though the schema may not say "type". */
    if (!s->types && s->nenums) {
        int strings = 1, numbers = 1;
        for (uint32_t i = 0; i < s->nenums; i++) {
            strings &= cJSON_IsString(s->enums[i]);
            numbers &= cJSON_IsNumber(s->enums[i]);
        }
        s->types = strings ? TP_T_STR : numbers ? TP_T_NUM : 0;
    }
    if (build_object(b, s, node, where) != 0)
        return NULL;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(node, "items");
    if (cJSON_IsObject(items) && !(s->items = build(b, items, path(b, where, "items"))))
        return NULL;
    const cJSON *any = cJSON_GetObjectItemCaseSensitive(node, "anyOf");
    const cJSON *one = cJSON_GetObjectItemCaseSensitive(node, "oneOf");
    if (cJSON_IsArray(any) && alternatives(b, s, any, where, 0) != 0)
        return NULL;
    if (!cJSON_IsArray(any) && cJSON_IsArray(one) && alternatives(b, s, one, where, 1) != 0)
        return NULL;
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(node, "allOf");
    for (const cJSON *part = cJSON_IsArray(all) ? all->child : NULL; part; part = part->next) {
        tp_shape *ps = build(b, part, where);
        if (!ps || merge(b, s, ps) != 0)
            return NULL;
    }
    return s;
}

int tp_schema_build(tp_arena *a, cJSON *doc, tp_shape **root, char *why, size_t size)
{
    builder b = {a, doc, NULL, why, size, 0};
    why[0] = '\0';
    *root = build(&b, doc, "#");
    if (*root)
        return 0;
    return why[0] ? TP_EINPUT : TP_ENOMEM;
}

const tp_shape_prop *tp_shape_prop_find(const tp_shape *s, const char *name)
{
    if (!s)
        return NULL;
    for (uint32_t i = 0; i < s->nprops; i++)
        if (strcmp(s->props[i].name, name) == 0)
            return &s->props[i];
    for (uint32_t i = 0; i < s->nany; i++) {
        const tp_shape_prop *p = tp_shape_prop_find(s->any_of[i], name);
        if (p)
            return p;
    }
    return NULL;
}

int tp_shape_open(const tp_shape *s)
{
    if (!s || s->additional)
        return 1;
    if (s->has_props)
        return 0;
    for (uint32_t i = 0; i < s->nany; i++)
        if (!tp_shape_open(s->any_of[i]))
            return 0;
    return 1;
}

unsigned tp_shape_type(const tp_shape *s)
{
    if (s && s->only_null)
        return TP_T_NULL;
    if (!s || s->nullable || s->nany)
        return TP_T_ANY;
    unsigned t = s->types;
    return t && (t & (t - 1)) == 0 ? t : TP_T_ANY; /* exactly one type */
}

int tp_schema_read(cJSON **out, const tp_mem *mem, const char *path, const char *text, size_t len,
                   tp_input_error *err)
{
    *out = NULL;
    tp_read_options o = TP_READ_OPTIONS_INIT;
    o.mem = mem;
    char *bytes = NULL;
    int rc = path ? tp_read_bytes(&bytes, &len, path, &o, err) : 0;
    if (rc)
        return rc;
    const char *src = path ? bytes : text;
    tp_jdoc *checked = NULL;
    rc = tp_read_memory(&checked, TP_INPUT_JSON, src, len, &o, err);
    tp_jdoc_free(checked);
    if (rc == 0) {
        size_t skip = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a BOM */
        /* Valid JSON by now: if cJSON fails, it ran out of memory. */
        *out = cJSON_ParseWithLength(src + skip, len - skip);
        rc = *out ? 0 : TP_ENOMEM;
    }
    tp_mem_free(mem, bytes);
    return rc;
}
