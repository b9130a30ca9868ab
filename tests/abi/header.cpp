// The public header compiles from C++ (linkage, no C-only constructs).
#include "tokpol.h"

int main()
{
    tp_compiler_options co = TP_COMPILER_OPTIONS_INIT;
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    tp_compiler *c = nullptr;
    int rc = tp_compiler_new(&c, &co);
    tp_compiler_free(c);
    return rc == TP_OK && ro.fail_on == TP_SEVERITY_LOW ? 0 : 1;
}
