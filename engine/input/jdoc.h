/*
 * A document tree in the JSON data model: what every input reader (JSON, CSV, a host's cJSON tree)
 * produces and what policies read. Read-only once built, so any number of threads may read it.
 *
 * Layout, chosen for memory (touching fresh memory is what reading costs on these machines):
 * - a node is 16 bytes: kind, flags, `len` (string bytes, element or member count; for null,
 *   booleans and numbers the byte offset of the value) and a double or a pointer;
 * - an array's elements and an object's values are contiguous nodes: the i-th is O(1);
 * - an object's keys live in its shape, shared by every object with the same keys in the same
 *   order (the objects of one list, the rows of a CSV file), so a member costs 16 bytes, and a
 *   lookup hint remembered per shape finds a field with one pointer compare (tp_jobj_get);
 * - before every block of children, the container's offset (and, for objects, the shape);
 * - JSON: strings of up to 7 bytes live in their node (TP_JF_SHORT), longer ones are copied next
 *   to the nodes as they are read (TP_JF_MOVED: the 4 bytes before one hold its offset), and so
 *   are the keys a shape keeps; the reader records where lines start and lends the text it has
 *   read to the tree, so a document holds its tree, not its source;
 * - CSV: strings and keys point into the document's own text, which it keeps (unescaped in
 *   place, NUL-terminated: unescaping never lengthens), so a cell costs no more than its node.
 *
 * Every node has a byte offset without a field for it: a JSON string's is in the 4 bytes before
 * its bytes, a CSV cell's is where its pointer points into the text (minus an opening quote), a
 * container's is before its block, a scalar's is in `len`. Offsets grow in
 * document order within a container, so the JSON pointer of any node is found by descending from
 * the root with a binary search per level (tp_jdoc_pointer): no parent links, computed only for
 * the few nodes a finding reports.
 *
 * Line and column come from the line table every reader with a source records (`lines`).
 */
#ifndef TP_INPUT_JDOC_H
#define TP_INPUT_JDOC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "input/chunks.h"
#include "base/strbuf.h"

typedef enum tp_jkind {
    TP_J_NULL = 0,
    TP_J_FALSE,
    TP_J_TRUE,
    TP_J_NUM,
    TP_J_STR,
    TP_J_ARR,
    TP_J_OBJ
} tp_jkind;

/* Node flags (string flags describe keys too). */
enum {
    TP_JF_INT = 1,   /* NUM: written without a fraction or an exponent */
    TP_JF_BARE = 2,  /* STR: no opening quote before it in the text (an unquoted CSV cell) */
    TP_JF_MOVED = 4, /* STR: copied out of the text, its offset in the uint32_t before it */
    TP_JF_SHORT = 8  /* STR (JSON): its bytes and NUL in the node's `u`, its length in `reserved`
                      * and its offset in `len`, the 4 bytes before `u`: with TP_JF_MOVED */
};

/* The longest string a node holds itself (TP_JF_SHORT). */
#define TP_JSTR_SHORT_MAX 7

typedef struct tp_jnode tp_jnode;

struct tp_jnode {
    uint8_t kind;      /* tp_jkind */
    uint8_t flags;     /* TP_JF_* */
    uint16_t reserved; /* STR with TP_JF_SHORT: bytes */
    uint32_t len; /* STR: bytes (TP_JF_SHORT: offset); ARR: elements; OBJ: members; NULL, FALSE,
                     TRUE, NUM: offset. Strings are read with tp_jnode_str, tp_jnode_strlen */
    union {
        double num;
        const char *str;       /* NUL-terminated, valid UTF-8, no NUL inside */
        const tp_jnode *items; /* ARR: the elements; OBJ: the values, in the shape's order */
    } u;
};

typedef struct tp_jkey {
    const char *s; /* NUL-terminated, valid UTF-8, no NUL inside */
    uint32_t len;
    uint32_t flags; /* TP_JF_BARE, TP_JF_MOVED: as for a string node */
} tp_jkey;

/* The keys of an object, in order; shared by the objects that have exactly these keys. */
typedef struct tp_jshape {
    uint32_t n;
    uint32_t reserved;
    tp_jkey keys[];
} tp_jshape;

/* What sits before every block of children: the container's offset (its '[' or '{', or a CSV
 * row's first byte) and, before that in an object's block only, its shape. */
typedef struct tp_jblock {
    uint32_t offset;
    uint32_t reserved;
} tp_jblock;

/* A short string's offset is read as a moved string's is, from the 4 bytes before its bytes. */
_Static_assert(offsetof(tp_jnode, u) == offsetof(tp_jnode, len) + 4, "len right before u");

/* A string node's bytes (NUL-terminated; in the node itself when short) and their count. */
static inline const char *tp_jnode_str(const tp_jnode *n)
{
    return n->flags & TP_JF_SHORT ? (const char *)&n->u : n->u.str;
}

static inline uint32_t tp_jnode_strlen(const tp_jnode *n)
{
    return n->flags & TP_JF_SHORT ? n->reserved : n->len;
}

/* Which reader built a document. */
typedef enum tp_input_format {
    TP_INPUT_AUTO = 0, /* for readers: choose by the file name */
    TP_INPUT_JSON,
    TP_INPUT_CSV,
    TP_INPUT_CJSON /* converted from a host's cJSON tree: no source text */
} tp_input_format;

typedef struct tp_jdoc {
    tp_jnode root;
    const char *text;      /* the source (after a BOM): CSV's, kept; JSON's, NULL once read */
    size_t len;            /* bytes of source; offsets count from text */
    const uint32_t *lines; /* offsets where lines start (a source's); NULL for a converted tree */
    size_t nlines;
    tp_input_format format;
    int has_source;           /* 0 for a converted tree: offsets only order its nodes */
    const tp_jshape *columns; /* CSV: the header's names, every row's shape (rows or none) */
    /* Private to the readers and tp_jdoc_free. */
    tp_mem mem;
    tp_chunks chunks; /* the nodes, moved strings and the text's charge */
    char *buf;        /* the allocation text lives in */
    size_t released;  /* bytes of buf lent to the tree or given back, from its start */
    void *kept;       /* the reader's scratch stack, its pages given back (tp_jdoc_keep_block) */
    size_t kept_size;
    uint32_t *line_buf;
    size_t line_cap;
} tp_jdoc;

/* A new document that takes `buf` (len + 1 bytes from mem, buf[len] == 0; text starts at
 * buf + skip); freed here on failure. 0, TP_ENOMEM or TP_ELIMIT (the budget). */
int tp_jdoc_new(tp_jdoc **out, const tp_mem *mem, char *buf, size_t len, size_t skip, size_t budget,
                tp_input_format format);
void tp_jdoc_free(tp_jdoc *doc);

/* For a reader: lends the text before offset `upto` (nothing there is read again) to the tree's
 * chunks (tp_chunks_lend). */
void tp_jdoc_lend_text(tp_jdoc *doc, size_t upto);
/* For a reader: gives back the rest of the text once nothing points into it (text is then NULL;
 * the allocation, which may hold part of the tree, is freed with the document). */
void tp_jdoc_drop_text(tp_jdoc *doc);
/* For a reader: gives back the pages of a large block it no longer needs now, and frees the block
 * with the document. Freeing a block of megabytes at once would raise glibc's mmap threshold to
 * its size, after which the evaluation's large blocks come from heaps that keep their pages: the
 * peer benchmark at 1M tokens peaked 20 MiB higher. One block (the builder's scratch stack). */
void tp_jdoc_keep_block(tp_jdoc *doc, void *p, size_t size);

/* Bytes the document holds (nodes, text, line table); chunks.count.peak is the most held while
 * read. */
size_t tp_jdoc_memory(const tp_jdoc *doc);

static inline const tp_jnode *tp_jdoc_root(const tp_jdoc *doc)
{
    return &doc->root;
}

/* The i-th element of an array (i < len). */
static inline const tp_jnode *tp_jarr_at(const tp_jnode *arr, uint32_t i)
{
    return &arr->u.items[i];
}

static inline const tp_jshape *tp_jobj_shape(const tp_jnode *obj)
{
    return ((const tp_jshape *const *)(const void *)obj->u.items)[-2];
}

/* The i-th key and value of an object (i < len). */
static inline const tp_jkey *tp_jobj_key(const tp_jnode *obj, uint32_t i)
{
    return &tp_jobj_shape(obj)->keys[i];
}

static inline const tp_jnode *tp_jobj_value(const tp_jnode *obj, uint32_t i)
{
    return &obj->u.items[i];
}

static inline int tp_jkey_is(const tp_jkey *k, const char *key, size_t len)
{
    return k->len == len && memcmp(k->s, key, len) == 0;
}

/* A caller's memory of where a key was: in objects of this shape, at this index. */
typedef struct tp_jhint {
    const tp_jshape *shape;
    uint32_t index; /* TP_JHINT_ABSENT: objects of this shape do not have the key */
    /* The caller's own memory of the key (the evaluator's: what its name says of its values, as
     * 1 + a tp_secret_name); 0 until the caller sets it. */
    unsigned char key_class;
} tp_jhint;

#define TP_JHINT_ABSENT UINT32_MAX
#define TP_JHINT_INIT                                                                              \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* The value of member `key` (len bytes) of obj, or NULL, searching its shape. */
const tp_jnode *tp_jobj_find(const tp_jnode *obj, const char *key, size_t len, tp_jhint *hint);

/* The same, O(1) when obj has the shape the hint remembers: objects of one list share their
 * shape, so a hint kept per (list, key) makes every lookup after the first a pointer compare. A
 * NULL hint searches. */
static inline const tp_jnode *tp_jobj_get(const tp_jnode *obj, const char *key, size_t len,
                                          tp_jhint *hint)
{
    if (hint && hint->shape == tp_jobj_shape(obj))
        return hint->index == TP_JHINT_ABSENT ? NULL : &obj->u.items[hint->index];
    return tp_jobj_find(obj, key, len, hint);
}

/* Byte offset of a node of doc in its text (for a converted tree: an ordinal). */
uint32_t tp_jnode_offset(const tp_jdoc *doc, const tp_jnode *node);
/* Byte offset of a key where it was first written: objects that share a shape share its keys,
 * so for the others this is the key of an earlier object (their values have their own offsets). */
uint32_t tp_jkey_offset(const tp_jdoc *doc, const tp_jkey *key);

/* Appends the RFC 6901 pointer of `node` ("" for the root; "~0" and "~1" escapes) to sb. 0, or
 * 1 when node is not a node of doc. */
int tp_jdoc_pointer(const tp_jdoc *doc, const tp_jnode *node, tp_strbuf *sb);
/* The same, and *parent: the container whose block holds node (NULL for the root), whose pointer
 * is sb's first *parent_len bytes: the next node of that block needs one segment more. */
int tp_jdoc_pointer_parent(const tp_jdoc *doc, const tp_jnode *node, tp_strbuf *sb,
                           const tp_jnode **parent, size_t *parent_len);
/* Appends the segment of child i of container c ("/3", "/key" escaped). */
void tp_jpointer_segment(tp_strbuf *sb, const tp_jnode *c, uint32_t i);
/* The same for a message, masked (tp_jpointer_mask). */
int tp_jdoc_pointer_masked(const tp_jdoc *doc, const tp_jnode *node, tp_strbuf *sb);
/* The same for the node at `offset` that has no children (a scalar or an empty container):
 * what a value copied out of a node (a string, a number) still knows of it. */
int tp_jdoc_pointer_at(const tp_jdoc *doc, uint32_t offset, tp_strbuf *sb);

/* Masks, in place, the credentials of the JSON pointer in sb: those its keys spell together,
 * read as one text, then each segment that is or holds a credential (a map keyed by tokens),
 * scanned one by one, as a key is shown alone. tmp is scratch. 0 or TP_ENOMEM (sb then holds
 * "[redacted]"). */
int tp_jpointer_mask(tp_strbuf *sb, tp_strbuf *tmp);
/* The same for the pointer sb holds from byte `from` on (what a caller appended to a message):
 * 0 or TP_ENOMEM ("[redacted]" in its place). */
int tp_jpointer_mask_tail(tp_strbuf *sb, size_t from);

/* Appends "/" and key with RFC 6901's escapes (~0 for '~', ~1 for '/'). */
void tp_jpointer_add_key(tp_strbuf *sb, const char *key, size_t len);

/* 1-based line and column (in bytes) of an offset, from the line table (O(log n)); 0 and 0 when
 * doc has no source. */
void tp_jdoc_line_col(const tp_jdoc *doc, size_t offset, unsigned *line, unsigned *col);

/* The line and column of an offset, given the offsets where n lines start (n >= 1). *near is
 * where to look first (the line found last: findings come in the order of their records, each a
 * few lines after the one before), then set to the line found. */
void tp_jdoc_line_col_in(const uint32_t *starts, size_t n, size_t offset, size_t *near,
                         unsigned *line, unsigned *col);
/* Doubles a reader's line table (charged to the budget). 0, or -1. */
int tp_jdoc_grow_lines(tp_jdoc *doc);

/* Appends a line start to a reader's line table: inline, the JSON reader calls it at every line
 * feed. 0, or -1. */
static inline int tp_jdoc_add_line(tp_jdoc *doc, uint32_t start)
{
    if (doc->nlines == doc->line_cap && tp_jdoc_grow_lines(doc) != 0)
        return -1;
    doc->line_buf[doc->nlines++] = start;
    return 0;
}

#endif
