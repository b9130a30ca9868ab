/* Validates an input document against a schema shape before anything is evaluated: a violation
 * names the JSON pointer, the schema rule that failed and the input's line and column. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/redact.h"
#include "input/document.h"
#include "input/json_locate.h"
#include "input/schema.h"
#include "base/datetime.h"
#include "input/validate.h"
#include "base/lang.h"

typedef struct vctx {
    char pointer[1024];
    size_t len;
    char rule[64]; /* the keyword that failed */
    char message[160];
    int quiet; /* trying an anyOf alternative: no report */
} vctx;

static int violation(vctx *v, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int violation(vctx *v, const char *rule, const char *fmt, ...)
{
    if (!v->quiet) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(v->message, sizeof v->message, fmt, ap);
        va_end(ap);
        snprintf(v->rule, sizeof v->rule, "%s", rule);
    }
    return -1;
}

static unsigned json_type(const cJSON *n)
{
    if (cJSON_IsNull(n))
        return TP_T_NULL;
    if (cJSON_IsBool(n))
        return TP_T_BOOL;
    if (cJSON_IsNumber(n))
        return TP_T_NUM;
    if (cJSON_IsString(n))
        return TP_T_STR;
    return cJSON_IsArray(n) ? TP_T_LIST : TP_T_OBJ;
}

static size_t push(vctx *v, const char *key, size_t index)
{
    size_t old = v->len;
    int n = key ? snprintf(v->pointer + v->len, sizeof v->pointer - v->len, "/%s", key)
                : snprintf(v->pointer + v->len, sizeof v->pointer - v->len, "/%zu", index);
    if (n > 0 && v->len + (size_t)n < sizeof v->pointer)
        v->len += (size_t)n;
    return old;
}

static void pop(vctx *v, size_t old)
{
    v->len = old;
    v->pointer[old] = '\0';
}

static int check(vctx *v, const tp_shape *s, const cJSON *n);

static int alternatives(vctx *v, const tp_shape *s, const cJSON *n)
{
    int quiet = v->quiet, matches = 0;
    v->quiet = 1;
    for (uint32_t i = 0; i < s->nany; i++)
        matches += check(v, s->any_of[i], n) == 0;
    v->quiet = quiet;
    if (s->one_of && matches != 1)
        return violation(v, "oneOf", "matches %d of the oneOf alternatives, not exactly one",
                         matches);
    if (!s->one_of && matches == 0)
        return violation(v, "anyOf", "matches none of the anyOf alternatives");
    return 0;
}

static int check_object(vctx *v, const tp_shape *s, const cJSON *n)
{
    for (uint32_t i = 0; i < s->nprops; i++)
        if (s->props[i].required && !cJSON_GetObjectItemCaseSensitive(n, s->props[i].name))
            return violation(v, "required", "the required field \"%s\" is missing",
                             s->props[i].name);
    for (const cJSON *c = n->child; c; c = c->next) {
        const tp_shape_prop *p = NULL;
        for (uint32_t i = 0; i < s->nprops && !p; i++)
            if (strcmp(s->props[i].name, c->string) == 0)
                p = &s->props[i];
        const tp_shape *sub = p ? p->shape : s->additional;
        if (!p && s->closed) {
            char name[61]; /* masked before it is cut: a field name may be a credential */
            tp_redact_copy(name, sizeof name, c->string, strlen(c->string));
            return violation(v, "additionalProperties", "the field \"%s\" is not allowed", name);
        }
        if (!sub)
            continue;
        size_t old = push(v, c->string, 0);
        int rc = check(v, sub, c);
        if (rc)
            return rc;
        pop(v, old);
    }
    return 0;
}

static int check(vctx *v, const tp_shape *s, const cJSON *n)
{
    unsigned t = json_type(n);
    if (t == TP_T_NULL && s->nullable)
        return 0;
    if (s->only_null)
        return violation(v, "type", "%s, but the schema wants null", tp_type_phrase(t));
    if (s->types && !(s->types & t))
        return violation(v, "type", "%s, but the schema wants %s", tp_type_phrase(t),
                         tp_type_phrase(tp_shape_type(s) ? (tp_type)tp_shape_type(s) : TP_T_ANY));
    if (s->integer && t == TP_T_NUM && n->valuedouble != floor(n->valuedouble))
        return violation(v, "type", "a number with a fraction, but the schema wants an integer");
    if (s->nenums) {
        uint32_t i = 0;
        while (i < s->nenums && !cJSON_Compare(n, s->enums[i], 1))
            i++;
        if (i == s->nenums)
            return violation(v, s->nenums == 1 ? "const" : "enum",
                             "a value the schema does not allow");
    }
    if (s->format && t == TP_T_STR) {
        int64_t us;
        size_t len = strlen(n->valuestring);
        int date_only = strcmp(s->format, "date") == 0;
        if ((date_only && len != 10) || (!date_only && len <= 10) ||
            tp_datetime_parse(n->valuestring, len, &us) != 0)
            return violation(v, "format", "not a valid %s", s->format);
    }
    if (t == TP_T_OBJ && check_object(v, s, n) != 0)
        return -1;
    if (t == TP_T_LIST && s->items) {
        size_t i = 0;
        for (const cJSON *c = n->child; c; c = c->next, i++) {
            size_t old = push(v, NULL, i);
            if (check(v, s->items, c) != 0)
                return -1;
            pop(v, old);
        }
    }
    return s->nany ? alternatives(v, s, n) : 0;
}

int tp_schema_validate(const tp_shape *root, const char *origin, const tp_document *doc,
                       tp_input_error *err)
{
    vctx v;
    memset(&v, 0, sizeof v);
    if (check(&v, root, doc->root) == 0)
        return 0;
    if (err) {
        memset(err, 0, sizeof *err);
        long at = doc->text ? tp_json_pointer_offset(doc->text, doc->len, v.pointer) : -1;
        if (at >= 0) {
            err->offset = (size_t)at;
            tp_json_line_col(doc->text, doc->len, (size_t)at, &err->line, &err->column);
        }
        /* A file's name is enough to find it; "tokpol/v1" is a name, not a path. */
        const char *base = strcmp(origin, "tokpol/v1") == 0 ? NULL : strrchr(origin, '/');
        char pointer[61]; /* its keys masked before it is cut */
        tp_redact_copy(pointer, sizeof pointer, *v.pointer ? v.pointer : "/",
                       *v.pointer ? strlen(v.pointer) : 1);
        snprintf(err->message, sizeof err->message, "%s: %.90s (schema %.40s, rule '%.20s')",
                 pointer, v.message, base ? base + 1 : origin, v.rule);
    }
    return TP_EINPUT;
}
