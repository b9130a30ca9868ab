/*
 * The evaluator's context: everything one evaluation of a plan changes (frames, globals, roots,
 * hash indexes, arenas, the error of the current subject). The plan itself is only read, so any
 * number of contexts may evaluate one plan at once. Also the helpers every evaluator file uses
 * to report an error and build lists; nothing here evaluates an expression.
 */
#ifndef TP_CONTEXT_H
#define TP_CONTEXT_H

#include "base/regex.h"
#include "eval/value.h"
#include "plan/plan.h"

/* An evaluation error for the current subject: ev->err says what and where. */
#define TP_EVAL_ERR (-100)

typedef struct tp_hash_index tp_hash_index;
typedef struct tp_memo tp_memo;

/* Where a global is: evaluated at most once per input, on first use. */
typedef enum tp_global_state {
    TP_GLOBAL_PENDING = 0,
    TP_GLOBAL_DONE,
    TP_GLOBAL_FAILED /* its error is kept for every later use */
} tp_global_state;

typedef struct tp_eval {
    const tp_plan *plan;
    const tp_mem *mem; /* &own: counted against `budget` */
    tp_mem own;
    tp_mem_budget budget;
    tp_arena *arena;  /* where values are built: `scratch`, or `input` for per-input values */
    tp_arena scratch; /* rewound after every subject */
    tp_arena input;   /* globals, for-lists and indexes of one input */
    tp_value *frame;
    tp_value *globals;
    uint8_t *gstate; /* per global: a tp_global_state */
    const char **gerr;
    tp_value *roots;
    tp_source *sources; /* the bound documents, by a value's origin - 1 */
    uint32_t nsources;
    const char **bound; /* the names bound by name (for a message about an absent one) */
    uint32_t nbound;
    tp_jhint *hints;         /* per field-access site of the plan: where its field was last */
    tp_hash_index **indexes; /* built on first use, by the plan's index id */
    tp_regex_run *regex;     /* matches() and capture(): made on first use */
    tp_memo **memos;         /* results kept per input, by the plan's memo id (memo.h) */
    int64_t now;
    uint64_t steps;         /* generator elements visited in this evaluation */
    uint64_t subject_steps; /* ... for the subject being checked */
    tp_strbuf text;         /* reused to build interpolated strings: no malloc per subject */
    int text_busy;          /* a template inside a template's expression takes a fresh buffer */
    tp_strbuf err_text;     /* an error as formatted, before it is masked and cut into err */
    char err[400];
    /* The budgets of steps and subject_steps (tp_eval_options). */
    uint64_t max_steps, max_subject_steps;
} tp_eval;

/* A context whose allocations go through `mem`, counted against a budget of `max_memory` bytes
 * (0: none), with the default step budgets (TP_DEFAULT_MAX_STEPS, ..._SUBJECT_STEPS). */
int tp_eval_init(tp_eval *ev, const tp_plan *plan, const tp_mem *mem, int64_t now,
                 size_t max_memory);
void tp_eval_free(tp_eval *ev);

/* TP_ELIMIT when an allocation failed because of the memory budget, else TP_ENOMEM. */
int tp_eval_no_memory(const tp_eval *ev);

/* Records an evaluation error at n and returns TP_EVAL_ERR (TP_ENOMEM or TP_ELIMIT when its text
 * cannot be built: tp_eval_no_memory). */
int tp_eval_fail(tp_eval *ev, const tp_expr *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The error for using an absent value computed by n. */
int tp_eval_absent(tp_eval *ev, const tp_expr *n);

void *tp_eval_alloc(tp_eval *ev, size_t size);

/* A list under construction in the current arena. */
typedef struct tp_listbuf {
    tp_value *items;
    uint32_t n, cap;
} tp_listbuf;

int tp_listbuf_push(tp_eval *ev, tp_listbuf *lb, const tp_value *v);
tp_value tp_listbuf_value(const tp_listbuf *lb);

/* Called for each element; returns 0 to go on, 1 to stop, or a negative status. */
typedef int (*tp_visit_fn)(tp_eval *ev, const tp_value *v, void *state);

#endif
