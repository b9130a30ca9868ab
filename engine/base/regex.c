#include "base/regex.h"

#include <stdio.h>

int tp_regex_refuse(const char *pattern, size_t len, size_t max_bytes, char *why, size_t size)
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
                     "backreferences ('\\%c') are not allowed in matches(): they make matching "
                     "exponential",
                     pattern[i + 1]);
            return 1;
        }
        i++; /* skip the escaped character */
    }
    return 0;
}
