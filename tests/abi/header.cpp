// The public header compiles from C++ (linkage, no C-only constructs), and the option functions
// a binding uses instead of the macros fill what the macros do.
#include <cstring>

#include "tokpol.h"

int main()
{
    tp_compiler_options co = TP_COMPILER_OPTIONS_INIT;
    tp_result_options ro = TP_RESULT_OPTIONS_INIT, ro2;
    tp_eval_options eo = TP_EVAL_OPTIONS_INIT, eo2;
    tp_report_options rep2;
    tp_document_options do2;
    tp_compiler *c = nullptr;
    int rc = tp_compiler_new(&c, &co);
    tp_compiler_free(c);
    bool ok = rc == TP_OK && ro.fail_on == TP_SEVERITY_LOW;
    ok = ok && tp_result_options_init(&ro2, TP_RESULT_OPTIONS_VERSION) == 0 &&
         ro2.version == ro.version && ro2.fail_on == ro.fail_on && ro2.max_findings == 0 &&
         ro2.on_finding == nullptr && ro2.baseline == nullptr;
    ok = ok && tp_eval_options_init(&eo2, TP_EVAL_OPTIONS_VERSION) == 0 &&
         eo2.version == eo.version && eo2.now_us == 0 && eo2.nrules == 0 &&
         eo2.warn_expiring_us == 0;
    ok = ok && tp_report_options_init(&rep2, TP_REPORT_OPTIONS_VERSION) == 0 &&
         rep2.validation == TP_VALIDATION_NONE;
    ok = ok && tp_document_options_init(&do2, TP_DOCUMENT_OPTIONS_VERSION) == 0;
    ok = ok && tp_eval_options_init(&eo2, 99) == TP_EINVAL;
    ok = ok && std::strcmp(tp_version(), TP_VERSION) == 0;
    return ok ? 0 : 1;
}
