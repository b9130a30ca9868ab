#include "jbuild.h"

#include <stdint.h>

/* Objects up to this many members are checked for duplicate keys pair by pair. */
#define PAIRWISE_MAX 16

int tp_jbuild_init(tp_jbuild *b, tp_jdoc *doc, size_t max_depth)
{
    memset(b, 0, sizeof *b);
    b->doc = doc;
    b->max_depth = max_depth;
    size_t bytes = (max_depth ? max_depth : 1) * sizeof *b->frames;
    if (tp_chunks_charge(&doc->chunks, bytes) != 0)
        return TP_ELIMIT;
    b->frames = tp_mem_alloc(&doc->mem, bytes);
    if (!b->frames) {
        tp_chunks_release(&doc->chunks, bytes);
        return TP_ENOMEM;
    }
    return 0;
}

void tp_jbuild_free(tp_jbuild *b)
{
    tp_chunks *c = &b->doc->chunks;
    if (b->frames)
        tp_chunks_release(c, (b->max_depth ? b->max_depth : 1) * sizeof *b->frames);
    tp_chunks_release(c, b->cap + b->table_cap * sizeof *b->table);
    tp_mem_free(&b->doc->mem, b->frames);
    tp_mem_free(&b->doc->mem, b->stack);
    tp_mem_free(&b->doc->mem, b->table);
    b->frames = NULL;
    b->stack = NULL;
    b->table = NULL;
    b->cap = b->table_cap = 0;
}

int tp_jbuild_grow(tp_jbuild *b, size_t need)
{
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->top < need) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    if (tp_chunks_charge(&b->doc->chunks, cap - b->cap) != 0)
        return -1;
    char *grown = tp_mem_realloc(&b->doc->mem, b->stack, cap);
    if (!grown) {
        tp_chunks_release(&b->doc->chunks, cap - b->cap);
        return -1;
    }
    b->stack = grown;
    b->cap = cap;
    return 0;
}

int tp_jbuild_open(tp_jbuild *b, tp_jkind kind, uint32_t offset)
{
    tp_jframe *f = &b->frames[b->depth++];
    f->offset = offset;
    f->kind = (uint8_t)kind;
    f->key = NULL;
    f->klen = 0;
    f->kflags = 0;
    f->base = b->top;
    return 0;
}

const tp_jmember *tp_jbuild_members(const tp_jbuild *b)
{
    return (const tp_jmember *)(const void *)(b->stack + b->frames[b->depth - 1].base);
}

static int same_key(const tp_jmember *a, const tp_jmember *b)
{
    if (a->value.klen != b->value.klen)
        return 0;
    size_t n = tp_jmember_key_len(a);
    return (a->value.klen != TP_JKLEN_LONG || n == strlen(b->key)) &&
           memcmp(a->key, b->key, n) == 0;
}

static uint32_t key_hash(const tp_jmember *m)
{
    size_t n = tp_jmember_key_len(m);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)m->key[i]) * 16777619u;
    return h;
}

int tp_jbuild_find_duplicate(tp_jbuild *b, const tp_jmember *m, size_t n, size_t *dup,
                             size_t *first)
{
    if (n <= PAIRWISE_MAX) {
        for (size_t j = 1; j < n; j++)
            for (size_t i = 0; i < j; i++)
                if (same_key(&m[i], &m[j])) {
                    *dup = j;
                    *first = i;
                    return 1;
                }
        return 0;
    }
    size_t size = 64;
    while (size < 2 * n)
        size *= 2;
    if (size > b->table_cap) {
        size_t more = (size - b->table_cap) * sizeof *b->table;
        if (tp_chunks_charge(&b->doc->chunks, more) != 0)
            return -1;
        uint32_t *t = tp_mem_realloc(&b->doc->mem, b->table, size * sizeof *t);
        if (!t) {
            tp_chunks_release(&b->doc->chunks, more);
            return -1;
        }
        b->table = t;
        b->table_cap = size;
    }
    uint32_t *t = b->table;
    memset(t, 0, size * sizeof *t);
    for (size_t j = 0; j < n; j++) {
        size_t k = key_hash(&m[j]) & (size - 1);
        for (; t[k]; k = (k + 1) & (size - 1))
            if (same_key(&m[t[k] - 1], &m[j])) {
                *dup = j;
                *first = t[k] - 1;
                return 1;
            }
        t[k] = (uint32_t)j + 1;
    }
    return 0;
}

int tp_jbuild_close(tp_jbuild *b, int check)
{
    tp_jframe *f = &b->frames[b->depth - 1];
    size_t bytes = b->top - f->base;
    size_t n = bytes / (f->kind == TP_J_OBJ ? sizeof(tp_jmember) : sizeof(tp_jnode));
    if (check && f->kind == TP_J_OBJ && n > 1) {
        int dup = tp_jbuild_find_duplicate(b, tp_jbuild_members(b), n, &b->dup, &b->dup_first);
        if (dup < 0)
            return b->doc->chunks.over_budget ? TP_ELIMIT : TP_ENOMEM;
        if (dup)
            return TP_EINPUT;
    }
    tp_jblock *blk = tp_chunks_alloc(&b->doc->chunks, sizeof *blk + bytes);
    if (!blk)
        return b->doc->chunks.over_budget ? TP_ELIMIT : TP_ENOMEM;
    blk->offset = f->offset;
    blk->reserved = 0;
    if (bytes)
        memcpy(blk + 1, b->stack + f->base, bytes);
    b->top = f->base;
    b->depth--;
    tp_jnode node;
    memset(&node, 0, sizeof node);
    node.kind = f->kind;
    node.len = (uint32_t)n;
    node.u.items = (const tp_jnode *)(const void *)(blk + 1);
    return tp_jbuild_value(b, node);
}

void tp_jbuild_path(const tp_jbuild *b, tp_strbuf *sb)
{
    for (size_t k = 1; k < b->depth; k++) {
        const tp_jframe *parent = &b->frames[k - 1];
        if (parent->kind == TP_J_OBJ) {
            size_t n = parent->klen == TP_JKLEN_LONG ? strlen(parent->key) : parent->klen;
            tp_jpointer_add_key(sb, parent->key, n);
        } else {
            tp_strbuf_printf(sb, "/%zu", (b->frames[k].base - parent->base) / sizeof(tp_jnode));
        }
    }
}
