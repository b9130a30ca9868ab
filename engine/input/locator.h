/* Where a finding's subject sits in its input: line and column of a JSON pointer, for SARIF and
 * code-scanning annotations. Built on demand per evaluation, with the offsets of every element of
 * an array computed once, so locating every element of an array costs one scan of the text. */
#ifndef TP_LOCATOR_H
#define TP_LOCATOR_H

#include <stddef.h>

#include "base/alloc.h"
#include "tokpol.h"

#define TP_LOCATOR_CACHE 8

typedef struct tp_locator {
    const tp_mem *mem;
    struct {
        const tp_document *doc;
        char *array; /* JSON pointer of the array */
        size_t *offsets;
        size_t n;
    } arrays[TP_LOCATOR_CACHE];
    size_t narrays;
    struct {
        const tp_document *doc;
        size_t *starts; /* offsets where lines start */
        size_t n;
    } lines[TP_LOCATOR_CACHE];
    size_t nlines;
} tp_locator;

void tp_locator_init(tp_locator *l, const tp_mem *mem);
void tp_locator_free(tp_locator *l);

/* 0 and *line, *col (1-based) when the pointer is found in doc's text; 1 when it cannot be (no
 * text: a wrapped tree); TP_ENOMEM. */
int tp_locator_find(tp_locator *l, const tp_document *doc, const char *pointer, unsigned *line,
                    unsigned *col);

#endif
