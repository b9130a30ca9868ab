#include "base/severity.h"

#include <string.h>

static const tp_severity_names table[] = {
#define TP_X(e, name, title, level, score, gitlab, github)                                         \
    {name, title, level, score, gitlab, github},
    TP_SEVERITY_LIST(TP_X)
#undef TP_X
};

_Static_assert(sizeof table / sizeof table[0] == TP_SEVERITY_COUNT, "one entry per tp_severity");

static const tp_severity_names unknown = {"unknown", "Unknown", "none", "0.0", "info", "notice"};

const char *const tp_severity_name_list[TP_SEVERITY_COUNT] = {
#define TP_X(e, name, title, level, score, gitlab, github) name,
    TP_SEVERITY_LIST(TP_X)
#undef TP_X
};

const tp_severity_names *tp_severity_names_of(tp_severity s)
{
    return (unsigned)s < TP_SEVERITY_COUNT ? &table[s] : &unknown;
}

const char *tp_severity_name(tp_severity s)
{
    return tp_severity_names_of(s)->name;
}

int tp_severity_parse(tp_severity *out, const char *name)
{
    for (int i = 0; out && name && i < TP_SEVERITY_COUNT; i++)
        if (strcmp(name, table[i].name) == 0) {
            *out = (tp_severity)i;
            return 0;
        }
    return TP_EINVAL;
}
