/* tokpol check: a few threads working through numbered tasks (loading, evaluating inputs), and
 * how many threads the library is asked for. Each task writes only its own slot, so the order of
 * the results never depends on the threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "check.h"

typedef struct pool {
    size_t n;
    atomic_size_t next;
    void (*fn)(size_t i, void *arg);
    void *arg;
} pool;

static void *work(void *p)
{
    pool *w = p;
    for (size_t i; (i = atomic_fetch_add(&w->next, 1)) < w->n;)
        w->fn(i, w->arg);
    return NULL;
}

void check_parallel(size_t n, size_t jobs, void (*fn)(size_t i, void *arg), void *arg)
{
    pool w = {n, 0, fn, arg};
    if (jobs > n)
        jobs = n;
    pthread_t *threads = jobs > 1 ? calloc(jobs - 1, sizeof *threads) : NULL;
    size_t started = 0;
    while (threads && started < jobs - 1 && pthread_create(&threads[started], NULL, work, &w) == 0)
        started++;
    work(&w); /* this thread works too; with no thread started it does everything */
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
}

unsigned check_threads(size_t n)
{
    return n < 64 ? (unsigned)n : 64;
}
