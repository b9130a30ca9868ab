/* Where each version of each options struct ends: what a caller built against that version's
 * header passes (see options.h). A new version adds its entry here with its fields. */
#include "base/options.h"

/* The end of `field`: the end of the version whose last field it is. */
#define FIELD_END(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

const size_t tp_compiler_options_bytes[TP_COMPILER_OPTIONS_VERSION + 1] = {
    0, FIELD_END(tp_compiler_options, strict)};

const size_t tp_document_options_bytes[TP_DOCUMENT_OPTIONS_VERSION + 1] = {
    0, FIELD_END(tp_document_options, max_depth), FIELD_END(tp_document_options, name)};

/* Version 1 had the clock and the rule filters, since moved to tp_eval_options: not taken. */
const size_t tp_result_options_bytes[TP_RESULT_OPTIONS_VERSION + 1] = {
    0, 0, FIELD_END(tp_result_options, baseline), FIELD_END(tp_result_options, fail_on_unchecked)};

const size_t tp_eval_options_bytes[TP_EVAL_OPTIONS_VERSION + 1] = {
    0,
    FIELD_END(tp_eval_options, warn_expiring_us),
    FIELD_END(tp_eval_options, max_memory),
    FIELD_END(tp_eval_options, explain_arg),
    FIELD_END(tp_eval_options, threads),
    FIELD_END(tp_eval_options, max_steps)};

const size_t tp_report_options_bytes[TP_REPORT_OPTIONS_VERSION + 1] = {
    0, FIELD_END(tp_report_options, validation), FIELD_END(tp_report_options, srcroot),
    FIELD_END(tp_report_options, threads)};
