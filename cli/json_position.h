/* Where things are in JSON text that cJSON parsed: cJSON keeps no positions, and the project file
 * and test files point their errors at a line and column. */
#ifndef TOKPOL_CLI_JSON_POSITION_H
#define TOKPOL_CLI_JSON_POSITION_H

#include <stddef.h>

/* The value at `path` in `text` (n steps: a key of an object, or an index of an array written in
 * decimal): 0 with the offsets of the member's key (of the value, for an array's element or the
 * root) and of its value, or -1 when there is none. `text` must be valid JSON (parsed already);
 * keys are compared once unescaped, as cJSON reads them; the first of duplicate keys is found. */
int cli_json_find(const char *text, const char *const *path, size_t n, size_t *key, size_t *value);

/* Line and column (1-based; a column counts characters, not bytes) of byte `offset` of `text`. */
void cli_json_line_col(const char *text, size_t offset, unsigned *line, unsigned *col);

#endif
