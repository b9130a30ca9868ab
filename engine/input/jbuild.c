#include "input/jbuild.h"

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
    /* A scratch stack from the start: never a NULL base, even for an empty container. */
    if (tp_jbuild_grow(b, 1) != 0)
        return doc->chunks.count.exceeded ? TP_ELIMIT : TP_ENOMEM;
    return 0;
}

void tp_jbuild_hand_over(tp_jbuild *b)
{
    tp_jdoc_keep_block(b->doc, b->stack, b->cap);
    b->stack = NULL;
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

void tp_jbuild_open(tp_jbuild *b, tp_jkind kind, uint32_t offset)
{
    tp_jframe *f = &b->frames[b->depth++];
    f->offset = offset;
    f->kind = (uint8_t)kind;
    memset(&f->key, 0, sizeof f->key);
    f->base = b->top;
    f->copied = 0;
}

/* Keys are short: a byte loop beats a call to memcmp. */
static int same_key(const tp_jkey *a, const tp_jkey *b)
{
    if (a->len != b->len)
        return 0;
    if (a->s == b->s)
        return 1;
    for (uint32_t i = 0; i < a->len; i++)
        if (a->s[i] != b->s[i])
            return 0;
    return 1;
}

static uint32_t key_hash(const tp_jkey *k)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < k->len; i++)
        h = (h ^ (unsigned char)k->s[i]) * 16777619u;
    return h;
}

/* A scratch hash table of at least `size` slots, zeroed; NULL when refused. */
static uint32_t *hash_table(tp_jbuild *b, size_t size)
{
    if (size > b->table_cap) {
        size_t more = (size - b->table_cap) * sizeof *b->table;
        if (tp_chunks_charge(&b->doc->chunks, more) != 0)
            return NULL;
        uint32_t *t = tp_mem_realloc(&b->doc->mem, b->table, size * sizeof *t);
        if (!t) {
            tp_chunks_release(&b->doc->chunks, more);
            return NULL;
        }
        b->table = t;
        b->table_cap = size;
    }
    memset(b->table, 0, size * sizeof *b->table);
    return b->table;
}

int tp_jbuild_find_duplicate(tp_jbuild *b, const tp_jentry *e, size_t n, size_t *dup, size_t *first)
{
    if (n <= PAIRWISE_MAX) {
        for (size_t j = 1; j < n; j++)
            for (size_t i = 0; i < j; i++)
                if (same_key(&e[i].key, &e[j].key)) {
                    *dup = j;
                    *first = i;
                    return 1;
                }
        return 0;
    }
    size_t size = 64;
    while (size < 2 * n)
        size *= 2;
    uint32_t *t = hash_table(b, size);
    if (!t)
        return -1;
    for (size_t j = 0; j < n; j++) {
        size_t k = key_hash(&e[j].key) & (size - 1);
        for (; t[k]; k = (k + 1) & (size - 1))
            if (same_key(&e[t[k] - 1].key, &e[j].key)) {
                *dup = j;
                *first = t[k] - 1;
                return 1;
            }
        t[k] = (uint32_t)j + 1;
    }
    return 0;
}

/* A key moved out of the text into the document's chunks, its offset in the 4 bytes before it
 * (TP_JF_MOVED); one already moved stays where it is. 0, or -1. */
static int copy_key(tp_jbuild *b, tp_jkey *k)
{
    if (!k->s || (k->flags & TP_JF_MOVED))
        return 0;
    uint32_t at = tp_jkey_offset(b->doc, k);
    char *copy = tp_chunks_alloc_bytes(&b->doc->chunks, sizeof at + k->len + 1);
    if (!copy)
        return -1;
    memcpy(copy, &at, sizeof at);
    memcpy(copy + sizeof at, k->s, k->len + 1);
    k->s = copy + sizeof at;
    k->flags |= TP_JF_MOVED;
    return 0;
}

const tp_jshape *tp_jbuild_shape(tp_jbuild *b, const tp_jentry *e, size_t n)
{
    tp_jshape *shape = tp_chunks_alloc(&b->doc->chunks, sizeof *shape + n * sizeof(tp_jkey));
    if (!shape)
        return NULL;
    shape->n = (uint32_t)n;
    shape->reserved = 0;
    for (size_t i = 0; i < n; i++) {
        shape->keys[i] = e[i].key;
        if (b->copy_keys && copy_key(b, &shape->keys[i]) != 0)
            return NULL;
    }
    return shape;
}

int tp_jbuild_copy_keys(tp_jbuild *b)
{
    for (size_t d = 0; d < b->depth; d++) {
        tp_jframe *f = &b->frames[d];
        if (f->kind != TP_J_OBJ)
            continue;
        size_t end = d + 1 < b->depth ? b->frames[d + 1].base : b->top;
        for (size_t at = f->base + f->copied; at < end; at += sizeof(tp_jentry))
            if (copy_key(b, &((tp_jentry *)(void *)(b->stack + at))->key) != 0)
                return -1;
        f->copied = end - f->base;
        if (copy_key(b, &f->key) != 0)
            return -1;
    }
    return 0;
}

/* One of the last shapes made, if the n entries have its keys in its order. */
static const tp_jshape *known_shape(const tp_jbuild *b, const tp_jentry *e, size_t n)
{
    for (unsigned k = 0; k < TP_JBUILD_SHAPES; k++) {
        /* Newest first: consecutive objects most often share the last shape. */
        const tp_jshape *s =
            b->shapes[(b->next_shape + TP_JBUILD_SHAPES - 1 - k) % TP_JBUILD_SHAPES];
        if (!s || s->n != n)
            continue;
        size_t i = 0;
        while (i < n && same_key(&e[i].key, &s->keys[i]))
            i++;
        if (i == n)
            return s;
    }
    return NULL;
}

/* The shape of the innermost (object) container: a known one, or a new one free of duplicates.
 * 0, TP_EINPUT (a duplicate), TP_ENOMEM or TP_ELIMIT. */
static int object_shape(tp_jbuild *b, size_t n, const tp_jshape **out)
{
    const tp_jentry *e = tp_jbuild_entries(b);
    if ((*out = known_shape(b, e, n)) != NULL)
        return 0;
    int dup = n > 1 ? tp_jbuild_find_duplicate(b, e, n, &b->dup, &b->dup_first) : 0;
    if (dup)
        return dup > 0 ? TP_EINPUT : b->doc->chunks.count.exceeded ? TP_ELIMIT : TP_ENOMEM;
    if ((*out = tp_jbuild_shape(b, e, n)) == NULL)
        return b->doc->chunks.count.exceeded ? TP_ELIMIT : TP_ENOMEM;
    b->shapes[b->next_shape] = *out;
    b->next_shape = (b->next_shape + 1) % TP_JBUILD_SHAPES;
    return 0;
}

int tp_jbuild_close(tp_jbuild *b, const tp_jshape *shape)
{
    tp_jframe *f = &b->frames[b->depth - 1];
    int object = f->kind == TP_J_OBJ;
    size_t n = (b->top - f->base) / (object ? sizeof(tp_jentry) : sizeof(tp_jnode));
    if (object && !shape) {
        int rc = object_shape(b, n, &shape);
        if (rc)
            return rc;
    }
    /* [shape, for an object] [tp_jblock] [n nodes] */
    size_t head = (object ? sizeof shape : 0) + sizeof(tp_jblock);
    char *blk = tp_chunks_alloc(&b->doc->chunks, head + n * sizeof(tp_jnode));
    if (!blk)
        return b->doc->chunks.count.exceeded ? TP_ELIMIT : TP_ENOMEM;
    if (object)
        memcpy(blk, &shape, sizeof shape);
    tp_jblock header = {f->offset, 0};
    memcpy(blk + head - sizeof header, &header, sizeof header);
    tp_jnode *items = (tp_jnode *)(void *)(blk + head);
    if (object) {
        const tp_jentry *e = tp_jbuild_entries(b);
        for (size_t i = 0; i < n; i++)
            items[i] = e[i].value;
    } else if (n) {
        memcpy(items, b->stack + f->base, n * sizeof(tp_jnode));
    }
    b->top = f->base;
    b->depth--;
    tp_jnode node;
    memset(&node, 0, sizeof node);
    node.kind = f->kind;
    node.len = (uint32_t)n;
    node.u.items = items;
    return tp_jbuild_value(b, node);
}

void tp_jbuild_path(const tp_jbuild *b, tp_strbuf *sb)
{
    size_t from = sb->len;
    for (size_t k = 1; k < b->depth; k++) {
        const tp_jframe *parent = &b->frames[k - 1];
        if (parent->kind == TP_J_OBJ)
            tp_jpointer_add_key(sb, parent->key.s, parent->key.len);
        else
            tp_strbuf_printf(sb, "/%zu", (b->frames[k].base - parent->base) / sizeof(tp_jnode));
    }
    tp_jpointer_mask_tail(sb, from); /* a failure leaves "[redacted]" */
}
