#include "base/lang.h"

#include <string.h>

const char *tp_type_phrase(tp_type t)
{
    switch (t) {
    case TP_T_NULL:
        return "null";
    case TP_T_BOOL:
        return "a boolean";
    case TP_T_NUM:
        return "a number";
    case TP_T_STR:
        return "a string";
    case TP_T_TIME:
        return "a time";
    case TP_T_DUR:
        return "a duration";
    case TP_T_LIST:
        return "a list";
    case TP_T_OBJ:
        return "an object";
    default:
        return "a value";
    }
}

const char *tp_binop_text(tp_binop op)
{
    static const char *const text[] = {
#define TP_X(k, t) t,
        TP_BINOPS(TP_X)
#undef TP_X
    };
    return text[op];
}

const tp_builtin tp_builtins[TP_FN_COUNT_] = {
#define TP_X(id, name, lo, hi, pass, res, a1, a2, impl)                                            \
    {name, lo, hi, TP_PASS_##pass, res, {a1, a2}},
    TP_BUILTIN_LIST(TP_X)
#undef TP_X
};

int tp_builtin_lookup(const char *name)
{
    for (int i = 0; i < TP_FN_COUNT_; i++)
        if (strcmp(tp_builtins[i].name, name) == 0)
            return i;
    return -1;
}
