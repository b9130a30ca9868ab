/* A report's findings written on several threads (tp_report_options.threads): batches of them
 * formatted at once, each thread into a buffer of its own, and the buffers appended to the sink
 * in order, so the text is what one thread writes. */
#ifndef TP_REPORT_BATCHES_H
#define TP_REPORT_BATCHES_H

#include <stddef.h>

#include "report/sink.h"

/* How a format writes item i of a list; `state` is the writing thread's own (state_size bytes,
 * zeroed, then set up by init when it is not NULL, and released by fini). */
typedef struct tp_batch_writer {
    void (*write)(tp_strbuf *sb, size_t i, void *state, const void *arg);
    void (*init)(void *state, const tp_mem *mem);
    void (*fini)(void *state);
    size_t state_size;
    const void *arg;
} tp_batch_writer;

/* Writes items [0, n) with w to the sink on up to `threads` threads (0 and 1: this one). The
 * sink's status after it: 0, TP_ENOMEM or TP_EIO. */
int tp_report_batches(tp_sink *sink, size_t n, unsigned threads, const tp_batch_writer *w);

#endif
