/* A hash index over a list's elements by one key each: turns `x for x in L where x.f == E` from
 * a scan per subject into one build per input and a lookup per subject. The evaluator computes
 * the keys; this module only stores and finds. Matches come back in list order. Also the hash of
 * a value that every hashing of values (indexes, distinct(), kept results) shares. */
#ifndef TP_HASH_INDEX_H
#define TP_HASH_INDEX_H

#include "base/arena.h"
#include "eval/value.h"

/* A hash of any value, consistent with tp_value_equal: lists and objects too (an object's
 * members in any order), so keys of every kind are found by hash, never by comparing with each
 * one in turn. Its cost is the size of the value. */
uint64_t tp_value_deep_hash(const tp_value *v);

typedef struct tp_hash_index tp_hash_index;

/* An empty index for up to `capacity` elements, allocated in arena a (freed with it). */
tp_hash_index *tp_hash_index_new(tp_arena *a, uint32_t capacity);

/* Adds the next n elements of the list with their keys (none absent; n <= TP_HASH_ADD_MAX), in
 * order: the buckets of their keys are read side by side first, so that a large index's build
 * waits for memory once per few elements, not once per element. Values are borrowed. */
#define TP_HASH_ADD_MAX 16
void tp_hash_index_add(tp_hash_index *ix, const tp_value *elems, const tp_value *keys, uint32_t n);

/* The elements whose key equals `key`, in list order: start with a zeroed cursor and call
 * tp_hash_index_next until it returns NULL. Lookups remember the last short string key (so the
 * index is not const, and belongs to one thread, like the evaluation that built it). */
typedef struct tp_hash_cursor {
    int started;
    int32_t chain; /* next element with an equal key, -1 at the end */
} tp_hash_cursor;

const tp_value *tp_hash_index_next(tp_hash_index *ix, const tp_value *key, tp_hash_cursor *c);

/* How many elements were added; how many have this key; how many the most frequent key has. */
uint32_t tp_hash_index_count(const tp_hash_index *ix);
uint32_t tp_hash_index_matches(tp_hash_index *ix, const tp_value *key);
uint32_t tp_hash_index_most(const tp_hash_index *ix);

/* Warming: the lookups of keys[0, n) (n <= TP_HASH_WARM_MAX) made ahead, only to bring what they
 * will read into the processor's caches, in passes whose misses overlap (a lookup on its own
 * waits for memory four times in a row). It changes no result. tp_hash_index_warms says whether
 * it pays: a table too large for the caches, and keys asked in no order the index can guess.
 * At most 16 keys at once: what is read for more is out of the nearest caches again by the time
 * the last of them is looked up (measured: 256 at once saved half as much). */
#define TP_HASH_WARM_MAX 16
bool tp_hash_index_warms(const tp_hash_index *ix);
/* How many lookups the index answered so far. */
uint64_t tp_hash_index_lookups(const tp_hash_index *ix);
void tp_hash_index_warm(const tp_hash_index *ix, const tp_value *keys, uint32_t n);

/* An element's key could not be computed (a scan would fail on it too): every lookup fails with
 * this message, which is copied into the index's arena. TP_ENOMEM or 0. */
int tp_hash_index_fail(tp_hash_index *ix, tp_arena *a, const char *message);
/* The message of tp_hash_index_fail, or NULL. */
const char *tp_hash_index_error(const tp_hash_index *ix);

#endif
