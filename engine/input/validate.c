/* Validates an input document against a schema shape before anything is evaluated: a violation
 * names the JSON pointer, the schema rule that failed and the input's line and column. */
#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/redact.h"
#include "base/datetime.h"
#include "base/lang.h"
#include "base/redact.h"
#include "input/document.h"
#include "input/schema.h"
#include "input/validate.h"

/* Which schema each key of the objects of one key shape is checked against, for one object
 * schema: worked out once for the pair (the objects of a list mostly share their keys, in order),
 * not by comparing every key of every object with every property's name. Only for a shape with
 * every required property and no key a closed schema refuses: a violation takes the long way,
 * which reports it. */
enum { KEYMAP_SLOTS = 16, KEYMAP_KEYS_MAX = 32 };
typedef struct keymap {
    const tp_shape *schema;
    const tp_jshape *keys;
    const tp_shape *sub[KEYMAP_KEYS_MAX]; /* per key; NULL: not checked */
} keymap;

typedef struct vctx {
    const tp_jnode *at; /* the value that failed */
    char rule[64];      /* the keyword that failed */
    char message[160];
    int quiet; /* trying an anyOf alternative: no report */
    keymap maps[KEYMAP_SLOTS];
} vctx;

static int violation(vctx *v, const tp_jnode *at, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int violation(vctx *v, const tp_jnode *at, const char *rule, const char *fmt, ...)
{
    if (!v->quiet) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(v->message, sizeof v->message, fmt, ap);
        va_end(ap);
        snprintf(v->rule, sizeof v->rule, "%s", rule);
        v->at = at;
    }
    return -1;
}

static unsigned node_type(const tp_jnode *n)
{
    static const unsigned types[] = {
        [TP_J_NULL] = TP_T_NULL, [TP_J_FALSE] = TP_T_BOOL, [TP_J_TRUE] = TP_T_BOOL,
        [TP_J_NUM] = TP_T_NUM,   [TP_J_STR] = TP_T_STR,    [TP_J_ARR] = TP_T_LIST,
        [TP_J_OBJ] = TP_T_OBJ};
    return types[n->kind];
}

/* Whether a document value equals a schema's enum or const value (a cJSON item). */
static int same_value(const tp_jnode *n, const cJSON *c)
{
    switch (n->kind) {
    case TP_J_NULL:
        return cJSON_IsNull(c);
    case TP_J_FALSE:
        return cJSON_IsFalse(c);
    case TP_J_TRUE:
        return cJSON_IsTrue(c);
    case TP_J_NUM:
        return cJSON_IsNumber(c) && c->valuedouble == n->u.num;
    case TP_J_STR:
        return cJSON_IsString(c) && strlen(c->valuestring) == tp_jnode_strlen(n) &&
               memcmp(c->valuestring, tp_jnode_str(n), tp_jnode_strlen(n)) == 0;
    case TP_J_ARR: {
        if (!cJSON_IsArray(c) || (uint32_t)cJSON_GetArraySize(c) != n->len)
            return 0;
        const cJSON *k = c->child;
        for (uint32_t i = 0; i < n->len; i++, k = k->next)
            if (!same_value(tp_jarr_at(n, i), k))
                return 0;
        return 1;
    }
    default: {
        if (!cJSON_IsObject(c) || (uint32_t)cJSON_GetArraySize(c) != n->len)
            return 0;
        for (uint32_t i = 0; i < n->len; i++) {
            const cJSON *k = cJSON_GetObjectItemCaseSensitive(c, tp_jobj_key(n, i)->s);
            if (!k || !same_value(tp_jobj_value(n, i), k))
                return 0;
        }
        return 1;
    }
    }
}

static int check(vctx *v, const tp_shape *s, const tp_jnode *n);

static int alternatives(vctx *v, const tp_shape *s, const tp_jnode *n)
{
    int quiet = v->quiet, matches = 0;
    v->quiet = 1;
    for (uint32_t i = 0; i < s->nany; i++)
        matches += check(v, s->any_of[i], n) == 0;
    v->quiet = quiet;
    if (s->one_of && matches != 1)
        return violation(v, n, "oneOf", "matches %d of the oneOf alternatives, not exactly one",
                         matches);
    if (!s->one_of && matches == 0)
        return violation(v, n, "anyOf", "matches none of the anyOf alternatives");
    return 0;
}

/* The property of schema s named `key`, or NULL. */
static const tp_shape_prop *prop_named(const tp_shape *s, const tp_jkey *key)
{
    for (uint32_t i = 0; i < s->nprops; i++)
        if (tp_jkey_is(key, s->props[i].name, strlen(s->props[i].name)))
            return &s->props[i];
    return NULL;
}

/* The first required property of s that object n lacks, or NULL. */
static const char *missing_required(const tp_shape *s, const tp_jnode *n)
{
    for (uint32_t i = 0; i < s->nprops; i++)
        if (s->props[i].required &&
            !tp_jobj_get(n, s->props[i].name, strlen(s->props[i].name), NULL))
            return s->props[i].name;
    return NULL;
}

/* The schema that key `key` of an object is checked against (NULL: none), in *sub; false when
 * schema s refuses the key. */
static bool key_schema(const tp_shape *s, const tp_jkey *key, const tp_shape **sub)
{
    const tp_shape_prop *p = prop_named(s, key);
    *sub = p ? p->shape : s->additional;
    return p || !s->closed;
}

static int check_object_keys(vctx *v, const tp_shape *s, const tp_jnode *n)
{
    const char *missing = missing_required(s, n);
    if (missing)
        return violation(v, n, "required", "the required field \"%s\" is missing", missing);
    for (uint32_t k = 0; k < n->len; k++) {
        const tp_jkey *key = tp_jobj_key(n, k);
        const tp_shape *sub;
        if (!key_schema(s, key, &sub)) {
            char name[61]; /* masked before it is cut: a field name may be a credential */
            tp_redact_copy(name, sizeof name, key->s, key->len);
            return violation(v, n, "additionalProperties", "the field \"%s\" is not allowed", name);
        }
        if (sub && check(v, sub, tp_jobj_value(n, k)) != 0)
            return -1;
    }
    return 0;
}

/* The key map of schema s and n's keys, or NULL when n takes the long way. */
static const keymap *keymap_of(vctx *v, const tp_shape *s, const tp_jnode *n)
{
    if (n->len == 0 || n->len > KEYMAP_KEYS_MAX)
        return NULL;
    const tp_jshape *keys = tp_jobj_shape(n);
    keymap *m = &v->maps[((uintptr_t)s / 8 ^ (uintptr_t)keys / 8) % KEYMAP_SLOTS];
    if (m->schema == s && m->keys == keys)
        return m;
    m->schema = NULL; /* until it is filled */
    if (missing_required(s, n))
        return NULL;
    for (uint32_t k = 0; k < n->len; k++)
        if (!key_schema(s, &keys->keys[k], &m->sub[k]))
            return NULL;
    m->schema = s;
    m->keys = keys;
    return m;
}

static int check_object(vctx *v, const tp_shape *s, const tp_jnode *n)
{
    const keymap *m = keymap_of(v, s, n);
    if (!m)
        return check_object_keys(v, s, n);
    const tp_jshape *keys = m->keys;
    for (uint32_t k = 0; k < n->len; k++) {
        /* A nested object may have taken the map's slot: then the key is looked up again. */
        const tp_shape *sub = m->sub[k];
        if ((m->schema != s || m->keys != keys) && !key_schema(s, &keys->keys[k], &sub))
            return check_object_keys(v, s, n); /* cannot be: the map was made for these keys */
        if (sub && check(v, sub, tp_jobj_value(n, k)) != 0)
            return -1;
    }
    return 0;
}

static int check(vctx *v, const tp_shape *s, const tp_jnode *n)
{
    unsigned t = node_type(n);
    if (t == TP_T_NULL && s->nullable)
        return 0;
    if (s->only_null)
        return violation(v, n, "type", "%s, but the schema wants null", tp_type_phrase(t));
    if (s->types && !(s->types & t)) {
        /* ["boolean", "null"] wants "a boolean or null", not "a value". */
        unsigned one = s->nany || (s->types & (s->types - 1)) ? 0 : s->types;
        return violation(v, n, "type", "%s, but the schema wants %s%s", tp_type_phrase(t),
                         tp_type_phrase(one ? (tp_type)one : TP_T_ANY),
                         one && s->nullable ? " or null" : "");
    }
    if (s->integer && t == TP_T_NUM && n->u.num != floor(n->u.num))
        return violation(v, n, "type", "a number with a fraction, but the schema wants an integer");
    if (s->nenums) {
        uint32_t i = 0;
        while (i < s->nenums && !same_value(n, s->enums[i]))
            i++;
        if (i == s->nenums)
            return violation(v, n, s->nenums == 1 ? "const" : "enum",
                             "a value the schema does not allow");
    }
    if (s->format && t == TP_T_STR) {
        int64_t us;
        int date_only = strcmp(s->format, "date") == 0;
        uint32_t len = tp_jnode_strlen(n);
        if ((date_only && len != 10) || (!date_only && len <= 10) ||
            tp_datetime_parse(tp_jnode_str(n), len, &us) != 0)
            return violation(v, n, "format", "not a valid %s", s->format);
    }
    if (t == TP_T_OBJ && check_object(v, s, n) != 0)
        return -1;
    if (t == TP_T_LIST && s->items)
        for (uint32_t i = 0; i < n->len; i++)
            if (check(v, s->items, tp_jarr_at(n, i)) != 0)
                return -1;
    return s->nany ? alternatives(v, s, n) : 0;
}

int tp_schema_validate(const tp_shape *root, const char *origin, const tp_document *doc,
                       tp_input_error *err)
{
    vctx v;
    memset(&v, 0, sizeof v);
    const tp_jdoc *jd = doc->jdoc;
    if (check(&v, root, tp_jdoc_root(jd)) == 0)
        return 0;
    if (err) {
        memset(err, 0, sizeof *err);
        tp_strbuf pointer;
        tp_strbuf_init(&pointer, &doc->mem);
        tp_jdoc_pointer_masked(jd, v.at, &pointer);
        err->offset = tp_jnode_offset(jd, v.at);
        tp_jdoc_line_col(jd, err->offset, &err->line, &err->column);
        if (!jd->has_source)
            err->offset = 0;
        /* A file's name is enough to find it; "tokpol/v1" is a name, not a path. */
        const char *base = strcmp(origin, "tokpol/v1") == 0 ? NULL : strrchr(origin, '/');
        const char *p = tp_strbuf_cstr(&pointer);
        char shown[61]; /* its keys masked before it is cut */
        tp_redact_copy(shown, sizeof shown, *p ? p : "/", *p ? strlen(p) : 1);
        snprintf(err->message, sizeof err->message, "%s: %.90s (schema %.40s, rule '%.20s')", shown,
                 v.message, base ? base + 1 : origin, v.rule);
        tp_strbuf_free(&pointer);
    }
    return TP_EINPUT;
}
