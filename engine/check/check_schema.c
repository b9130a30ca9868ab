/* The checker, against input schemas: the shapes of names and fields, unknown fields, enum
 * values, guards of optional fields. */
#include <stdio.h>
#include <string.h>

#include "check/checker.h"

/* How a message names an expression: its path, or the path on the left of its ??. */
const char *tp_check_shown(const tp_node *n)
{
    if (n->kind == TP_N_BINARY && n->op == TP_OP_COALESCE)
        n = n->a;
    return n->display ? n->display : "the value";
}

const tp_shape *tp_check_named_schema(const tp_checker *ck, const char *name)
{
    for (size_t i = 0; i < ck->in->nschemas; i++)
        if (strcmp(ck->in->schemas[i].name, name) == 0)
            return ck->in->schemas[i].root;
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
const tp_shape *tp_check_list_of(tp_checker *ck, const tp_shape *items)
{
    if (!items)
        return NULL;
    tp_shape *l = tp_arena_zalloc(ck->arena, sizeof *l);
    if (!l) {
        ck->oom = 1;
        return NULL;
    }
    l->types = TP_T_LIST;
    l->items = (tp_shape *)items;
    l->where = items->where;
    return l;
}

int tp_check_guarded(const tp_checker *ck, const char *path)
{
    if (ck->guarding)
        return 1;
    for (unsigned i = 0; path && i < ck->nguards; i++)
        if (strcmp(ck->guards[i], path) == 0)
            return 1;
    return 0;
}

/* The shape of a root name: the `input` schema itself, a named binding's schema, or a field of
 * the input schema. A name the input schema does not have is an error when it lists its fields. */
const tp_shape *tp_check_root_shape(tp_checker *ck, const tp_node *n)
{
    const tp_shape *named = tp_check_named_schema(ck, n->str);
    for (size_t i = 0; named && i < ck->in->nschemas; i++)
        if (ck->in->schemas[i].many && strcmp(ck->in->schemas[i].name, n->str) == 0)
            return tp_check_list_of(ck, named); /* a pack's `many` document: a list of files */
    if (named)
        return named;
    if (!ck->input_shape)
        return NULL;
    if (strcmp(n->str, "input") == 0)
        return ck->input_shape;
    const tp_shape_prop *p = tp_shape_prop_find(ck->input_shape, n->str);
    if (p)
        return p->shape;
    if (!tp_shape_open(ck->input_shape)) {
        const char *names[64];
        size_t nn = field_names(ck->input_shape, names, 64);
        char hint[96];
        /* No `:` after the quoted name: diagnostics are masked as a whole, and `'secret': the
         * input schema …` reads as a credential name and its value. */
        CHECK_ERR(ck, n->span, "E-SCHEMA-NAME",
                  tp_did_you_mean(hint, sizeof hint, n->str, names, nn),
                  "unknown name '%s' (the input schema has no such field)", n->str);
    }
    return NULL;
}

/* "t is bound here": points at where the variable a path starts from was bound. */
static void note_binding(tp_checker *ck, const tp_node *n)
{
    while (n->kind == TP_N_FIELD || n->kind == TP_N_INDEX)
        n = n->a;
    if (n->kind != TP_N_NAME || n->ref != TP_REF_LOCAL)
        return;
    for (uint32_t i = ck->scope.n; i-- > 0;)
        if (ck->scope.items[i].slot == n->slot && ck->scope.items[i].name) {
            CHECK_NOTE(ck, ck->scope.items[i].span, "'%s' is bound here", n->str);
            return;
        }
}

/* The shape of base.field; reports unknown fields and unguarded optional ones. */
const tp_shape *tp_check_field_shape(tp_checker *ck, const tp_node *n, const tp_shape *base)
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
            CHECK_ERR(ck, s, "E-SCHEMA-FIELD", /* no `:` after the name, as above */
                      tp_did_you_mean(hint, sizeof hint, n->str, names, nn),
                      "unknown field '%s' (the schema %s has no such field)", n->str, base->where);
            note_binding(ck, n);
        }
        return base->additional;
    }
    if (!p->required && !tp_check_guarded(ck, n->display)) {
        char hint[160];
        snprintf(hint, sizeof hint, "guard it: has(%s), or %s ?? a default",
                 n->display ? n->display : n->str, n->display ? n->display : n->str);
        CHECK_WARN(ck, n->span, "W-OPTIONAL", hint,
                   "'%s' is optional in the schema: when it is missing, the rule errs", n->str);
    }
    return p->shape;
}

/* A string literal compared with a field that has an enum must be one of its values. */
void tp_check_enum(tp_checker *ck, const tp_shape *s, const tp_node *lit, const char *what)
{
    if (!s || !s->nenums || lit->kind != TP_N_STR_LIT)
        return;
    const char *values[64];
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->nenums; i++) {
        const cJSON *v = s->enums[i];
        if (!cJSON_IsString(v))
            return; /* a mixed enum: leave it to validation */
        if (strcmp(v->valuestring, lit->str) == 0)
            return;
        if (n < 64)
            values[n++] = v->valuestring;
    }
    char allowed[160], hint[200];
    snprintf(hint, sizeof hint, "%s is one of: %s", what,
             tp_name_list(allowed, sizeof allowed, values, n));
    CHECK_ERR(ck, lit->span, "E-SCHEMA-ENUM", hint, "'%s' is not a value %s can have", lit->str,
              what);
}
