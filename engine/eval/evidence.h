/* The evidence of a finding: what the rule saw of its subject. */
#ifndef TP_EVIDENCE_H
#define TP_EVIDENCE_H

#include "eval/context.h"

/* At most this many entries per finding, each value cut at TP_EVIDENCE_VALUE_MAX bytes. */
#define TP_EVIDENCE_MAX 16
#define TP_EVIDENCE_VALUE_MAX 120

/* How many steps of a path keep a lookup hint (deeper ones are looked up by name alone). */
#define TP_EVIDENCE_HINTED_STEPS 4

/* The fields a rule reads off its `for` variable ("scopes.admin"), outermost chains only, and a
 * hint per step of each: records of one list share their shape, so a field is found where the
 * last record had it. Then the lets with a name, every one (a let whose value is a record gives
 * no entry, so a later one may). The names of both as findings show them (masked: a policy's names
 * are text it wrote), worked out once per rule, not per finding. */
typedef struct tp_evidence_reads {
    char paths[TP_EVIDENCE_MAX][96];
    tp_jhint hints[TP_EVIDENCE_MAX][TP_EVIDENCE_HINTED_STEPS];
    size_t n;
    tp_strbuf names;                    /* the names shown, each NUL-terminated */
    const char *shown[TP_EVIDENCE_MAX]; /* into names: the paths' */
    size_t nlets;
    struct {
        uint32_t step;
        const char *shown; /* into names */
    } lets[];
} tp_evidence_reads;

/* A buffer reused from finding to finding of one evaluation. */
typedef struct tp_evidence_buf {
    const tp_mem *mem;
    tp_evidence_reads **reads; /* per plan rule, found at its first finding (rules take turns) */
    size_t nrules;
    tp_strbuf text; /* the names and values, each NUL-terminated */
    tp_evidence items[TP_EVIDENCE_MAX];
    size_t offsets[TP_EVIDENCE_MAX][2]; /* of name and value in text, until text stops moving */
    size_t n;
} tp_evidence_buf;

void tp_evidence_init(tp_evidence_buf *b, const tp_mem *mem);
void tp_evidence_free(tp_evidence_buf *b);

/* Collects the evidence of a failing subject of `rule` into b and points the draft at it: the
 * fields of `elem` (the `for` element; NULL for a whole-input rule) that the rule's expressions
 * read, in the order they read them, then the lets whose values are scalars or lists of
 * scalars. Names and values are masked (values rendered with tp_value_render, which redacts).
 * 0 or TP_ENOMEM. */
int tp_evidence_collect(tp_evidence_buf *b, const tp_eval *ev, const tp_rule_plan *rule,
                        const tp_value *elem, tp_finding *draft);

#endif
