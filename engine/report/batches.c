/* tp_report_batches: each thread takes the next batch, formats it while the others format
 * theirs, then waits for its turn to append it to the sink. Batches are taken in order, so the
 * batch whose turn it is always belongs to a thread that is not waiting; only the thread whose
 * turn it is touches the sink. */
#include "report/batches.h"

#include <pthread.h>
#include <stdatomic.h>

#include "base/threads.h"
#include "tokpol.h"

/* Items per batch: a few hundred kilobytes of report text. */
#define BATCH 1024
/* More threads than this do not write one report. */
#define BATCH_THREADS_MAX 16

typedef struct batches {
    tp_sink *sink;
    size_t n;
    const tp_batch_writer *w;
    atomic_size_t next; /* the next batch to take */
    pthread_mutex_t lock;
    pthread_cond_t turn_taken;
    size_t turn; /* the batch whose text goes to the sink next */
    int failed;  /* a thread ran out of memory: the others stop */
} batches;

/* Waits for batch k's turn and appends sb to the sink, unless a thread failed. 0, or -1 when
 * the writing stops. */
static int append_in_turn(batches *b, size_t k, const tp_strbuf *sb)
{
    pthread_mutex_lock(&b->lock);
    while (b->turn != k && !b->failed)
        pthread_cond_wait(&b->turn_taken, &b->lock);
    b->failed |= sb->failed;
    if (!b->failed) {
        tp_sink_add(b->sink, sb->data, sb->len);
        b->turn++;
    }
    int failed = b->failed;
    pthread_cond_broadcast(&b->turn_taken);
    pthread_mutex_unlock(&b->lock);
    return failed ? -1 : 0;
}

static void *write_batches(void *arg)
{
    batches *b = *(batches **)arg;
    const tp_batch_writer *w = b->w;
    const tp_mem *mem = b->sink->sb.mem;
    tp_strbuf sb;
    tp_strbuf_init(&sb, mem);
    void *state = w->state_size ? tp_mem_calloc(mem, 1, w->state_size) : NULL;
    if (w->state_size && !state)
        sb.failed = 1;
    else if (w->init)
        w->init(state, mem);
    for (size_t k; (k = atomic_fetch_add(&b->next, 1)) * BATCH < b->n;) {
        size_t from = k * BATCH, to = b->n - from > BATCH ? from + BATCH : b->n;
        tp_strbuf_reset(&sb);
        for (size_t i = from; i < to && !sb.failed; i++)
            w->write(&sb, i, state, w->arg);
        if (append_in_turn(b, k, &sb))
            break;
    }
    if (state && w->fini)
        w->fini(state);
    tp_mem_free(mem, state);
    tp_strbuf_free(&sb);
    return NULL;
}

int tp_report_batches(tp_sink *sink, size_t n, unsigned threads, const tp_batch_writer *w)
{
    size_t nbatches = (n + BATCH - 1) / BATCH;
    size_t nthreads = threads < BATCH_THREADS_MAX ? threads : BATCH_THREADS_MAX;
    if (nthreads > nbatches)
        nthreads = nbatches;
    if (nthreads == 0) /* no batch, or no thread asked: this one */
        nthreads = 1;
    batches b = {.sink = sink, .n = n, .w = w};
    atomic_init(&b.next, 0);
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.turn_taken, NULL);
    /* Every thread takes batches from b: one that runs after the others took none. */
    batches *each[BATCH_THREADS_MAX];
    for (size_t i = 0; i < nthreads; i++)
        each[i] = &b;
    tp_threads_run(write_batches, each, sizeof *each, nthreads);
    pthread_mutex_destroy(&b.lock);
    pthread_cond_destroy(&b.turn_taken);
    if (b.failed)
        sink->sb.failed = 1;
    return tp_sink_status(sink);
}
