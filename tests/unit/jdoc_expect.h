/* What the reader tests check of a document's nodes, shared by them. */
#ifndef TP_TESTS_JDOC_EXPECT_H
#define TP_TESTS_JDOC_EXPECT_H

#include <criterion/criterion.h>

#include "input/jdoc.h"

/* That node n of doc has the JSON pointer `want`. */
static inline void expect_node_pointer(const tp_jdoc *doc, const tp_jnode *n, const char *want)
{
    tp_mem mem;
    tp_mem_init(&mem, NULL);
    tp_strbuf sb;
    tp_strbuf_init(&sb, &mem);
    cr_expect_eq(tp_jdoc_pointer(doc, n, &sb), 0, "%s", want);
    cr_expect_str_eq(tp_strbuf_cstr(&sb), want);
    tp_strbuf_free(&sb);
}

#endif
