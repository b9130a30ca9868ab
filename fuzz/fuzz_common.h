/* What the fuzz targets share: evaluate an inventory and render every report format. */
#ifndef TP_FUZZ_COMMON_H
#define TP_FUZZ_COMMON_H

#include <stddef.h>

#include "tokpol.h"

extern const char fuzz_example_inventory[];
extern const size_t fuzz_example_inventory_len;

/* Parses json, evaluates plan over it at a fixed clock, renders every format into memory, and
 * traps if a report is not NUL-terminated at the length it claims. */
void fuzz_check_inventory(const tp_plan *plan, const char *json, size_t size);

#endif
