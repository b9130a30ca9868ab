/*
 * The syntax tree. Every node lives in the compiler's arena. The checker annotates it in place
 * (types, what each name refers to, display text for messages); lowering then turns the checked
 * tree into the plan (plan/plan.h), so nothing after compile depends on this type.
 */
#ifndef TP_AST_H
#define TP_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/lang.h"
#include "base/span.h"

/* Expression node kinds, one list expanded wherever a table by kind is needed. */
#define TP_NODE_KINDS(X)                                                                           \
    X(NULL_LIT, "null")                                                                            \
    X(BOOL_LIT, "boolean")                                                                         \
    X(NUM_LIT, "number")                                                                           \
    X(STR_LIT, "string")                                                                           \
    X(TEMPLATE, "interpolated string")                                                             \
    X(DUR_LIT, "duration")                                                                         \
    X(TIME_LIT, "timestamp")                                                                       \
    X(LIST, "list")                                                                                \
    X(OBJECT, "object")                                                                            \
    X(NAME, "name")                                                                                \
    X(FIELD, "field access")                                                                       \
    X(INDEX, "index")                                                                              \
    X(PROJECT, "projection")                                                                       \
    X(ELEM, "projected element")                                                                   \
    X(CALL, "call")                                                                                \
    X(GEN, "generator")                                                                            \
    X(GEN_FOR, "generator clause")                                                                 \
    X(NEG, "negation")                                                                             \
    X(NOT, "not")                                                                                  \
    X(BINARY, "operator")                                                                          \
    X(COND, "conditional")

typedef enum tp_node_kind {
#define TP_X(k, desc) TP_N_##k,
    TP_NODE_KINDS(TP_X)
#undef TP_X
} tp_node_kind;

/* What a NAME node refers to, set by the checker. */
typedef enum tp_ref_kind {
    TP_REF_UNRESOLVED = 0,
    TP_REF_LOCAL,  /* a slot of the current frame: for/let/generator variable */
    TP_REF_GLOBAL, /* a param or file-level let, evaluated once per input */
    TP_REF_ROOT,   /* a name looked up in the bound input documents */
    TP_REF_NOW     /* the clock */
} tp_ref_kind;

typedef struct tp_node tp_node;

typedef struct tp_nodes {
    tp_node **items;
    uint32_t n, cap;
} tp_nodes;

#define TP_NODES_EMPTY ((tp_nodes){NULL, 0, 0})

/* Node flags. */
enum {
    TP_NF_PAREN = 1,     /* written in parentheses: a projection stops here */
    TP_NF_INVARIANT = 2, /* reads no rule variable: same value for every subject of an input */
    TP_NF_BARE = 4       /* a LIST of an attribute's values written without brackets: a, b, c */
};

struct tp_node {
    uint8_t kind, op, flags, type; /* op: a tp_binop; type: a tp_type set by the checker */
    tp_span span;
    /* Children by kind: FIELD a=base; INDEX a=base b=index; PROJECT a=list b=body;
     * GEN a=expr (its clauses are kids); GEN_FOR b=list c=where; NEG/NOT a; BINARY a b;
     * COND a=condition b=then c=else. */
    tp_node *a, *b, *c;
    tp_nodes kids;   /* LIST items; OBJECT key, value, key, value...; CALL args; TEMPLATE parts;
                        GEN its `for` clauses, outermost first */
    const char *str; /* STR_LIT text, NAME / FIELD / CALL name, GEN_FOR variable */
    uint32_t len;
    double num;
    int64_t us; /* DUR_LIT, TIME_LIT: microseconds */
    /* Set by the checker. */
    int32_t ref;         /* NAME: tp_ref_kind; CALL: tp_builtin_id */
    int32_t slot;        /* NAME: slot, global or root; ELEM, GEN_FOR, PROJECT: the bound slot */
    const char *display; /* short text of a path for error messages ("t.created_at") */
};

typedef enum tp_clause_kind {
    TP_CL_ATTR, /* NAME EXPR: title, severity, message, remediation, subject, reason, ... */
    TP_CL_FOR,
    TP_CL_LET,
    TP_CL_WHERE,
    TP_CL_REQUIRE,
    TP_CL_DENY
} tp_clause_kind;

typedef struct tp_clause {
    tp_clause_kind kind;
    const char *name; /* attribute name, bound variable, or the keyword */
    tp_span span, name_span;
    tp_node *expr;
    int32_t slot; /* FOR/LET: slot of the bound variable, set by the checker */
} tp_clause;

typedef struct tp_clauses {
    tp_clause *items;
    uint32_t n, cap;
} tp_clauses;

#define TP_CLAUSES_EMPTY ((tp_clauses){NULL, 0, 0})

typedef enum tp_decl_kind { TP_D_PACK, TP_D_PARAM, TP_D_LET, TP_D_RULE, TP_D_WAIVE } tp_decl_kind;

typedef struct tp_decl {
    tp_decl_kind kind;
    uint32_t file;
    const char *name; /* pack name, param/let name, rule id */
    tp_span span, name_span;
    tp_node *expr;      /* PARAM default / LET value */
    tp_clauses clauses; /* PACK, RULE, WAIVE bodies */
    struct tp_decl *next;
} tp_decl;

/*
 * Constructors, one per grammar action. Each takes the arena first and returns NULL (or -1) when
 * an allocation failed or an operand is NULL (a constructor below failed), so an action is one
 * call wrapped in the grammar's NEED(). Names passed as (text, length) are copied.
 */
tp_node *tp_ast_node(tp_arena *a, tp_node_kind kind, tp_span span);
tp_node *tp_ast_null(tp_arena *a, tp_span span);
tp_node *tp_ast_bool(tp_arena *a, bool value, tp_span span);
tp_node *tp_ast_number(tp_arena *a, double value, tp_span span);
tp_node *tp_ast_duration(tp_arena *a, int64_t us, tp_span span);
tp_node *tp_ast_time(tp_arena *a, int64_t us, tp_span span);
/* A piece of string text that already lives in the arena (the lexer copied it). */
tp_node *tp_ast_text(tp_arena *a, const char *text, size_t len, tp_span span);
/* An object key written as a bare word: a string literal, copied. */
tp_node *tp_ast_key(tp_arena *a, const char *name, size_t len, tp_span span);
/* A string made of literal text and interpolated expressions; folds to STR_LIT when constant. */
tp_node *tp_ast_string(tp_arena *a, tp_nodes parts, tp_span span);
tp_node *tp_ast_list(tp_arena *a, tp_nodes items, tp_span span);
tp_node *tp_ast_object(tp_arena *a, tp_nodes pairs, tp_span span);
/* An expression written in parentheses; returns n. */
/* A named block of a pack header, `document NAME { schema "..." many }`: an OBJECT whose `str`
 * is NAME and whose pairs are the block's words (a flag's value is true). */
tp_node *tp_ast_block(tp_arena *a, const char *name, size_t len, tp_nodes pairs, tp_span span);
tp_node *tp_ast_paren(tp_node *n);
tp_node *tp_ast_binary(tp_arena *a, tp_binop op, tp_node *l, tp_node *r, tp_span span);
tp_node *tp_ast_unary(tp_arena *a, tp_node_kind kind, tp_node *operand, tp_span span);
/* `if cond then yes else no`. */
tp_node *tp_ast_cond(tp_arena *a, tp_node *cond, tp_node *yes, tp_node *no, tp_span span);
tp_node *tp_ast_name(tp_arena *a, const char *name, size_t len, tp_span span);
/* Field access; applied to an open projection it extends the projection's body. */
tp_node *tp_ast_field(tp_arena *a, tp_node *base, const char *name, size_t len, tp_span span);
tp_node *tp_ast_index(tp_arena *a, tp_node *base, tp_node *index, tp_span span);
tp_node *tp_ast_project(tp_arena *a, tp_node *base, tp_span span);
tp_node *tp_ast_call(tp_arena *a, const char *name, size_t len, tp_nodes args, tp_span span);
/* A generator: `expr` for each combination of its `for` clauses (GEN_FOR nodes, outermost
 * first). */
tp_node *tp_ast_gen(tp_arena *a, tp_node *expr, tp_nodes clauses, tp_span span);
/* One `for VAR in LIST [where COND]` of a generator; `where` may be NULL. */
tp_node *tp_ast_gen_for(tp_arena *a, const char *var, size_t len, tp_node *list, tp_node *where,
                        tp_span span);
/* *out = `prev` (or an empty list) with `node` appended. 0 or -1. */
int tp_ast_append(tp_arena *a, tp_nodes *out, const tp_nodes *prev, tp_node *node);
/* *out = `prev` (or an empty list) with the object member key: value appended. 0 or -1. */
int tp_ast_pair(tp_arena *a, tp_nodes *out, const tp_nodes *prev, tp_node *key, tp_node *value);
/* *out = a clause (its name copied). 0 or -1. */
int tp_ast_clause(tp_arena *a, tp_clause *out, tp_clause_kind kind, const char *name, size_t len,
                  tp_span span, tp_span name_span, tp_node *expr);
/* *out = an attribute clause NAME VALUE or NAME V1, V2, ... (a LIST flagged TP_NF_BARE). */
int tp_ast_attr(tp_arena *a, tp_clause *out, const char *name, size_t len, tp_span span,
                tp_span name_span, tp_nodes values);
/* *out = `prev` with clause `c` appended. 0 or -1. */
int tp_ast_add_clause(tp_arena *a, tp_clauses *out, const tp_clauses *prev, const tp_clause *c);
/* A declaration; `expr` is a param's default or a let's value, `clauses` a body (either may be
 * NULL/empty for the kinds that have none). */
tp_decl *tp_ast_decl(tp_arena *a, tp_decl_kind kind, uint32_t file, const char *name, size_t len,
                     tp_span span, tp_span name_span, tp_node *expr, const tp_clauses *clauses);

/* Whether n is a literal: a constant, a negated one, or a list or object of them (what a param's
 * default and a --param value may be). */
int tp_ast_is_literal(const tp_node *n);

/* The conjuncts of an `and` chain not written in parentheses, left to right: at most max, stored
 * in out; returns how many. */
size_t tp_ast_conjuncts(tp_node *n, tp_node **out, size_t max);

/* Span covering from `a` to `b`. */
tp_span tp_span_join(tp_span a, tp_span b);

#endif
