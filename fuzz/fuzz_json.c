/* libFuzzer: the public input loader (strict reading, duplicate keys, error positions). */
#include <stdint.h>
#include <string.h>

#include "tokpol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tp_document *doc = NULL;
    tp_input_error err;
    int rc = tp_document_parse(&doc, (const char *)data, size, NULL, &err);
    /* A rejection must say where: the position is inside the input or just past its end. */
    if (rc == TP_EINPUT && err.offset > size)
        __builtin_trap();
    tp_document_free(doc);
    return 0;
}
