#include "eval/value.h"

#include <math.h>
#include <string.h>

#include "base/redact.h"
#include "input/document.h"
#include "base/datetime.h"

tp_type tp_value_type(const tp_value *v)
{
    switch (v->kind) {
    case TP_V_NULL:
        return TP_T_NULL;
    case TP_V_BOOL:
        return TP_T_BOOL;
    case TP_V_NUM:
        return TP_T_NUM;
    case TP_V_STR:
        return TP_T_STR;
    case TP_V_TIME:
        return TP_T_TIME;
    case TP_V_DUR:
        return TP_T_DUR;
    case TP_V_LIST:
        return TP_T_LIST;
    case TP_V_MAP:
        return TP_T_OBJ;
    case TP_V_JSON:
        return cJSON_IsArray(v->u.json) ? TP_T_LIST : TP_T_OBJ;
    default:
        return TP_T_ANY;
    }
}

const char *tp_value_kind_phrase(const tp_value *v)
{
    return v->kind == TP_V_ABSENT ? "absent" : tp_type_phrase(tp_value_type(v));
}

tp_value tp_value_from_json(const cJSON *j)
{
    tp_value v;
    memset(&v, 0, sizeof v);
    if (!j)
        return v;
    switch (j->type & 0xFF) {
    case cJSON_NULL:
        v.kind = TP_V_NULL;
        break;
    case cJSON_True:
        v.kind = TP_V_BOOL;
        v.u.b = 1;
        break;
    case cJSON_False:
        v.kind = TP_V_BOOL;
        v.u.b = 0;
        break;
    case cJSON_Number:
        v.kind = TP_V_NUM;
        v.u.n = j->valuedouble;
        break;
    case cJSON_String:
        v.kind = TP_V_STR;
        v.u.s = j->valuestring ? j->valuestring : "";
        v.len = (uint32_t)strlen(v.u.s);
        break;
    case cJSON_Array:
    case cJSON_Object:
        v.kind = TP_V_JSON;
        v.u.json = j;
        break;
    default:
        break;
    }
    return v;
}

tp_value tp_value_of_document(const tp_document *doc)
{
    return tp_value_from_json(doc->root);
}

bool tp_value_is_listlike(const tp_value *v)
{
    return v->kind == TP_V_LIST || (v->kind == TP_V_JSON && cJSON_IsArray(v->u.json));
}

bool tp_value_is_objlike(const tp_value *v)
{
    return v->kind == TP_V_MAP || (v->kind == TP_V_JSON && cJSON_IsObject(v->u.json));
}

uint32_t tp_value_count(const tp_value *v)
{
    if (v->kind == TP_V_JSON) {
        uint32_t n = 0;
        for (const cJSON *c = v->u.json->child; c; c = c->next)
            n++;
        return n;
    }
    return v->len;
}

void tp_iter_init(tp_iter *it, const tp_value *list)
{
    memset(it, 0, sizeof *it);
    it->secret = list->secret;
    if (list->kind == TP_V_JSON)
        it->cur = list->u.json->child;
    else if (list->kind == TP_V_LIST) {
        it->items = list->u.items;
        it->n = list->len;
    }
}

bool tp_iter_next(tp_iter *it, tp_value *out)
{
    if (it->items) {
        if (it->i >= it->n)
            return false;
        *out = it->items[it->i++];
        out->secret |= it->secret;
        return true;
    }
    if (!it->cur)
        return false;
    *out = tp_value_from_json(it->cur);
    out->secret = it->secret;
    it->cur = it->cur->next;
    it->i++;
    return true;
}

tp_value tp_value_member(const cJSON *member)
{
    tp_value v = tp_value_from_json(member);
    if (!member->string)
        return v;
    size_t klen = strlen(member->string);
    if (v.kind == TP_V_STR)
        v.secret = tp_redact_field(member->string, klen, v.u.s, v.len);
    else if (v.kind != TP_V_ABSENT)
        v.secret = tp_redact_field_always(member->string, klen);
    return v;
}

int tp_value_each_member(const tp_value *obj,
                         int (*fn)(const tp_value *key, const tp_value *value, void *state),
                         void *state)
{
    int rc = 0;
    if (obj->kind == TP_V_JSON) {
        for (const cJSON *c = obj->u.json->child; c && rc == 0; c = c->next) {
            tp_value k = {.kind = TP_V_STR, .len = (uint32_t)strlen(c->string), .u.s = c->string};
            tp_value v = tp_value_member(c);
            v.secret |= obj->secret;
            rc = fn(&k, &v, state);
        }
    } else if (obj->kind == TP_V_MAP) {
        for (uint32_t i = 0; i < obj->len && rc == 0; i++) {
            tp_value v = obj->u.items[2 * i + 1];
            v.secret |= obj->secret;
            rc = fn(&obj->u.items[2 * i], &v, state);
        }
    }
    return rc;
}

tp_value tp_value_field(const tp_value *obj, const char *key, size_t len)
{
    tp_value v;
    memset(&v, 0, sizeof v);
    if (obj->kind == TP_V_JSON) {
        for (const cJSON *c = obj->u.json->child; c; c = c->next)
            if (c->string && strncmp(c->string, key, len) == 0 && c->string[len] == '\0') {
                v = tp_value_member(c);
                v.secret |= obj->secret;
                return v;
            }
    } else if (obj->kind == TP_V_MAP) {
        for (uint32_t i = 0; i < obj->len; i++) {
            const tp_value *k = &obj->u.items[2 * i];
            if (k->len == len && memcmp(k->u.s, key, len) == 0) {
                v = obj->u.items[2 * i + 1];
                v.secret |= obj->secret;
                return v;
            }
        }
    }
    return v;
}

tp_value tp_value_at(const tp_value *list, int64_t i)
{
    tp_value v;
    memset(&v, 0, sizeof v);
    int64_t n = tp_value_count(list);
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        return v;
    if (list->kind == TP_V_LIST)
        v = list->u.items[i];
    else {
        const cJSON *c = list->u.json->child;
        while (i-- > 0)
            c = c->next;
        v = tp_value_from_json(c);
    }
    v.secret |= list->secret;
    return v;
}

bool tp_value_is_scalar(const tp_value *v)
{
    return v->kind >= TP_V_NULL && v->kind <= TP_V_DUR;
}

static bool obj_equal(const tp_value *a, const tp_value *b)
{
    if (tp_value_count(a) != tp_value_count(b))
        return false;
    if (a->kind == TP_V_JSON) {
        for (const cJSON *c = a->u.json->child; c; c = c->next) {
            tp_value av = tp_value_from_json(c);
            tp_value bv = tp_value_field(b, c->string, strlen(c->string));
            if (bv.kind == TP_V_ABSENT || !tp_value_equal(&av, &bv))
                return false;
        }
        return true;
    }
    for (uint32_t i = 0; i < a->len; i++) {
        const tp_value *k = &a->u.items[2 * i];
        tp_value bv = tp_value_field(b, k->u.s, k->len);
        if (bv.kind == TP_V_ABSENT || !tp_value_equal(&a->u.items[2 * i + 1], &bv))
            return false;
    }
    return true;
}

bool tp_value_equal(const tp_value *a, const tp_value *b)
{
    tp_type ta = tp_value_type(a), tb = tp_value_type(b);
    if (ta != tb)
        return false;
    switch (ta) {
    case TP_T_NULL:
        return true;
    case TP_T_BOOL:
        return a->u.b == b->u.b;
    case TP_T_NUM:
        return a->u.n == b->u.n;
    case TP_T_STR:
        return a->len == b->len && memcmp(a->u.s, b->u.s, a->len) == 0;
    case TP_T_TIME:
    case TP_T_DUR:
        return a->u.us == b->u.us;
    case TP_T_LIST: {
        if (tp_value_count(a) != tp_value_count(b))
            return false;
        tp_iter ia, ib;
        tp_value va, vb;
        tp_iter_init(&ia, a);
        tp_iter_init(&ib, b);
        while (tp_iter_next(&ia, &va) && tp_iter_next(&ib, &vb))
            if (!tp_value_equal(&va, &vb))
                return false;
        return true;
    }
    case TP_T_OBJ:
        return obj_equal(a, b);
    default:
        return false;
    }
}

int tp_value_compare(const tp_value *a, const tp_value *b)
{
    switch (a->kind) {
    case TP_V_NUM:
        return a->u.n < b->u.n ? -1 : a->u.n > b->u.n;
    case TP_V_TIME:
    case TP_V_DUR:
        return a->u.us < b->u.us ? -1 : a->u.us > b->u.us;
    case TP_V_STR: {
        uint32_t n = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->u.s, b->u.s, n);
        return c ? (c < 0 ? -1 : 1) : (a->len < b->len ? -1 : a->len > b->len);
    }
    default:
        return 0;
    }
}

static uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

uint64_t tp_value_hash(const tp_value *v)
{
    uint64_t h = UINT64_C(14695981039346656037) ^ (uint64_t)v->kind;
    switch (v->kind) {
    case TP_V_BOOL:
        return fnv1a(&v->u.b, sizeof v->u.b, h);
    case TP_V_NUM: {
        double d = v->u.n == 0 ? 0.0 : v->u.n; /* -0 == 0 */
        return fnv1a(&d, sizeof d, h);
    }
    case TP_V_STR:
        return fnv1a(v->u.s, v->len, h);
    case TP_V_TIME:
    case TP_V_DUR:
        return fnv1a(&v->u.us, sizeof v->u.us, h);
    default:
        return h;
    }
}

static void render_number(tp_strbuf *sb, double n)
{
    if (isfinite(n) && n == floor(n) && fabs(n) < 1e15)
        tp_strbuf_printf(sb, "%lld", (long long)n);
    else
        tp_strbuf_printf(sb, "%.17g", n);
}

static void render_json_string(tp_strbuf *sb, const tp_value *v)
{
    tp_strbuf_putc(sb, '"');
    if (v->secret) {
        tp_redact_append(sb, v->u.s, v->len);
    } else {
        tp_strbuf masked;
        size_t len;
        tp_strbuf_init(&masked, sb->mem);
        const char *s = tp_redact_view(&masked, v->u.s, v->len, &len);
        tp_strbuf_json_escape(sb, s, len);
        tp_strbuf_free(&masked);
    }
    tp_strbuf_putc(sb, '"');
}

/* Nested values render as JSON so a list of strings stays readable and unambiguous. */
static void render_nested(tp_strbuf *sb, const tp_value *v)
{
    if (v->kind == TP_V_STR)
        render_json_string(sb, v);
    else
        tp_value_render(sb, v);
}

void tp_value_render(tp_strbuf *sb, const tp_value *v)
{
    char buf[48];
    if (v->secret && v->kind != TP_V_STR && v->kind != TP_V_ABSENT) {
        tp_strbuf_puts(sb, "[redacted]");
        return;
    }
    switch (v->kind) {
    case TP_V_ABSENT:
        tp_strbuf_puts(sb, "(absent)");
        break;
    case TP_V_NULL:
        tp_strbuf_puts(sb, "null");
        break;
    case TP_V_BOOL:
        tp_strbuf_puts(sb, v->u.b ? "true" : "false");
        break;
    case TP_V_NUM:
        render_number(sb, v->u.n);
        break;
    case TP_V_STR:
        if (v->secret)
            tp_redact_append(sb, v->u.s, v->len);
        else
            tp_redact_text(sb, v->u.s, v->len);
        break;
    case TP_V_TIME:
        tp_datetime_format(v->u.us, buf);
        tp_strbuf_puts(sb, buf);
        break;
    case TP_V_DUR:
        tp_duration_format(v->u.us, buf);
        tp_strbuf_puts(sb, buf);
        break;
    case TP_V_JSON:
    case TP_V_LIST:
    case TP_V_MAP:
        if (tp_value_is_listlike(v)) {
            tp_iter it;
            tp_value e;
            tp_strbuf_putc(sb, '[');
            tp_iter_init(&it, v);
            for (int first = 1; tp_iter_next(&it, &e); first = 0) {
                if (!first)
                    tp_strbuf_puts(sb, ", ");
                render_nested(sb, &e);
            }
            tp_strbuf_putc(sb, ']');
        } else if (v->kind == TP_V_JSON) {
            tp_strbuf_putc(sb, '{');
            for (const cJSON *c = v->u.json->child; c; c = c->next) {
                tp_value k = {
                    .kind = TP_V_STR, .len = (uint32_t)strlen(c->string), .u.s = c->string};
                tp_value e = tp_value_member(c);
                render_json_string(sb, &k);
                tp_strbuf_puts(sb, ": ");
                render_nested(sb, &e);
                if (c->next)
                    tp_strbuf_puts(sb, ", ");
            }
            tp_strbuf_putc(sb, '}');
        } else {
            tp_strbuf_putc(sb, '{');
            for (uint32_t i = 0; i < v->len; i++) {
                if (i)
                    tp_strbuf_puts(sb, ", ");
                render_json_string(sb, &v->u.items[2 * i]);
                tp_strbuf_puts(sb, ": ");
                render_nested(sb, &v->u.items[2 * i + 1]);
            }
            tp_strbuf_putc(sb, '}');
        }
        break;
    }
}
