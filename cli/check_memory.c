/* tokpol check: how the process's allocator serves a run of several inputs. */
#include "check.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void check_memory_for_inputs(size_t n, size_t jobs)
{
#if defined(__GLIBC__)
    /* glibc maps a block of 128 KiB or more with mmap until such a block is freed, then raises
     * that threshold to the block's size: a thread's first input is mapped and given back, and its
     * second comes from a heap grown for it, so two inputs a thread fault in every page. Fixed
     * at glibc's largest dynamic threshold, a thread's inputs after the first reuse the pages of
     * the one before. Only with two inputs a thread or more: otherwise nothing is reused, and the
     * arrays an evaluation grows leave holes in a heap where mapped blocks are given back whole,
     * so the peak rises. docs/performance.md, "Tenth pass". */
    if (n >= 2 * jobs)
        (void)mallopt(M_MMAP_THRESHOLD, 32 << 20);
#else
    (void)n;
    (void)jobs;
#endif
}
