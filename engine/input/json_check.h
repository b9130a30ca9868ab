/* Strict JSON validation without allocation: exact positions and reasons for bad input. */
#ifndef TP_JSON_CHECK_H
#define TP_JSON_CHECK_H

#include <stddef.h>

#define TP_JSON_MAX_DEPTH 999 /* under cJSON's own nesting limit of 1000 */
#define TP_JSON_DEFAULT_DEPTH 512

typedef struct tp_json_fault {
    size_t offset; /* byte offset of the fault */
    int limit;     /* 1 when a limit (nesting) was exceeded rather than the syntax broken */
    char message[160];
} tp_json_fault;

/* 0 if text is exactly one RFC 8259 JSON value in UTF-8 nested at most max_depth deep, with no
 * \u0000 and no number that overflows a double; else -1 and *fault says where and why. */
int tp_json_check(const char *text, size_t len, size_t max_depth, tp_json_fault *fault);

#endif
