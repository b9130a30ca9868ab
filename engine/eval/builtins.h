/* The built-in functions: one list, expanded for names, arities, types and dispatch. */
#ifndef TP_BUILTINS_H
#define TP_BUILTINS_H

#include "eval/value.h"

/* X(ID, name, min args, max args, takes a generator, result type, arg 1 types, arg 2 types)
 * Argument types are masks of tp_type; TP_T_ANY accepts anything. */
#define TP_BUILTIN_LIST(X)                                                                         \
    X(HAS, "has", 1, 1, 0, TP_T_BOOL, TP_T_ANY, TP_T_ANY)                                          \
    X(LEN, "len", 1, 1, 0, TP_T_NUM, TP_T_STR | TP_T_LIST | TP_T_OBJ, TP_T_ANY)                    \
    X(LOWER, "lower", 1, 1, 0, TP_T_STR, TP_T_STR, TP_T_ANY)                                       \
    X(UPPER, "upper", 1, 1, 0, TP_T_STR, TP_T_STR, TP_T_ANY)                                       \
    X(STARTSWITH, "startswith", 2, 2, 0, TP_T_BOOL, TP_T_STR, TP_T_STR)                            \
    X(ENDSWITH, "endswith", 2, 2, 0, TP_T_BOOL, TP_T_STR, TP_T_STR)                                \
    X(CONTAINS, "contains", 2, 2, 0, TP_T_BOOL, TP_T_STR | TP_T_LIST | TP_T_OBJ, TP_T_ANY)         \
    X(MATCHES, "matches", 2, 2, 0, TP_T_BOOL, TP_T_STR, TP_T_STR)                                  \
    X(GLOB, "glob", 2, 2, 0, TP_T_BOOL, TP_T_STR, TP_T_STR)                                        \
    X(JOIN, "join", 2, 2, 0, TP_T_STR, TP_T_LIST, TP_T_STR)                                        \
    X(KEYS, "keys", 1, 1, 0, TP_T_LIST, TP_T_OBJ, TP_T_ANY)                                        \
    X(VALUES, "values", 1, 1, 0, TP_T_LIST, TP_T_OBJ, TP_T_ANY)                                    \
    X(STRING, "string", 1, 1, 0, TP_T_STR, TP_T_ANY, TP_T_ANY)                                     \
    X(TIME, "time", 1, 1, 0, TP_T_TIME, TP_T_STR | TP_T_NUM | TP_T_TIME, TP_T_ANY)                 \
    X(AGE, "age", 1, 1, 0, TP_T_DUR, TP_T_STR | TP_T_NUM | TP_T_TIME, TP_T_ANY)                    \
    X(DAYS, "days", 1, 1, 0, TP_T_NUM, TP_T_DUR, TP_T_ANY)                                         \
    X(ANY, "any", 1, 1, 1, TP_T_BOOL, TP_T_LIST, TP_T_ANY)                                         \
    X(ALL, "all", 1, 1, 1, TP_T_BOOL, TP_T_LIST, TP_T_ANY)                                         \
    X(COUNT, "count", 1, 1, 1, TP_T_NUM, TP_T_LIST, TP_T_ANY)                                      \
    X(DISTINCT, "distinct", 1, 1, 1, TP_T_LIST, TP_T_LIST, TP_T_ANY)                               \
    X(FIRST, "first", 1, 1, 1, TP_T_ANY, TP_T_LIST, TP_T_ANY)                                      \
    X(SUM, "sum", 1, 1, 1, TP_T_ANY, TP_T_LIST, TP_T_ANY)                                          \
    X(MIN, "min", 1, 1, 1, TP_T_ANY, TP_T_LIST, TP_T_ANY)                                          \
    X(MAX, "max", 1, 1, 1, TP_T_ANY, TP_T_LIST, TP_T_ANY)

typedef enum tp_builtin_id {
#define TP_X(id, name, lo, hi, agg, res, a1, a2) TP_FN_##id,
    TP_BUILTIN_LIST(TP_X)
#undef TP_X
        TP_FN_COUNT_
} tp_builtin_id;

typedef struct tp_builtin {
    const char *name;
    unsigned min_args, max_args;
    int aggregate;
    tp_type result;
    unsigned arg_types[2];
} tp_builtin;

extern const tp_builtin tp_builtins[TP_FN_COUNT_];

/* The builtin named `name`, or -1. */
int tp_builtin_lookup(const char *name);

struct tp_eval;
struct tp_node;
/* Calls builtin node->ref on the node's arguments. 0, or a negative status. */
int tp_builtin_call(struct tp_eval *ev, const struct tp_node *call, tp_value *out);

#endif
