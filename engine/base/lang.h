/*
 * The language's vocabulary, shared by every stage: static types, binary operators and the
 * built-in functions. Each list is one X-macro, expanded wherever a table by kind is needed
 * (the checker's arities and types, the evaluator's dispatch).
 */
#ifndef TP_LANG_H
#define TP_LANG_H

/* Static types the checker infers; TP_T_ANY where it cannot know. Bit values, for masks. */
typedef enum tp_type {
    TP_T_ANY = 0,
    TP_T_NULL = 1,
    TP_T_BOOL = 2,
    TP_T_NUM = 4,
    TP_T_STR = 8,
    TP_T_TIME = 16,
    TP_T_DUR = 32,
    TP_T_LIST = 64,
    TP_T_OBJ = 128
} tp_type;

/* "a string", "a list", ... for messages; "a value" for TP_T_ANY. */
const char *tp_type_phrase(tp_type t);

/* A rule's documentation clauses (description, rationale, example), in tp_rule_doc order. */
#define TP_RULE_DOC_COUNT 3

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

/*
 * The built-in functions:
 * X(ID, name, min args, max args, how the arguments are passed, result type, arg 1 types,
 *   arg 2 types, implementation)
 * Argument types are masks of tp_type; TP_T_ANY accepts anything. How arguments are passed:
 * VALUES evaluated and present; RAW evaluated, absent allowed (has); AGGREGATE a generator or
 * list whose elements are fed one at a time. A VALUES built-in may give an absent result
 * (capture() without a match). The implementation is fn_NAME in eval/builtins.c
 * for VALUES and RAW, agg_NAME in eval/aggregate.c for AGGREGATE.
 */
#define TP_BUILTIN_LIST(X)                                                                         \
    X(HAS, "has", 1, 1, RAW, TP_T_BOOL, TP_T_ANY, TP_T_ANY, has)                                   \
    X(IS_SECRET, "is_secret", 1, 1, RAW, TP_T_BOOL, TP_T_ANY, TP_T_ANY, is_secret)                 \
    X(LEN, "len", 1, 1, VALUES, TP_T_NUM, TP_T_STR | TP_T_LIST | TP_T_OBJ, TP_T_ANY, len)          \
    X(LOWER, "lower", 1, 1, VALUES, TP_T_STR, TP_T_STR, TP_T_ANY, lower)                           \
    X(UPPER, "upper", 1, 1, VALUES, TP_T_STR, TP_T_STR, TP_T_ANY, upper)                           \
    X(STARTSWITH, "startswith", 2, 2, VALUES, TP_T_BOOL, TP_T_STR, TP_T_STR, startswith)           \
    X(ENDSWITH, "endswith", 2, 2, VALUES, TP_T_BOOL, TP_T_STR, TP_T_STR, endswith)                 \
    X(CONTAINS, "contains", 2, 2, VALUES, TP_T_BOOL, TP_T_STR | TP_T_LIST | TP_T_OBJ, TP_T_ANY,    \
      contains)                                                                                    \
    X(MATCHES, "matches", 2, 2, VALUES, TP_T_BOOL, TP_T_STR, TP_T_STR, matches)                    \
    X(CAPTURE, "capture", 2, 2, VALUES, TP_T_STR, TP_T_STR, TP_T_STR, capture)                     \
    X(GLOB, "glob", 2, 2, VALUES, TP_T_BOOL, TP_T_STR, TP_T_STR, glob)                             \
    X(SPLIT, "split", 2, 2, VALUES, TP_T_LIST, TP_T_STR, TP_T_STR, split)                          \
    X(JOIN, "join", 2, 2, VALUES, TP_T_STR, TP_T_LIST, TP_T_STR, join)                             \
    X(KEYS, "keys", 1, 1, VALUES, TP_T_LIST, TP_T_OBJ, TP_T_ANY, keys)                             \
    X(VALUES, "values", 1, 1, VALUES, TP_T_LIST, TP_T_OBJ, TP_T_ANY, values)                       \
    X(FLATTEN, "flatten", 1, 1, VALUES, TP_T_LIST, TP_T_LIST, TP_T_ANY, flatten)                   \
    X(STRING, "string", 1, 1, VALUES, TP_T_STR, TP_T_ANY, TP_T_ANY, string)                        \
    X(FILE, "file", 1, 1, VALUES, TP_T_STR, TP_T_ANY, TP_T_ANY, file)                              \
    X(TIME, "time", 1, 1, VALUES, TP_T_TIME, TP_T_STR | TP_T_NUM | TP_T_TIME, TP_T_ANY, time)      \
    X(AGE, "age", 1, 1, VALUES, TP_T_DUR, TP_T_STR | TP_T_NUM | TP_T_TIME, TP_T_ANY, age)          \
    X(DAYS, "days", 1, 1, VALUES, TP_T_NUM, TP_T_DUR, TP_T_ANY, days)                              \
    X(ANY, "any", 1, 1, AGGREGATE, TP_T_BOOL, TP_T_LIST, TP_T_ANY, any)                            \
    X(ALL, "all", 1, 1, AGGREGATE, TP_T_BOOL, TP_T_LIST, TP_T_ANY, all)                            \
    X(COUNT, "count", 1, 1, AGGREGATE, TP_T_NUM, TP_T_LIST, TP_T_ANY, count)                       \
    X(DISTINCT, "distinct", 1, 1, AGGREGATE, TP_T_LIST, TP_T_LIST, TP_T_ANY, distinct)             \
    X(FIRST, "first", 1, 1, AGGREGATE, TP_T_ANY, TP_T_LIST, TP_T_ANY, first)                       \
    X(SUM, "sum", 1, 1, AGGREGATE, TP_T_ANY, TP_T_LIST, TP_T_ANY, sum)                             \
    X(MIN, "min", 1, 1, AGGREGATE, TP_T_ANY, TP_T_LIST, TP_T_ANY, min)                             \
    X(MAX, "max", 1, 1, AGGREGATE, TP_T_ANY, TP_T_LIST, TP_T_ANY, max)

typedef enum tp_builtin_id {
#define TP_X(id, name, lo, hi, pass, res, a1, a2, impl) TP_FN_##id,
    TP_BUILTIN_LIST(TP_X)
#undef TP_X
        TP_FN_COUNT_
} tp_builtin_id;

/* How a built-in takes its arguments (the list's fifth column). */
typedef enum tp_builtin_pass { TP_PASS_VALUES, TP_PASS_RAW, TP_PASS_AGGREGATE } tp_builtin_pass;

/* No built-in takes more arguments than this. */
#define TP_BUILTIN_MAX_ARGS 2

typedef struct tp_builtin {
    const char *name;
    unsigned min_args, max_args;
    tp_builtin_pass pass;
    tp_type result;
    unsigned arg_types[2];
} tp_builtin;

extern const tp_builtin tp_builtins[TP_FN_COUNT_];

/* The builtin named `name`, or -1. */
int tp_builtin_lookup(const char *name);

#endif
