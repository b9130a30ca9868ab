#include "base/regex.h"

#include <regex.h>
#include <stdio.h>

#include "tokpol.h"

struct tp_regex {
    regex_t compiled;
};

/* 0 when the pattern may be compiled; else 1 and a reason in why. */
static int refuse(const char *pattern, size_t len, size_t max_bytes, char *why, size_t size)
{
    if (len > max_bytes) {
        snprintf(why, size,
                 "regular expression of %zu bytes is over the limit of %zu (raise it with "
                 "--max-regex-bytes)",
                 len, max_bytes);
        return 1;
    }
    for (size_t i = 0; i + 1 < len; i++) {
        if (pattern[i] != '\\')
            continue;
        if (pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
            snprintf(why, size,
                     "backreferences ('\\%c') are not allowed in regular expressions: they make "
                     "matching exponential",
                     pattern[i + 1]);
            return 1;
        }
        i++; /* skip the escaped character */
    }
    return 0;
}

int tp_regex_compile(tp_regex **out, const tp_mem *mem, const char *pattern, size_t len,
                     size_t max_bytes, unsigned flags, char *why, size_t size)
{
    *out = NULL;
    if (refuse(pattern, len, max_bytes, why, size))
        return TP_ELIMIT;
    tp_regex *re = tp_mem_alloc(mem, sizeof *re);
    if (!re)
        return TP_ENOMEM;
    int rc =
        regcomp(&re->compiled, pattern, REG_EXTENDED | (flags & TP_REGEX_GROUPS ? 0 : REG_NOSUB));
    if (rc == REG_ESPACE) {
        tp_mem_free(mem, re);
        return TP_ENOMEM;
    }
    if (rc != 0) {
        char detail[128];
        regerror(rc, &re->compiled, detail, sizeof detail);
        snprintf(why, size, "invalid regular expression: %s", detail);
        tp_mem_free(mem, re);
        return TP_EINVAL;
    }
    *out = re;
    return 0;
}

int tp_regex_search(const tp_regex *re, const char *s)
{
    return regexec(&re->compiled, s, 0, NULL, 0) == 0;
}

int tp_regex_find(const tp_regex *re, const char *s, size_t *start, size_t *end)
{
    regmatch_t m[2];
    if (regexec(&re->compiled, s, 2, m, 0) != 0)
        return 0;
    const regmatch_t *g = re->compiled.re_nsub > 0 ? &m[1] : &m[0];
    if (g->rm_so < 0)
        return 0;
    *start = (size_t)g->rm_so;
    *end = (size_t)g->rm_eo;
    return 1;
}

void tp_regex_free(tp_regex *re, const tp_mem *mem)
{
    if (!re)
        return;
    regfree(&re->compiled);
    tp_mem_free(mem, re);
}
