/*
 * tokpol: a policy-as-code validator for API token inventories.
 *
 * Conventions (after libgit2): handles are opaque; functions return 0 (TP_OK) or a negative
 * tp_status; out-parameters come first and are named `out`; whatever a function hands back
 * through `out` is freed by the caller with the matching tp_*_free; versioned option structs are
 * initialised with their TP_*_OPTIONS_INIT macro, or (from other languages) their
 * tp_*_options_init(opts, VERSION) function, which also takes an older VERSION and then writes
 * only that version's (smaller) struct. The library never prints, exits or aborts.
 *
 * Thread model: a compiled tp_plan is immutable and may be shared by any number of threads.
 * A tp_compiler, a tp_document being loaded and a tp_result are used by one thread at a time.
 * Evaluating one plan on different inputs from different threads, each with its own tp_result,
 * is safe. There is no process-global state to initialise.
 */
#ifndef TOKPOL_H
#define TOKPOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TP_API __attribute__((visibility("default")))
#else
#define TP_API
#endif

/* The library's version: the one place it is written (CMakeLists.txt reads it from here). */
#define TP_VERSION_MAJOR 0
#define TP_VERSION_MINOR 1
#define TP_VERSION_PATCH 0
#define TP_VERSION_STRINGIFY_(x) #x
#define TP_VERSION_STRINGIFY(x) TP_VERSION_STRINGIFY_(x)
/** "MAJOR.MINOR.PATCH" of the header; tp_version() says which library is linked. */
#define TP_VERSION                                                                                 \
    TP_VERSION_STRINGIFY(TP_VERSION_MAJOR)                                                         \
    "." TP_VERSION_STRINGIFY(TP_VERSION_MINOR) "." TP_VERSION_STRINGIFY(TP_VERSION_PATCH)

/** Return values: 0 or one of these negative codes. */
typedef enum tp_status {
    TP_OK = 0,
    TP_ENOMEM = -1,   /**< an allocation failed; the handle stays valid and freeable */
    TP_EINVAL = -2,   /**< a bad argument: NULL handle, unknown name, malformed value */
    TP_EPOLICY = -3,  /**< the policy does not compile; see the compiler's diagnostics */
    TP_EINPUT = -4,   /**< an input document is unreadable or malformed */
    TP_EIO = -5,      /**< a file could not be read */
    TP_ELIMIT = -6,   /**< a configured limit was exceeded, or a caller's buffer is too small */
    TP_ECANCELED = -7 /**< a callback asked to stop */
} tp_status;

/** Severity of a rule, ordered: a threshold compares with >=. */
typedef enum tp_severity {
    TP_SEVERITY_INFO = 0,
    TP_SEVERITY_LOW,
    TP_SEVERITY_MEDIUM,
    TP_SEVERITY_HIGH,
    TP_SEVERITY_CRITICAL
} tp_severity;

/** What happened to one (rule, subject) pair that produced a finding. */
typedef enum tp_finding_status {
    TP_FINDING_FAIL = 0, /**< the rule's assertion did not hold */
    TP_FINDING_WAIVED,   /**< it did not hold, but an unexpired waiver covers it */
    TP_FINDING_ERROR,    /**< the rule could not decide: data absent or mistyped */
    TP_FINDING_BASELINE  /**< it did not hold, and was already failing in the baseline report */
} tp_finding_status;

/** "fail", "waived", "error" or "baseline"; a static string. */
TP_API const char *tp_finding_status_name(tp_finding_status status);

/** A waiver as the plan holds it. Strings live as long as the plan. */
typedef struct tp_waiver_info {
    const char *rule;   /**< the rule it waives */
    const char *reason; /**< why the finding is accepted */
    const char *owner;  /**< who answers for it; NULL when not given */
    int64_t expires_us; /**< it applies while now < expires */
    const char *file;
    unsigned line, column;
} tp_waiver_info;

typedef enum tp_diag_severity { TP_DIAG_ERROR = 0, TP_DIAG_WARNING, TP_DIAG_NOTE } tp_diag_severity;

/**
 * A diagnostic about a policy source. Lines and columns are 1-based, columns count bytes;
 * end_column is one past the last byte of the span. Strings live as long as their owner.
 */
typedef struct tp_diag {
    tp_diag_severity severity;
    const char *code; /**< stable identifier, e.g. "E-SYNTAX", "E-UNKNOWN-FUNC" */
    const char *file; /**< source name as given to the compiler */
    unsigned line, column, end_line, end_column;
    const char *message; /**< one sentence, no trailing period */
    const char *hint;    /**< a suggestion ("did you mean 'len'?") or NULL */
} tp_diag;

/** Memory hooks. All three are called with `payload`; NULL members mean the C library's. */
typedef struct tp_allocator {
    void *(*malloc_fn)(size_t size, void *payload);
    void *(*realloc_fn)(void *ptr, size_t size, void *payload);
    void (*free_fn)(void *ptr, void *payload);
    void *payload;
} tp_allocator;

/** Library version as "MAJOR.MINOR.PATCH"; a static string. */
TP_API const char *tp_version(void);

/** A static English description of a status code. */
TP_API const char *tp_status_str(int status);

/** Name of a severity ("info" ... "critical"); a static string. */
TP_API const char *tp_severity_name(tp_severity severity);

/** Parses "info" ... "critical" into *out. Returns TP_EINVAL for anything else. */
TP_API int tp_severity_parse(tp_severity *out, const char *name);

/**
 * "Did you mean": the name of `candidates` (n of them; NULL entries are skipped) closest to the
 * misspelt `word`, when it is close enough to be a plausible typo (a few edits, a swap of two
 * neighbours counting as one), else NULL. The checker's own suggestions use it; so can an
 * embedder's command line. Returns one of `candidates`.
 */
TP_API const char *tp_suggest(const char *word, const char *const *candidates, size_t n);

/**
 * Parses a timestamp as the language's time() does (RFC 3339 with any offset and fraction
 * digits, or YYYY-MM-DD) into microseconds since the Unix epoch. Returns TP_EINVAL if malformed.
 */
TP_API int tp_time_parse(int64_t *out, const char *text);

/* ---------------------------------------------------------------------------------------- */
/* Compiling policies                                                                        */

typedef struct tp_compiler tp_compiler;
typedef struct tp_plan tp_plan;

typedef struct tp_compiler_options {
    unsigned version;
    const tp_allocator *allocator; /**< NULL: the C library's allocator; copied, not borrowed */
    unsigned max_errors;           /**< list this many errors, and warnings, per file, of every
                                        kind (the rest are counted); 0: the default 20 */
    unsigned max_expr_depth;       /**< expression nesting; 0: the default 200 (at most 500) */
    size_t max_regex_bytes;        /**< longest matches() pattern; 0: the default 1024 */
    size_t max_regex_input;        /**< longest string matches() searches; 0: 16 KiB */
    int strict;                    /**< warnings are errors: compile fails on any */
} tp_compiler_options;

#define TP_COMPILER_OPTIONS_VERSION 1
#define TP_COMPILER_OPTIONS_INIT                                                                   \
    {                                                                                              \
        TP_COMPILER_OPTIONS_VERSION, NULL, 0, 0, 0, 0, 0                                           \
    }

/** Sets *opts to TP_COMPILER_OPTIONS_INIT; TP_EINVAL when `version` is not
 * TP_COMPILER_OPTIONS_VERSION. For bindings that cannot use the macro. */
TP_API int tp_compiler_options_init(tp_compiler_options *opts, unsigned version);

/** Creates a compiler. *out is freed with tp_compiler_free. */
TP_API int tp_compiler_new(tp_compiler **out, const tp_compiler_options *opts);

/** Frees a compiler and its diagnostics. Plans it compiled stay valid. NULL is accepted. */
TP_API void tp_compiler_free(tp_compiler *compiler);

/**
 * Adds policy source from memory. `name` is used in diagnostics and reports. Both strings are
 * copied. Syntax errors are recorded as diagnostics and reported by tp_compiler_compile.
 */
TP_API int tp_compiler_add_source(tp_compiler *compiler, const char *name, const char *source,
                                  size_t length);

/**
 * Adds a .tpol file, or every *.tpol file below a directory (sorted by path). Returns TP_EIO
 * (with a diagnostic) if the path cannot be read.
 */
TP_API int tp_compiler_add_path(tp_compiler *compiler, const char *path);

/**
 * Adds a file (or directory of *.tpol) that holds only waivers, the way a service team owns its
 * exceptions apart from the security team's policy (--waivers). Anything but `waive` in it is
 * a compile error. TP_EIO if the path cannot be read.
 */
TP_API int tp_compiler_add_waivers(tp_compiler *compiler, const char *path);

/** Like tp_compiler_add_waivers, from memory: a source that may hold only waivers. */
TP_API int tp_compiler_add_waiver_source(tp_compiler *compiler, const char *name,
                                         const char *source, size_t length);

/**
 * Uses the JSON Schema in the file `path` (or "tokpol/v1", the built-in inventory schema) for the
 * input bound as `name`: "input" for positional inputs, or an --input name. Policy paths are then
 * checked against it at compile time, and tp_plan_validate validates inputs with it. It takes
 * precedence over a pack's `schema`. Load errors are diagnostics (compile fails).
 */
TP_API int tp_compiler_add_schema(tp_compiler *compiler, const char *name, const char *path);

/** Adds the named built-in pack ("lokalise"). TP_EINVAL if there is no such pack. */
TP_API int tp_compiler_add_builtin(tp_compiler *compiler, const char *pack);

/** Whether the library holds a built-in pack of that name ("lokalise"). */
TP_API int tp_builtin_pack_exists(const char *pack);

/**
 * Overrides the default of `param NAME` in every loaded file that declares it. `value` is a
 * literal of the language ("30d", "[\"ci\"]", "true", "@2026-01-01"); text that is not a literal
 * is taken as a string. The override must have the type of the declared default.
 */
TP_API int tp_compiler_set_param(tp_compiler *compiler, const char *name, const char *value);

/**
 * Checks everything added and, if there is no error, compiles it into *out (free with
 * tp_plan_free). Returns TP_EPOLICY when diagnostics contain an error; *out is then NULL.
 */
TP_API int tp_compiler_compile(tp_plan **out, tp_compiler *compiler);

/** Number of diagnostics recorded so far. */
TP_API size_t tp_compiler_diag_count(const tp_compiler *compiler);

/** The i-th diagnostic, in source order per file; valid until the compiler is freed. */
TP_API const tp_diag *tp_compiler_diag(const tp_compiler *compiler, size_t i);

/**
 * How many errors and warnings were found but are not among the diagnostics listed (at most
 * tp_compiler_options.max_errors of each per file): tp_compiler_write_diags says so in a line per
 * file; tp_result_add_diags_left_out carries the count into reports.
 */
TP_API size_t tp_compiler_diags_left_out(const tp_compiler *compiler);

/**
 * Writes every diagnostic the way a compiler does: "file:line:col: error: message", the source
 * line, a caret under the span and the hint. `color` non-zero adds ANSI colours.
 */
TP_API int tp_compiler_write_diags(const tp_compiler *compiler, FILE *stream, int color);

/**
 * Writes the diagnostics as one JSON object, for editors and CI annotations:
 * {"diagnostics": [{"severity", "code", "file", "line", "column", "end_line", "end_column",
 * "message", "hint"}], "errors": N, "warnings": N}; the counts include the diagnostics left out
 * of the list (max_errors).
 */
TP_API int tp_compiler_write_diags_json(const tp_compiler *compiler, FILE *stream);

/**
 * Formats a policy source in the canonical layout (`tokpol fmt`, docs/language.md#layout): the
 * same tokens and comments, only the whitespace changed; idempotent. The source is added to the
 * compiler as tp_compiler_add_source does, so that its diagnostics can quote it: on a syntax
 * error this returns TP_EPOLICY and the diagnostics say where. On success *out (NUL-terminated,
 * *out_length bytes without the NUL; out_length may be NULL) is freed with
 * tp_compiler_format_free.
 */
TP_API int tp_compiler_format(char **out, size_t *out_length, tp_compiler *compiler,
                              const char *name, const char *source, size_t length);

/** Frees text tp_compiler_format returned. NULL is accepted. */
TP_API void tp_compiler_format_free(tp_compiler *compiler, char *text);

/** Frees a plan. NULL is accepted. */
TP_API void tp_plan_free(tp_plan *plan);

/** A rule as the plan holds it. Strings live as long as the plan. */
typedef struct tp_rule_info {
    const char *id;
    const char *title;
    const char *remediation; /**< NULL when the rule has none */
    tp_severity severity;
    const char *file;
    unsigned line, column;
} tp_rule_info;

/** Number of rules in the plan. */
TP_API size_t tp_plan_rule_count(const tp_plan *plan);

/** Fills *out with rule i (0-based, in id order). TP_EINVAL if out of range. */
TP_API int tp_plan_rule(tp_rule_info *out, const tp_plan *plan, size_t i);

/** A rule's documentation: what its `description`, `rationale` and `example` clauses say, and the
 * page about it. */
typedef enum tp_rule_doc {
    TP_RULE_DESCRIPTION = 0, /**< what the rule checks */
    TP_RULE_RATIONALE,       /**< why it matters */
    TP_RULE_EXAMPLE,         /**< an example of what fails it */
    TP_RULE_HELP_URI         /**< its pack header's `docs` followed by the rule's id and ".md" */
} tp_rule_doc;

/** Rule i's documentation of kind `which`: a string that lives as long as the plan, or NULL
 * when the policy does not say (or i is out of range). */
TP_API const char *tp_plan_rule_doc(const tp_plan *plan, size_t i, tp_rule_doc which);

/** A pack header, as the plan holds it. Strings live as long as the plan; all but name and file
 * may be NULL. */
typedef struct tp_pack_info {
    const char *name;
    const char *title;
    const char *version;
    const char *description;
    const char *docs; /**< where its rules' pages are: a URL the rule's id and ".md" complete */
    const char *file; /**< the source it heads: its rules are the rules written there */
} tp_pack_info;

/** A document a pack reads: `document NAME { schema "PATH" format "csv" many optional root }`. */
typedef struct tp_pack_document {
    const char *pack;   /**< the pack that declares it */
    const char *name;   /**< the name policies read it as (a root document: `input`) */
    const char *schema; /**< where its schema was loaded from */
    const char *format; /**< "json", "csv", or NULL: by the schema, then the file name */
    int many, optional, root;
} tp_pack_document;

/** Number of documents the plan's packs declare, and document i (in declaration order). */
TP_API size_t tp_plan_document_count(const tp_plan *plan);
TP_API const tp_pack_document *tp_plan_document(const tp_plan *plan, size_t i);

/** A param of the plan's policies: its name, its value as written (the default, or the
 * --param override), and where it is declared. */
typedef struct tp_param_info {
    const char *name;
    const char *value;
    const char *file;
    unsigned line;
} tp_param_info;

/** Number of params in the plan, and param i (in declaration order); NULL when out of range. */
TP_API size_t tp_plan_param_count(const tp_plan *plan);
TP_API const tp_param_info *tp_plan_param(const tp_plan *plan, size_t i);

/** Number of pack headers in the plan, and pack i (in load order); NULL when out of range. */
TP_API size_t tp_plan_pack_count(const tp_plan *plan);
TP_API const tp_pack_info *tp_plan_pack(const tp_plan *plan, size_t i);

/** Number of waivers in the plan. */
TP_API size_t tp_plan_waiver_count(const tp_plan *plan);

/** Waiver i (0-based, by rule id, then file order); NULL if out of range. */
TP_API const tp_waiver_info *tp_plan_waiver(const tp_plan *plan, size_t i);

/**
 * Parses a duration like "14d", "1h30m" into microseconds. TP_EINVAL if malformed.
 */
TP_API int tp_duration_parse(int64_t *out, const char *text);

/* ---------------------------------------------------------------------------------------- */
/* Input documents                                                                           */

typedef struct tp_document tp_document;

/** The memory a document's reading, or an evaluation, may hold unless told otherwise: 1 GiB. */
#define TP_DEFAULT_MAX_MEMORY ((size_t)1 << 30)

typedef struct tp_document_options {
    unsigned version;
    const tp_allocator *allocator; /**< for the library's own allocations; see docs/api.md */
    size_t max_bytes;              /**< refuse larger inputs; 0: the default 256 MiB */
    unsigned max_depth;            /**< JSON nesting; 0: the default 512 (at most 999) */
    /* Version 2: */
    /** How to read the bytes: "json" or "csv" (any case). NULL: by the file name, ".csv" is CSV
     * and anything else JSON. A CSV file is a list of objects, one per row, keyed by its header. */
    const char *format;
    /** Bytes reading may hold at once (text, tree, scratch): over it, TP_ELIMIT naming the limit.
     * 0: TP_DEFAULT_MAX_MEMORY; SIZE_MAX: no limit. */
    size_t max_memory;
    /** The file name findings give for values of this document (tp_document_load: the path when
     * NULL; tp_document_parse: none when NULL). Copied. */
    const char *name;
} tp_document_options;

/* Version 2 added format, max_memory and name; version 1 structs are still accepted. */
#define TP_DOCUMENT_OPTIONS_VERSION 2
#define TP_DOCUMENT_OPTIONS_INIT                                                                   \
    {                                                                                              \
        TP_DOCUMENT_OPTIONS_VERSION, NULL, 0, 0, NULL, 0, NULL                                     \
    }

/** Sets *opts to TP_DOCUMENT_OPTIONS_INIT, or a version 1 struct to its defaults; TP_EINVAL for
 * another version. */
TP_API int tp_document_options_init(tp_document_options *opts, unsigned version);

/** Where and why an input could not be loaded. Filled by the loaders on failure. */
typedef struct tp_input_error {
    unsigned line, column; /**< 1-based position of the fault; 0 when not about a position */
    size_t offset;         /**< byte offset of the fault */
    char message[240];
} tp_input_error;

/**
 * Parses a document from memory (copied) in the options' format (JSON unless told). Invalid
 * input, duplicate object keys or CSV columns, ragged CSV rows return TP_EINPUT; an input over
 * the size, nesting or memory limits TP_ELIMIT; both fill *err (may be NULL).
 */
TP_API int tp_document_parse(tp_document **out, const char *text, size_t length,
                             const tp_document_options *opts, tp_input_error *err);

/** Reads and parses a file; "-" reads standard input. TP_EIO when it cannot be read. The
 * format is the options', else the file name's (".csv"), else JSON. */
TP_API int tp_document_load(tp_document **out, const char *path, const tp_document_options *opts,
                            tp_input_error *err);

/**
 * Converts a cJSON tree the host built (pass it as `const struct cJSON *`) into a document. The
 * tree is copied: the host may change or free it as soon as this returns. TP_EINPUT when it
 * holds what no JSON text could (a duplicate key, a number that is not finite, a string that is
 * not UTF-8, a raw item); TP_ELIMIT over the nesting or memory limits. Its values have no line.
 */
TP_API int tp_document_wrap(tp_document **out, const void *cjson_root,
                            const tp_document_options *opts);

/** Frees a document. NULL is accepted. */
TP_API void tp_document_free(tp_document *doc);

/** "json", "csv" or "cjson" (tp_document_wrap): how the document was read. */
TP_API const char *tp_document_format(const tp_document *doc);

/**
 * Gives a CSV document the types its schema for the binding `name` (NULL: "input") of the plan
 * says: a cell becomes a boolean (true/false), a number, or null (a value the schema lists in
 * `x-tokpol-null`, where the column's type allows null); other cells stay strings. The header is
 * checked against the schema's `x-tokpol-columns`. Call it once, before tp_plan_validate and
 * tp_evaluate and before threads share the document. A JSON document, or a binding without a
 * schema, is left as it is. 0, or TP_EINPUT with *err (a missing column).
 */
TP_API int tp_plan_type_document(const tp_plan *plan, const char *name, tp_document *doc,
                                 tp_input_error *err);

/** The format the plan's schema for the binding `name` names (`x-tokpol-format`), or NULL. */
TP_API const char *tp_plan_input_format(const tp_plan *plan, const char *name);

/**
 * Validates a document against the plan's schema for the binding `name` (NULL: "input"). 0 when
 * it conforms or there is no schema; TP_EINPUT when it does not, with *err naming the JSON
 * pointer, the schema rule that failed, and the line and column.
 */
TP_API int tp_plan_validate(const tp_plan *plan, const char *name, const tp_document *doc,
                            tp_input_error *err);

/** Whether the plan has a schema for the binding `name` (NULL: "input"). */
TP_API int tp_plan_has_schema(const tp_plan *plan, const char *name);

/* ---------------------------------------------------------------------------------------- */
/* Evaluating                                                                                */

typedef struct tp_result tp_result;
struct tp_finding;

/**
 * The findings a team already knows of: the fingerprints of the `fail` (and `baseline`) findings
 * of an earlier JSON report. Findings found in it get status TP_FINDING_BASELINE and do not fail
 * the run, so a team can adopt tokpol on a messy inventory and stop the bleeding first.
 */
typedef struct tp_baseline tp_baseline;

/** Reads a JSON report written by `tokpol check --format json`. TP_EINPUT (with *err) when it
 * is not one. Free with tp_baseline_free. */
TP_API int tp_baseline_load(tp_baseline **out, const char *path, const tp_document_options *opts,
                            tp_input_error *err);

/** Frees a baseline. NULL is accepted. */
TP_API void tp_baseline_free(tp_baseline *baseline);

/** Number of findings in the baseline. */
TP_API size_t tp_baseline_count(const tp_baseline *baseline);

/** A finding of a baseline, as the earlier report said it. Strings live as long as the baseline;
 * those an older report did not have are "". */
typedef struct tp_baseline_finding {
    const char *fingerprint;
    const char *rule;
    const char *title;
    const char *input;
    const char *subject;
    const char *message;
    tp_severity severity;
} tp_baseline_finding;

/** Finding i of the baseline (in fingerprint order); NULL when out of range. */
TP_API const tp_baseline_finding *tp_baseline_at(const tp_baseline *baseline, size_t i);

/**
 * Called with each finding as the evaluation makes it (rules in id order, subjects in list
 * order). The finding and its strings are valid during the call only when the result discards
 * findings or has a max_findings limit (a worse finding may evict it later), else as long as the
 * result. Return 0 to go on; anything else stops the evaluation, which then returns TP_ECANCELED.
 */
typedef int (*tp_finding_fn)(const struct tp_finding *finding, void *payload);

/** How a result keeps and counts findings. */
typedef struct tp_result_options {
    unsigned version;
    const tp_allocator *allocator;
    tp_severity fail_on; /**< findings at or above this severity fail the run */
    size_t max_findings; /**< keep at most this many, the worst (0: no limit); all are counted */
    size_t max_findings_per_rule; /**< keep at most the first this many (in list order) per rule
                                       and input (0: no limit); max_findings may keep fewer */
    tp_finding_fn on_finding;     /**< streaming: called for every finding; may be NULL */
    void *payload;                /**< passed to on_finding */
    int discard_findings; /**< with on_finding: keep none, only the counts (constant memory) */
    const tp_baseline *baseline; /**< known findings; borrowed until the last tp_evaluate */
    /** Version 3: a rule that ran on an input and checked no subject there makes the verdict
     * TP_VERDICT_ERROR (`tokpol check --strict`): the gate cannot vouch for what it did not
     * check. 0 (the default): such rules are only listed as having checked nothing. */
    int fail_on_unchecked;
} tp_result_options;

/* Version 2: the clock, rule filters and waiver warnings moved to tp_eval_options. Version 3
 * added fail_on_unchecked; a version 2 struct is still accepted (as fail_on_unchecked 0). */
#define TP_RESULT_OPTIONS_VERSION 3
#define TP_RESULT_OPTIONS_INIT                                                                     \
    {                                                                                              \
        TP_RESULT_OPTIONS_VERSION, NULL, TP_SEVERITY_LOW, 0, 0, NULL, NULL, 0, NULL, 0             \
    }

/** Sets *opts to TP_RESULT_OPTIONS_INIT, or a version 2 struct to its defaults; TP_EINVAL for
 * another version (version 1 too). */
TP_API int tp_result_options_init(tp_result_options *opts, unsigned version);

/**
 * Creates an empty result (NULL options: the defaults). It may be created before anything is
 * compiled, so that what goes wrong before evaluation (policy diagnostics, inputs that cannot be
 * loaded) is recorded in it and reported like findings. The plan given to tp_evaluate must
 * outlive it.
 */
TP_API int tp_result_new(tp_result **out, const tp_result_options *opts);

/** Frees a result. NULL is accepted. */
TP_API void tp_result_free(tp_result *result);

/**
 * Binds a document for one evaluation. With `name` NULL the document is `input` and, when it
 * is an object, each of its top-level keys is a name too; otherwise the document is bound as
 * `name` (for joins across exports, like --input NAME=FILE), which takes precedence over a
 * top-level key of the `input` document with that name. A name the evaluation options list in
 * `many` is the list of the documents of every binding of that name, in order (one per file,
 * like --input NAME=GLOB; empty when there is none); each element remembers its document, so
 * findings about it point into that file. Any other name bound twice is TP_EINVAL.
 */
typedef struct tp_binding {
    const char *name;
    const tp_document *doc;
} tp_binding;

/** Whether the document is an object with a top-level field `name`: a name that field would
 * bind, which a binding of the same name hides. */
TP_API int tp_document_has_field(const tp_document *doc, const char *name);

/** How many elements the document holds when it is a list, or members when it is an object; 0
 * for a scalar (or NULL). An empty list fits any list schema, so it says nothing of its kind. */
TP_API size_t tp_document_length(const tp_document *doc);

/** Whether the plan's policies read the top-level name `name` (a field of the input, or a name
 * bound by --input): a binding of a name nothing reads is likely a typo. */
TP_API int tp_plan_reads_name(const tp_plan *plan, const char *name);

/** Whether a pack declares `name` a document of which there are many (`document NAME { many }`):
 * NAME is then a list of documents even when one file is bound to it. */
TP_API int tp_plan_name_is_list(const tp_plan *plan, const char *name);

/** A clause of a rule that decides something for each subject it checks: a `let`, a `where`, or
 * the assertion. */
typedef enum tp_rule_clause_kind {
    TP_CLAUSE_LET = 0,
    TP_CLAUSE_WHERE,
    TP_CLAUSE_REQUIRE,
    TP_CLAUSE_DENY
} tp_rule_clause_kind;

/** What one clause of a rule gave for one subject, in an explanation. */
typedef enum tp_explain_outcome {
    TP_EXPLAIN_VALUE = 0, /**< a let: `value` is its value */
    TP_EXPLAIN_TRUE,      /**< a where or the assertion was true */
    TP_EXPLAIN_FALSE,     /**< ... was false */
    TP_EXPLAIN_FAILED     /**< it could not be evaluated: `value` says why */
} tp_explain_outcome;

/** The verdict of a rule on one subject. */
typedef enum tp_explain_verdict {
    TP_EXPLAIN_PASS = 0,       /**< the assertion holds (a require true, a deny false) */
    TP_EXPLAIN_FAIL,           /**< a finding (a waiver or a baseline may still cover it) */
    TP_EXPLAIN_NOT_APPLICABLE, /**< a where was false: the rule does not apply */
    TP_EXPLAIN_ERROR           /**< a clause could not be evaluated: an error finding */
} tp_explain_verdict;

/** Longest value an explanation shows, in bytes; longer ones are cut, ending in "…". */
#define TP_EXPLAIN_VALUE_MAX 400

/** One clause as evaluated for one subject. */
typedef struct tp_explain_clause {
    tp_rule_clause_kind kind;
    const char *name; /**< a let's name; NULL for the others */
    const char *text; /**< its expression as written, white space collapsed (NULL if unknown) */
    const char *file; /**< where it is written */
    unsigned line, column;
    tp_explain_outcome outcome;
    /** The let's value or the error, rendered as finding messages render values: a string that
     * is a credential, or read from a field named like one, is masked ("[redacted]"). NULL
     * for TP_EXPLAIN_TRUE and TP_EXPLAIN_FALSE. */
    const char *value;
} tp_explain_clause;

/** Why a rule passed, failed or did not apply to one subject. Everything it points to lives
 * until the callback returns. */
typedef struct tp_explain_subject {
    const char *rule;    /**< the rule's id */
    const char *input;   /**< the input's name, as given to tp_evaluate */
    const char *subject; /**< named as its finding would name it */
    const char *pointer; /**< its JSON pointer in the input; "" when it has none */
    unsigned input_line; /**< its line in the input when known, else 0 */
    tp_explain_verdict verdict;
    /** The clauses evaluated, in order: the lets and wheres up to the first that was false or
     * failed, then the assertion when it was reached. */
    const tp_explain_clause *clauses;
    size_t nclauses;
} tp_explain_subject;

/** An explanation callback (tp_eval_options.explain): 0 to go on; anything else stops the
 * evaluation, which then returns TP_ECANCELED. It is called after the subject's finding, if any,
 * was recorded. A rule whose `for` list cannot be evaluated has no subject to explain: its error
 * finding says why. */
typedef int (*tp_explain_fn)(void *arg, const tp_explain_subject *subject);

/** Writes an explanation as `tokpol check --explain` prints it: the rule, subject and verdict,
 * where the subject is in its input, then per clause its place in the policy (file:line:col),
 * its text and what it gave. Strings from inputs and policies are escaped as in the text report
 * (no control character reaches a terminal). Allocates with the C library's malloc. 0, TP_EINVAL,
 * TP_ENOMEM or TP_EIO. */
TP_API int tp_explain_write(FILE *stream, const tp_explain_subject *subject);

/** The settings of one evaluation. */
typedef struct tp_eval_options {
    unsigned version;
    /**
     * The clock, microseconds since the epoch (see tp_time_parse). 0, the default, means the
     * current UTC time (to the second) when the first evaluation into the result starts, never
     * the epoch; every evaluation into one result uses the clock of the first. Set it to replay
     * a check at another time.
     */
    int64_t now_us;
    /** Glob patterns (fnmatch) of rule ids to run; NULL/0: every rule. Borrowed. */
    const char *const *rules;
    size_t nrules;
    /** Glob patterns of rule ids not to run. Borrowed. */
    const char *const *skip_rules;
    size_t nskip_rules;
    /** Report waivers expiring within this long (as waiver.expiring); 0: do not. */
    int64_t warn_expiring_us;
    /* Version 2: */
    /** Names bound as lists of documents (see tp_binding). Borrowed. */
    const char *const *many;
    size_t nmany;
    /** Bytes the evaluation's working memory (lists, indexes, strings it builds) may hold: over
     * it, tp_evaluate stops with TP_ELIMIT. 0: TP_DEFAULT_MAX_MEMORY; SIZE_MAX: no limit. */
    size_t max_memory;
    /* Version 3: */
    /** Called once per subject of every rule that runs, with what each of its clauses gave
     * (`tokpol check --explain`); NULL, the default: nothing is traced. See tp_explain_fn. */
    tp_explain_fn explain;
    void *explain_arg; /**< passed to explain */
    /* Version 4: */
    /**
     * Threads that check this input's subjects at once, the calling thread one of them; 0 or
     * 1, the default: the calling thread alone (at most 64). Each checks an equal range of every
     * rule's `for` list, and the rules without `for` run on one thread more (so 65 at most, and
     * tp_result_input_threads counts it); their findings are
     * merged in list order, so the result is the one thread's, finding for finding. Each
     * thread's working memory is bounded by max_memory divided by the threads; when a thread
     * needs more, a subject's evaluation fails (its error group must see every subject), or the
     * threads' generator steps together pass the evaluation's, the input is evaluated again on
     * the calling thread alone, so a limit stops what it would have stopped. Not used with
     * explain, a result's on_finding or its max_findings_per_rule (findings then come in list
     * order). With more than one thread, the result's allocator is called from them at once.
     */
    unsigned threads;
    /* Version 5: */
    /** Generator elements (what `for` clauses and comprehensions visit) one subject may visit:
     * nested generators multiply the lengths of their lists, so a short policy could otherwise
     * run for hours. Over it, the subject gets an error finding naming the generator. 0:
     * TP_DEFAULT_MAX_SUBJECT_STEPS; UINT64_MAX: no limit. */
    uint64_t max_subject_steps;
    /** Generator elements one evaluation (every rule's subjects of the input together) may
     * visit; over it, every later subject gets the error finding. 0: TP_DEFAULT_MAX_STEPS;
     * UINT64_MAX: no limit. */
    uint64_t max_steps;
} tp_eval_options;

/** The generator elements a subject, and an evaluation, may visit unless told otherwise. */
#define TP_DEFAULT_MAX_SUBJECT_STEPS 10000000u
#define TP_DEFAULT_MAX_STEPS 1000000000u

/* Version 2 added many, nmany and max_memory; version 3 explain and explain_arg; version 4
 * threads; version 5 max_subject_steps and max_steps. Version 1 to 4 structs are still
 * accepted. */
#define TP_EVAL_OPTIONS_VERSION 5
#define TP_EVAL_OPTIONS_INIT                                                                       \
    {                                                                                              \
        TP_EVAL_OPTIONS_VERSION, 0, NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0, 0           \
    }

/** Sets *opts to TP_EVAL_OPTIONS_INIT, or an older version's struct (1 to 4) to its defaults,
 * writing no further than that struct's end; TP_EINVAL for another version. */
TP_API int tp_eval_options_init(tp_eval_options *opts, unsigned version);

/**
 * Evaluates every rule of `plan` (that the options select) over the bound documents and appends
 * the findings to `result` as one input named `input_name` (copied). `opts` NULL means the
 * defaults: every rule, at the current time. Evaluation errors are findings, not a failure of
 * this call; it fails only for TP_ENOMEM, TP_ELIMIT (max_memory), TP_ECANCELED (a callback
 * asked to stop) and TP_EINVAL (e.g. another plan, or another clock, than earlier evaluations into
 * the same result). After TP_ENOMEM, TP_ELIMIT or TP_ECANCELED the findings made so far stay in
 * the result, but the check is incomplete: its verdict is at best TP_VERDICT_ERROR, never PASS.
 */
TP_API int tp_evaluate(tp_result *result, const tp_plan *plan, const char *input_name,
                       const tp_binding *bindings, size_t nbindings, const tp_eval_options *opts);

/**
 * One piece of a finding's evidence: a field of the subject's record that the rule reads, or a
 * value the rule computed (a `let`), rendered as messages render values (redacted, and cut at 120
 * bytes). A list's items are entries of their own, one after the other, with `item` set.
 */
typedef struct tp_evidence {
    const char *name;  /**< the field's path ("owner", "scopes.admin") or the let's name */
    const char *value; /**< "20181", "2024-02-01T00:00:00Z", "(absent)" */
    unsigned char is_let;
    unsigned char item;
} tp_evidence;

/** One finding. Strings live as long as the result. */
typedef struct tp_finding {
    const char *rule;
    const char *title;
    tp_severity severity;
    tp_finding_status status;
    const char *input;   /**< the input's name */
    const char *subject; /**< the subject's id, or its JSON pointer */
    const char *pointer; /**< JSON pointer of the subject in its input ("" for the root) */
    unsigned input_line; /**< where the subject's record starts in the input; 0: unknown */
    unsigned input_column;
    const char *message;     /**< redacted: never holds a credential value */
    const char *remediation; /**< what to do; NULL when the rule says nothing */
    const char *policy_file; /**< where the rule is written */
    unsigned policy_line, policy_column;
    const char *fingerprint; /**< 32 hex digits from rule id, input name and subject */
    /** The waiver that covers a waived finding, or that a waiver.* finding is about; else NULL. */
    const tp_waiver_info *waiver;
    /** What the rule saw: the record's fields it reads, then its lets (at most 16 entries); none
     * for errors and waiver.* findings. */
    const tp_evidence *evidence;
    size_t nevidence;
    /** The file of a subject read from a document bound by name (--input NAME=FILE), which
     * input_line is about; NULL for the input's own document (or a document with no name). */
    const char *input_file;
} tp_finding;

/** Counts over everything evaluated into a result. */
typedef struct tp_summary {
    size_t rules;   /**< rules that ran (after rule filters) in some evaluation into the result */
    size_t checked; /**< (rule, subject) pairs decided or failed to decide */
    size_t failed;  /**< findings with status fail, any severity */
    size_t failing; /**< findings with status fail at or above fail_on */
    size_t waived;
    size_t errors;
    size_t baseline; /**< findings known from the baseline */
    size_t inputs;
    size_t dropped; /**< findings counted but not kept (max_findings, discard_findings) */
} tp_summary;

/**
 * Number of findings kept, sorted by input, then worst first: findings that need action (fail,
 * error) before those known from the baseline and the waived ones, then by severity (most severe
 * first; an error before a failure of the same severity), rule id and subject. With max_findings,
 * the worst of all inputs are kept in that order.
 */
TP_API size_t tp_result_finding_count(const tp_result *result);

/** The i-th finding; NULL when out of range. */
TP_API const tp_finding *tp_result_finding(const tp_result *result, size_t i);

/** Fills *out with the result's counts. */
TP_API void tp_result_summary(tp_summary *out, const tp_result *result);

/** tp_result_count's `input` for every input. */
#define TP_RESULT_ALL_INPUTS ((size_t)-1)

/**
 * How many findings of input `input` (0-based, or TP_RESULT_ALL_INPUTS) have this status and
 * severity: true totals, findings left out by max_findings or discard_findings included.
 */
TP_API size_t tp_result_count(const tp_result *result, size_t input, tp_finding_status status,
                              tp_severity severity);

/** Number of inputs evaluated so far, their names and (rule, subject) counts. */
TP_API size_t tp_result_input_count(const tp_result *result);
TP_API const char *tp_result_input_name(const tp_result *result, size_t i);
TP_API size_t tp_result_input_checked(const tp_result *result, size_t i);

/**
 * The findings of the baseline that are fixed: failing in the baseline report, and found no more
 * although their rule ran on their input (same name) here. Findings of rules or inputs this
 * result did not check are neither fixed nor new. In baseline (fingerprint) order.
 */
TP_API size_t tp_result_fixed_count(const tp_result *result);
TP_API const tp_baseline_finding *tp_result_fixed(const tp_result *result, size_t i);

/** What input i is about, as its pack header's `about` says ("team Acme (id 170312)"); NULL when
 * no pack says, or the input lacks what it names. */
TP_API const char *tp_result_input_about(const tp_result *result, size_t i);

/** How many threads evaluated input i (tp_eval_options.threads): 1 when the calling thread did
 * alone, as it does when threads were not asked for, could not be used (explanations, streamed
 * findings, max_findings_per_rule), or a share stopped and the input was evaluated again on one
 * thread (an evaluation error, a share's part of max_memory); 0 for an index out of range. */
TP_API size_t tp_result_input_threads(const tp_result *result, size_t i);

/** The clock the result was evaluated with, in microseconds since the epoch; 0 before the first
 * evaluation. */
TP_API int64_t tp_result_now(const tp_result *result);

/**
 * Whether plan rule `rule` (0-based, as tp_plan_rule) ran on input `input` (0-based, as
 * tp_result_input_name): 1, with the number of subjects it checked there in *out (may be NULL);
 * 0 when the rule filters left it out of that evaluation, or an index is out of range. A rule
 * that ran and checked 0 subjects "checked nothing": its `for` list was empty, or its `where`
 * clauses excluded every subject. Reports list such rules.
 */
TP_API int tp_result_rule_checked(size_t *out, const tp_result *result, size_t input, size_t rule);

/** How many findings plan rule `rule` made on input `input` with this status, kept or not (0
 * when it did not run there, or an index is out of range). */
TP_API size_t tp_result_rule_findings(const tp_result *result, size_t input, size_t rule,
                                      tp_finding_status status);

/** A clause, and how the evaluations into a result reached it (`tokpol test --coverage`). */
typedef struct tp_clause_coverage {
    tp_rule_clause_kind kind;
    const char *name; /**< a let's name; NULL for the others */
    const char *file; /**< where its expression is written (strings live as long as the plan) */
    unsigned line, column;
    size_t reached; /**< subjects it was evaluated for */
    size_t held;    /**< its condition was true (a let: it had a value) */
    size_t failed;  /**< its condition was false: a where dropped the subject, a require failed,
                         a deny passed */
    size_t errors;  /**< it could not be evaluated */
} tp_clause_coverage;

/** Number of clauses of plan rule `rule`: its lets and wheres in the order written, then its
 * assertion (always the last). 0 when out of range. */
TP_API size_t tp_plan_rule_clause_count(const tp_plan *plan, size_t rule);

/** Clause `clause` of plan rule `rule`, with zero counts. TP_EINVAL when out of range. */
TP_API int tp_plan_rule_clause(tp_clause_coverage *out, const tp_plan *plan, size_t rule,
                               size_t clause);

/** The same, with the counts of every evaluation into `result` (of the result's plan). TP_EINVAL
 * when out of range or nothing was evaluated. */
TP_API int tp_result_clause_coverage(tp_clause_coverage *out, const tp_result *result, size_t rule,
                                     size_t clause);

/** How many (input, rule) pairs ran and checked nothing; see tp_result_rule_checked. */
TP_API size_t tp_result_unchecked_count(const tp_result *result);

/** What a diagnostic recorded in a result is about; it decides the verdict. */
typedef enum tp_diag_source {
    TP_DIAG_SOURCE_POLICY = 0, /**< the policies: a diagnostic of tp_compiler_compile */
    TP_DIAG_SOURCE_INPUT,      /**< an input (or baseline) that could not be loaded or validated */
    TP_DIAG_SOURCE_SELECTION /**< rule filters that select nothing (tp_result_check_rule_filters) */
} tp_diag_source;

/** A diagnostic recorded in a result. Its strings live as long as the result. `diag.file` is the
 * policy file, or the input's name; NULL (with line 0) when it is about no file. */
typedef struct tp_run_diag {
    tp_diag_source source;
    tp_diag diag;
} tp_run_diag;

/**
 * Records a diagnostic (copied) in the result, so that reports carry it. Policy diagnostics come
 * from the compiler: `for (i < tp_compiler_diag_count(c)) tp_result_add_diag(r,
 * TP_DIAG_SOURCE_POLICY, tp_compiler_diag(c, i))`, warnings and notes too. An error of source
 * POLICY or INPUT decides the verdict (see tp_result_verdict). 0, TP_EINVAL or TP_ENOMEM.
 */
TP_API int tp_result_add_diag(tp_result *result, tp_diag_source source, const tp_diag *diag);

/**
 * Records that an input could not be used: `status` is what tp_document_load, tp_plan_validate
 * or tp_baseline_load returned (TP_EIO: code "E-INPUT-IO", TP_ELIMIT: "E-INPUT-LIMIT", TP_ENOMEM:
 * "E-INPUT-MEMORY", otherwise "E-INPUT"), `err` where and why (may be NULL). `input_name` is
 * copied. The verdict becomes TP_VERDICT_INPUT_ERROR. 0, TP_EINVAL or TP_ENOMEM.
 */
TP_API int tp_result_add_input_error(tp_result *result, const char *input_name, int status,
                                     const tp_input_error *err);

/**
 * Checks the rule filters of `opts` (NULL: none) against `plan` before anything is evaluated:
 * each pattern of `rules` and of `skip_rules` must match some rule of the plan, and some rule
 * must be left to run. Each problem is recorded in the result (source TP_DIAG_SOURCE_SELECTION,
 * codes "E-RULE-FILTER" and "E-NO-RULE-SELECTED"; once, however often it is checked) and the
 * call returns TP_EINVAL; the verdict is then TP_VERDICT_NONE. tp_evaluate runs the same check
 * and refuses in the same way, so a filter typo never yields a pass. It binds the result to the
 * plan, as tp_evaluate does. 0, TP_EINVAL or TP_ENOMEM.
 */
TP_API int tp_result_check_rule_filters(tp_result *result, const tp_plan *plan,
                                        const tp_eval_options *opts);

/**
 * Records that `count` diagnostics were found but not given to tp_result_add_diag (the
 * compiler's tp_compiler_diags_left_out), so that the JSON and SARIF reports say their list is
 * incomplete. Counts add up. 0 or TP_EINVAL.
 */
TP_API int tp_result_add_diags_left_out(tp_result *result, size_t count);

/** How many diagnostics tp_result_add_diags_left_out recorded as left out. */
TP_API size_t tp_result_diags_left_out(const tp_result *result);

/** Number of diagnostics recorded in the result, in the order they were added. */
TP_API size_t tp_result_diag_count(const tp_result *result);

/** The i-th diagnostic recorded in the result; NULL when out of range. */
TP_API const tp_run_diag *tp_result_diag(const tp_result *result, size_t i);

/**
 * Moves what was evaluated into `from` to the end of `into`, as if those evaluations had been
 * made into `into` (inputs, findings and counts, in order; `into`'s max_findings applies): how a
 * host that evaluates inputs on several threads, each into a result of its own, makes one report.
 * Both must have the same plan, clock and allocator, and the same options that decide what is
 * counted and kept (fail_on, max_findings, max_findings_per_rule, discard_findings,
 * fail_on_unchecked, baseline): TP_EINVAL otherwise, and nothing moves. `from` is then empty, to
 * be freed (its findings' strings now belong to `into`, without a copy). `into`'s on_finding is
 * not called for the findings moved. Diagnostics recorded in `from` are copied, also when
 * nothing was evaluated into it (an input that never loaded fails `into` too); baseline findings
 * fixed in its inputs are listed as fixed in `into`. TP_ENOMEM leaves both freeable.
 */
TP_API int tp_result_merge(tp_result *into, tp_result *from);

/**
 * What a CI gate should do with a result: the verdict of the first stage that went wrong, in the
 * order a run goes (policies, rule selection, inputs, evaluation). Only TP_VERDICT_PASS is a
 * pass. `tokpol check` exits with 3, 2, 4, 5, 1 and 0 for POLICY_ERROR, NONE, INPUT_ERROR, ERROR,
 * FAIL and PASS.
 */
typedef enum tp_verdict {
    TP_VERDICT_PASS = 0,  /**< rules ran, and nothing at or above fail_on failed */
    TP_VERDICT_FAIL = 1,  /**< a finding at or above fail_on */
    TP_VERDICT_ERROR = 2, /**< a rule could not decide for some subject (takes precedence over
                               FAIL), an evaluation stopped before every rule ran, or, with
                               fail_on_unchecked, checked nothing in an input */
    TP_VERDICT_NONE = 3,  /**< nothing was checked: no evaluation ran a rule, or the rule filters
                               select nothing (tp_result_check_rule_filters); not a pass */
    TP_VERDICT_POLICY_ERROR = 4, /**< an error diagnostic of source POLICY: nothing compiled */
    TP_VERDICT_INPUT_ERROR = 5   /**< an error of source INPUT: an input could not be used */
} tp_verdict;

TP_API tp_verdict tp_result_verdict(const tp_result *result);

/** "pass", "fail", "error", "none", "policy_error" or "input_error"; a static string. */
TP_API const char *tp_verdict_name(tp_verdict verdict);

/* ---------------------------------------------------------------------------------------- */
/* Reports                                                                                   */

/** The `$schema` of a JSON report, which tp_baseline_load requires (with tool.name "tokpol"). */
#define TP_REPORT_SCHEMA "https://tokpol.dev/schema/report-v1.json"

typedef enum tp_format {
    TP_FORMAT_TEXT = 0, /**< for people at a terminal */
    TP_FORMAT_JSON,     /**< the result as data (schema/report-v1.json) */
    TP_FORMAT_SARIF,    /**< SARIF 2.1.0, for code scanning */
    TP_FORMAT_JUNIT,    /**< JUnit XML (Ant schema), for CI test views */
    TP_FORMAT_GITLAB,   /**< GitLab Code Quality JSON */
    TP_FORMAT_GITHUB,   /**< GitHub Actions workflow commands (annotations) */
    TP_FORMAT_MARKDOWN, /**< a pull-request comment */
    TP_FORMAT_HTML      /**< a self-contained audit report */
} tp_format;

/** Whether inputs were validated against their schemas before evaluation; reports say so. */
typedef enum tp_validation {
    TP_VALIDATION_SKIPPED = -1, /**< there were schemas, but validation was skipped */
    TP_VALIDATION_NONE = 0,     /**< no input had a schema */
    TP_VALIDATION_PASSED = 1    /**< every input with a schema conforms to it */
} tp_validation;

typedef struct tp_report_options {
    unsigned version;
    int color;                /**< ANSI colours in the text format */
    int quiet;                /**< text format: findings and the summary only, no input header */
    int exit_code;            /**< recorded in the JSON summary as `exit_code` */
    tp_validation validation; /**< what the reports say about schema validation */
    /** Version 2: the directory the consumer resolves paths from (the repository's checkout, the
     * CI's project directory), absolute; borrowed. SARIF names files inside it relative to
     * %SRCROOT% (declared in originalUriBaseIds), GitLab and GitHub relative to it. NULL: paths
     * as given (relative ones still relative to %SRCROOT%). */
    const char *srcroot;
    /** Version 3: threads that may format the findings of a text, JSON or SARIF report at once
     * (the text report: an input's findings at a time), the calling thread one of them (0 or 1:
     * it alone). The text is the same whatever the number. With more than one, the result's
     * allocator is called from them at once. */
    unsigned threads;
} tp_report_options;

/* Version 2 added srcroot, version 3 threads; version 1 and 2 structs are still accepted. */
#define TP_REPORT_OPTIONS_VERSION 3
#define TP_REPORT_OPTIONS_INIT                                                                     \
    {                                                                                              \
        TP_REPORT_OPTIONS_VERSION, 0, 0, 0, TP_VALIDATION_NONE, NULL, 0                            \
    }

/** Sets *opts to TP_REPORT_OPTIONS_INIT, or a version 1 or 2 struct to its defaults; TP_EINVAL
 * for another version. */
TP_API int tp_report_options_init(tp_report_options *opts, unsigned version);

/** Parses "text", "json", "sarif", "junit", "gitlab", "github", "markdown", "html" into *out.
 * TP_EINVAL for anything else. */
TP_API int tp_format_parse(tp_format *out, const char *name);

/** The name tp_format_parse reads ("json", ...); "unknown" for another value. A static string. */
TP_API const char *tp_format_name(tp_format format);

/** Renders `result` (the plan it was evaluated with must still live) to `stream`, whatever its
 * verdict: a result with no plan (nothing compiled) or nothing evaluated is reported with its
 * diagnostics, every format still one valid document. TP_EIO if a write fails, with errno that
 * write's (whichever of the report's threads made it). */
TP_API int tp_report_write(FILE *stream, const tp_result *result, tp_format format,
                           const tp_report_options *opts);

/**
 * Renders into the caller's buffer of `size` bytes, always NUL-terminated when size > 0. The
 * full length plus one is stored in *needed (may be NULL); when it exceeds `size` the report is
 * truncated and TP_ELIMIT returned, so a caller can retry with a buffer of *needed bytes.
 */
TP_API int tp_report_render(char *buf, size_t size, size_t *needed, const tp_result *result,
                            tp_format format, const tp_report_options *opts);

/** Writes `text` into buf (`size` bytes, always NUL-terminated when size > 0) with every
 * credential-shaped span masked as the reports mask it ("[github-token sha256:1a2b3c4d]",
 * "https://deploy:[url-password]@host", "password=[redacted]"; docs/credentials.md), cut at a
 * UTF-8 character boundary when it does not fit. For text an embedder prints next to tokpol's
 * (its own errors, echoed arguments, file names). Returns the length of the whole masked text,
 * like snprintf. Allocates nothing; thread-safe. */
TP_API size_t tp_redact(char *buf, size_t size, const char *text);

#ifdef __cplusplus
}
#endif

#endif /* TOKPOL_H */
