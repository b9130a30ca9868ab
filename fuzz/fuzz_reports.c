/* libFuzzer: an inventory checked by the Lokalise pack, rendered in every report format. */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tp_plan *lokalise(void)
{
    static tp_plan *plan; /* compiled once: the fuzzer process is the only user */
    if (!plan) {
        tp_compiler *c = NULL;
        if (tp_compiler_new(&c, NULL) == 0 && tp_compiler_add_builtin(c, "lokalise") == 0)
            tp_compiler_compile(&plan, c);
        tp_compiler_free(c);
    }
    return plan;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tp_plan *plan = lokalise();
    if (plan)
        fuzz_check_inventory(plan, (const char *)data, size);
    return 0;
}
