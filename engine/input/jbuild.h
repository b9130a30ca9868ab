/*
 * Building a tp_jdoc, shared by every reader. Children of the open containers wait on one scratch
 * stack; closing a container copies its children into one block of the document's chunks, so
 * each container costs one allocation however many children it has, and nothing is freed one by
 * one. Closing an object finds its shape among the few last made (objects of a list share one),
 * and only a new shape is checked for duplicate keys. Depth is bounded by the frames given at
 * init: no C recursion anywhere.
 */
#ifndef TP_INPUT_JBUILD_H
#define TP_INPUT_JBUILD_H

#include "input/jdoc.h"

/* A member while its object is open. */
typedef struct tp_jentry {
    tp_jkey key;
    tp_jnode value;
} tp_jentry;

typedef struct tp_jframe {
    uint32_t offset; /* the container's */
    uint8_t kind;    /* TP_J_ARR or TP_J_OBJ */
    tp_jkey key;     /* in an object: the key the next value completes */
    size_t base;     /* scratch bytes below this container's children */
    size_t copied;   /* an object's: bytes of its entries from base on whose keys are copied out */
} tp_jframe;

#define TP_JBUILD_SHAPES 8

typedef struct tp_jbuild {
    tp_jdoc *doc;
    tp_jframe *frames;
    size_t depth, max_depth;
    char *stack; /* scratch: tp_jnode elements or tp_jentry members */
    size_t top, cap;
    uint32_t *table; /* scratch hash table for duplicate keys of large objects */
    size_t table_cap;
    size_t dup, dup_first; /* after TP_EINPUT from close: the repeated member and its first */
    const tp_jshape *shapes[TP_JBUILD_SHAPES]; /* the last shapes made, all free of duplicates */
    unsigned next_shape;
    /* The JSON reader's: the text is lent to the tree as it is read, so the keys a shape keeps
     * are copied out of it (tp_jbuild_copy_keys does the same for the keys of open objects). */
    int copy_keys;
} tp_jbuild;

/* 0, TP_ENOMEM or TP_ELIMIT (the document's budget). */
int tp_jbuild_init(tp_jbuild *b, tp_jdoc *doc, size_t max_depth);
/* Once the document is built: the scratch stack's pages go back now, its allocation to the
 * document, freed with it (tp_jdoc_keep_block). */
void tp_jbuild_hand_over(tp_jbuild *b);
void tp_jbuild_free(tp_jbuild *b);

/* Opens a container (the caller checked depth < max_depth). */
void tp_jbuild_open(tp_jbuild *b, tp_jkind kind, uint32_t offset);

/* The key of the next member of the innermost (object) container; `flags` are string flags. */
static inline void tp_jbuild_key(tp_jbuild *b, const char *key, size_t len, unsigned flags)
{
    tp_jframe *f = &b->frames[b->depth - 1];
    f->key.s = key;
    f->key.len = (uint32_t)len;
    f->key.flags = flags;
}

int tp_jbuild_grow(tp_jbuild *b, size_t need);

/* Adds a complete value to the innermost container (or makes it the root). 0, TP_ENOMEM or
 * TP_ELIMIT. */
static inline int tp_jbuild_value(tp_jbuild *b, tp_jnode n)
{
    if (b->depth == 0) {
        b->doc->root = n;
        return 0;
    }
    tp_jframe *f = &b->frames[b->depth - 1];
    size_t size = f->kind == TP_J_OBJ ? sizeof(tp_jentry) : sizeof(tp_jnode);
    if (b->cap - b->top < size && tp_jbuild_grow(b, size) != 0)
        return b->doc->chunks.count.exceeded ? TP_ELIMIT : TP_ENOMEM;
    if (f->kind == TP_J_OBJ) {
        tp_jentry *e = (tp_jentry *)(void *)(b->stack + b->top);
        e->key = f->key;
        e->value = n;
    } else {
        memcpy(b->stack + b->top, &n, sizeof n);
    }
    b->top += size;
    return 0;
}

/* The innermost open object's members so far (valid until the next change). */
static inline const tp_jentry *tp_jbuild_entries(const tp_jbuild *b)
{
    return (const tp_jentry *)(const void *)(b->stack + b->frames[b->depth - 1].base);
}

/* Closes the innermost container and adds it to its parent. An object takes `shape` when given
 * (the caller vouches that its keys are those, distinct: a CSV row), else a shape with its keys:
 * then a key twice is refused with TP_EINPUT, the container stays open and b->dup, b->dup_first
 * index its entries. Otherwise 0, TP_ENOMEM or TP_ELIMIT. */
int tp_jbuild_close(tp_jbuild *b, const tp_jshape *shape);

/* A shape of the keys of n entries (not checked for duplicates), or NULL (memory). */
const tp_jshape *tp_jbuild_shape(tp_jbuild *b, const tp_jentry *e, size_t n);

/* Whether two of n entries share a key: 1 with *dup the first entry (in order) whose key came
 * before, and *first where; 0; or -1 when scratch memory was refused. */
int tp_jbuild_find_duplicate(tp_jbuild *b, const tp_jentry *e, size_t n, size_t *dup,
                             size_t *first);

/* Copies out of the text the keys of every open object (its members so far and the key of the
 * value it waits for), each once: after this the text before the cursor may be lent. 0, or
 * -1 when memory was refused. */
int tp_jbuild_copy_keys(tp_jbuild *b);

/* Appends the JSON pointer of the innermost open container (after a refused close), for a
 * message: keys shaped like credentials masked. */
void tp_jbuild_path(const tp_jbuild *b, tp_strbuf *sb);

#endif
