/*
 * The compiled plan: what the evaluator runs. Lowering (lower/) builds it from the checked
 * program; it holds expression nodes of its own (tp_expr), rule and waiver metadata, the input
 * schemas and compiled patterns, and points into no syntax tree. Immutable after
 * tp_compiler_compile and shared by threads: everything an evaluation changes lives in the
 * evaluator's context (eval/context.h).
 */
#ifndef TP_PLAN_H
#define TP_PLAN_H

#include <stdint.h>

#include "base/arena.h"
#include "base/lang.h"
#include "base/regex.h"
#include "base/span.h"
#include "input/schema.h"
#include "tokpol.h"

/* Expression kinds of the plan, one list expanded wherever a table by kind is needed. */
#define TP_EXPR_KINDS(X)                                                                           \
    X(CONST, "constant")               /* lit */                                                   \
    X(TEMPLATE, "interpolated string") /* args: text constants and expressions */                  \
    X(LIST, "list")                    /* args: the items */                                       \
    X(OBJECT, "object")                /* args: key, value, key, value, ... */                     \
    X(LOCAL, "local")                  /* slot: a frame slot (for, let, generator, projection) */  \
    X(GLOBAL, "global")                /* slot: a param or file-level let (plan->globals) */       \
    X(ROOT, "input name")              /* slot: a name bound from the inputs (plan->roots) */      \
    X(NOW, "now")                      /* the evaluation's clock */                                \
    X(FIELD, "field")                  /* a.name, at field-access site `site` */                   \
    X(INDEX, "index")                  /* a[b] */                                                  \
    X(PROJECT, "projection")           /* a[*] then b for each element, bound in slot */           \
    X(CALL, "call")                    /* builtin `op` on args */                                  \
    X(GENERATE, "generator")           /* a for each combination of the `for` clauses */           \
    X(NEG, "negation")                 /* -a */                                                    \
    X(NOT, "not")                      /* not a */                                                 \
    X(BINARY, "operator")              /* a op b */                                                \
    X(COND, "conditional")             /* b if a holds, else c: only one is evaluated */

typedef enum tp_expr_kind {
#define TP_X(k, desc) TP_E_##k,
    TP_EXPR_KINDS(TP_X)
#undef TP_X
} tp_expr_kind;

typedef enum tp_literal_kind {
    TP_LIT_NULL,
    TP_LIT_BOOL,
    TP_LIT_NUM,
    TP_LIT_STR,
    TP_LIT_TIME,
    TP_LIT_DUR
} tp_literal_kind;

typedef struct tp_expr tp_expr;

/* The most parts a kept generator's key has (tp_expr.memo_keys). */
#define TP_MEMO_MAX_KEYS 8

/*
 * One `for VAR in LIST where COND` of a generator: VAR is bound in `slot` to each element of
 * LIST that satisfies COND. With an index (`VAR.path == E and REST` over a list that is the
 * same for every subject) the elements are looked up by key instead of scanned: those whose
 * key_path equals key_expr, in list order, then filtered by rest_where.
 */
typedef struct tp_gen_clause {
    int32_t slot;
    tp_expr *list;
    tp_expr *where;    /* NULL: no condition */
    int32_t index_id;  /* a hash index of the evaluation (< plan->nindexes), or -1 to scan */
    tp_expr *key_path; /* evaluated on each element with VAR bound, when the index is built */
    tp_expr *key_expr; /* evaluated once per lookup */
    tp_expr *rest_where;
} tp_gen_clause;

struct tp_expr {
    uint8_t kind;        /* tp_expr_kind */
    uint8_t op;          /* BINARY: tp_binop; CALL: tp_builtin_id; CONST: tp_literal_kind */
    int32_t slot;        /* LOCAL, PROJECT: frame slot; GLOBAL: global; ROOT: root */
    uint32_t site;       /* FIELD: its field-access site, dense in [0, plan->nfield_sites) */
    tp_span span;        /* where it is written, for evaluation errors */
    const char *display; /* a path as written ("t.created_at") for messages, or NULL */
    const char *name;    /* LOCAL, ROOT: the name (NULL for a projection element); FIELD: the
                            field; CALL: the function; CONST string: the text */
    uint32_t len;        /* bytes of name */
    tp_expr *a, *b, *c;
    tp_expr **args; /* LIST, OBJECT, CALL, TEMPLATE */
    uint32_t nargs;
    union {
        int b;
        double num;
        int64_t us;
    } lit;                  /* CONST */
    tp_gen_clause *clauses; /* GENERATE: outermost first; `a` is the value generated */
    uint32_t nclauses;
    const tp_regex *regex; /* CALL matches() with a literal pattern: compiled once */
    /* >= 0: the value is kept per input (an evaluation's memo table `memo`, < plan->nmemos):
     * once, when it reads no variable of the subject (nmemo_keys 0); else once for each value of
     * the memo_keys, the parts of this generator (or of this aggregate's) that read the subject's
     * variables, when everything else in it reads only its own. memo_index: its one clause, when
     * that is looked up in an index by memo_keys[0] (a key few elements have is not kept). */
    int32_t memo;
    tp_expr **memo_keys;
    uint32_t nmemo_keys;
    const tp_gen_clause *memo_index;
};

/* A let (binds `slot`) or where (filters) step of a rule, in the order written. */
typedef struct tp_step {
    int is_let;
    int32_t slot;
    tp_expr *expr;
    const char *name; /* a let's name, for the evidence of findings */
    const char *text; /* its expression as written, for explanations; NULL if unknown */
} tp_step;

/* A waiver: which findings of its rule it covers, and until when. */
typedef struct tp_waiver_plan {
    tp_waiver_info info;
    const char **subjects; /* covered subject ids, or NULL with `where` */
    uint32_t nsubjects;
    tp_expr *where;   /* over the rule's `for` variable, bound in slot var_slot */
    int32_t var_slot; /* -1 for a whole-input rule */
    uint32_t nslots;
} tp_waiver_plan;

typedef struct tp_rule_plan {
    tp_rule_info info;
    const tp_waiver_plan *waivers; /* this rule's, in file order */
    uint32_t nwaivers;
    tp_expr *for_list; /* NULL for a whole-input rule */
    int32_t for_slot;
    const char *pointer_base; /* JSON pointer of for_list when it is a path from a root */
    int32_t root_slot;        /* that root; -1 without a pointer_base */
    tp_step *steps;
    uint32_t nsteps;
    tp_expr *assertion;
    const char *assertion_text; /* as written, for explanations; NULL if unknown */
    int deny;
    tp_expr *message;     /* NULL: the title */
    tp_expr *remediation; /* a template rendered per finding; NULL: info.remediation is fixed */
    tp_expr *subject;     /* NULL: the first of subject_fields the element has */
    const char **subject_fields; /* the pack's default subject; NULL: "id" */
    uint32_t nsubject_fields;
    uint32_t id_site;
    uint32_t nslots;
    const char *doc[TP_RULE_DOC_COUNT]; /* description, rationale, example; NULL when not given */
    const char *help_uri;               /* its pack's `docs` + id + ".md", or NULL */
} tp_rule_plan;

/* A param or a file-level let: evaluated at most once per input, on first use. */
typedef struct tp_global_plan {
    tp_expr *expr;
    uint32_t nslots;
} tp_global_plan;

/* A pack header: what the reports name as the policy's version, and where its rules' pages are. */
typedef struct tp_pack_plan {
    tp_pack_info info;
    uint32_t file;  /* its source, by tp_span.file */
    tp_expr *about; /* what an input is about ("team Acme (170312)"), or NULL */
} tp_pack_plan;

struct tp_plan {
    tp_mem mem;
    tp_arena arena;      /* every node and string of the plan */
    tp_rule_plan *rules; /* sorted by id */
    size_t nrules;
    tp_global_plan *globals;
    size_t nglobals;
    const char **roots; /* names read from inputs */
    size_t nroots;
    uint32_t nindexes;     /* hash indexes an evaluation may build */
    uint32_t nmemos;       /* tables of results an evaluation may keep (tp_expr.memo) */
    uint32_t nfield_sites; /* field-access sites, for per-site caches of an evaluation */
    uint32_t max_slots;    /* frame slots an evaluation needs */
    tp_regex **regexes;    /* compiled patterns, freed with the plan */
    size_t nregexes;
    size_t max_regex_bytes, max_regex_input; /* limits of matches(), from the compiler options */
    tp_waiver_plan *waivers;                 /* every waiver, grouped by rule in rule order */
    size_t nwaivers;
    tp_schema *schemas; /* input schemas, by binding name ("input" or an --input name) */
    size_t nschemas;
    tp_pack_plan *packs;
    size_t npacks;
    tp_pack_document *documents; /* the packs' documents, in declaration order */
    size_t ndocuments;
    tp_param_info *params; /* the params, as written (driver/params.c) */
    size_t nparams;

    const char **files; /* source names, by tp_span.file */
    size_t nfiles;
};

/* A new empty plan whose allocations go through `mem` (copied). NULL when out of memory. */
tp_plan *tp_plan_new(const tp_mem *mem);

#endif
