/* The public header compiles alone, as strict C11, with every option initialiser. */
#include <string.h>

#include "tokpol.h"

int main(void)
{
    tp_compiler_options co = TP_COMPILER_OPTIONS_INIT;
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    tp_eval_options eo = TP_EVAL_OPTIONS_INIT;
    tp_document_options dopt = TP_DOCUMENT_OPTIONS_INIT;
    tp_report_options rep = TP_REPORT_OPTIONS_INIT;
    int ok = co.version == TP_COMPILER_OPTIONS_VERSION && ro.version == TP_RESULT_OPTIONS_VERSION &&
             eo.version == TP_EVAL_OPTIONS_VERSION && eo.now_us == 0 &&
             dopt.version == TP_DOCUMENT_OPTIONS_VERSION &&
             rep.version == TP_REPORT_OPTIONS_VERSION && rep.validation == TP_VALIDATION_NONE &&
             strlen(TP_VERSION) >= 5;
    return ok ? 0 : 1;
}
