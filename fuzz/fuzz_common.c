#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

const char fuzz_example_inventory[] =
    "{\"team\": {\"id\": \"1\", \"name\": \"A\", \"plan\": \"Pro\"},"
    " \"users\": [{\"id\": \"u\", \"email\": \"u@x\", \"role\": \"owner\"}],"
    " \"tokens\": [{\"id\": \"lok-3\", \"kind\": \"api\", \"access\": \"read_write\", \"owner\": "
    "\"u\","
    " \"created_at\": \"2026-01-01T00:00:00Z\", \"last_used_at\": null}],"
    " \"bindings\": [{\"token\": \"lok-3\", \"service\": \"s\", \"env\": \"test\"}]}";

void fuzz_check_inventory(const tp_plan *plan, const char *json, size_t size)
{
    tp_document *doc = NULL;
    if (tp_document_parse(&doc, json, size, NULL, NULL) != 0)
        return;
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&o.now_us, "2026-11-27T09:00:00Z");
    o.warn_expiring_us = 14LL * 86400 * 1000000;
    tp_result *r = NULL;
    tp_binding b = {NULL, doc};
    if (tp_result_new(&r, NULL) == 0 && tp_evaluate(r, plan, "fuzz.json", &b, 1, &o) == 0) {
        for (int f = TP_FORMAT_TEXT; f <= TP_FORMAT_HTML; f++) {
            size_t needed = 0;
            if (tp_report_render(NULL, 0, &needed, r, (tp_format)f, NULL) != TP_ELIMIT)
                continue;
            char *buf = malloc(needed);
            if (buf && tp_report_render(buf, needed, NULL, r, (tp_format)f, NULL) == 0 &&
                strlen(buf) + 1 != needed)
                __builtin_trap();
            free(buf);
        }
    }
    tp_result_free(r);
    tp_document_free(doc);
}

const size_t fuzz_example_inventory_len = sizeof fuzz_example_inventory - 1;
