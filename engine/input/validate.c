/* Validates an input document against a schema shape before anything is evaluated: a violation
 * names the JSON pointer, the schema rule that failed and the input's line and column. */
#include <math.h>
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

typedef struct vctx {
    const tp_jnode *at; /* the value that failed */
    char rule[64];      /* the keyword that failed */
    char message[160];
    int quiet; /* trying an anyOf alternative: no report */
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
        return cJSON_IsString(c) && strlen(c->valuestring) == n->len &&
               memcmp(c->valuestring, n->u.str, n->len) == 0;
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

static int check_object(vctx *v, const tp_shape *s, const tp_jnode *n)
{
    for (uint32_t i = 0; i < s->nprops; i++)
        if (s->props[i].required &&
            !tp_jobj_get(n, s->props[i].name, strlen(s->props[i].name), NULL))
            return violation(v, n, "required", "the required field \"%s\" is missing",
                             s->props[i].name);
    for (uint32_t k = 0; k < n->len; k++) {
        const tp_jkey *key = tp_jobj_key(n, k);
        const tp_shape_prop *p = NULL;
        for (uint32_t i = 0; i < s->nprops && !p; i++)
            if (tp_jkey_is(key, s->props[i].name, strlen(s->props[i].name)))
                p = &s->props[i];
        const tp_shape *sub = p ? p->shape : s->additional;
        if (!p && s->closed) {
            char name[61]; /* masked before it is cut: a field name may be a credential */
            tp_redact_copy(name, sizeof name, key->s, key->len);
            return violation(v, n, "additionalProperties", "the field \"%s\" is not allowed", name);
        }
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
        if ((date_only && n->len != 10) || (!date_only && n->len <= 10) ||
            tp_datetime_parse(n->u.str, n->len, &us) != 0)
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
