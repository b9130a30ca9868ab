/* tokpol check: how the process's allocator serves a run of several inputs. */
#include "check.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void check_memory_for_inputs(size_t n)
{
#if defined(__GLIBC__)
    /* glibc maps a block of 128 KiB or more with mmap until such a block is freed, then raises
     * that threshold to the block's size: the first input's text and chunks are mapped and given
     * back when it is freed, and the second's come from a heap grown for them, so two inputs fault
     * in every page before one reuses another's (an input of 100k tokens took 0.35 s for its
     * first two and 0.19 s after). With several inputs, blocks up to glibc's largest threshold
     * come from the heaps from the first: each input reuses pages the one before faulted in. With
     * one, nothing is reused, and mapped blocks keep the peak down (blocks an evaluation grows and
     * frees leave no holes): 20 MiB less at 1M tokens. docs/performance.md, "Tenth pass". */
    if (n > 1)
        (void)mallopt(M_MMAP_THRESHOLD, 32 << 20);
#else
    (void)n;
#endif
}
