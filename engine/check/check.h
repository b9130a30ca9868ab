/*
 * The check stage: names, types and schemas over the syntax trees. It is given everything it
 * checks as data (the declarations, the sources for messages, the input schemas, the --param
 * values already parsed) and returns diagnostics and the checked program: the trees annotated in
 * place (types, resolved names, slots) and gathered into rules, globals, waivers and packs. It
 * reads no file and calls back into nothing; lowering (lower/) turns its result into the plan.
 */
#ifndef TP_CHECK_H
#define TP_CHECK_H

#include "input/schema.h"
#include "syntax/ast.h"
#include "syntax/diag.h"

/* A --param NAME=VALUE override, parsed by the driver. */
typedef struct tp_param_value {
    const char *name;
    const char *text;     /* VALUE as given, for messages */
    const tp_node *value; /* VALUE as a literal, or else the text as a string literal */
} tp_param_value;

typedef struct tp_check_input {
    tp_decl *decls; /* every declaration of every source, in load order; annotated in place */
    const tp_source *sources;
    size_t nsources;
    const tp_schema *schemas; /* input schemas by binding name, their shapes built */
    size_t nschemas;
    const tp_param_value *params;
    size_t nparams;
    unsigned max_expr_depth;
    size_t max_regex_bytes;
    int64_t now_us;  /* the clock when the policy is compiled, for lint's warnings about waivers */
    tp_arena *arena; /* where the checked program lives (the syntax trees' arena) */
    tp_diags *diags; /* errors and warnings */
} tp_check_input;

/* A rule after checking. Strings point into the syntax trees and sources. */
typedef struct tp_checked_rule {
    tp_rule_info info;
    uint32_t file;     /* the source it is written in */
    tp_node *for_list; /* NULL for a whole-input rule */
    int32_t for_slot;
    tp_clause *steps; /* let and where clauses, in the order written */
    uint32_t nsteps;
    tp_node *assertion;
    int deny;
    tp_node *message, *remediation, *subject; /* each may be NULL */
    /* Without `subject`: the fields to name a subject by, the first its element has (its pack's
     * `subject`); NULL for "id". */
    const char *const *subject_fields;
    uint32_t nsubject_fields;
    uint32_t nslots;
    const char *doc[TP_RULE_DOC_COUNT]; /* description, rationale, example; NULL when not given */
} tp_checked_rule;

/* A param or a file-level let. */
typedef struct tp_checked_global {
    const char *name;
    uint32_t file;
    int is_param;
    tp_node *expr; /* the default, or the --param value that overrides it */
    uint32_t nslots;
    tp_span span;
    uint8_t type;
    const tp_shape *shape;
} tp_checked_global;

/* A waiver: the findings of its rule it covers, and until when. */
typedef struct tp_checked_waiver {
    tp_waiver_info info;
    uint32_t file;         /* the source it is written in */
    const char **subjects; /* covered subject ids, or NULL with `where` */
    uint32_t nsubjects;
    tp_node *where;   /* over the rule's `for` variable, bound in slot var_slot */
    int32_t var_slot; /* -1 for a whole-input rule */
    uint32_t nslots;
} tp_checked_waiver;

/* A pack header. */
/* `document NAME { schema "PATH" format "csv" many optional root }` of a pack header: an export
 * the pack reads, bound as NAME. */
typedef struct tp_checked_document {
    const char *name, *schema, *format; /* format may be NULL: by the schema, then the file */
    bool many, optional, root;
    tp_span span;
} tp_checked_document;

typedef struct tp_checked_pack {
    const char *name, *title, *version; /* title and version may be NULL */
    const char *description, *docs;     /* may be NULL */
    tp_node *about;                     /* a string naming what an input is about, or NULL */
    uint32_t about_nslots;
    uint32_t file;
    const char **subject_fields; /* `subject F1, F2`: the default subject of the file's rules */
    uint32_t nsubject_fields;
    tp_span subject_span;
    tp_checked_document *documents;
    uint32_t ndocuments;
} tp_checked_pack;

typedef struct tp_checked {
    tp_checked_rule *rules; /* sorted by id */
    size_t nrules;
    tp_checked_global *globals; /* in declaration order; NAME nodes index them */
    size_t nglobals;
    tp_checked_waiver *waivers; /* sorted by rule id, then file order */
    size_t nwaivers;
    tp_checked_pack *packs;
    size_t npacks;
    const char **roots; /* names read from inputs; NAME nodes index them */
    size_t nroots;
} tp_checked;

/* Checks every declaration into *out. 0 or TP_ENOMEM; errors and warnings are diagnostics, and
 * *out is complete only when there is no error. */
int tp_check(tp_checked *out, const tp_check_input *in);

#endif
