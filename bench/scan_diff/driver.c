/* Differential test of the credential scanner: every input text goes through a reference build
 * (SIDE_ref_run) and the build under test (SIDE_new_run), and any difference in what a caller
 * sees (the masked text, the count, contains, whole, looks_secret, the bounded copy) is printed,
 * minimised, with which side masks more.
 *
 * Usage: scan_diff [-z FILE]... [-f FILE]... [-g] [-x LEN] [-F N] [-s SEED] [-m MAX_SHOWN]
 *   -z FILE  NUL-separated texts      -f FILE  the whole file, and each of its lines
 *   -g       generated texts aimed at the scanner's marks, names and contexts
 *   -x LEN   every text of up to LEN bytes over the marks and letters the fast paths test
 *   -F N     N texts from a mutation fuzzer seeded with all the texts above
 * Exit status: 0 when no input differs, 1 when one does, 2 on a usage or I/O error. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan_diff.h"

int main(int argc, char **argv)
{
    list seeds = {0};
    unsigned long long iterations = 0;
    bool generate = false;
    size_t exhaustive_len = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "-g") == 0) {
            generate = true;
            continue;
        }
        if (!val) {
            fprintf(stderr, "scan_diff: %s needs a value\n", arg);
            return 2;
        }
        i++;
        if (strcmp(arg, "-z") == 0)
            load(&seeds, val, '\0', false);
        else if (strcmp(arg, "-f") == 0)
            load(&seeds, val, '\n', true);
        else if (strcmp(arg, "-x") == 0)
            exhaustive_len = strtoull(val, NULL, 10);
        else if (strcmp(arg, "-F") == 0)
            iterations = strtoull(val, NULL, 10);
        else if (strcmp(arg, "-s") == 0)
            rng_state = strtoull(val, NULL, 10) * 0x9E3779B97F4A7C15ull + 1;
        else if (strcmp(arg, "-m") == 0)
            max_shown = atoi(val);
        else {
            fprintf(stderr,
                    "usage: scan_diff [-z FILE]... [-f FILE]... [-g] [-x LEN] [-F N] [-s SEED]\n");
            return 2;
        }
    }
    size_t loaded = seeds.n;
    for (size_t i = 0; i < seeds.n; i++)
        check(seeds.items[i].s, seeds.items[i].len);
    unsigned long long after_files = compared;
    if (generate) {
        gen(&seeds);
        for (size_t i = loaded; i < seeds.n; i++)
            check(seeds.items[i].s, seeds.items[i].len);
    }
    if (exhaustive_len)
        exhaustive(exhaustive_len);
    unsigned long long after_gen = compared;
    if (iterations && seeds.n) {
        add_fragments();
        fuzz(&seeds, iterations);
    }
    printf("compared %llu inputs (%llu from files, %llu generated or exhaustive, %llu fuzzed): "
           "%llu differ\n",
           compared, after_files, after_gen - after_files, compared - after_gen, differing);
    return differing ? 1 : 0;
}
