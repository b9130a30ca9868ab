#include "fuzz_input.h"

#include <stdlib.h>

void fuzz_check(int ok)
{
    if (!ok)
        __builtin_trap();
}

/* The node an RFC 6901 pointer names, or NULL. */
static const tp_jnode *resolve(const tp_jnode *n, const char *p, char *seg)
{
    while (n && *p == '/') {
        size_t k = 0;
        for (p++; *p && *p != '/'; p++)
            seg[k++] = *p == '~' ? (*++p == '0' ? '~' : '/') : *p;
        seg[k] = '\0';
        if (n->kind == TP_J_ARR) {
            unsigned long i = strtoul(seg, NULL, 10);
            n = i < n->len ? tp_jarr_at(n, (uint32_t)i) : NULL;
        } else {
            n = n->kind == TP_J_OBJ ? tp_jobj_get(n, seg, k, NULL) : NULL;
        }
    }
    return n;
}

static void check_node(const tp_jdoc *doc, const tp_jnode *n, tp_strbuf *sb, char *seg)
{
    tp_strbuf_reset(sb);
    fuzz_check(tp_jdoc_pointer(doc, n, sb) == 0);
    fuzz_check(sb->failed || resolve(tp_jdoc_root(doc), tp_strbuf_cstr(sb), seg) == n);
    unsigned line, col;
    tp_jdoc_line_col(doc, tp_jnode_offset(doc, n), &line, &col);
    fuzz_check(line >= 1 && col >= 1 && tp_jnode_offset(doc, n) <= doc->len);
    for (uint32_t i = 0; n->kind == TP_J_ARR && i < n->len; i++)
        check_node(doc, tp_jarr_at(n, i), sb, seg);
    for (uint32_t i = 0; n->kind == TP_J_OBJ && i < n->len; i++)
        check_node(doc, tp_jobj_value(n, i), sb, seg);
}

void fuzz_check_tree(const tp_jdoc *doc)
{
    tp_mem mem;
    tp_mem_init(&mem, NULL);
    tp_strbuf sb;
    tp_strbuf_init(&sb, &mem);
    char *seg = malloc(doc->len + 16); /* no key or index is longer */
    check_node(doc, tp_jdoc_root(doc), &sb, seg);
    free(seg);
    tp_strbuf_free(&sb);
}
