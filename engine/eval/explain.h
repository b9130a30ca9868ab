/* Explanations (tp_eval_options.explain): what each clause of a rule gave for one subject, kept
 * while the subject is evaluated and handed to the caller's callback when its verdict is known. */
#ifndef TP_EXPLAIN_H
#define TP_EXPLAIN_H

#include "eval/context.h"

/* A buffer reused from subject to subject of one evaluation. */
typedef struct tp_explain_buf {
    tp_explain_fn fn; /* NULL: explanations are off, and every call below does nothing */
    void *arg;
    const tp_plan *plan;
    tp_strbuf text; /* the clauses' values, each NUL-terminated */
    tp_explain_clause *clauses;
    size_t *values; /* per clause: the offset of its value in text, or SIZE_MAX for none */
    size_t n, cap;
    int oom;
} tp_explain_buf;

void tp_explain_init(tp_explain_buf *b, const tp_mem *mem, const tp_plan *plan, tp_explain_fn fn,
                     void *arg);
void tp_explain_free(tp_explain_buf *b);

/* A new subject: forgets the clauses of the last one. */
void tp_explain_begin(tp_explain_buf *b);

/* Clause `clause` of plan rule `rule` gave `outcome`; `v` is a let's value, `error` the message of
 * a clause that failed (else NULL). */
void tp_explain_note(tp_explain_buf *b, size_t rule, size_t clause, tp_explain_outcome outcome,
                     const tp_value *v, const char *error);

/* Hands the subject's explanation to the callback; `s` has everything but the clauses. 0,
 * TP_ENOMEM, or TP_ECANCELED when the callback asked to stop. */
int tp_explain_emit(tp_explain_buf *b, tp_explain_subject *s);

#endif
