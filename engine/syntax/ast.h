/*
 * The syntax tree. Every node lives in the compiler's arena; the plan keeps that arena, so the
 * checked tree (with names resolved to slots) is the compiled form the evaluator walks.
 */
#ifndef TP_AST_H
#define TP_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "syntax/diag.h"

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
    X(NEG, "negation")                                                                             \
    X(NOT, "not")                                                                                  \
    X(BINARY, "operator")

typedef enum tp_node_kind {
#define TP_X(k, desc) TP_N_##k,
    TP_NODE_KINDS(TP_X)
#undef TP_X
} tp_node_kind;

#define TP_BINOPS(X)                                                                               \
    X(OR, "or")                                                                                    \
    X(AND, "and")                                                                                  \
    X(EQ, "==")                                                                                    \
    X(NE, "!=")                                                                                    \
    X(LT, "<")                                                                                     \
    X(LE, "<=")                                                                                    \
    X(GT, ">")                                                                                     \
    X(GE, ">=")                                                                                    \
    X(IN, "in")                                                                                    \
    X(NOT_IN, "not in")                                                                            \
    X(COALESCE, "??")                                                                              \
    X(ADD, "+")                                                                                    \
    X(SUB, "-")                                                                                    \
    X(MUL, "*")                                                                                    \
    X(DIV, "/")

typedef enum tp_binop {
#define TP_X(k, text) TP_OP_##k,
    TP_BINOPS(TP_X)
#undef TP_X
} tp_binop;

const char *tp_binop_text(tp_binop op);

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

/* Node flags. */
enum {
    TP_NF_PAREN = 1,    /* written in parentheses: a projection stops here */
    TP_NF_INVARIANT = 2 /* reads no rule variable: same value for every subject of an input */
};

struct tp_node {
    uint8_t kind, op, flags, type; /* type: a tp_type set by the checker */
    tp_span span;
    /* Children by kind: FIELD a=base; INDEX a=base b=index; PROJECT a=list b=body;
     * GEN a=expr b=list c=where; NEG/NOT a; BINARY a b. */
    tp_node *a, *b, *c;
    tp_nodes kids;   /* LIST items; OBJECT key, value, key, value...; CALL args; TEMPLATE parts */
    const char *str; /* STR_LIT text, NAME / FIELD / CALL / GEN variable name */
    uint32_t len;
    double num;
    int64_t us; /* DUR_LIT, TIME_LIT: microseconds */
    /* Resolution, set by the checker. */
    int32_t ref;  /* NAME: tp_ref_kind; CALL: builtin id */
    int32_t slot; /* NAME/ELEM: slot; GEN/PROJECT: slot of the bound variable */
    /* GEN with a `where` whose first conjunct is `VAR.path == E` (E free of VAR) over an
     * invariant list: a hash index keyed by `key_path` is built once per input. */
    int32_t index_id;    /* -1 when the generator scans */
    tp_node *key_path;   /* VAR.path, evaluated on each element when building */
    tp_node *key_expr;   /* E, evaluated once per lookup */
    tp_node *rest_where; /* the remaining conjuncts, or NULL */
    const char *display; /* short text of a path for error messages ("t.created_at") */
    void *aux;           /* CALL matches() with a literal pattern: its compiled regex_t */
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
    const char *name; /* attribute name or bound variable */
    tp_span span, name_span;
    tp_node *expr;
    int32_t slot; /* FOR/LET: slot of the bound variable */
} tp_clause;

typedef struct tp_clauses {
    tp_clause *items;
    uint32_t n, cap;
} tp_clauses;

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

/* Constructors called by grammar actions; all return NULL on allocation failure. */
tp_node *tp_ast_node(tp_arena *a, tp_node_kind kind, tp_span span);
tp_node *tp_ast_binary(tp_arena *a, tp_binop op, tp_node *l, tp_node *r, tp_span span);
tp_node *tp_ast_unary(tp_arena *a, tp_node_kind kind, tp_node *operand, tp_span span);
tp_node *tp_ast_name(tp_arena *a, const char *name, size_t len, tp_span span);
/* Field access; applied to an open projection it extends the projection's body. */
tp_node *tp_ast_field(tp_arena *a, tp_node *base, const char *name, size_t len, tp_span span);
tp_node *tp_ast_index(tp_arena *a, tp_node *base, tp_node *index, tp_span span);
tp_node *tp_ast_project(tp_arena *a, tp_node *base, tp_span span);
tp_node *tp_ast_call(tp_arena *a, const char *name, size_t len, tp_nodes args, tp_span span);
tp_node *tp_ast_gen(tp_arena *a, tp_node *expr, const char *var, size_t len, tp_node *list,
                    tp_node *where, tp_span span);
/* A string made of literal text and interpolated expressions; folds to STR_LIT when constant. */
tp_node *tp_ast_string(tp_arena *a, tp_nodes parts, tp_span span);
int tp_nodes_push(tp_arena *a, tp_nodes *list, tp_node *node);
int tp_clauses_push(tp_arena *a, tp_clauses *list, tp_clause clause);
tp_decl *tp_ast_decl(tp_arena *a, tp_decl_kind kind, uint32_t file, const char *name, size_t len,
                     tp_span span, tp_span name_span);

/* Whether n is a literal: a constant, a negated one, or a list or object of them (what a param's
 * default and a --param value may be). */
int tp_ast_is_literal(const tp_node *n);

/* Span covering from `a` to `b`. */
tp_span tp_span_join(tp_span a, tp_span b);

#endif
