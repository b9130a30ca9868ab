/* libFuzzer: policy source bytes in, a plan or diagnostics out; rendering the diagnostics too. */
#include <stdint.h>
#include <stdio.h>

#include "tokpol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tp_compiler *c = NULL;
    if (tp_compiler_new(&c, NULL) != 0)
        return 0;
    tp_plan *plan = NULL;
    if (tp_compiler_add_source(c, "fuzz.tpol", (const char *)data, size) == 0)
        tp_compiler_compile(&plan, c);
    FILE *devnull = fopen("/dev/null", "w");
    if (devnull) {
        tp_compiler_write_diags(c, devnull, 1);
        fclose(devnull);
    }
    tp_plan_free(plan);
    tp_compiler_free(c);
    return 0;
}
