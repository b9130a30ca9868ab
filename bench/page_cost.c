/* What this machine's kernel charges for memory a process touches for the first time: a fresh
 * anonymous block written once per 4 KiB page, with 4 KiB pages (a fault each) and with
 * transparent huge pages asked for (madvise(MADV_HUGEPAGE): a fault per 2 MiB). Prints the cost
 * per 4 KiB of each and their ratio; tokpol's allocator asks for huge pages on blocks of 2 MiB
 * or more (engine/base/alloc.c, docs/performance.md).
 * Usage: page_cost [MIB]   (the block's size; default 64; 20 rounds each, interleaved) */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define PAGE 4096
#define HUGE ((size_t)2 << 20)
#define ROUNDS 20

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Seconds to map `size` bytes on a 2 MiB boundary, touch each 4 KiB page once and unmap. */
static double touch(size_t size, int huge)
{
    size_t span = size + HUGE;
    char *map = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
        perror("page_cost: mmap");
        exit(1);
    }
    char *p = (char *)(((uintptr_t)map + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
    if (huge && madvise(p, size, MADV_HUGEPAGE) != 0)
        perror("page_cost: madvise (huge pages unavailable: both rows are 4 KiB pages)");
    double t0 = seconds();
    for (size_t i = 0; i < size; i += PAGE)
        p[i] = 1;
    double t = seconds() - t0;
    munmap(map, span);
    return t;
}

int main(int argc, char **argv)
{
    size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 64;
    if (mib < 2) {
        fprintf(stderr, "usage: page_cost [MIB >= 2]\n");
        return 2;
    }
    size_t size = (mib << 20) & ~(HUGE - 1);
    double best[2] = {1e9, 1e9};
    for (int r = 0; r < ROUNDS; r++)
        for (int huge = 0; huge < 2; huge++) {
            double t = touch(size, huge);
            if (t < best[huge])
                best[huge] = t;
        }
    double per[2];
    for (int huge = 0; huge < 2; huge++)
        per[huge] = best[huge] / (double)(size / PAGE) * 1e6;
    printf("first touch of %zu MiB, best of %d: 4 KiB pages %.2f us per 4 KiB, huge pages %.2f us "
           "per 4 KiB: %.1fx\n",
           mib, ROUNDS, per[0], per[1], per[0] / per[1]);
    return 0;
}
