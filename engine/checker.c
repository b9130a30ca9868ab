/*
 * The checker: resolves every name to a slot, global or input root, infers static types where
 * it can, checks rule and waiver structure, and marks generators that can use a hash index.
 * Everything it reports is a diagnostic; it never stops at the first error.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "regex_limits.h"
#include "compiler.h"
#include "parse.h"
#include "schema.h"
#include "scope.h"

#define NO_LOCAL UINT32_MAX

typedef struct chk {
    tp_compiler *c;
    tp_plan *plan;
    tp_arena *arena;
    uint32_t file;
    tp_scope scope;
    int32_t elem_slot; /* slot of the innermost projection element */
    uint32_t elem_depth;
    /* the rule being checked, for "used before its definition" */
    const tp_clauses *clauses;
    uint32_t cur_clause;
    size_t global_limit; /* globals visible: indexes below this (file-level order) */
    size_t cap_roots;
    struct {
        const tp_node *list, *path;
        int32_t id;
    } index_keys[64]; /* what each shareable index is built on */
    uint32_t nindex_keys;
    unsigned depth;
    int depth_reported;
    int oom;
    /* Schema checks: the shape of `input`, and the paths a has() or ?? guards right now. */
    const tp_shape *input_shape;
    unsigned guarding;
    const char *guards[32];
    unsigned nguards;
} chk;

/* What checking an expression tells its parent. */
typedef struct info {
    tp_type type;
    uint32_t min_local;    /* shallowest scope depth of a local it reads; NO_LOCAL if none */
    const tp_shape *shape; /* what the input schema says the value is, when it says */
} info;

static const char *file_name(const chk *ch, uint32_t file)
{
    return ch->c->sources[file].name;
}

#define ERR(ch, span, code, hint, ...)                                                             \
    tp_diags_add(&(ch)->c->diags, TP_DIAG_ERROR, code, file_name(ch, (span).file), span, hint,     \
                 __VA_ARGS__)
#define NOTE(ch, span, ...)                                                                        \
    tp_diags_add(&(ch)->c->diags, TP_DIAG_NOTE, "NOTE", file_name(ch, (span).file), span, NULL,    \
                 __VA_ARGS__)
#define WARN(ch, span, code, hint, ...)                                                            \
    tp_diags_add(&(ch)->c->diags, TP_DIAG_WARNING, code, file_name(ch, (span).file), span, hint,   \
                 __VA_ARGS__)

static info check(chk *ch, tp_node *n);

static info merge(info a, info b)
{
    if (b.min_local < a.min_local)
        a.min_local = b.min_local;
    return a;
}

static int known(tp_type t)
{
    return t != TP_T_ANY;
}

/* "did you mean 'x'?" into buf, or NULL. */
static const char *did_you_mean(char *buf, size_t size, const char *word, const char *const *cands,
                                size_t n)
{
    const char *best = tp_suggest(word, cands, n);
    if (!best)
        return NULL;
    snprintf(buf, size, "did you mean '%s'?", best);
    return buf;
}

/* A short rendering of a path for messages: t.owner.email, x[0], input. */
static const char *display_path(chk *ch, const tp_node *n)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, &ch->c->mem);
    const tp_node *chain[32];
    size_t depth = 0;
    while (n && depth < 32 && (n->kind == TP_N_FIELD || n->kind == TP_N_INDEX)) {
        chain[depth++] = n;
        n = n->a;
    }
    if (!n || n->kind != TP_N_NAME) {
        tp_strbuf_free(&sb);
        return NULL;
    }
    tp_strbuf_puts(&sb, n->str);
    while (depth-- > 0) {
        const tp_node *p = chain[depth];
        if (p->kind == TP_N_FIELD)
            tp_strbuf_printf(&sb, ".%s", p->str);
        else if (p->b->kind == TP_N_NUM_LIT)
            tp_strbuf_printf(&sb, "[%g]", p->b->num);
        else if (p->b->kind == TP_N_STR_LIT)
            tp_strbuf_printf(&sb, "[\"%s\"]", p->b->str);
        else
            tp_strbuf_puts(&sb, "[...]");
    }
    char *out = sb.failed ? NULL : tp_arena_strdup(ch->arena, tp_strbuf_cstr(&sb));
    if (!out)
        ch->oom = 1;
    tp_strbuf_free(&sb);
    return out;
}

static void add_root(chk *ch, tp_node *n)
{
    tp_plan *p = ch->plan;
    for (size_t i = 0; i < p->nroots; i++)
        if (strcmp(p->roots[i], n->str) == 0) {
            n->slot = (int32_t)i;
            return;
        }
    if (p->nroots == ch->cap_roots) {
        size_t ncap = ch->cap_roots ? ch->cap_roots * 2 : 8;
        const char **r = tp_arena_alloc(ch->arena, ncap * sizeof *r);
        if (!r) {
            ch->oom = 1;
            return;
        }
        if (p->nroots)
            memcpy(r, p->roots, p->nroots * sizeof *r);
        p->roots = r;
        ch->cap_roots = ncap;
    }
    p->roots[p->nroots] = n->str;
    n->slot = (int32_t)p->nroots++;
}

static int global_index(const chk *ch, const char *name, size_t limit)
{
    for (size_t i = 0; i < limit && i < ch->plan->nglobals; i++)
        if (ch->plan->globals[i].file == ch->file && strcmp(ch->plan->globals[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Warns when a name read from the input is one letter away from a name the policy binds. */
static void warn_root_typo(chk *ch, const tp_node *n)
{
    const char *cands[TP_SCOPE_MAX + 64];
    size_t nc = 0;
    for (uint32_t i = 0; i < ch->scope.n; i++)
        if (ch->scope.items[i].name)
            cands[nc++] = ch->scope.items[i].name;
    for (size_t i = 0; i < ch->plan->nglobals && nc < sizeof cands / sizeof cands[0]; i++)
        if (ch->plan->globals[i].file == ch->file)
            cands[nc++] = ch->plan->globals[i].name;
    char hint[128];
    if (did_you_mean(hint, sizeof hint, n->str, cands, nc))
        WARN(ch, n->span, "W-ROOT-TYPO", hint,
             "'%s' is not bound by the policy, so it is read from the input", n->str);
}

static size_t conjuncts(tp_node *n, tp_node **out, size_t max);

/* How a message names an expression: its path, or the path on the left of its ??. */
static const char *shown(const tp_node *n)
{
    if (n->kind == TP_N_BINARY && n->op == TP_OP_COALESCE)
        n = n->a;
    return n->display ? n->display : "the value";
}

/* --- schema checks ----------------------------------------------------------------------- */

static const tp_shape *named_schema(const chk *ch, const char *name)
{
    for (size_t i = 0; i < ch->plan->nschemas; i++)
        if (strcmp(ch->plan->schemas[i].name, name) == 0)
            return ch->plan->schemas[i].root;
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
static const tp_shape *list_of(chk *ch, const tp_shape *items)
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

static int guarded(const chk *ch, const char *path)
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
static const tp_shape *root_shape(chk *ch, const tp_node *n)
{
    const tp_shape *named = named_schema(ch, n->str);
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
        ERR(ch, n->span, "E-SCHEMA-NAME", did_you_mean(hint, sizeof hint, n->str, names, nn),
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
            NOTE(ch, ch->scope.items[i].span, "'%s' is bound here", n->str);
            return;
        }
}

/* The shape of base.field; reports unknown fields and unguarded optional ones. */
static const tp_shape *field_shape(chk *ch, const tp_node *n, const tp_shape *base)
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
            ERR(ch, s, "E-SCHEMA-FIELD", did_you_mean(hint, sizeof hint, n->str, names, nn),
                "unknown field '%s': the schema (%s) has no such field", n->str, base->where);
            note_binding(ch, n);
        }
        return base->additional;
    }
    if (!p->required && !guarded(ch, n->display)) {
        char hint[160];
        snprintf(hint, sizeof hint, "guard it: has(%s), or %s ?? a default",
                 n->display ? n->display : n->str, n->display ? n->display : n->str);
        WARN(ch, n->span, "W-OPTIONAL", hint,
             "'%s' is optional in the schema: when it is missing, the rule errs", n->str);
    }
    return p->shape;
}

/* A string literal compared with a field that has an enum must be one of its values. */
static void check_enum(chk *ch, const tp_shape *s, const tp_node *lit, const char *what)
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
    ERR(ch, lit->span, "E-SCHEMA-ENUM", hint, "'%s' is not a value %s can have", lit->str, what);
}

static info resolve_name(chk *ch, tp_node *n)
{
    info r = {TP_T_ANY, NO_LOCAL, NULL};
    int d = tp_scope_find(&ch->scope, n->str);
    if (d >= 0) {
        n->ref = TP_REF_LOCAL;
        n->slot = ch->scope.items[d].slot;
        r.min_local = (uint32_t)d;
        r.type = (tp_type)ch->scope.items[d].type;
        r.shape = ch->scope.items[d].shape;
        return r;
    }
    if (strcmp(n->str, "now") == 0) {
        n->ref = TP_REF_NOW;
        r.type = TP_T_TIME;
        return r;
    }
    int g = global_index(ch, n->str, ch->global_limit);
    if (g >= 0) {
        n->ref = TP_REF_GLOBAL;
        n->slot = g;
        r.type = (tp_type)ch->plan->globals[g].type;
        r.shape = ch->plan->globals[g].shape;
        return r;
    }
    /* A let of this rule written after the use. */
    if (ch->clauses) {
        for (uint32_t k = ch->cur_clause + 1; k < ch->clauses->n; k++) {
            const tp_clause *cl = &ch->clauses->items[k];
            if ((cl->kind == TP_CL_LET || cl->kind == TP_CL_FOR) && strcmp(cl->name, n->str) == 0) {
                char hint[96];
                snprintf(hint, sizeof hint, "move 'let %s' (line %u) above this line", n->str,
                         cl->span.line);
                ERR(ch, n->span, "E-USE-BEFORE-DEF", hint, "'%s' is used before its definition",
                    n->str);
                return r;
            }
        }
    }
    int later = global_index(ch, n->str, ch->plan->nglobals);
    if (later >= 0) {
        char hint[96];
        snprintf(hint, sizeof hint, "move the declaration (line %u) above this line",
                 ch->plan->globals[later].span.line);
        ERR(ch, n->span, "E-USE-BEFORE-DEF", hint, "'%s' is used before its definition", n->str);
        return r;
    }
    n->ref = TP_REF_ROOT;
    add_root(ch, n);
    r.shape = root_shape(ch, n);
    if (!r.shape)
        warn_root_typo(ch, n);
    return r;
}

static void check_condition(chk *ch, const tp_node *n, tp_type t, const char *what)
{
    if (known(t) && t != TP_T_BOOL)
        ERR(ch, n->span, "E-TYPE", NULL, "%s must be a boolean, not %s", what, tp_type_phrase(t));
}

static const char *const orderable_names = "numbers, strings, times or durations";

static int orderable(tp_type t)
{
    return t == TP_T_NUM || t == TP_T_STR || t == TP_T_TIME || t == TP_T_DUR;
}

/* Result type of arithmetic, or -1 for a type error. */
static int arith_type(tp_binop op, tp_type l, tp_type r)
{
    if (!known(l) || !known(r)) {
        if ((op == TP_OP_MUL || op == TP_OP_DIV) && (l == TP_T_DUR || r == TP_T_DUR))
            return TP_T_ANY;
        return TP_T_ANY;
    }
    switch (op) {
    case TP_OP_ADD:
        if (l == TP_T_NUM && r == TP_T_NUM)
            return TP_T_NUM;
        if ((l == TP_T_TIME && r == TP_T_DUR) || (l == TP_T_DUR && r == TP_T_TIME))
            return TP_T_TIME;
        if (l == TP_T_DUR && r == TP_T_DUR)
            return TP_T_DUR;
        return -1;
    case TP_OP_SUB:
        if (l == TP_T_NUM && r == TP_T_NUM)
            return TP_T_NUM;
        if (l == TP_T_TIME && r == TP_T_DUR)
            return TP_T_TIME;
        if (l == TP_T_TIME && r == TP_T_TIME)
            return TP_T_DUR;
        if (l == TP_T_DUR && r == TP_T_DUR)
            return TP_T_DUR;
        return -1;
    case TP_OP_MUL:
        if (l == TP_T_NUM && r == TP_T_NUM)
            return TP_T_NUM;
        if ((l == TP_T_DUR && r == TP_T_NUM) || (l == TP_T_NUM && r == TP_T_DUR))
            return TP_T_DUR;
        return -1;
    default: /* DIV */
        if (l == TP_T_NUM && r == TP_T_NUM)
            return TP_T_NUM;
        if (l == TP_T_DUR && r == TP_T_NUM)
            return TP_T_DUR;
        if (l == TP_T_DUR && r == TP_T_DUR)
            return TP_T_NUM;
        return -1;
    }
}

/* Remembers the paths a condition's has() conjuncts guard, for what is checked after it. */
static void push_has_guards(chk *ch, tp_node *cond)
{
    tp_node *conj[16];
    size_t nc = conjuncts(cond, conj, 16);
    for (size_t i = 0; i < nc && ch->nguards < sizeof ch->guards / sizeof ch->guards[0]; i++) {
        const tp_node *c = conj[i];
        if (c->kind == TP_N_CALL && c->ref == TP_FN_HAS && c->kids.n == 1 &&
            c->kids.items[0]->display)
            ch->guards[ch->nguards++] = c->kids.items[0]->display;
        /* P != null: P is present and not null below */
        else if (c->kind == TP_N_BINARY && c->op == TP_OP_NE && c->b->kind == TP_N_NULL_LIT &&
                 c->a->display)
            ch->guards[ch->nguards++] = c->a->display;
    }
}

static info check_binary(chk *ch, tp_node *n)
{
    tp_binop op = (tp_binop)n->op;
    /* The left of ?? may be missing: no optional-field warning there. */
    ch->guarding += op == TP_OP_COALESCE;
    info l = check(ch, n->a);
    ch->guarding -= op == TP_OP_COALESCE;
    unsigned saved_guards = ch->nguards;
    if (op == TP_OP_AND)
        push_has_guards(ch, n->a); /* has(x.f) and x.f > 1 */
    info r = check(ch, n->b);
    ch->nguards = saved_guards;
    info res = merge(l, r);
    res.shape = NULL;
    res.type = TP_T_ANY;
    switch (op) {
    case TP_OP_OR:
    case TP_OP_AND:
        check_condition(ch, n->a, l.type, "an operand of 'and'/'or'");
        check_condition(ch, n->b, r.type, "an operand of 'and'/'or'");
        res.type = TP_T_BOOL;
        break;
    case TP_OP_EQ:
    case TP_OP_NE:
        check_enum(ch, l.shape, n->b, n->a->display ? n->a->display : "it");
        check_enum(ch, r.shape, n->a, n->b->display ? n->b->display : "it");
        if (known(l.type) && known(r.type) && l.type != r.type && l.type != TP_T_NULL &&
            r.type != TP_T_NULL)
            ERR(ch, n->span, "E-TYPE", "convert one side, e.g. with time() or string()",
                "comparing %s with %s is always %s", tp_type_phrase(l.type), tp_type_phrase(r.type),
                op == TP_OP_EQ ? "false" : "true");
        res.type = TP_T_BOOL;
        break;
    case TP_OP_LT:
    case TP_OP_LE:
    case TP_OP_GT:
    case TP_OP_GE:
        if (known(l.type) && known(r.type) && (l.type != r.type || !orderable(l.type)))
            ERR(ch, n->span, "E-TYPE", NULL, "'%s' cannot order %s and %s: it compares %s",
                tp_binop_text(op), tp_type_phrase(l.type), tp_type_phrase(r.type), orderable_names);
        else if ((known(l.type) && !orderable(l.type)) || (known(r.type) && !orderable(r.type)))
            ERR(ch, n->span, "E-TYPE", NULL, "'%s' compares %s, not %s", tp_binop_text(op),
                orderable_names,
                tp_type_phrase(known(l.type) && !orderable(l.type) ? l.type : r.type));
        res.type = TP_T_BOOL;
        break;
    case TP_OP_IN:
    case TP_OP_NOT_IN:
        for (uint32_t i = 0; n->b->kind == TP_N_LIST && i < n->b->kids.n; i++)
            check_enum(ch, l.shape, n->b->kids.items[i], n->a->display ? n->a->display : "it");
        if (r.shape && r.shape->items) /* "api" in t.scopes */
            check_enum(ch, r.shape->items, n->a, "an element of it");
        if (known(r.type) && r.type != TP_T_LIST && r.type != TP_T_STR && r.type != TP_T_OBJ)
            ERR(ch, n->b->span, "E-TYPE", NULL,
                "'%s' needs a list, a string or an object on its right, not %s", tp_binop_text(op),
                tp_type_phrase(r.type));
        else if (r.type == TP_T_STR && known(l.type) && l.type != TP_T_STR)
            ERR(ch, n->a->span, "E-TYPE", NULL, "only a string can be in a string, not %s",
                tp_type_phrase(l.type));
        res.type = TP_T_BOOL;
        break;
    case TP_OP_COALESCE:
        res.type = l.type == r.type ? l.type : TP_T_ANY;
        res.shape = l.shape;
        break;
    default: {
        int t = arith_type(op, l.type, r.type);
        if (t < 0)
            ERR(ch, n->span, "E-TYPE", NULL, "'%s' is not defined for %s and %s", tp_binop_text(op),
                tp_type_phrase(l.type), tp_type_phrase(r.type));
        res.type = t < 0 ? TP_T_ANY : (tp_type)t;
        break;
    }
    }
    return res;
}

/* The conjuncts of an `and` chain, left to right. */
static size_t conjuncts(tp_node *n, tp_node **out, size_t max)
{
    if (n->kind == TP_N_BINARY && n->op == TP_OP_AND && !(n->flags & TP_NF_PAREN)) {
        size_t k = conjuncts(n->a, out, max);
        return k + conjuncts(n->b, out + k, max - k);
    }
    if (max == 0)
        return 0;
    out[0] = n;
    return 1;
}

static int reads_slot(const tp_node *n, int32_t slot)
{
    if (!n)
        return 0;
    if ((n->kind == TP_N_NAME && n->ref == TP_REF_LOCAL) || n->kind == TP_N_ELEM)
        if (n->slot == slot)
            return 1;
    if (reads_slot(n->a, slot) || reads_slot(n->b, slot) || reads_slot(n->c, slot))
        return 1;
    for (uint32_t i = 0; i < n->kids.n; i++)
        if (reads_slot(n->kids.items[i], slot))
            return 1;
    return 0;
}

/* VAR.f.g with VAR the generator's variable: the key a hash index can be built on. */
static int is_var_path(const tp_node *n, int32_t slot)
{
    if (n->kind != TP_N_FIELD)
        return 0;
    while (n->kind == TP_N_FIELD)
        n = n->a;
    return n->kind == TP_N_NAME && n->ref == TP_REF_LOCAL && n->slot == slot;
}

/* Two indexes are the same when they cover the same named list by the same field path
 * (`b.token` over `bindings` in five rules): one build and one table serve them all. */
static int same_path(const tp_node *a, const tp_node *b)
{
    while (a->kind == TP_N_FIELD && b->kind == TP_N_FIELD) {
        if (strcmp(a->str, b->str) != 0)
            return 0;
        a = a->a;
        b = b->a;
    }
    return a->kind == TP_N_NAME && b->kind == TP_N_NAME;
}

static int32_t shared_index(chk *ch, const tp_node *list, const tp_node *path)
{
    int named = list->kind == TP_N_NAME && (list->ref == TP_REF_ROOT || list->ref == TP_REF_GLOBAL);
    for (uint32_t i = 0; named && i < ch->nindex_keys; i++) {
        const tp_node *l = ch->index_keys[i].list;
        if (l->ref == list->ref && l->slot == list->slot && same_path(ch->index_keys[i].path, path))
            return ch->index_keys[i].id;
    }
    int32_t id = (int32_t)ch->plan->nindexes++;
    if (named && ch->nindex_keys < sizeof ch->index_keys / sizeof ch->index_keys[0]) {
        ch->index_keys[ch->nindex_keys].list = list;
        ch->index_keys[ch->nindex_keys].path = path;
        ch->index_keys[ch->nindex_keys].id = id;
        ch->nindex_keys++;
    }
    return id;
}

/* Turns `VAR.path == E and REST` over an invariant list into an indexed lookup. */
static void plan_index(chk *ch, tp_node *gen, int list_invariant)
{
    if (!gen->c || !list_invariant)
        return;
    tp_node *conj[64];
    size_t nc = conjuncts(gen->c, conj, 64);
    if (nc == 0 || nc == 64)
        return;
    tp_node *eq = conj[0];
    if (eq->kind != TP_N_BINARY || eq->op != TP_OP_EQ)
        return;
    tp_node *path = NULL, *key = NULL;
    if (is_var_path(eq->a, gen->slot) && !reads_slot(eq->b, gen->slot)) {
        path = eq->a;
        key = eq->b;
    } else if (is_var_path(eq->b, gen->slot) && !reads_slot(eq->a, gen->slot)) {
        path = eq->b;
        key = eq->a;
    } else {
        return;
    }
    tp_node *rest = nc > 1 ? conj[1] : NULL;
    for (size_t i = 2; i < nc; i++) {
        rest = tp_ast_binary(ch->arena, TP_OP_AND, rest, conj[i],
                             tp_span_join(rest->span, conj[i]->span));
        if (!rest) {
            ch->oom = 1;
            return;
        }
        rest->type = TP_T_BOOL;
    }
    gen->key_path = path;
    gen->key_expr = key;
    gen->rest_where = rest;
    gen->index_id = shared_index(ch, gen->b, path);
}

static info check_gen(chk *ch, tp_node *n)
{
    uint32_t d0 = ch->scope.n;
    info li = check(ch, n->b);
    if (known(li.type) && li.type != TP_T_LIST)
        ERR(ch, n->b->span, "E-TYPE", NULL, "'for ... in' needs a list, not %s",
            tp_type_phrase(li.type));
    if (tp_scope_find(&ch->scope, n->str) >= 0 || global_index(ch, n->str, ch->global_limit) >= 0)
        ERR(ch, n->span, "E-SHADOW", "pick another name for the generator variable",
            "'%s' is already bound here", n->str);
    n->slot = tp_scope_push(&ch->scope, n->str, n->span, TP_T_ANY);
    if (n->slot < 0) {
        ERR(ch, n->span, "E-DEPTH", NULL, "too many nested generators");
        return li;
    }
    ch->scope.items[ch->scope.n - 1].shape = li.shape ? li.shape->items : NULL;
    info r = li;
    if (n->c) {
        info wi = check(ch, n->c);
        check_condition(ch, n->c, wi.type, "a generator's 'where'");
        r = merge(r, wi);
    }
    info ei = check(ch, n->a);
    r = merge(r, ei);
    tp_scope_pop(&ch->scope, d0);
    plan_index(ch, n, li.min_local >= d0);
    r.type = TP_T_LIST;
    r.shape = list_of(ch, ei.shape);
    if (r.min_local >= d0)
        r.min_local = NO_LOCAL;
    return r;
}

static void compile_regex(chk *ch, tp_node *call, const tp_node *pattern)
{
    char why[160];
    if (tp_regex_refuse(pattern->str, pattern->len, ch->plan->max_regex_bytes, why, sizeof why)) {
        ERR(ch, pattern->span, "E-REGEX", NULL, "%s", why);
        return;
    }
    regex_t *re = tp_arena_alloc(ch->arena, sizeof *re);
    tp_regex_entry *e = tp_arena_alloc(ch->arena, sizeof *e);
    if (!re || !e) {
        ch->oom = 1;
        return;
    }
    int rc = regcomp(re, pattern->str, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char buf[160];
        regerror(rc, re, buf, sizeof buf);
        ERR(ch, pattern->span, "E-REGEX", "matches() takes a POSIX extended regular expression",
            "invalid regular expression: %s", buf);
        return;
    }
    e->regex = re;
    e->next = ch->plan->regexes;
    ch->plan->regexes = e;
    call->aux = re;
}

static info check_call(chk *ch, tp_node *n)
{
    info r = {TP_T_ANY, NO_LOCAL, NULL};
    int id = tp_builtin_lookup(n->str);
    if (id < 0) {
        const char *names[TP_FN_COUNT_];
        for (int i = 0; i < TP_FN_COUNT_; i++)
            names[i] = tp_builtins[i].name;
        char hint[96];
        tp_span s = n->span;
        s.end_line = s.line;
        s.end_col = s.col + n->len;
        ERR(ch, s, "E-UNKNOWN-FUNC", did_you_mean(hint, sizeof hint, n->str, names, TP_FN_COUNT_),
            "unknown function '%s'", n->str);
        for (uint32_t i = 0; i < n->kids.n; i++)
            r = merge(r, check(ch, n->kids.items[i]));
        r.type = TP_T_ANY;
        return r;
    }
    const tp_builtin *b = &tp_builtins[id];
    n->ref = id;
    if (n->kids.n < b->min_args || n->kids.n > b->max_args) {
        if (b->min_args == b->max_args)
            ERR(ch, n->span, "E-ARITY", NULL, "%s() takes %u argument%s, not %u", b->name,
                b->min_args, b->min_args == 1 ? "" : "s", n->kids.n);
        else
            ERR(ch, n->span, "E-ARITY", NULL, "%s() takes %u to %u arguments, not %u", b->name,
                b->min_args, b->max_args, n->kids.n);
    }
    const tp_shape *arg_shape = NULL;
    ch->guarding += id == TP_FN_HAS;
    for (uint32_t i = 0; i < n->kids.n; i++) {
        tp_node *arg = n->kids.items[i];
        if (arg->kind == TP_N_GEN && !b->aggregate && !(arg->flags & TP_NF_PAREN))
            ERR(ch, arg->span, "E-GENERATOR", "write [EXPR for X in LIST] to build a list",
                "%s() does not take a generator; only any, all, count, distinct, first, sum, "
                "min and max do",
                b->name);
        info ai = check(ch, arg);
        r = merge(r, ai);
        if (i == 0)
            arg_shape = ai.shape;
        unsigned mask = i < 2 ? b->arg_types[i] : TP_T_ANY;
        if (mask != TP_T_ANY && known(ai.type) && !(ai.type & mask)) {
            const char *want = mask == TP_T_LIST  ? "a list"
                               : mask == TP_T_STR ? "a string"
                               : mask == TP_T_OBJ ? "an object"
                               : mask == TP_T_DUR ? "a duration"
                               : mask == (TP_T_STR | TP_T_NUM | TP_T_TIME)
                                   ? "a string, number or time"
                                   : "a string, list or object";
            ERR(ch, arg->span, "E-TYPE", NULL, "%s() takes %s, not %s", b->name, want,
                tp_type_phrase(ai.type));
        }
    }
    ch->guarding -= id == TP_FN_HAS;
    /* Functions of strings and times fail on null: a nullable field needs a != null first. */
    int rejects_null =
        id != TP_FN_HAS && id != TP_FN_STRING && id != TP_FN_CONTAINS && !b->aggregate;
    if (rejects_null && arg_shape && arg_shape->nullable && n->kids.n > 0 &&
        !guarded(ch, n->kids.items[0]->display) && n->kids.items[0]->display) {
        char hint[160];
        snprintf(hint, sizeof hint, "check it first: %s != null and ...",
                 n->kids.items[0]->display);
        WARN(ch, n->kids.items[0]->span, "W-NULLABLE", hint,
             "%s may be null in the schema, and %s() fails on null", n->kids.items[0]->display,
             b->name);
    }
    if ((id == TP_FN_TIME || id == TP_FN_AGE) && arg_shape && arg_shape->types == TP_T_STR &&
        !arg_shape->format && !arg_shape->nenums)
        ERR(ch, n->kids.items[0]->span, "E-SCHEMA-FORMAT",
            "time() and age() read RFC 3339 times or dates: format date-time or date",
            "%s() reads a time, but the schema says %s is a string with no date format", b->name,
            shown(n->kids.items[0]));
    if (id == TP_FN_HAS && n->kids.n == 1 && n->kids.items[0]->kind != TP_N_FIELD &&
        n->kids.items[0]->kind != TP_N_INDEX)
        ERR(ch, n->kids.items[0]->span, "E-HAS", "write has(x.field) or has(x[\"key\"])",
            "has() takes a field or an index");
    if (id == TP_FN_MATCHES && n->kids.n == 2 && n->kids.items[1]->kind == TP_N_STR_LIT)
        compile_regex(ch, n, n->kids.items[1]);
    r.type = b->result;
    r.shape = NULL;
    if (arg_shape && (id == TP_FN_FIRST || id == TP_FN_MIN || id == TP_FN_MAX))
        r.shape = arg_shape->items;
    else if (id == TP_FN_DISTINCT)
        r.shape = arg_shape;
    return r;
}

static info check_kids(chk *ch, tp_node *n, info r)
{
    for (uint32_t i = 0; i < n->kids.n; i++)
        r = merge(r, check(ch, n->kids.items[i]));
    return r;
}

static info check_inner(chk *ch, tp_node *n)
{
    info r = {TP_T_ANY, NO_LOCAL, NULL};
    switch ((tp_node_kind)n->kind) {
    case TP_N_NULL_LIT:
        r.type = TP_T_NULL;
        break;
    case TP_N_BOOL_LIT:
        r.type = TP_T_BOOL;
        break;
    case TP_N_NUM_LIT:
        r.type = TP_T_NUM;
        break;
    case TP_N_STR_LIT:
        r.type = TP_T_STR;
        break;
    case TP_N_DUR_LIT:
        r.type = TP_T_DUR;
        break;
    case TP_N_TIME_LIT:
        r.type = TP_T_TIME;
        break;
    case TP_N_TEMPLATE:
        r = check_kids(ch, n, r);
        r.type = TP_T_STR;
        break;
    case TP_N_LIST:
        r = check_kids(ch, n, r);
        r.type = TP_T_LIST;
        break;
    case TP_N_OBJECT:
        r = check_kids(ch, n, r);
        r.type = TP_T_OBJ;
        break;
    case TP_N_NAME:
        r = resolve_name(ch, n);
        n->display = n->str; /* "tokens is an object" reads better than "it is an object" */
        break;
    case TP_N_FIELD: {
        info b = check(ch, n->a);
        if (known(b.type) && b.type != TP_T_OBJ && b.type != TP_T_NULL)
            ERR(ch, n->span, "E-TYPE",
                b.type == TP_T_LIST ? "write x[*].field for the field of every element" : NULL,
                "cannot read field '%s' of %s", n->str, tp_type_phrase(b.type));
        r = b;
        r.type = TP_T_ANY;
        n->display = display_path(ch, n);
        r.shape = field_shape(ch, n, b.shape);
        break;
    }
    case TP_N_INDEX: {
        info b = check(ch, n->a), i = check(ch, n->b);
        if (known(b.type) && b.type != TP_T_LIST && b.type != TP_T_OBJ && b.type != TP_T_NULL)
            ERR(ch, n->span, "E-TYPE", NULL, "cannot index %s", tp_type_phrase(b.type));
        if (known(i.type) && i.type != TP_T_NUM && i.type != TP_T_STR)
            ERR(ch, n->b->span, "E-TYPE", NULL, "an index is a number or a string, not %s",
                tp_type_phrase(i.type));
        r = merge(b, i);
        r.type = TP_T_ANY;
        n->display = display_path(ch, n);
        r.shape = NULL;
        if (b.shape && n->b->kind == TP_N_NUM_LIT)
            r.shape = b.shape->items;
        else if (b.shape && n->b->kind == TP_N_STR_LIT) {
            const tp_shape_prop *p = tp_shape_prop_find(b.shape, n->b->str);
            r.shape = p ? p->shape : NULL;
        }
        break;
    }
    case TP_N_PROJECT: {
        uint32_t d0 = ch->scope.n;
        info b = check(ch, n->a);
        if (known(b.type) && b.type != TP_T_LIST)
            ERR(ch, n->a->span, "E-TYPE", NULL, "[*] projects a list, not %s",
                tp_type_phrase(b.type));
        int32_t saved = ch->elem_slot;
        uint32_t saved_depth = ch->elem_depth;
        ch->elem_depth = ch->scope.n;
        n->slot = ch->elem_slot = tp_scope_push(&ch->scope, NULL, n->span, TP_T_ANY);
        if (n->slot >= 0)
            ch->scope.items[ch->scope.n - 1].shape = b.shape ? b.shape->items : NULL;
        info body = check(ch, n->b);
        ch->elem_slot = saved;
        ch->elem_depth = saved_depth;
        tp_scope_pop(&ch->scope, d0);
        r = merge(b, body);
        if (r.min_local >= d0)
            r.min_local = NO_LOCAL;
        r.type = TP_T_LIST;
        r.shape = list_of(ch, body.shape);
        break;
    }
    case TP_N_ELEM:
        n->slot = ch->elem_slot;
        r.min_local = ch->elem_depth;
        if (ch->elem_depth < ch->scope.n)
            r.shape = ch->scope.items[ch->elem_depth].shape;
        break;
    case TP_N_CALL:
        r = check_call(ch, n);
        break;
    case TP_N_GEN:
        r = check_gen(ch, n);
        break;
    case TP_N_NEG:
        r = check(ch, n->a);
        if (known(r.type) && r.type != TP_T_NUM && r.type != TP_T_DUR)
            ERR(ch, n->span, "E-TYPE", NULL, "'-' negates a number or a duration, not %s",
                tp_type_phrase(r.type));
        break;
    case TP_N_NOT:
        r = check(ch, n->a);
        check_condition(ch, n->a, r.type, "the operand of 'not'");
        r.type = TP_T_BOOL;
        break;
    case TP_N_BINARY:
        r = check_binary(ch, n);
        break;
    }
    return r;
}

static info check(chk *ch, tp_node *n)
{
    info r = {TP_T_ANY, NO_LOCAL, NULL};
    if (ch->depth >= ch->c->max_expr_depth) {
        if (!ch->depth_reported)
            ERR(ch, n->span, "E-DEPTH",
                "split it with 'let', or raise the limit with --max-expr-depth (at most 500)",
                "expression nested deeper than %u levels", ch->c->max_expr_depth);
        ch->depth_reported = 1;
        return r;
    }
    ch->depth++;
    r = check_inner(ch, n);
    ch->depth--;
    if (r.shape && !known(r.type))
        r.type = (tp_type)tp_shape_type(r.shape);
    n->type = (uint8_t)r.type;
    if (r.min_local == NO_LOCAL)
        n->flags |= TP_NF_INVARIANT;
    return r;
}

/* --- declarations ------------------------------------------------------------------------ */

static const char *const severity_names[] = {"info", "low", "medium", "high", "critical"};

static int is_constant(const tp_node *n)
{
    switch ((tp_node_kind)n->kind) {
    case TP_N_NULL_LIT:
    case TP_N_BOOL_LIT:
    case TP_N_NUM_LIT:
    case TP_N_STR_LIT:
    case TP_N_DUR_LIT:
    case TP_N_TIME_LIT:
        return 1;
    case TP_N_NEG:
        return is_constant(n->a);
    case TP_N_LIST:
    case TP_N_OBJECT:
        for (uint32_t i = 0; i < n->kids.n; i++)
            if (!is_constant(n->kids.items[i]))
                return 0;
        return 1;
    default:
        return 0;
    }
}

/* The value of --param NAME=VALUE as a syntax tree: a literal, or else the text as a string. */
static tp_node *param_override(chk *ch, const tp_param_override *o, tp_span at)
{
    tp_diags scratch;
    tp_diags_init(&scratch, &ch->c->mem);
    tp_parse_ctx pc;
    memset(&pc, 0, sizeof pc);
    pc.arena = ch->arena;
    pc.diags = &scratch;
    pc.file_name = "--param";
    pc.file = at.file;
    pc.max_errors = 1;
    int rc = tp_parse_expression(&pc, o->value, strlen(o->value));
    int parsed = rc == 0 && scratch.nerrors == 0 && pc.expr && is_constant(pc.expr);
    tp_diags_free(&scratch);
    if (rc != 0) {
        ch->oom = 1;
        return NULL;
    }
    tp_node *n = parsed ? pc.expr : tp_ast_node(ch->arena, TP_N_STR_LIT, at);
    if (!n) {
        ch->oom = 1;
        return NULL;
    }
    if (!parsed) {
        n->str = o->value;
        n->len = (uint32_t)strlen(o->value);
    }
    n->span = at;
    return n;
}

/* Registers every param and file-level let first, so a use before the declaration is reported
 * as such; then checks them in order, each seeing only the globals above it. */
static void check_globals(chk *ch)
{
    tp_plan *p = ch->plan;
    size_t n = 0;
    for (tp_decl *d = ch->c->first; d; d = d->next)
        if (d->kind == TP_D_PARAM || d->kind == TP_D_LET)
            n++;
    p->globals = tp_arena_zalloc(ch->arena, (n ? n : 1) * sizeof *p->globals);
    if (!p->globals) {
        ch->oom = 1;
        return;
    }
    for (tp_decl *d = ch->c->first; d; d = d->next) {
        if (d->kind != TP_D_PARAM && d->kind != TP_D_LET)
            continue;
        ch->file = d->file;
        int dup = global_index(ch, d->name, p->nglobals);
        if (dup >= 0) {
            char hint[80];
            snprintf(hint, sizeof hint, "the first is at line %u", p->globals[dup].span.line);
            ERR(ch, d->name_span, "E-DUP-NAME", hint, "'%s' is declared twice in this file",
                d->name);
        }
        if (strcmp(d->name, "now") == 0 || tp_builtin_lookup(d->name) >= 0)
            ERR(ch, d->name_span, "E-RESERVED", NULL, "'%s' is a built-in name", d->name);
        tp_global *g = &p->globals[p->nglobals++];
        g->name = d->name;
        g->file = d->file;
        g->is_param = d->kind == TP_D_PARAM;
        g->span = d->span;
        g->expr = d->expr;
    }
    size_t gi = 0;
    for (tp_decl *d = ch->c->first; d; d = d->next) {
        if (d->kind != TP_D_PARAM && d->kind != TP_D_LET)
            continue;
        tp_global *g = &p->globals[gi];
        ch->file = d->file;
        tp_scope_reset(&ch->scope);
        ch->clauses = NULL;
        ch->global_limit = gi++;
        if (g->is_param) {
            if (!is_constant(d->expr))
                ERR(ch, d->expr->span, "E-PARAM", "write a number, string, duration, time or list",
                    "the default of param '%s' must be a literal", d->name);
            for (size_t i = 0; i < ch->c->nparams; i++) {
                tp_param_override *o = &ch->c->params[i];
                if (strcmp(o->name, d->name) != 0)
                    continue;
                o->used = 1;
                tp_node *v = param_override(ch, o, d->expr->span);
                if (!v)
                    return;
                info dt = check(ch, d->expr), vt = check(ch, v);
                if (known(dt.type) && known(vt.type) && dt.type != vt.type)
                    ERR(ch, d->name_span, "E-PARAM", NULL,
                        "--param %s=%s: the param is %s, the value %s", o->name, o->value,
                        tp_type_phrase(dt.type), tp_type_phrase(vt.type));
                d->expr = v;
            }
        }
        info t = check(ch, d->expr);
        g->expr = d->expr;
        g->type = (uint8_t)t.type;
        g->shape = t.shape;
        g->nslots = ch->scope.next_slot;
    }
}

/* The attribute clauses of a declaration, each allowed once. */
typedef struct attr_table {
    const char *const *names;
    size_t n;
    const tp_clause *seen[8];
} attr_table;

/* Records attribute clause `cl` in `t`; reports unknown and repeated ones. Returns the index of
 * the attribute or -1. */
static int take_attr(chk *ch, attr_table *t, const tp_clause *cl, const char *where)
{
    for (size_t i = 0; i < t->n; i++) {
        if (strcmp(t->names[i], cl->name) != 0)
            continue;
        if (t->seen[i]) {
            char hint[64];
            snprintf(hint, sizeof hint, "the first is at line %u", t->seen[i]->span.line);
            ERR(ch, cl->name_span, "E-DUP-CLAUSE", hint, "'%s' is given twice in %s", cl->name,
                where);
            return -1;
        }
        t->seen[i] = cl;
        return (int)i;
    }
    char hint[96];
    ERR(ch, cl->name_span, "E-UNKNOWN-CLAUSE",
        did_you_mean(hint, sizeof hint, cl->name, t->names, t->n), "unknown clause '%s' in %s",
        cl->name, where);
    return -1;
}

static const char *string_attr(chk *ch, const tp_clause *cl)
{
    if (cl->expr->kind == TP_N_STR_LIT)
        return cl->expr->str;
    ERR(ch, cl->expr->span, "E-ATTR", NULL, "'%s' takes a plain string", cl->name);
    return NULL;
}

/* Source text of a node (for a remediation template shown without a subject). */
static const char *source_text(chk *ch, const tp_node *n)
{
    const tp_source *src = &ch->c->sources[n->span.file];
    const char *p = src->text, *end = src->text + src->len;
    for (uint32_t l = 1; l < n->span.line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    p += n->span.col - 1;
    const char *q = p;
    for (uint32_t l = n->span.line; l < n->span.end_line && q < end; l++) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        q = nl ? nl + 1 : end;
    }
    if (n->span.end_line == n->span.line)
        q = p + (n->span.end_col - n->span.col);
    else
        q += n->span.end_col - 1;
    if (q > end || q < p + 2)
        return "";
    char *s = tp_arena_strndup(ch->arena, p + 1, (size_t)(q - p - 2));
    if (!s)
        ch->oom = 1;
    return s ? s : "";
}

/* The JSON pointer of a path from an input root ("/tokens"), or NULL. */
static const char *pointer_of(chk *ch, const tp_node *n)
{
    if (n->kind == TP_N_NAME && n->ref == TP_REF_ROOT) {
        if (strcmp(n->str, "input") == 0)
            return "";
        tp_strbuf sb;
        tp_strbuf_init(&sb, &ch->c->mem);
        tp_strbuf_putc(&sb, '/');
        for (const char *s = n->str; *s; s++)
            tp_strbuf_puts(&sb, *s == '~' ? "~0" : *s == '/' ? "~1" : (char[2]){*s, 0});
        char *out = sb.failed ? NULL : tp_arena_strdup(ch->arena, tp_strbuf_cstr(&sb));
        tp_strbuf_free(&sb);
        if (!out)
            ch->oom = 1;
        return out;
    }
    if (n->kind == TP_N_FIELD) {
        const char *base = pointer_of(ch, n->a);
        if (!base)
            return NULL;
        size_t len = strlen(base) + strlen(n->str) + 2;
        char *out = tp_arena_alloc(ch->arena, len);
        if (!out) {
            ch->oom = 1;
            return NULL;
        }
        snprintf(out, len, "%s/%s", base, n->str);
        return out;
    }
    return NULL;
}

static const char *const rule_attrs[] = {"title", "severity", "message", "remediation", "subject"};
enum { RA_TITLE, RA_SEVERITY, RA_MESSAGE, RA_REMEDIATION, RA_SUBJECT };

static void check_rule_attrs(chk *ch, const tp_decl *d, tp_rule_plan *rp)
{
    attr_table t = {rule_attrs, sizeof rule_attrs / sizeof rule_attrs[0], {0}};
    char where[96];
    snprintf(where, sizeof where, "rule %s", d->name);
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind != TP_CL_ATTR)
            continue;
        switch (take_attr(ch, &t, cl, where)) {
        case RA_TITLE: {
            const char *s = string_attr(ch, cl);
            if (s)
                rp->info.title = s;
            break;
        }
        case RA_SEVERITY: {
            const tp_node *e = cl->expr;
            tp_severity sev;
            if (e->kind == TP_N_NAME && tp_severity_parse(&sev, e->str) == 0) {
                rp->info.severity = sev;
            } else {
                char hint[96];
                const char *h = e->kind == TP_N_NAME
                                    ? did_you_mean(hint, sizeof hint, e->str, severity_names, 5)
                                    : NULL;
                ERR(ch, e->span, "E-SEVERITY", h ? h : "one of info, low, medium, high, critical",
                    "severity must be one of info, low, medium, high, critical");
            }
            break;
        }
        case RA_MESSAGE:
        case RA_REMEDIATION: {
            info ti = check(ch, cl->expr);
            if (known(ti.type) && ti.type != TP_T_STR)
                ERR(ch, cl->expr->span, "E-ATTR", NULL, "'%s' takes a string", cl->name);
            if (strcmp(cl->name, "message") == 0) {
                rp->message = cl->expr;
            } else {
                rp->remediation = cl->expr;
                rp->info.remediation =
                    cl->expr->kind == TP_N_STR_LIT ? cl->expr->str : source_text(ch, cl->expr);
            }
            break;
        }
        case RA_SUBJECT:
            check(ch, cl->expr);
            rp->subject = cl->expr;
            break;
        default:
            break;
        }
    }
}

static void check_rule(chk *ch, tp_decl *d, tp_rule_plan *rp)
{
    tp_scope_reset(&ch->scope);
    ch->nguards = 0;
    ch->file = d->file;
    ch->clauses = &d->clauses;
    ch->global_limit = ch->plan->nglobals;
    rp->info.id = d->name;
    rp->info.title = d->name;
    rp->info.severity = TP_SEVERITY_MEDIUM;
    rp->info.file = ch->plan->files[d->file];
    rp->info.line = d->span.line;
    rp->info.column = d->span.col;
    rp->for_slot = -1;
    rp->root_slot = -1;
    rp->steps = tp_arena_alloc(ch->arena, (d->clauses.n ? d->clauses.n : 1) * sizeof(tp_clause));
    if (!rp->steps) {
        ch->oom = 1;
        return;
    }
    const tp_clause *assertion = NULL, *body_started = NULL;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        tp_clause *cl = &d->clauses.items[i];
        ch->cur_clause = i;
        switch (cl->kind) {
        case TP_CL_ATTR:
            break;
        case TP_CL_FOR: {
            if (rp->for_list)
                ERR(ch, cl->span, "E-FOR", "iterate the second list with a generator",
                    "a rule has one 'for'");
            else if (body_started)
                ERR(ch, cl->span, "E-ORDER", NULL,
                    "'for' must come before let, where, require and deny");
            info li = check(ch, cl->expr);
            if (known(li.type) && li.type != TP_T_LIST)
                ERR(ch, cl->expr->span, "E-TYPE", NULL, "'for ... in' needs a list, not %s",
                    tp_type_phrase(li.type));
            cl->slot = tp_scope_push(&ch->scope, cl->name, cl->name_span, TP_T_ANY);
            if (cl->slot >= 0)
                ch->scope.items[ch->scope.n - 1].shape = li.shape ? li.shape->items : NULL;
            if (!rp->for_list) {
                rp->for_list = cl->expr;
                rp->for_slot = cl->slot;
                rp->pointer_base = pointer_of(ch, cl->expr);
                const tp_node *root = cl->expr;
                while (root->kind == TP_N_FIELD)
                    root = root->a;
                rp->root_slot = rp->pointer_base && root->kind == TP_N_NAME ? root->slot : -1;
            }
            break;
        }
        case TP_CL_LET: {
            body_started = cl;
            if (assertion)
                ERR(ch, cl->span, "E-ORDER", NULL, "'let' after the assertion is never used");
            info li = check(ch, cl->expr);
            int prev = tp_scope_find(&ch->scope, cl->name);
            if (prev >= 0 || global_index(ch, cl->name, ch->global_limit) >= 0 ||
                strcmp(cl->name, "now") == 0) {
                char hint[80];
                snprintf(hint, sizeof hint, "'%s' is bound at line %u", cl->name,
                         prev >= 0 ? ch->scope.items[prev].span.line : 0);
                ERR(ch, cl->name_span, "E-SHADOW", prev >= 0 ? hint : NULL, "'%s' is already bound",
                    cl->name);
            }
            cl->slot = tp_scope_push(&ch->scope, cl->name, cl->name_span, (uint8_t)li.type);
            if (cl->slot >= 0)
                ch->scope.items[ch->scope.n - 1].shape = li.shape;
            rp->steps[rp->nsteps++] = *cl;
            break;
        }
        case TP_CL_WHERE: {
            body_started = cl;
            if (assertion)
                ERR(ch, cl->span, "E-ORDER", "move 'where' above the assertion",
                    "'where' after the assertion never filters anything");
            info wi = check(ch, cl->expr);
            check_condition(ch, cl->expr, wi.type, "a 'where' condition");
            push_has_guards(ch, cl->expr); /* where has(t.f): t.f is safe below */
            rp->steps[rp->nsteps++] = *cl;
            break;
        }
        case TP_CL_REQUIRE:
        case TP_CL_DENY: {
            body_started = cl;
            info ai = check(ch, cl->expr);
            check_condition(ch, cl->expr, ai.type, "an assertion");
            if (assertion) {
                ERR(ch, cl->span, "E-ASSERT", "combine conditions with 'and' or 'or'",
                    "rule %s has a second assertion; a rule has exactly one 'require' or 'deny'",
                    d->name);
                NOTE(ch, assertion->span, "the first assertion is here");
                break;
            }
            assertion = cl;
            rp->assertion = cl->expr;
            rp->deny = cl->kind == TP_CL_DENY;
            break;
        }
        }
    }
    ch->cur_clause = d->clauses.n;
    if (!assertion)
        ERR(ch, d->name_span, "E-ASSERT", "add 'require CONDITION' or 'deny CONDITION'",
            "rule %s has no assertion", d->name);
    check_rule_attrs(ch, d, rp);
    rp->nslots = ch->scope.next_slot;
    ch->clauses = NULL;
}

static const char *const pack_attrs[] = {"title", "version", "description", "schema"};
static const char *const waiver_attrs[] = {"subjects", "reason", "owner", "expires", "ticket"};
enum { WA_SUBJECTS, WA_REASON, WA_OWNER, WA_EXPIRES, WA_TICKET };

static void check_pack(chk *ch, tp_decl *d, tp_pack_info *pack)
{
    attr_table t = {pack_attrs, sizeof pack_attrs / sizeof pack_attrs[0], {0}};
    ch->file = d->file;
    pack->name = d->name;
    pack->file = d->file;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind != TP_CL_ATTR) {
            ERR(ch, cl->span, "E-PACK", NULL,
                "a pack header holds title, version, description and schema");
            continue;
        }
        int a = take_attr(ch, &t, cl, "the pack header");
        const char *value = a >= 0 ? string_attr(ch, cl) : NULL;
        if (a == 0)
            pack->title = value;
        else if (a == 1)
            pack->version = value;
    }
}

static const tp_rule_plan *find_rule(const tp_plan *p, const char *id)
{
    for (size_t i = 0; i < p->nrules; i++)
        if (strcmp(p->rules[i].info.id, id) == 0)
            return &p->rules[i];
    return NULL;
}

/* Copies a waiver's subjects, which must be a list of strings, into w. */
static void waiver_subjects(chk *ch, const tp_clause *cl, tp_waiver_plan *w)
{
    const tp_node *list = cl->expr;
    int ok = list->kind == TP_N_LIST;
    for (uint32_t i = 0; ok && i < list->kids.n; i++)
        ok = list->kids.items[i]->kind == TP_N_STR_LIT;
    if (!ok) {
        ERR(ch, list->span, "E-WAIVER", "write subjects [\"lok-3\", \"lok-7\"]",
            "'subjects' takes a list of subject ids (strings)");
        return;
    }
    w->subjects = tp_arena_alloc(ch->arena, (list->kids.n ? list->kids.n : 1) * sizeof(char *));
    if (!w->subjects) {
        ch->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < list->kids.n; i++)
        w->subjects[i] = list->kids.items[i]->str;
    w->nsubjects = list->kids.n;
}

static void check_waiver(chk *ch, tp_decl *d, tp_waiver_plan *w)
{
    attr_table t = {waiver_attrs, sizeof waiver_attrs / sizeof waiver_attrs[0], {0}};
    ch->file = d->file;
    tp_scope_reset(&ch->scope);
    ch->global_limit = ch->plan->nglobals;
    w->info.rule = d->name;
    w->info.file = ch->plan->files[d->file];
    w->info.line = d->span.line;
    w->info.column = d->span.col;
    w->var_slot = -1;
    const tp_rule_plan *rule = find_rule(ch->plan, d->name);
    if (!rule) {
        const char **ids = tp_arena_alloc(ch->arena, (ch->plan->nrules + 1) * sizeof *ids);
        if (!ids) {
            ch->oom = 1;
            return;
        }
        for (size_t i = 0; i < ch->plan->nrules; i++)
            ids[i] = ch->plan->rules[i].info.id;
        char hint[96];
        ERR(ch, d->name_span, "E-WAIVER-RULE",
            did_you_mean(hint, sizeof hint, d->name, ids, ch->plan->nrules),
            "waiver for rule %s, which no loaded policy defines", d->name);
    } else if (rule->for_list) {
        /* The waiver's `where` reads the rule's subject variable, under the rule's name for it. */
        const tp_clause *fc = NULL;
        for (tp_decl *r = ch->c->first; r && !fc; r = r->next)
            if (r->kind == TP_D_RULE && strcmp(r->name, d->name) == 0)
                for (uint32_t i = 0; i < r->clauses.n && !fc; i++)
                    if (r->clauses.items[i].kind == TP_CL_FOR)
                        fc = &r->clauses.items[i];
        if (fc)
            w->var_slot = tp_scope_push(&ch->scope, fc->name, fc->name_span, TP_T_ANY);
    }
    const tp_clause *where = NULL;
    for (uint32_t i = 0; i < d->clauses.n; i++) {
        const tp_clause *cl = &d->clauses.items[i];
        if (cl->kind == TP_CL_WHERE) {
            where = cl;
            info wi = check(ch, cl->expr);
            check_condition(ch, cl->expr, wi.type, "a waiver's 'where'");
            w->where = cl->expr;
            continue;
        }
        if (cl->kind != TP_CL_ATTR) {
            ERR(ch, cl->span, "E-WAIVER", NULL,
                "a waiver holds subjects or where, reason, owner and expires");
            continue;
        }
        switch (take_attr(ch, &t, cl, "a waiver")) {
        case WA_SUBJECTS:
            waiver_subjects(ch, cl, w);
            break;
        case WA_REASON:
            w->info.reason = string_attr(ch, cl);
            break;
        case WA_OWNER:
            w->info.owner = string_attr(ch, cl);
            break;
        case WA_EXPIRES:
            if (cl->expr->kind == TP_N_TIME_LIT)
                w->info.expires_us = cl->expr->us;
            else
                ERR(ch, cl->expr->span, "E-WAIVER", "write a date like @2026-01-31",
                    "'expires' takes a timestamp literal");
            break;
        case WA_TICKET:
            string_attr(ch, cl);
            break;
        default:
            break;
        }
    }
    w->nslots = ch->scope.next_slot;
    if (!t.seen[WA_REASON])
        ERR(ch, d->name_span, "E-WAIVER", "say why the finding is accepted: reason \"...\"",
            "waiver for %s has no reason", d->name);
    if (!t.seen[WA_EXPIRES])
        ERR(ch, d->name_span, "E-WAIVER", "every waiver ends: expires @YYYY-MM-DD",
            "waiver for %s has no expiry", d->name);
    if (t.seen[WA_SUBJECTS] && where)
        ERR(ch, where->span, "E-WAIVER", NULL, "a waiver has 'subjects' or 'where', not both");
    if (!t.seen[WA_SUBJECTS] && !where)
        ERR(ch, d->name_span, "E-WAIVER", "name the subjects: subjects [\"id\"]",
            "waiver for %s covers no subjects", d->name);
}

/* Orders waivers by rule id, keeping file order within a rule. */
static int compare_waivers(const void *a, const void *b)
{
    const tp_waiver_plan *x = a, *y = b;
    int c = strcmp(x->info.rule, y->info.rule);
    if (c)
        return c;
    return x->info.file != y->info.file
               ? (x->info.file < y->info.file ? -1 : 1)
               : (x->info.line < y->info.line ? -1 : x->info.line > y->info.line);
}

/* Hands each rule the run of waivers that name it (rules and waivers are both sorted by id). */
static void attach_waivers(tp_plan *p)
{
    qsort(p->waivers, p->nwaivers, sizeof *p->waivers, compare_waivers);
    size_t w = 0;
    for (size_t r = 0; r < p->nrules; r++) {
        tp_rule_plan *rule = &p->rules[r];
        while (w < p->nwaivers && strcmp(p->waivers[w].info.rule, rule->info.id) < 0)
            w++;
        rule->waivers = &p->waivers[w];
        while (w < p->nwaivers && strcmp(p->waivers[w].info.rule, rule->info.id) == 0) {
            rule->nwaivers++;
            w++;
        }
    }
}

static int compare_rules(const void *a, const void *b)
{
    return strcmp(((const tp_rule_plan *)a)->info.id, ((const tp_rule_plan *)b)->info.id);
}

/* A pack's `schema "tokpol/v1"` (or a path beside the policy) describes its `input`. */
static int load_pack_schemas(chk *ch)
{
    for (tp_decl *d = ch->c->first; d; d = d->next) {
        if (d->kind != TP_D_PACK)
            continue;
        for (uint32_t i = 0; i < d->clauses.n; i++) {
            const tp_clause *cl = &d->clauses.items[i];
            if (cl->kind != TP_CL_ATTR || strcmp(cl->name, "schema") != 0 ||
                cl->expr->kind != TP_N_STR_LIT)
                continue;
            const char *file = file_name(ch, d->file);
            if (strncmp(file, "builtin:", 8) == 0 && strcmp(cl->expr->str, "tokpol/v1") != 0)
                continue;
            int rc =
                tp_compiler_load_schema(ch->c, "input", cl->expr->str, file, file, cl->expr->span);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* Moves the loaded schemas into the plan and builds their shapes. */
static int adopt_schemas(chk *ch)
{
    tp_compiler *c = ch->c;
    tp_plan *p = ch->plan;
    p->schemas = tp_arena_zalloc(ch->arena, (c->nschemas ? c->nschemas : 1) * sizeof *p->schemas);
    if (!p->schemas)
        return TP_ENOMEM;
    for (size_t i = 0; i < c->nschemas; i++) {
        tp_schema *s = &p->schemas[p->nschemas++];
        s->name = tp_arena_strdup(ch->arena, c->schemas[i].name);
        s->origin = tp_arena_strdup(ch->arena, c->schemas[i].origin);
        s->doc = c->schemas[i].doc;
        c->schemas[i].doc = NULL; /* the plan deletes it now */
        if (!s->name || !s->origin)
            return TP_ENOMEM;
        char why[200];
        int rc = tp_schema_build(ch->arena, s->doc, &s->root, why, sizeof why);
        if (rc == TP_ENOMEM)
            return rc;
        if (rc) {
            tp_span none = {0, 0, 0, 0, 0};
            tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-SCHEMA", s->origin, none, NULL, "%s", why);
        }
    }
    ch->input_shape = named_schema(ch, "input");
    p->validate = 1;
    return 0;
}

int tp_check(tp_compiler *c, tp_plan *plan)
{
    chk ch;
    memset(&ch, 0, sizeof ch);
    ch.c = c;
    ch.plan = plan;
    ch.arena = &plan->arena;
    ch.elem_slot = -1;
    int rc = load_pack_schemas(&ch);
    if (rc == 0)
        rc = adopt_schemas(&ch);
    if (rc)
        return rc;
    check_globals(&ch);
    size_t nrules = 0;
    for (tp_decl *d = c->first; d; d = d->next)
        nrules += d->kind == TP_D_RULE;
    size_t npacks = 0;
    for (tp_decl *d = c->first; d; d = d->next)
        npacks += d->kind == TP_D_PACK;
    plan->rules = tp_arena_zalloc(ch.arena, (nrules ? nrules : 1) * sizeof *plan->rules);
    plan->packs = tp_arena_zalloc(ch.arena, (npacks ? npacks : 1) * sizeof *plan->packs);
    if (!plan->rules || !plan->packs || ch.oom)
        return TP_ENOMEM;
    for (tp_decl *d = c->first; d; d = d->next) {
        if (d->kind == TP_D_PACK) {
            check_pack(&ch, d, &plan->packs[plan->npacks++]);
        } else if (d->kind == TP_D_RULE) {
            ch.file = d->file;
            const tp_rule_plan *prev = find_rule(plan, d->name);
            if (prev) {
                char hint[200];
                snprintf(hint, sizeof hint, "the first is at %s:%u", prev->info.file,
                         prev->info.line);
                ERR(&ch, d->name_span, "E-DUP-RULE", hint, "rule %s is defined twice", d->name);
                continue;
            }
            check_rule(&ch, d, &plan->rules[plan->nrules++]);
        }
    }
    size_t nwaivers = 0;
    for (tp_decl *d = c->first; d; d = d->next)
        nwaivers += d->kind == TP_D_WAIVE;
    plan->waivers = tp_arena_zalloc(ch.arena, (nwaivers ? nwaivers : 1) * sizeof *plan->waivers);
    if (!plan->waivers)
        return TP_ENOMEM;
    for (tp_decl *d = c->first; d; d = d->next) {
        if (c->sources[d->file].waivers_only && d->kind != TP_D_WAIVE) {
            ch.file = d->file;
            ERR(&ch, d->span, "E-WAIVER-FILE", "move it to a policy file",
                "a --waivers file holds only waivers");
        }
        if (d->kind == TP_D_WAIVE)
            check_waiver(&ch, d, &plan->waivers[plan->nwaivers++]);
    }
    for (size_t i = 0; i < c->nparams; i++) {
        if (c->params[i].used)
            continue;
        tp_span none = {0, 0, 0, 0, 0};
        const char **names = tp_arena_alloc(ch.arena, (plan->nglobals + 1) * sizeof *names);
        size_t nn = 0;
        for (size_t g = 0; names && g < plan->nglobals; g++)
            if (plan->globals[g].is_param)
                names[nn++] = plan->globals[g].name;
        char hint[96];
        tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-PARAM", "--param", none,
                     names ? did_you_mean(hint, sizeof hint, c->params[i].name, names, nn) : NULL,
                     "no loaded policy declares param '%s'", c->params[i].name);
    }
    if (plan->nrules == 0 && c->diags.nerrors == 0) {
        /* Checking nothing would pass everything: a mistyped -p must not turn CI green. */
        tp_span none = {0, 0, 0, 0, 0};
        tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-NO-RULES",
                     c->nsources ? c->sources[0].name : "tokpol", none,
                     "load a policy with at least one rule",
                     "no rules: the policies define nothing to check");
    }
    qsort(plan->rules, plan->nrules, sizeof *plan->rules, compare_rules);
    attach_waivers(plan);
    uint32_t max_slots = 1;
    for (size_t i = 0; i < plan->nrules; i++)
        if (plan->rules[i].nslots > max_slots)
            max_slots = plan->rules[i].nslots;
    for (size_t i = 0; i < plan->nglobals; i++)
        if (plan->globals[i].nslots > max_slots)
            max_slots = plan->globals[i].nslots;
    for (size_t i = 0; i < plan->nwaivers; i++)
        if (plan->waivers[i].nslots > max_slots)
            max_slots = plan->waivers[i].nslots;
    plan->max_slots = max_slots;
    return ch.oom ? TP_ENOMEM : 0;
}
