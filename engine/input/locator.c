#include "input/locator.h"

#include <stdlib.h>
#include <string.h>

#include "input/document.h"
#include "input/json_locate.h"

void tp_locator_init(tp_locator *l, const tp_mem *mem)
{
    memset(l, 0, sizeof *l);
    l->mem = mem;
}

void tp_locator_free(tp_locator *l)
{
    for (size_t i = 0; i < l->narrays; i++) {
        tp_mem_free(l->mem, l->arrays[i].array);
        tp_mem_free(l->mem, l->arrays[i].offsets);
    }
    for (size_t i = 0; i < l->nlines; i++)
        tp_mem_free(l->mem, l->lines[i].starts);
    l->narrays = l->nlines = 0;
}

/* Element offsets of the array at `array` in doc, cached. 0, 1 (not an array) or TP_ENOMEM. */
static int array_offsets(tp_locator *l, const tp_document *doc, const char *array, size_t alen,
                         const size_t **offsets, size_t *n)
{
    for (size_t i = 0; i < l->narrays; i++)
        if (l->arrays[i].doc == doc && strlen(l->arrays[i].array) == alen &&
            memcmp(l->arrays[i].array, array, alen) == 0) {
            *offsets = l->arrays[i].offsets;
            *n = l->arrays[i].n;
            return 0;
        }
    if (l->narrays == TP_LOCATOR_CACHE)
        return 1; /* rare: more arrays than slots; the caller scans from the start */
    char *path = tp_mem_strndup(l->mem, array, alen);
    if (!path)
        return TP_ENOMEM;
    long at = tp_json_pointer_offset(doc->text, doc->len, path);
    size_t count = at < 0 ? 0 : tp_json_array_offsets(doc->text, doc->len, (size_t)at, NULL, 0);
    size_t *offs = tp_mem_alloc(l->mem, (count ? count : 1) * sizeof *offs);
    if (!offs) {
        tp_mem_free(l->mem, path);
        return TP_ENOMEM;
    }
    if (count)
        tp_json_array_offsets(doc->text, doc->len, (size_t)at, offs, count);
    l->arrays[l->narrays].doc = doc;
    l->arrays[l->narrays].array = path;
    l->arrays[l->narrays].offsets = offs;
    l->arrays[l->narrays].n = count;
    l->narrays++;
    *offsets = offs;
    *n = count;
    return 0;
}

static int line_of(tp_locator *l, const tp_document *doc, size_t offset, unsigned *line,
                   unsigned *col)
{
    size_t k = 0;
    while (k < l->nlines && l->lines[k].doc != doc)
        k++;
    if (k == l->nlines) {
        if (k == TP_LOCATOR_CACHE) {
            tp_json_line_col(doc->text, doc->len, offset, line, col);
            return 0;
        }
        size_t n = 1;
        for (size_t i = 0; i < doc->len; i++)
            n += doc->text[i] == '\n';
        size_t *starts = tp_mem_alloc(l->mem, n * sizeof *starts);
        if (!starts)
            return TP_ENOMEM;
        starts[0] = 0;
        for (size_t i = 0, j = 1; i < doc->len; i++)
            if (doc->text[i] == '\n')
                starts[j++] = i + 1;
        l->lines[k].doc = doc;
        l->lines[k].starts = starts;
        l->lines[k].n = n;
        l->nlines++;
    }
    /* The last line start at or before offset. */
    size_t lo = 0, hi = l->lines[k].n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (l->lines[k].starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *line = (unsigned)(lo + 1);
    *col = (unsigned)(offset - l->lines[k].starts[lo] + 1);
    return 0;
}

int tp_locator_find(tp_locator *l, const tp_document *doc, const char *pointer, unsigned *line,
                    unsigned *col)
{
    if (!doc || !doc->text)
        return 1;
    long at = -1;
    const char *slash = strrchr(pointer, '/');
    char *end = NULL;
    unsigned long index = slash && slash[1] ? strtoul(slash + 1, &end, 10) : 0;
    if (slash && end && *end == '\0') {
        const size_t *offs;
        size_t n;
        int rc = array_offsets(l, doc, pointer, (size_t)(slash - pointer), &offs, &n);
        if (rc < 0)
            return rc;
        if (rc == 0 && index < n)
            at = (long)offs[index];
    }
    if (at < 0)
        at = tp_json_pointer_offset(doc->text, doc->len, pointer);
    if (at < 0)
        return 1;
    return line_of(l, doc, (size_t)at, line, col);
}
