#include "eval/value.h"

#include <math.h>
#include <string.h>

#include "base/datetime.h"
#include "base/decimal.h"
#include "base/redact.h"
#include "base/secret_name.h"
#include "input/document.h"

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
        return v->u.node->kind == TP_J_ARR ? TP_T_LIST : TP_T_OBJ;
    default:
        return TP_T_ANY;
    }
}

const char *tp_value_kind_phrase(const tp_value *v)
{
    return v->kind == TP_V_ABSENT ? "absent" : tp_type_phrase(tp_value_type(v));
}

/* The value of a document node; scalars keep their offset in `len`, strings their pointer. */
static tp_value of_node(const tp_jnode *j, uint16_t origin)
{
    tp_value v;
    memset(&v, 0, sizeof v);
    v.origin = origin;
    switch ((tp_jkind)j->kind) {
    case TP_J_NULL:
        v.kind = TP_V_NULL;
        v.len = j->len;
        break;
    case TP_J_TRUE:
    case TP_J_FALSE:
        v.kind = TP_V_BOOL;
        v.u.b = j->kind == TP_J_TRUE;
        v.len = j->len;
        break;
    case TP_J_NUM:
        v.kind = TP_V_NUM;
        v.u.n = j->u.num;
        v.len = j->len;
        break;
    case TP_J_STR:
        v.kind = TP_V_STR;
        v.u.s = tp_jnode_str(j);
        v.len = tp_jnode_strlen(j);
        break;
    case TP_J_ARR:
    case TP_J_OBJ:
        v.kind = TP_V_JSON;
        v.u.node = j;
        v.len = j->len;
        break;
    }
    return v;
}

tp_value tp_value_of_document(const tp_document *doc, uint16_t origin)
{
    return of_node(tp_jdoc_root(doc->jdoc), origin);
}

bool tp_value_is_listlike(const tp_value *v)
{
    return v->kind == TP_V_LIST || (v->kind == TP_V_JSON && v->u.node->kind == TP_J_ARR);
}

bool tp_value_is_objlike(const tp_value *v)
{
    return v->kind == TP_V_MAP || (v->kind == TP_V_JSON && v->u.node->kind == TP_J_OBJ);
}

uint32_t tp_value_count(const tp_value *v)
{
    return v->len;
}

void tp_iter_init(tp_iter *it, const tp_value *list)
{
    memset(it, 0, sizeof *it);
    if (list->kind == TP_V_JSON) {
        it->nodes = list->u.node->u.items;
        it->n = list->u.node->len;
        it->origin = list->origin;
    } else if (list->kind == TP_V_LIST) {
        it->items = list->u.items;
        it->n = list->len;
    }
    it->secret = list->secret;
}

void tp_iter_range(tp_iter *it, uint32_t from, uint32_t to)
{
    it->n = to < it->n ? to : it->n;
    it->i = from < it->n ? from : it->n;
}

uint32_t tp_iter_left(const tp_iter *it)
{
    return it->n - it->i;
}

bool tp_iter_next(tp_iter *it, tp_value *out)
{
    if (it->i >= it->n)
        return false;
    if (it->items)
        *out = it->items[it->i++];
    else
        *out = of_node(&it->nodes[it->i++], it->origin);
    out->secret |= it->secret;
    return true;
}

/* The members of document node n, if it has any. */
static void prefetch_members(const tp_jnode *n)
{
    if (n->kind == TP_J_OBJ || n->kind == TP_J_ARR) {
        const char *block = (const char *)n->u.items - 16; /* its offset (and shape) first */
        __builtin_prefetch(block);
        __builtin_prefetch(block + 64);
    }
}

void tp_iter_prefetch(const tp_iter *it, uint32_t ahead)
{
    if (it->nodes && it->i + ahead < it->n)
        prefetch_members(&it->nodes[it->i + ahead]);
}

/* How many of an object's or array's first members are touched: a short record's. */
#define TOUCH_MEMBERS 4

uintptr_t tp_value_touch_node(const tp_value *v)
{
    return v->kind == TP_V_JSON ? v->u.node->kind : 0;
}

uintptr_t tp_value_touch_members(const tp_value *v)
{
    if (v->kind != TP_V_JSON)
        return 0;
    const tp_jnode *n = v->u.node;
    if (n->kind != TP_J_OBJ && n->kind != TP_J_ARR)
        return 0;
    /* What comes before the block (an object's shape, an array's offset), and the 4th member:
     * together the cache lines of the first members, wherever the block starts. */
    uintptr_t sum = n->kind == TP_J_OBJ ? (uintptr_t)tp_jobj_shape(n)
                                        : ((const tp_jblock *)(const void *)n->u.items)[-1].offset;
    if (n->len >= TOUCH_MEMBERS)
        sum += n->u.items[TOUCH_MEMBERS - 1].kind;
    return sum;
}

/* Whether v, the value of a member whose name is of class cls, is a credential. */
static inline bool secret_by_name(const tp_value *v, tp_secret_name cls)
{
    if (v->kind == TP_V_STR)
        return cls == TP_SECRET_NAME_ALWAYS ||
               (cls == TP_SECRET_NAME_IF_OPAQUE && tp_secret_opaque(v->u.s, v->len));
    return v->kind != TP_V_ABSENT && cls == TP_SECRET_NAME_ALWAYS;
}

/* Member i of a document object, marked secret when its field name says it holds a credential
 * (a string by its name and shape; any other value under `password`, `credentials`, ...:
 * tp_secret_name_class says ALWAYS), or when the object is: every read of an object member goes
 * through here, so what is read from inside a secret value is secret too. `cls` is the class of
 * the member's name. */
static tp_value member_named(const tp_value *obj, uint32_t i, tp_secret_name cls)
{
    tp_value v = of_node(tp_jobj_value(obj->u.node, i), obj->origin);
    v.secret = secret_by_name(&v, cls) | obj->secret;
    return v;
}

static tp_value member(const tp_value *obj, uint32_t i)
{
    const tp_jkey *k = tp_jobj_key(obj->u.node, i);
    return member_named(obj, i, tp_secret_name_class(k->s, k->len));
}

/* Member i of a map built by the policy: secret when the map is, or when its key says, as for a
 * document's member (`{"password": p}.password` is as secret as a document's `password`). */
static tp_value map_member(const tp_value *obj, uint32_t i)
{
    const tp_value *k = &obj->u.items[2 * i];
    tp_value v = obj->u.items[2 * i + 1];
    if (k->kind == TP_V_STR)
        v.secret |= secret_by_name(&v, tp_secret_name_class(k->u.s, k->len));
    v.secret |= obj->secret;
    return v;
}

static tp_value key_value(const tp_jkey *k)
{
    tp_value v;
    memset(&v, 0, sizeof v);
    v.kind = TP_V_STR;
    v.len = k->len;
    v.u.s = k->s;
    return v;
}

int tp_value_each_member(const tp_value *obj,
                         int (*fn)(const tp_value *key, const tp_value *value, void *state),
                         void *state)
{
    int rc = 0;
    if (obj->kind == TP_V_JSON) {
        for (uint32_t i = 0; i < obj->len && rc == 0; i++) {
            tp_value k = key_value(tp_jobj_key(obj->u.node, i));
            tp_value v = member(obj, i);
            rc = fn(&k, &v, state);
        }
    } else if (obj->kind == TP_V_MAP) {
        for (uint32_t i = 0; i < obj->len && rc == 0; i++) {
            tp_value v = map_member(obj, i);
            rc = fn(&obj->u.items[2 * i], &v, state);
        }
    }
    return rc;
}

tp_value tp_value_field_hinted(const tp_value *obj, const char *key, size_t len, tp_jhint *hint)
{
    tp_value v;
    memset(&v, 0, sizeof v);
    if (obj->kind == TP_V_JSON) {
        const tp_jnode *o = obj->u.node;
        const tp_jnode *found = tp_jobj_get(o, key, len, hint);
        if (!found)
            return v;
        uint32_t i = (uint32_t)(found - o->u.items);
        if (!hint)
            return member(obj, i);
        /* The site reads one name: what it says is worked out once, not at every read. */
        if (!hint->key_class)
            hint->key_class = (unsigned char)(1 + tp_secret_name_class(key, len));
        return member_named(obj, i, (tp_secret_name)(hint->key_class - 1));
    } else if (obj->kind == TP_V_MAP) {
        for (uint32_t i = 0; i < obj->len; i++) {
            const tp_value *k = &obj->u.items[2 * i];
            if (k->len == len && memcmp(k->u.s, key, len) == 0)
                return map_member(obj, i);
        }
    }
    return v;
}

tp_value tp_value_field(const tp_value *obj, const char *key, size_t len)
{
    return tp_value_field_hinted(obj, key, len, NULL);
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
    v = list->kind == TP_V_LIST ? list->u.items[i]
                                : of_node(tp_jarr_at(list->u.node, (uint32_t)i), list->origin);
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
        for (uint32_t i = 0; i < a->len; i++) {
            const tp_jkey *k = tp_jobj_key(a->u.node, i);
            tp_value av = member(a, i);
            tp_value bv = tp_value_field(b, k->s, k->len);
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
    char text[32];
    if (isfinite(n) && n == floor(n) && fabs(n) < 1e15)
        tp_strbuf_put_int(sb, (int64_t)n);
    else
        tp_strbuf_puts(sb, tp_decimal_write(text, sizeof text, 'g', 17, n));
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
            for (uint32_t i = 0; i < v->len; i++) {
                tp_value k = key_value(tp_jobj_key(v->u.node, i));
                tp_value e = member(v, i);
                if (i)
                    tp_strbuf_puts(sb, ", ");
                render_json_string(sb, &k);
                tp_strbuf_puts(sb, ": ");
                render_nested(sb, &e);
            }
            tp_strbuf_putc(sb, '}');
        } else {
            tp_strbuf_putc(sb, '{');
            for (uint32_t i = 0; i < v->len; i++) {
                if (i)
                    tp_strbuf_puts(sb, ", ");
                tp_value e = map_member(v, i);
                render_json_string(sb, &v->u.items[2 * i]);
                tp_strbuf_puts(sb, ": ");
                render_nested(sb, &e);
            }
            tp_strbuf_putc(sb, '}');
        }
        break;
    }
}

/* --- origins: where a value read from a document sits in it ------------------------------- */

/* The offset of a value that came out of document `d`: a container's from its node, a string's
 * from where its bytes are (in a text kept, or moved with its offset before it), another
 * scalar's from `len`. */
static uint32_t offset_of(const tp_jdoc *d, const tp_value *v)
{
    if (v->kind == TP_V_JSON)
        return tp_jnode_offset(d, v->u.node);
    if (v->kind != TP_V_STR)
        return v->len;
    const char *s = v->u.s;
    if (d->text && s >= d->text && s <= d->text + d->len) {
        int quoted = d->has_source && s > d->text && s[-1] == '"'; /* converted: bare */
        return (uint32_t)(s - d->text) - (uint32_t)quoted;
    }
    uint32_t at;
    memcpy(&at, s - sizeof at, sizeof at);
    return at;
}

char *tp_value_stand_in(char *room, const tp_value *v, const tp_source *src)
{
    uint32_t at = src && v->origin ? offset_of(src->doc->jdoc, v) : 0;
    memcpy(room, &at, sizeof at);
    return room + sizeof at;
}

/* The pointer of a container node: one segment after its parent's when the parent is the one of
 * the last node located, else found from the root (and its parent remembered). */
static int container_pointer(tp_source *src, const tp_mem *mem, const tp_jnode *node,
                             tp_strbuf *pointer)
{
    const tp_jnode *p = src->parent;
    if (p && node >= p->u.items && node < p->u.items + p->len) {
        if (src->parent_path.len)
            tp_strbuf_add(pointer, src->parent_path.data, src->parent_path.len);
        tp_jpointer_segment(pointer, p, (uint32_t)(node - p->u.items));
        return 0;
    }
    size_t start = pointer->len, parent_len;
    int rc = tp_jdoc_pointer_parent(src->doc->jdoc, node, pointer, &src->parent, &parent_len);
    if (rc)
        return rc;
    if (!src->parent_path.mem)
        tp_strbuf_init(&src->parent_path, mem);
    tp_strbuf_reset(&src->parent_path);
    if (parent_len > start && !pointer->failed)
        tp_strbuf_add(&src->parent_path, pointer->data + start, parent_len - start);
    if (src->parent_path.failed || pointer->failed) {
        src->parent = NULL;
        return TP_ENOMEM;
    }
    return 0;
}

const char *tp_source_file(const tp_source *src)
{
    return src->doc->name;
}

bool tp_value_is_root(const tp_value *v, const tp_source *src)
{
    return v->origin && v->kind == TP_V_JSON && v->u.node == tp_jdoc_root(src->doc->jdoc);
}

int tp_value_locate(const tp_value *v, tp_source *src, const tp_mem *mem, tp_strbuf *pointer,
                    const char **file, unsigned *line, unsigned *col)
{
    *line = *col = 0;
    *file = NULL;
    if (!v->origin || v->kind == TP_V_ABSENT || v->kind > TP_V_JSON || v->kind == TP_V_TIME ||
        v->kind == TP_V_DUR)
        return 1;
    const tp_jdoc *d = src->doc->jdoc;
    uint32_t at = offset_of(d, v);
    size_t mark = pointer->len;
    tp_strbuf_puts(pointer, src->path);
    int rc = v->kind == TP_V_JSON ? container_pointer(src, mem, v->u.node, pointer)
                                  : tp_jdoc_pointer_at(d, at, pointer);
    if (rc < 0)
        return rc;
    if (rc) {
        pointer->len = mark;
        if (pointer->data)
            pointer->data[mark] = '\0';
        return 1;
    }
    *file = src->doc->name;
    if (!d->has_source)
        return 0;
    if (d->nlines)
        tp_jdoc_line_col_in(d->lines, d->nlines, at, &src->near_line, line, col);
    return 0;
}

void tp_source_free(tp_source *src)
{
    if (src->parent_path.mem)
        tp_strbuf_free(&src->parent_path);
    src->parent = NULL;
}

void tp_value_render_cut(tp_strbuf *sb, const tp_value *v, size_t max)
{
    size_t start = sb->len;
    tp_value_render(sb, v);
    if (sb->failed || sb->len - start <= max)
        return;
    size_t cut = start + max;
    while (cut > start && (sb->data[cut] & 0xC0) == 0x80)
        cut--;
    sb->len = cut;
    tp_strbuf_puts(sb, "\xE2\x80\xA6"); /* … */
}
