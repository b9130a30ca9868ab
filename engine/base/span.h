/* Where something is written in a policy source. */
#ifndef TP_SPAN_H
#define TP_SPAN_H

#include <stdint.h>

/* A region of a policy source: `file` indexes the compiler's sources (and the plan's files).
 * Lines and columns are 1-based; the end is exclusive. */
typedef struct tp_span {
    uint32_t file;
    uint32_t line, col, end_line, end_col;
} tp_span;

#endif
