/* Where a report goes: a string that is flushed to a FILE in chunks, or kept whole for a caller's
 * buffer. Writers append; only tp_sink_flush touches the FILE. */
#ifndef TP_SINK_H
#define TP_SINK_H

#include <stdio.h>

#include "base/strbuf.h"

typedef struct tp_sink {
    tp_strbuf sb;
    FILE *file; /* NULL: keep everything in sb */
    int error;  /* a write failed (TP_EIO): the errno of the first that did */
} tp_sink;

void tp_sink_init(tp_sink *s, const tp_mem *mem, FILE *file);
/* Writes what is buffered when it is large (or `force`), if there is a file. */
int tp_sink_flush(tp_sink *s, int force);
/* Appends n bytes of report text (a large piece goes to the file as it is) and flushes. */
void tp_sink_add(tp_sink *s, const char *p, size_t n);
void tp_sink_free(tp_sink *s);
/* 0, TP_ENOMEM or TP_EIO: the sink's state after everything was written. */
int tp_sink_status(const tp_sink *s);

#endif
