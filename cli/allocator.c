/* How the process's allocator serves the library's large blocks (the command line owns the
 * process: the library may not set this for a host). */
#include "command.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void cli_allocator_setup(void)
{
#if defined(__GLIBC__)
    /* The library takes blocks of 2 MiB or more on a huge page (engine/base/alloc.c). glibc maps
     * such a block on its own only until one is freed, then raises its threshold to that size and
     * serves the next ones from a heap, where blocks aligned to 2 MiB leave gaps that keep memory
     * held: 100 inputs of 10k tokens in one run peaked at 124-229 MiB, 109 MiB with the threshold
     * fixed here (each block mapped, and given back whole when freed). docs/performance.md,
     * "Eleventh pass". */
    (void)mallopt(M_MMAP_THRESHOLD, 2 << 20);
#endif
}
