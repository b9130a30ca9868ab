/* Benchmark driver for the credential scanner (engine/base/secret_scan.h): masks every line of a
 * file, one tp_secret_mask call per line as the report writers will call it per string, and prints
 * the best of RUNS as MB/s next to a plain copy of the same lines. Times are CPU time of the
 * thread, so that other work on a shared machine does not count.
 * Usage: secret_scan FILE [RUNS]   (bench/secrets.sh makes report-like files and runs it) */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/secret_scan.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One pass over the lines; returns the seconds it took and the spans masked. */
static double pass(const char *text, size_t len, int mask, size_t *spans)
{
    tp_mem mem;
    tp_mem_init(&mem, NULL);
    tp_strbuf sb;
    tp_strbuf_init(&sb, &mem);
    *spans = 0;
    double t0 = seconds();
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        tp_strbuf_reset(&sb);
        if (mask)
            *spans += tp_secret_mask(&sb, text + i, end - i);
        else
            tp_strbuf_add(&sb, text + i, end - i);
        i = end + 1;
    }
    double t = seconds() - t0;
    tp_strbuf_free(&sb);
    return t;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: secret_scan FILE [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    size_t len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc(len ? len : 1);
    if (!text || fread(text, 1, len, f) != len) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        return 1;
    }
    fclose(f);
    double best_copy = 1e9, best_mask = 1e9;
    size_t spans = 0, none;
    for (int r = 0; r < runs; r++) {
        double c = pass(text, len, 0, &none), m = pass(text, len, 1, &spans);
        best_copy = c < best_copy ? c : best_copy;
        best_mask = m < best_mask ? m : best_mask;
    }
    double mb = (double)len / 1e6;
    printf("%-28s %7.1f MB %6zu spans  mask %8.1f MB/s  copy %8.1f MB/s\n", argv[1], mb, spans,
           mb / best_mask, mb / best_copy);
    free(text);
    return 0;
}
