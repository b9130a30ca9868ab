/* The public header compiles alone, as strict C11. */
#include "tokpol.h"

int main(void)
{
    tp_compiler_options co = TP_COMPILER_OPTIONS_INIT;
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    tp_document_options dopt = TP_DOCUMENT_OPTIONS_INIT;
    tp_report_options rep = TP_REPORT_OPTIONS_INIT;
    return (int)(co.version + ro.version + dopt.version + rep.version) == 4 ? 0 : 1;
}
