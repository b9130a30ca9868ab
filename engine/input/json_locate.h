/* Finds where a value or key sits in JSON text, for messages that cJSON cannot give. Only called
 * on error paths and for report locations; it re-scans the text without building anything. */
#ifndef TP_JSON_LOCATE_H
#define TP_JSON_LOCATE_H

#include <stddef.h>

/* One step of a path: an array index, or the `occurrence`-th (1-based) member named `key`. */
typedef struct tp_json_step {
    const char *key; /* NULL for an index */
    size_t index;
    unsigned occurrence;
} tp_json_step;

/* Byte offset of what the path names (for a key step that is last: the key itself), or -1. */
long tp_json_locate(const char *text, size_t len, const tp_json_step *steps, size_t nsteps);

/* Byte offset of the value a JSON pointer (RFC 6901: "/tokens/3", "" for the root) names, or -1.
 * A segment is a key in an object and an index in an array. */
long tp_json_pointer_offset(const char *text, size_t len, const char *pointer);

/* Offsets of the elements of the array that starts at `at`, into out[0..max); returns how many
 * elements the array has (which may exceed max). */
size_t tp_json_array_offsets(const char *text, size_t len, size_t at, size_t *out, size_t max);

/* 1-based line and column (in bytes) of a byte offset. */
void tp_json_line_col(const char *text, size_t len, size_t offset, unsigned *line, unsigned *col);

#endif
