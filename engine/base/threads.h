/* Work run on several threads at once, the calling thread one of them. */
#ifndef TP_THREADS_H
#define TP_THREADS_H

#include <stddef.h>

/* The most threads tp_threads_run starts; more arguments run on the calling thread. */
#define TP_THREADS_MAX 128

/* Calls fn on each of the n arguments at args (each `size` bytes apart) at once: the first on
 * the calling thread, the others on threads of their own; an argument whose thread cannot start
 * is run by the calling thread after its own. Returns when every call has. */
void tp_threads_run(void *(*fn)(void *), void *args, size_t size, size_t n);

#endif
