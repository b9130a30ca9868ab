#include "base/threads.h"

#include <pthread.h>

void tp_threads_run(void *(*fn)(void *), void *args, size_t size, size_t n)
{
    pthread_t threads[TP_THREADS_MAX];
    int started[TP_THREADS_MAX] = {0};
    char *arg = args;
    for (size_t i = 1; i < n && i < TP_THREADS_MAX; i++)
        started[i] = pthread_create(&threads[i], NULL, fn, arg + i * size) == 0;
    fn(arg);
    for (size_t i = 1; i < n; i++) {
        if (i < TP_THREADS_MAX && started[i])
            pthread_join(threads[i], NULL);
        else
            fn(arg + i * size);
    }
}
