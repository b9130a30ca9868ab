/*
 * Memory of one document and its reading: large chunks from tp_mem that are never freed one by one,
 * and a count of every byte the reading holds (chunks, the text, scratch stacks) so a budget can
 * stop a hostile input with TP_ELIMIT before the allocator fails or the kernel kills the process.
 */
#ifndef TP_INPUT_CHUNKS_H
#define TP_INPUT_CHUNKS_H

#include <stddef.h>

#include "base/alloc.h"

typedef struct tp_chunk tp_chunk;

typedef struct tp_chunks {
    const tp_mem *mem;
    tp_chunk *head;        /* newest first, for freeing */
    char *cur, *end;       /* free space of the newest chunk */
    char *lent, *lent_end; /* free space lent by the caller (tp_chunks_lend): used first */
    size_t next_size;      /* size of the next chunk: doubles up to a cap */
    /* Bytes charged now (chunks and whatever else was charged), the most ever, the limit (0:
     * none), and whether a charge failed because of the limit rather than the allocator. */
    tp_mem_budget count;
} tp_chunks;

/* `budget` 0 means no budget; `first` is the size of the first chunk (0: a default). */
void tp_chunks_init(tp_chunks *c, const tp_mem *mem, size_t budget, size_t first);
void tp_chunks_free(tp_chunks *c);

/* 8-byte aligned memory that lives until tp_chunks_free; NULL when the budget or the allocator
 * refuses (count.exceeded tells which). */
void *tp_chunks_alloc(tp_chunks *c, size_t size);

/* The same without alignment, for strings (what follows stays as aligned as a caller asks). */
void *tp_chunks_alloc_bytes(tp_chunks *c, size_t size);

/* Counts `size` bytes held elsewhere (the text, a scratch stack) against the budget: 0, or -1
 * with count.exceeded set. tp_chunks_release gives them back. */
int tp_chunks_charge(tp_chunks *c, size_t size);
void tp_chunks_release(tp_chunks *c, size_t size);

/* Lends [p, p + size) of memory the caller owns, frees after tp_chunks_free and no longer reads
 * (a text read): allocations take it before the chunks, so the pages a reader is done with hold
 * its tree instead of going back to the system while fresh ones are asked for. It counts against
 * the budget as what it was. Replaces the span lent before, whose whole pages left unused go
 * back to the system with their charge; p NULL ends the loan.
 * Under AddressSanitizer nothing is lent: the bytes go back at once, poisoned, and a read of them
 * is reported (tp_chunks_undiscard undoes it before the memory is freed). */
void tp_chunks_lend(tp_chunks *c, void *p, size_t size);

/* Gives the whole pages inside [p, p + size) back to the kernel (their bytes are lost; reading
 * them again gives zeros): for a text read and no longer needed. Returns how far from p what was
 * given back ends (0: nothing was): where the next call for the bytes after should start. Under
 * AddressSanitizer the bytes are poisoned instead, all of them (tp_chunks_undiscard undoes it
 * before the block is freed). */
size_t tp_chunks_discard(void *p, size_t size);
/* Asks the kernel to make no huge pages of [p, p + size) again: for a block given back in part
 * (a text once the tree is built). The pages given back out of a huge page are freed when the
 * kernel splits it, which it does when it needs memory; collapsing the range into huge pages
 * again (khugepaged) would fill them back in. */
void tp_chunks_no_collapse(void *p, size_t size);

/* Undoes tp_chunks_discard's poisoning (nothing without AddressSanitizer). */
void tp_chunks_undiscard(void *p, size_t size);

#endif
