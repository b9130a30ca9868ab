/* libFuzzer: the whole check. The input is a policy and an inventory split at a line "%%";
 * every report format is rendered from the result. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *sep = NULL;
    for (size_t i = 0; i + 4 <= size && !sep; i++)
        if (memcmp(text + i, "\n%%\n", 4) == 0)
            sep = text + i;
    if (!sep)
        return 0;
    tp_compiler *c = NULL;
    if (tp_compiler_new(&c, NULL) != 0)
        return 0;
    tp_plan *plan = NULL;
    if (tp_compiler_add_source(c, "fuzz.tpol", text, (size_t)(sep - text)) == 0)
        tp_compiler_compile(&plan, c);
    tp_compiler_free(c);
    if (plan)
        fuzz_check_inventory(plan, sep + 4, size - (size_t)(sep - text) - 4);
    tp_plan_free(plan);
    return 0;
}
