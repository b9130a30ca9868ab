/* tokpol check: how the process's allocator serves a run of several inputs. */
#include "check.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void check_memory_for_inputs(size_t n, size_t jobs)
{
#if defined(__GLIBC__)
    /* glibc maps a block of 128 KiB or more with mmap until such a block is freed, then raises
     * that threshold to the block's size: the first input's text and chunks are mapped and given
     * back when it is freed, and the second's come from a heap grown for them, so two inputs fault
     * in every page before one reuses another's (an input of 100k tokens took 0.35 s for its
     * first two and 0.19 s after). With several inputs, blocks up to glibc's largest threshold
     * come from the heaps from the first: each input reuses pages the one before faulted in. With
     * one, nothing is reused, and mapped blocks keep the peak down (blocks an evaluation grows and
     * frees leave no holes): 20 MiB less at 1M tokens. docs/performance.md, "Tenth pass".
     * Only when every thread loads two inputs or more: the threads' first inputs run at once, and
     * in heaps the arrays an evaluation grows leave holes of their earlier sizes in each thread's
     * arena, so runs of one input a thread, or of one for some threads, peak higher and reuse
     * little (the Lokalise pack, inputs of 100k tokens, -j 2: 2 inputs 295 -> 334 MiB, 3 inputs
     * 353 -> 432 MiB; 4 inputs 504 -> 528 MiB, 17% fewer faults). */
    if (jobs < 1)
        jobs = 1;
    if (n / jobs >= 2)
        (void)mallopt(M_MMAP_THRESHOLD, 32 << 20);
#else
    (void)n;
    (void)jobs;
#endif
}
