/* The evaluator's context and the internal API the built-ins and the index use. */
#ifndef TP_EVAL_H
#define TP_EVAL_H

#include "syntax/ast.h"
#include "plan/plan.h"
#include "eval/value.h"

/* An evaluation error for the current subject: ev->err says what and where. */
#define TP_EVAL_ERR (-100)

typedef struct tp_index tp_index;

typedef struct tp_eval {
    const tp_plan *plan;
    const tp_mem *mem;
    tp_arena *arena;  /* where values are built: `scratch`, or `input` for per-input values */
    tp_arena scratch; /* rewound after every subject */
    tp_arena input;   /* globals, for-lists and indexes of one input */
    tp_value *frame;
    tp_value *globals;
    uint8_t *gstate; /* per global: 0 not yet, 1 being evaluated, 2 done, 3 failed */
    const char **gerr;
    tp_value *roots;
    const tp_document **root_docs; /* the document each root was found in */
    size_t *root_strip;            /* bytes of a pointer naming the binding, not the document */
    tp_index **indexes;
    int64_t now;
    tp_strbuf text; /* reused to build interpolated strings: no malloc per subject */
    int text_busy;  /* a template inside a template's expression takes a fresh buffer */
    char err[400];
} tp_eval;

int tp_eval_init(tp_eval *ev, const tp_plan *plan, const tp_mem *mem, int64_t now);
void tp_eval_free(tp_eval *ev);

/* Evaluates n into *out (ABSENT is a value here). 0, TP_EVAL_ERR or TP_ENOMEM. */
int tp_eval_expr(tp_eval *ev, const tp_node *n, tp_value *out);
/* Evaluates n and fails if the result is absent. */
int tp_eval_present(tp_eval *ev, const tp_node *n, tp_value *out);
/* Records an evaluation error at n and returns TP_EVAL_ERR. */
int tp_eval_fail(tp_eval *ev, const tp_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The error for using an absent value computed by n. */
int tp_eval_absent(tp_eval *ev, const tp_node *n);

/* Called for each element; returns 0 to go on, 1 to stop, or a negative status. */
typedef int (*tp_visit_fn)(tp_eval *ev, const tp_value *v, void *state);
/* Visits the elements of a generator, or of the list an expression evaluates to. */
int tp_eval_each(tp_eval *ev, const tp_node *n, tp_visit_fn fn, void *state);

void *tp_eval_alloc(tp_eval *ev, size_t size);

/* `x in container` for a list (an equal element), a string (a substring) or an object (a key). */
int tp_eval_membership(tp_eval *ev, const tp_node *n, const tp_value *x, const tp_value *in,
                       int *found);

/* A list under construction in the current arena. */
typedef struct tp_listbuf {
    tp_value *items;
    uint32_t n, cap;
} tp_listbuf;

int tp_listbuf_push(tp_eval *ev, tp_listbuf *lb, const tp_value *v);
tp_value tp_listbuf_value(const tp_listbuf *lb);

#endif
