/* tokpol check: validating the inputs against their schemas, and evaluating them: each
 * positional input with the named documents bound, on --jobs threads, each into a result of its
 * own merged in input order, so the report is the same whatever the number of threads; fewer
 * inputs than threads share their subjects out to the threads left (tp_eval_options.threads). */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

int check_validate_doc(const tp_plan *plan, input_doc *d)
{
    memset(&d->err, 0, sizeof d->err);
    d->invalid = tp_plan_validate(plan, d->name, d->doc, &d->err) != 0;
    return d->invalid;
}

/* What the validating threads share: each input's verdict lands in its own input_doc. */
typedef struct validate_run {
    const tp_plan *plan;
    loaded *l;
} validate_run;

static void validate_one(size_t i, void *arg)
{
    validate_run *run = arg;
    input_doc *d = &run->l->docs[i];
    if (d->doc) /* not one loaded as it is evaluated */
        check_validate_doc(run->plan, d);
}

int check_validate_all(const tp_plan *plan, loaded *l, const check_opts *o, tp_validation *state)
{
    int any = tp_plan_has_schema(plan, NULL);
    for (size_t i = 0; i < l->nnamed; i++)
        any = any || tp_plan_has_schema(plan, l->named[i].name);
    if (!any)
        return 0;
    if (o->no_validate) {
        *state = TP_VALIDATION_SKIPPED;
        return 0;
    }
    *state = TP_VALIDATION_PASSED;
    validate_run run = {plan, l};
    check_parallel(l->ndocs, o->jobs, validate_one, &run);
    int code = 0;
    for (size_t i = 0; i < l->ndocs; i++) /* in input order, whatever thread found them */
        if (l->docs[i].invalid) {
            const input_doc *d = &l->docs[i];
            check_loaded_error(l, check_input_label(d), TP_EINPUT, &d->err);
            code = EXIT_INPUT;
        }
    return code;
}

/* What the evaluating threads share, and what each input gets. */
typedef struct eval_run {
    const tp_plan *plan;
    loaded *l;
    const check_opts *o;
    const tp_result_options *ropts;
    const tp_eval_options *eopts;
    tp_result *direct;   /* one input, or all loaded first on one thread: into the run's result */
    tp_result **results; /* else: one per input, merged afterwards */
    int *status;
    /* The first input, in input order, that did not load or conform (no result is kept) or
     * whose evaluation failed (none after it is kept): the inputs after it are only loaded, so
     * that their errors are said. SIZE_MAX: none. Never one before it: on -j N an input before it
     * may still be loading when it fails, and is evaluated as on -j 1. */
    atomic_size_t stop;
} eval_run;

/* Input i failed: the inputs after it (not those before) are no longer evaluated. */
static void stop_after(eval_run *run, size_t i)
{
    size_t first = atomic_load(&run->stop);
    while (i < first && !atomic_compare_exchange_weak(&run->stop, &first, i))
        ;
}

static void evaluate_one(size_t i, void *arg)
{
    eval_run *run = arg;
    loaded *l = run->l;
    if (l->load_as_evaluated && check_load_positional(l, i, run->o, run->plan) != 0)
        stop_after(run, i);
    if (atomic_load(&run->stop) <= i) {
        tp_document_free(l->docs[i].doc);
        l->docs[i].doc = NULL;
        return;
    }
    tp_binding *b = malloc((l->nnamed + 1) * sizeof *b);
    tp_result *r = run->direct;
    int rc = b ? 0 : TP_ENOMEM;
    if (rc == 0 && !r && (rc = tp_result_new(&run->results[i], run->ropts)) == 0)
        r = run->results[i];
    if (rc == 0) {
        b[0] = (tp_binding){NULL, l->docs[i].doc};
        if (l->nnamed)
            memcpy(b + 1, l->named, l->nnamed * sizeof *b);
        rc =
            tp_evaluate(r, run->plan, check_input_label(&l->docs[i]), b, l->nnamed + 1, run->eopts);
    }
    if (rc)
        stop_after(run, i);
    free(b);
    /* Its findings hold copies of what they show: the document is done with, and is freed on
     * this thread, not after every input was evaluated. */
    tp_document_free(l->docs[i].doc);
    l->docs[i].doc = NULL;
    run->status[i] = rc;
}

/* With only --input, or --pack: one evaluation of the named documents, named after the
 * arguments that gave them (--input NAME=FILE, or the files and directories a pack bound). */
static int evaluate_named(tp_result *res, const tp_plan *plan, const loaded *l, const check_opts *o,
                          const tp_eval_options *eopts)
{
    char name[1024] = "";
    size_t off = 0;
    for (size_t i = 0; i < o->nnamed + o->ninputs && off < sizeof name; i++)
        off += (size_t)snprintf(name + off, sizeof name - off, "%s%s", i ? "+" : "",
                                i < o->nnamed ? o->named[i] : o->inputs[i - o->nnamed]);
    return tp_evaluate(res, plan, name, l->named, l->nnamed, eopts);
}

/* Prints and records why an evaluation stopped: the check is incomplete, so it cannot pass (an
 * input error). The exit code. */
static int evaluation_failed(tp_result *res, const char *input, int rc, const check_opts *o)
{
    tp_input_error err;
    memset(&err, 0, sizeof err);
    if (rc == TP_ELIMIT)
        snprintf(err.message, sizeof err.message,
                 "evaluating it needs more than %zu bytes of memory (raise it with --max-memory)",
                 o->max_memory ? o->max_memory : TP_DEFAULT_MAX_MEMORY);
    else
        snprintf(err.message, sizeof err.message, "%s during evaluation",
                 rc == TP_ENOMEM ? "out of memory" : tp_status_str(rc));
    check_input_error(res, input, rc, &err);
    return EXIT_INPUT;
}

int check_evaluate_all(tp_result *res, const tp_plan *plan, loaded *l, const check_opts *o,
                       const tp_result_options *ropts, const tp_eval_options *eopts_in)
{
    tp_eval_options eopts = *eopts_in;
    eopts.many = l->many;
    eopts.nmany = l->nmany;
    eopts.max_memory = o->max_memory;
    cli_run_limits_eval(&o->run_limits, &eopts);
    if (l->nnamed + 1 >= UINT16_MAX) { /* a value's origin names its document in 16 bits */
        tp_input_error err;
        memset(&err, 0, sizeof err);
        snprintf(err.message, sizeof err.message,
                 "%zu documents are bound by --input; at most %d can be", l->nnamed,
                 UINT16_MAX - 2);
        check_input_error(res, "--input", TP_EINPUT, &err);
        return EXIT_INPUT;
    }
    size_t n = l->npositional;
    /* Cores the inputs leave idle evaluate an input's rules: a single large inventory uses them. */
    eopts.threads = check_threads(n > 1 ? o->jobs / n : o->jobs);
    if (n == 0) {
        int rc = evaluate_named(res, plan, l, o, &eopts);
        return rc ? evaluation_failed(res, "the --input documents", rc, o) : 0;
    }
    /* Threads evaluate into results of their own, which must share one clock. */
    if (!eopts.now_us)
        eopts.now_us = (int64_t)time(NULL) * 1000000;
    int parallel = o->jobs > 1 && n > 1;
    /* An input that fails to load after others were evaluated must leave no finding behind. */
    int separate = parallel || (l->load_as_evaluated && n > 1);
    eval_run run = {plan, l, o, ropts, &eopts, separate ? NULL : res, NULL, NULL, SIZE_MAX};
    run.status = calloc(n, sizeof *run.status);
    run.results = calloc(n, sizeof *run.results);
    int code = run.status && run.results ? 0 : evaluation_failed(res, "tokpol", TP_ENOMEM, o);
    if (code == 0 && parallel)
        check_parallel(n, o->jobs, evaluate_one, &run);
    else
        for (size_t i = 0; code == 0 && i < n; i++)
            evaluate_one(i, &run);
    if (code == 0 && l->load_as_evaluated)
        code = check_report_positional(l, plan);
    for (size_t i = 0; code == 0 && i < n; i++) {
        int rc = run.status[i];
        if (rc == 0 && separate) {
            rc = tp_result_merge(res, run.results[i]);
            /* Emptied: its arrays go now, not once every input's were copied too. */
            tp_result_free(run.results[i]);
            run.results[i] = NULL;
        }
        if (rc)
            code = evaluation_failed(res, check_input_label(&l->docs[i]), rc, o);
    }
    for (size_t i = 0; run.results && i < n; i++)
        tp_result_free(run.results[i]);
    free(run.results);
    free(run.status);
    return code;
}
