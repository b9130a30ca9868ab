/* The checker, against input schemas: the shapes of names and fields, unknown fields, enum
 * values, guards of optional fields. */
#include <stdio.h>
#include <string.h>

#include "eval/builtins.h"
#include "check/checker.h"

/* How a message names an expression: its path, or the path on the left of its ??. */
const char *chk_shown(const tp_node *n)
{
    if (n->kind == TP_N_BINARY && n->op == TP_OP_COALESCE)
        n = n->a;
    return n->display ? n->display : "the value";
}

const tp_shape *chk_named_schema(const chk *ch, const char *name)
{
    for (size_t i = 0; i < ch->in->nschemas; i++)
        if (strcmp(ch->in->schemas[i].name, name) == 0)
            return ch->in->schemas[i].root;
    return NULL;
}

/* The names of an object shape's fields, for "did you mean" and "one of". */
static size_t field_names(const tp_shape *s, const char **out, size_t max)
{
    size_t n = 0;
    for (uint32_t i = 0; s && i < s->nprops && n < max; i++)
        out[n++] = s->props[i].name;
    return n;
}

/* A list of values of shape `items`, for generators and projections over a schema. */
const tp_shape *chk_list_of(chk *ch, const tp_shape *items)
{
    if (!items)
        return NULL;
    tp_shape *l = tp_arena_zalloc(ch->arena, sizeof *l);
    if (!l) {
        ch->oom = 1;
        return NULL;
    }
    l->types = TP_T_LIST;
    l->items = (tp_shape *)items;
    l->where = items->where;
    return l;
}

int chk_guarded(const chk *ch, const char *path)
{
    if (ch->guarding)
        return 1;
    for (unsigned i = 0; path && i < ch->nguards; i++)
        if (strcmp(ch->guards[i], path) == 0)
            return 1;
    return 0;
}

/* The shape of a root name: the `input` schema itself, a named binding's schema, or a field of
 * the input schema. A name the input schema does not have is an error when it lists its fields. */
const tp_shape *chk_root_shape(chk *ch, const tp_node *n)
{
    const tp_shape *named = chk_named_schema(ch, n->str);
    if (named)
        return named;
    if (!ch->input_shape)
        return NULL;
    if (strcmp(n->str, "input") == 0)
        return ch->input_shape;
    const tp_shape_prop *p = tp_shape_prop_find(ch->input_shape, n->str);
    if (p)
        return p->shape;
    if (!tp_shape_open(ch->input_shape)) {
        const char *names[64];
        size_t nn = field_names(ch->input_shape, names, 64);
        char hint[96];
        CHK_ERR(ch, n->span, "E-SCHEMA-NAME",
                chk_did_you_mean(hint, sizeof hint, n->str, names, nn),
                "unknown name '%s': the input schema has no such field", n->str);
    }
    return NULL;
}

/* "t is bound here": points at where the variable a path starts from was bound. */
static void note_binding(chk *ch, const tp_node *n)
{
    while (n->kind == TP_N_FIELD || n->kind == TP_N_INDEX)
        n = n->a;
    if (n->kind != TP_N_NAME || n->ref != TP_REF_LOCAL)
        return;
    for (uint32_t i = ch->scope.n; i-- > 0;)
        if (ch->scope.items[i].slot == n->slot && ch->scope.items[i].name) {
            CHK_NOTE(ch, ch->scope.items[i].span, "'%s' is bound here", n->str);
            return;
        }
}

/* The shape of base.field; reports unknown fields and unguarded optional ones. */
const tp_shape *chk_field_shape(chk *ch, const tp_node *n, const tp_shape *base)
{
    if (!base || (base->types && !(base->types & TP_T_OBJ)))
        return NULL;
    const tp_shape_prop *p = tp_shape_prop_find(base, n->str);
    if (!p) {
        if (!tp_shape_open(base)) {
            const char *names[64];
            size_t nn = field_names(base, names, 64);
            char hint[96];
            tp_span s = n->span;
            s.col = s.end_col > n->len ? s.end_col - n->len : s.col;
            CHK_ERR(ch, s, "E-SCHEMA-FIELD", chk_did_you_mean(hint, sizeof hint, n->str, names, nn),
                    "unknown field '%s': the schema (%s) has no such field", n->str, base->where);
            note_binding(ch, n);
        }
        return base->additional;
    }
    if (!p->required && !chk_guarded(ch, n->display)) {
        char hint[160];
        snprintf(hint, sizeof hint, "guard it: has(%s), or %s ?? a default",
                 n->display ? n->display : n->str, n->display ? n->display : n->str);
        CHK_WARN(ch, n->span, "W-OPTIONAL", hint,
                 "'%s' is optional in the schema: when it is missing, the rule errs", n->str);
    }
    return p->shape;
}

/* A string literal compared with a field that has an enum must be one of its values. */
void chk_check_enum(chk *ch, const tp_shape *s, const tp_node *lit, const char *what)
{
    if (!s || !s->nenums || lit->kind != TP_N_STR_LIT)
        return;
    char allowed[200] = "";
    size_t off = 0;
    for (uint32_t i = 0; i < s->nenums; i++) {
        const cJSON *v = s->enums[i];
        if (!cJSON_IsString(v))
            return; /* a mixed enum: leave it to validation */
        if (strcmp(v->valuestring, lit->str) == 0)
            return;
        off += (size_t)snprintf(allowed + off, off < sizeof allowed ? sizeof allowed - off : 0,
                                "%s%s", i ? ", " : "", v->valuestring);
    }
    char hint[160];
    snprintf(hint, sizeof hint, "%s is one of: %.120s", what, allowed);
    CHK_ERR(ch, lit->span, "E-SCHEMA-ENUM", hint, "'%s' is not a value %s can have", lit->str,
            what);
}
