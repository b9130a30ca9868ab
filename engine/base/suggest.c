/* "Did you mean": the closest of a list of names to a misspelt one, for the checker's
 * diagnostics and the evaluator's messages alike. */
#include "base/suggest.h"

#include <stdio.h>
#include <string.h>

size_t tp_edit_distance(const char *a, const char *b, size_t cap)
{
    /* Optimal string alignment: a swap of two neighbours ("hihg") counts as one edit. */
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return cap + 1;
    size_t diff = la > lb ? la - lb : lb - la;
    if (diff > cap)
        return cap + 1;
    size_t rows[3][65];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

const char *tp_suggest(const char *word, const char *const *candidates, size_t n)
{
    size_t len = strlen(word);
    size_t cap = len <= 2 ? 0 : len <= 5 ? 1 : len <= 8 ? 2 : 3;
    if (cap == 0)
        return NULL;
    const char *best = NULL;
    size_t best_d = cap + 1;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i] || strcmp(candidates[i], word) == 0)
            continue;
        size_t dist = tp_edit_distance(word, candidates[i], cap);
        if (dist < best_d) {
            best_d = dist;
            best = candidates[i];
        }
    }
    /* "lenght" for "len": a misspelt word often starts with the name it means. */
    for (size_t i = 0; !best && i < n; i++) {
        size_t cl = candidates[i] ? strlen(candidates[i]) : 0;
        if (cl >= 3 && cl < len && strncmp(word, candidates[i], cl) == 0)
            best = candidates[i];
    }
    return best;
}

const char *tp_name_list(char *buf, size_t size, const char *const *names, size_t n)
{
    char more[32];
    size_t off = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        /* Room for this name, and for " and N more" should a later one not fit. */
        snprintf(more, sizeof more, " and %zu more", n - i - 1);
        size_t need = off + (i ? 2 : 0) + len + (i + 1 < n ? strlen(more) : 0) + 1;
        if (need > size) {
            snprintf(more, sizeof more, "%s%zu more", i ? " and " : "", n - i);
            if (off + strlen(more) + 1 <= size)
                memcpy(buf + off, more, strlen(more) + 1);
            return buf;
        }
        off += (size_t)snprintf(buf + off, size - off, "%s%s", i ? ", " : "", names[i]);
    }
    return buf;
}
