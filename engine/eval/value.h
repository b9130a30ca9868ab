/*
 * Runtime values, and the one place the evaluator reads documents: field lookup, iteration,
 * members, conversion from the document's tree and where a value sits in its document all live
 * here, so the tree behind TP_V_JSON can change without touching the rest of the evaluator.
 * Document scalars are copied into a tp_value; arrays and objects are borrowed (TP_V_JSON points
 * at the document's node). Lists and objects the policy builds live in the evaluator's arena. A
 * value is 16 bytes and never owns memory.
 *
 * Origins: a value read from a document remembers which one (`origin`, an index into the
 * evaluation's documents) and its node (a container's node, or a scalar's offset), so wherever it
 * goes (a let, a generator, a filter, a function's result) its JSON pointer and line can still be
 * found. Copying a value keeps its origin; a value the policy builds has none.
 */
#ifndef TP_VALUE_H
#define TP_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/lang.h"
#include "base/strbuf.h"
#include "input/jdoc.h"
#include "tokpol.h"

typedef enum tp_vkind {
    TP_V_ABSENT = 0, /* a missing field or element: an error wherever it is used as a value */
    TP_V_NULL,
    TP_V_BOOL,
    TP_V_NUM,
    TP_V_STR,
    TP_V_TIME,
    TP_V_DUR,
    TP_V_JSON, /* a document's array or object, borrowed: u.node */
    TP_V_LIST, /* `len` values at `items` */
    TP_V_MAP   /* `len` key/value pairs: items[2i] a string, items[2i+1] its value */
} tp_vkind;

typedef struct tp_value tp_value;

struct tp_value {
    uint8_t kind;
    uint8_t secret;  /* read from a field named like a credential, or from inside a value that
                        was: redact when shown, whatever its type */
    uint16_t origin; /* 1 + the index of the evaluation's document it was read from; 0: none */
    uint32_t len;    /* TP_V_STR bytes, TP_V_LIST items, TP_V_MAP pairs, TP_V_JSON children; a
                        null, boolean or number read from a document: its offset there */
    union {
        int b;
        double n;
        int64_t us;
        const char *s;
        const tp_jnode *node;
        const tp_value *items;
    } u;
};

/* The most documents one evaluation can tell apart as origins. */
#define TP_VALUE_MAX_ORIGINS UINT16_MAX

/* The value at the root of a document, with origin `origin` (1 + its index; 0: none). */
tp_value tp_value_of_document(const tp_document *doc, uint16_t origin);
/* The static type a runtime value has. */
tp_type tp_value_type(const tp_value *v);
/* "a string", "a list", ... for messages (tp_type_phrase); "absent" for an absent one. */
const char *tp_value_kind_phrase(const tp_value *v);

bool tp_value_is_listlike(const tp_value *v);
bool tp_value_is_objlike(const tp_value *v);
uint32_t tp_value_count(const tp_value *v);

/* Walks a list value (a document's array or a built list). */
typedef struct tp_iter {
    const tp_jnode *nodes;
    const tp_value *items;
    uint32_t i, n;
    uint16_t origin;
    uint8_t secret; /* the list is secret: so is each element */
} tp_iter;

void tp_iter_init(tp_iter *it, const tp_value *list);
bool tp_iter_next(tp_iter *it, tp_value *out);
/* Leaves only the elements [from, to) of the list to give (to: at most its length). */
void tp_iter_range(tp_iter *it, uint32_t from, uint32_t to);
/* How many elements tp_iter_next has still to give. */
uint32_t tp_iter_left(const tp_iter *it);
/* Asks the processor to fetch the element `ahead` places on, and its members: a walk over a large
 * document's list would otherwise wait for memory at every element. */
void tp_iter_prefetch(const tp_iter *it, uint32_t ahead);
/* Reads, to bring it into the caches, the document node of v, or the first members of the
 * object or array it is (its node read before, by tp_value_touch_node): join warming
 * (tp_hash_index_warm) calls each on many values in turn, so that their misses overlap; prefetch
 * instructions were measured to leave these lines out. The number returned means nothing: it
 * keeps the reads from being optimised away. */
uintptr_t tp_value_touch_node(const tp_value *v);
uintptr_t tp_value_touch_members(const tp_value *v);

/* Calls fn with each member of an object-like value, in order: the key as a string value and the
 * value (marked secret when its field name or shape says it holds a credential). Stops at the
 * first non-zero return, which it returns. */
int tp_value_each_member(const tp_value *obj,
                         int (*fn)(const tp_value *key, const tp_value *value, void *state),
                         void *state);

/* obj.key: TP_V_ABSENT when missing. `obj` must be object-like. A string read from a field named
 * like a credential is marked secret. */
tp_value tp_value_field(const tp_value *obj, const char *key, size_t len);
/* The same with a caller's hint (one per field-access site): objects of one list share their
 * keys, so every lookup after the first is a pointer compare. */
tp_value tp_value_field_hinted(const tp_value *obj, const char *key, size_t len, tp_jhint *hint);
/* list[i] (negative from the end), ABSENT when out of range. */
tp_value tp_value_at(const tp_value *list, int64_t i);

/* Deep equality; values of different types are unequal. Neither may be absent. */
bool tp_value_equal(const tp_value *a, const tp_value *b);
/* Ordering of two values of one orderable type (num, str, time, dur). */
int tp_value_compare(const tp_value *a, const tp_value *b);
/* Hash consistent with tp_value_equal for scalars. */
uint64_t tp_value_hash(const tp_value *v);
bool tp_value_is_scalar(const tp_value *v);

/* Appends the value as a message shows it: strings raw with credential-shaped text masked
 * (tp_redact_text; a secret string as a whole: tp_redact_append), times in RFC 3339, durations
 * like 90d, lists and objects as JSON; any other secret value as "[redacted]". */
void tp_value_render(tp_strbuf *sb, const tp_value *v);

/* The same, cut at a character boundary after `max` bytes and ended with "…" when longer. */
void tp_value_render_cut(tp_strbuf *sb, const tp_value *v, size_t max);

/* A document of an evaluation, and what locating its values remembers between two of them. */
typedef struct tp_source {
    const tp_document *doc;
    const char *path; /* the prefix of pointers reached through the binding ("/users"), or "" */
    size_t near_line; /* the line of the last value located: where the next is looked for */
    /* The container of the last node located and its pointer: the subjects of one rule are the
     * elements of one list, each then one segment away. */
    const tp_jnode *parent;
    tp_strbuf parent_path;
} tp_source;

/* Where v sits in its document (src: the document of v->origin): appends its JSON pointer to
 * `pointer`, sets *file to the document's file name (NULL when it has none) and *line, *col (0
 * when the document has no text: a converted tree). 0; 1 when v has no origin or is not found;
 * TP_ENOMEM. */
int tp_value_locate(const tp_value *v, tp_source *src, const tp_mem *mem, tp_strbuf *pointer,
                    const char **file, unsigned *line, unsigned *col);
/* The bytes before a string built to stand for a document's string (lower(t.name)): they hold
 * its offset, as a document keeps that of a string it moved, so that the built string keeps the
 * origin and is located where the document's string is. */
#define TP_VALUE_STAND_IN_PREFIX sizeof(uint32_t)
/* Writes the offset of string v (src: the document of its origin; NULL when it has none) at
 * `room`, which has TP_VALUE_STAND_IN_PREFIX bytes before those of the new string; returns where
 * the new string's bytes go. */
char *tp_value_stand_in(char *room, const tp_value *v, const tp_source *src);
/* The file src's document was read from, or NULL (standard input, a converted tree). */
const char *tp_source_file(const tp_source *src);
/* Whether v is its document's root. */
bool tp_value_is_root(const tp_value *v, const tp_source *src);
void tp_source_free(tp_source *src);

#endif
