/* libFuzzer: a waiver file (only `waive` allowed) next to the Lokalise pack, then a check of the
 * example inventory so that parsed waivers are also applied. */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tp_compiler *c = NULL;
    if (tp_compiler_new(&c, NULL) != 0)
        return 0;
    tp_plan *plan = NULL;
    if (tp_compiler_add_builtin(c, "lokalise") == 0 &&
        tp_compiler_add_waiver_source(c, "fuzz-waivers.tpol", (const char *)data, size) == 0)
        tp_compiler_compile(&plan, c);
    tp_compiler_free(c);
    if (plan)
        fuzz_check_inventory(plan, fuzz_example_inventory, fuzz_example_inventory_len);
    tp_plan_free(plan);
    return 0;
}
