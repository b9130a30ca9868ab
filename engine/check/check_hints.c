/* The checker, hints: what a diagnostic suggests when a name is unknown or a value is not what a
 * construct needs. Only text; nothing here reports. */
#include <stdio.h>
#include <string.h>

#include "check/checker.h"

/* What other policy and query languages call our built-ins. */
static const struct {
    const char *name, *ours;
} other_names[] = {
    {"length", "len"},       {"size", "len"},
    {"count_of", "count"},   {"match", "matches"},
    {"regex", "matches"},    {"re_match", "matches"},
    {"test", "matches"},     {"regex_match", "matches"},
    {"extract", "capture"},  {"regex_extract", "capture"},
    {"submatch", "capture"}, {"re_find", "capture"},
    {"explode", "split"},    {"tokenize", "split"},
    {"words", "split"},      {"flat", "flatten"},
    {"flat_map", "flatten"}, {"implode", "join"},
    {"tolower", "lower"},    {"downcase", "lower"},
    {"toupper", "upper"},    {"upcase", "upper"},
    {"unique", "distinct"},  {"uniq", "distinct"},
    {"dedup", "distinct"},   {"exists", "has"},
    {"defined", "has"},      {"includes", "contains"},
    {"tostring", "string"},  {"str", "string"},
    {"parse_time", "time"},  {"timestamp", "time"},
    {"date", "time"},        {"some", "any"},
    {"every", "all"},        {"head", "first"},
};

const char *tp_check_function_hint(char *buf, size_t size, const char *name)
{
    const char *names[TP_FN_COUNT_];
    for (int i = 0; i < TP_FN_COUNT_; i++)
        names[i] = tp_builtins[i].name;
    const char *best = tp_suggest(name, names, TP_FN_COUNT_);
    for (size_t i = 0; !best && i < sizeof other_names / sizeof other_names[0]; i++)
        if (strcmp(other_names[i].name, name) == 0)
            best = other_names[i].ours;
    if (best) {
        snprintf(buf, size, "did you mean '%s'?", best);
        return buf;
    }
    if (strcmp(name, "now") == 0) {
        snprintf(buf, size, "now is the clock, not a function: write now");
        return buf;
    }
    char list[400];
    snprintf(buf, size, "the functions are %s",
             tp_name_list(list, sizeof list, names, TP_FN_COUNT_));
    return buf;
}

const char *tp_check_lists_hint(char *buf, size_t size, const tp_shape *s)
{
    const char *lists[64];
    size_t n = 0;
    for (uint32_t i = 0; s && i < s->nprops && n < 64; i++)
        if (s->props[i].shape && s->props[i].shape->types == TP_T_LIST)
            lists[n++] = s->props[i].name;
    if (n == 0)
        return NULL;
    char names[200];
    snprintf(buf, size, "it holds lists: %s", tp_name_list(names, sizeof names, lists, n));
    return buf;
}
