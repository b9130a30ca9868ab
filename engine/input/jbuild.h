/*
 * Building a tp_jdoc, shared by every reader. Children of the open containers wait on one scratch
 * stack; closing a container copies its children into one block of the document's chunks, so
 * each container costs one allocation however many children it has, and nothing is freed one by
 * one. Depth is bounded by the frames given at init: no C recursion anywhere.
 */
#ifndef TP_INPUT_JBUILD_H
#define TP_INPUT_JBUILD_H

#include "jdoc.h"

typedef struct tp_jframe {
    uint32_t offset; /* the container's */
    uint8_t kind;    /* TP_J_ARR or TP_J_OBJ */
    uint8_t kflags;  /* the pending key's flags, as TP_JF_KEY_* */
    uint16_t klen;   /* the pending key's length (TP_JKLEN_LONG if longer) */
    const char *key; /* the pending key: the member the next value completes */
    size_t base;     /* scratch bytes below this container's children */
} tp_jframe;

typedef struct tp_jbuild {
    tp_jdoc *doc;
    tp_jframe *frames;
    size_t depth, max_depth;
    char *stack; /* scratch: tp_jnode elements or tp_jmember members */
    size_t top, cap;
    uint32_t *table; /* scratch hash table for duplicate keys of large objects */
    size_t table_cap;
    size_t dup, dup_first; /* after TP_EINPUT from close: the repeated member and its first */
    int done;              /* the root value is complete */
} tp_jbuild;

/* 0, TP_ENOMEM or TP_ELIMIT (the document's budget). */
int tp_jbuild_init(tp_jbuild *b, tp_jdoc *doc, size_t max_depth);
void tp_jbuild_free(tp_jbuild *b);

/* Opens a container (the caller checked depth < max_depth). 0, TP_ENOMEM or TP_ELIMIT. */
int tp_jbuild_open(tp_jbuild *b, tp_jkind kind, uint32_t offset);

/* The key of the next member of the innermost (object) container; `flags` are string flags. */
static inline void tp_jbuild_key(tp_jbuild *b, const char *key, size_t len, unsigned flags)
{
    tp_jframe *f = &b->frames[b->depth - 1];
    f->key = key;
    f->klen = len >= TP_JKLEN_LONG ? TP_JKLEN_LONG : (uint16_t)len;
    f->kflags = (uint8_t)(flags << 2);
}

int tp_jbuild_grow(tp_jbuild *b, size_t need);

/* Adds a complete value to the innermost container (or makes it the root). 0, TP_ENOMEM or
 * TP_ELIMIT. */
static inline int tp_jbuild_value(tp_jbuild *b, tp_jnode n)
{
    if (b->depth == 0) {
        b->doc->root = n;
        b->done = 1;
        return 0;
    }
    tp_jframe *f = &b->frames[b->depth - 1];
    if (f->kind == TP_J_OBJ) {
        if (b->cap - b->top < sizeof(tp_jmember) && tp_jbuild_grow(b, sizeof(tp_jmember)) != 0)
            return b->doc->chunks.over_budget ? TP_ELIMIT : TP_ENOMEM;
        tp_jmember *m = (tp_jmember *)(void *)(b->stack + b->top);
        n.klen = f->klen;
        n.flags |= f->kflags;
        m->key = f->key;
        m->value = n;
        b->top += sizeof(tp_jmember);
    } else {
        if (b->cap - b->top < sizeof(tp_jnode) && tp_jbuild_grow(b, sizeof(tp_jnode)) != 0)
            return b->doc->chunks.over_budget ? TP_ELIMIT : TP_ENOMEM;
        memcpy(b->stack + b->top, &n, sizeof n);
        b->top += sizeof(tp_jnode);
    }
    return 0;
}

/* Children so far of the innermost container. */
static inline size_t tp_jbuild_count(const tp_jbuild *b)
{
    const tp_jframe *f = &b->frames[b->depth - 1];
    return (b->top - f->base) / (f->kind == TP_J_OBJ ? sizeof(tp_jmember) : sizeof(tp_jnode));
}

/* Closes the innermost container and adds it to its parent. With `check`, an object with a key
 * twice is refused: TP_EINPUT, the container stays open and b->dup, b->dup_first index its
 * members. Otherwise 0, TP_ENOMEM or TP_ELIMIT. */
int tp_jbuild_close(tp_jbuild *b, int check);

/* The innermost open container's members (valid until the next change). */
const tp_jmember *tp_jbuild_members(const tp_jbuild *b);

/* Whether two of the n members at m share a key: 1 with *dup the first member (in order) whose
 * key came before, and *first where; 0; or -1 when scratch memory was refused. */
int tp_jbuild_find_duplicate(tp_jbuild *b, const tp_jmember *m, size_t n, size_t *dup,
                             size_t *first);

/* Appends the JSON pointer of the innermost open container (after a refused close). */
void tp_jbuild_path(const tp_jbuild *b, tp_strbuf *sb);

#endif
