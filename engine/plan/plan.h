/* The compiled plan: checked syntax trees with resolved names, and the tables the evaluator
 * walks. Immutable after tp_compiler_compile; shared by threads. */
#ifndef TP_PLAN_H
#define TP_PLAN_H

#include "syntax/ast.h"
#include "tokpol.h"

/* A waiver: which findings of its rule it covers, and until when. */
typedef struct tp_waiver_plan {
    tp_waiver_info info;
    const char **subjects; /* covered subject ids, or NULL with `where` */
    uint32_t nsubjects;
    tp_node *where;   /* over the rule's `for` variable, bound in slot var_slot */
    int32_t var_slot; /* -1 for a whole-input rule */
    uint32_t nslots;
} tp_waiver_plan;

typedef struct tp_rule_plan {
    tp_rule_info info;
    tp_waiver_plan *waivers; /* this rule's, in file order */
    uint32_t nwaivers;
    tp_node *for_list; /* NULL for a whole-input rule */
    int32_t for_slot;
    const char *pointer_base; /* JSON pointer of for_list when it is a path from a root */
    int32_t root_slot;        /* that root; -1 without a pointer_base */
    tp_clause *steps;         /* let and where clauses, in the order written */
    uint32_t nsteps;
    tp_node *assertion;
    int deny;
    tp_node *message, *remediation, *subject; /* each may be NULL */
    uint32_t nslots;
} tp_rule_plan;

/* A param or a file-level let: evaluated at most once per input, on first use. */
typedef struct tp_global {
    const char *name;
    uint32_t file;
    int is_param;
    tp_node *expr;
    uint32_t nslots;
    tp_span span;
    uint8_t type;
    const struct tp_shape *shape;
} tp_global;

/* A regex compiled from a literal at compile time, freed with the plan. */
typedef struct tp_regex_entry {
    void *regex; /* regex_t */
    struct tp_regex_entry *next;
} tp_regex_entry;

/* A pack header: what the reports name as the policy's version. */
typedef struct tp_pack_info {
    const char *name, *title, *version; /* title and version may be NULL */
    uint32_t file;
} tp_pack_info;

struct tp_schema;

struct tp_plan {
    tp_mem mem;
    tp_arena arena; /* owns the syntax trees and every string of the plan */
    tp_rule_plan *rules;
    size_t nrules;
    tp_global *globals;
    size_t nglobals;
    const char **roots; /* names read from inputs */
    size_t nroots;
    uint32_t nindexes; /* hash-indexed generators */
    uint32_t max_slots;
    tp_regex_entry *regexes;
    size_t max_regex_bytes, max_regex_input; /* limits of matches(), from the compiler options */
    tp_waiver_plan *waivers;                 /* every waiver, grouped by rule in rule order */
    size_t nwaivers;
    struct tp_schema *schemas; /* input schemas, by binding name ("input" or an --input name) */
    size_t nschemas;
    tp_pack_info *packs;
    size_t npacks;
    const char **files; /* source names, by tp_span.file */
    size_t nfiles;
};

#endif
