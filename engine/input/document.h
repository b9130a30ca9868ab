/* An input document: a tree read by one of the readers (JSON, CSV) or converted from a host's
 * cJSON tree, and the name findings give its file. */
#ifndef TP_DOCUMENT_H
#define TP_DOCUMENT_H

#include "base/alloc.h"
#include "input/jdoc.h"

struct tp_document {
    tp_mem mem;
    tp_jdoc *jdoc; /* what policies read; read-only once typed (tp_plan_type_document) */
    char *name;    /* the file it was read from, for findings; NULL when it has none */
    int typed;     /* its cells were typed by a schema */
};

#endif
