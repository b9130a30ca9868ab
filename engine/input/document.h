/* An input document: a cJSON tree, owned (parsed here) or borrowed from the host. */
#ifndef TP_DOCUMENT_H
#define TP_DOCUMENT_H

#include <cjson/cJSON.h>

#include "base/alloc.h"

struct tp_document {
    tp_mem mem;
    cJSON *owned;      /* parsed by tokpol; deleted with the document */
    const cJSON *root; /* what policies read */
    char *text;        /* the JSON text it was parsed from (NULL when wrapped): for locations */
    size_t len;
};

#endif
