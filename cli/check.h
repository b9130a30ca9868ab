/* What the parts of `tokpol check` share: its options, and the steps check.c runs in order
 * (parse the arguments, load and validate the inputs, evaluate, write the reports). */
#ifndef TOKPOL_CLI_CHECK_H
#define TOKPOL_CLI_CHECK_H

#include "cli.h"
#include "run_limits.h"

struct cJSON; /* an inline document of tokpol test */

typedef struct check_opts {
    cli_policy_opts pol;
    const char **inputs; /* positional */
    size_t ninputs;
    const char **named; /* NAME=FILE */
    size_t nnamed;
    const char **rules, **skip_rules; /* glob patterns */
    size_t nrules, nskip_rules;
    const char **outputs; /* -o [FORMAT:]FILE */
    size_t noutputs;
    const char *now, *format, *fail_on, *color, *warn_expiring, *baseline;
    int format_flag; /* --format was given on the command line (not by a variable or the file) */
    size_t max_bytes, max_findings, max_per_rule, max_json_depth, max_memory, jobs;
    cli_run_limits run_limits; /* --max-regex-input and the generator budgets */
    const char *input_format;  /* --input-format: json or csv, for every input */
    const char **schemas;      /* NAME=FILE */
    size_t nschemas;
    int no_validate;
    int quiet;
    char **packs;        /* --pack: the policies they add (directories, builtin:NAME), owned */
    size_t npacks;       /* --pack given: positional inputs are bound to the packs' documents */
    const char *explain; /* --explain RULE[:SUBJECT] */
} check_opts;

/* The getopt_long codes of check's long-only options (check_options.c, check_args.c). */
enum check_option_id {
    O_PARAM = 256,
    O_INPUT,
    O_NOW,
    O_FORMAT,
    O_FAIL_ON,
    O_COLOR,
    O_MAX_BYTES,
    O_RULE,
    O_SKIP_RULE,
    O_MAX_FINDINGS,
    O_WAIVERS,
    O_WARN_EXPIRING,
    O_BASELINE,
    O_MAX_PER_RULE,
    O_MAX_JSON_DEPTH,
    O_MAX_EXPR_DEPTH,
    O_MAX_REGEX_BYTES,
    O_MAX_ERRORS,
    O_STRICT,
    O_SCHEMA,
    O_NO_VALIDATE,
    O_INPUT_FORMAT,
    O_MAX_MEMORY,
    O_PACK,
    O_EXPLAIN,
    O_NO_CONFIG
};

/* check.c: frees what the options hold (not the strings: they are argv's or a config's). */
void check_opts_free(check_opts *o);

/* check_packs.c: --pack NAME, a directory of TOKPOL_PACKS, else of share/tokpol/packs beside the
 * binary (or NAME itself when it is a path): added as a policy. 0, or -1 after a usage error. */
int check_add_pack(check_opts *o, const char *name);
/* The policies of pack `name` (found as --pack finds it, or a directory), each handed to add:
 * "builtin:NAME" for the built-in rules it extends, then the *.tpol files at the top of its
 * directory. 0; -1 after a usage error, or when add returns nonzero. */
typedef int (*check_pack_add)(const char *policy, void *state);
int check_pack_policies(const char *name, check_pack_add add, void *state);
void check_free_packs(check_opts *o);
/* check_packs.c: the directory of pack NAME in the packs' directory into out; 0 or -1 (also
 * for a NAME that is not a pack name). */
int check_find_pack(const char *name, char *out, size_t size);
/* check_packs.c: NULL when `name` is a pack name (letters, digits, '-', '_' and '.', not first),
 * else what to say of it. A name with a '/' is a path, not a name. */
const char *check_pack_name_error(const char *name);
/* check_packs.c: the directory of the packs, $TOKPOL_PACKS, else BIN/../share/tokpol/packs
 * (installed) or BIN/share/tokpol/packs (a build tree); 0 or -1. */
int check_packs_root(char *out, size_t size);

/* check_args.c: fills *o from the command line; 0, an exit code, or -1 after --help. */
int check_parse_args(check_opts *o, int argc, char **argv);

/* check_inputs.c: the documents of one run. */
typedef struct input_doc {
    const char *name;          /* the binding: NULL for a positional input */
    const char *spec;          /* the argument it came from, for messages */
    char *path;                /* the file ("-": standard input), or an inline document's label */
    const char *format;        /* json, csv, or NULL: the schema's, else the file name's */
    const struct cJSON *value; /* an inline document (tokpol test), read instead of a file */
    tp_document *doc;
    int status;         /* why it did not load or conform (a tp_status), reported in input order */
    int invalid;        /* it loaded, and does not conform to its schema */
    tp_input_error err; /* where and why */
    /* A positional input loaded as it is evaluated: for each named document after it, whether
     * it has a field of that name (what the warnings about names ask once the document is gone). */
    unsigned char *hides;
} input_doc;

typedef struct loaded {
    input_doc *docs; /* positional inputs (directories expanded), then named ones */
    size_t ndocs, npositional;
    tp_binding *named; /* the named documents' bindings, in order */
    size_t nnamed;
    const char **many; /* names bound as lists of documents: globs, directories, repeated names */
    size_t nmany;
    char **owned; /* names cut from NAME=FILE specs */
    size_t nowned;
    tp_result *res;      /* the run's result: input errors are recorded in it */
    int quiet;           /* record errors without printing them, and warn of nothing */
    const char *context; /* printed before each error ("t.tpol-test.json: case 2") */
    /* Positional inputs are loaded by the thread that evaluates them, and freed after, so a run
     * holds as many inventories as it has threads, not as many as it is given (check only: not
     * with --pack, whose files are bound together, nor --explain, which prints as it goes). */
    int load_as_evaluated;
    int positional_failed; /* one of those did not load or conform: no result was kept */
} loaded;

/* check_packs.c: with --pack, binds each positional document to the one pack document whose
 * schema it validates against; 0, or EXIT_INPUT after recording why a file fits none or
 * several, or a required document was not given. */
int check_bind_documents(loaded *l, const tp_plan *plan);
/* check_packs.c: without --pack, each document the plan's packs read that is not optional must
 * be given all the same (-p with a pack's policies, a test case): bound by name, or, the root
 * one, as the positional input. 0, or EXIT_INPUT after recording each one missing. */
int check_named_documents(loaded *l, const tp_plan *plan);
/* check_inputs.c: binds `name` to a list of documents. */
void check_push_many(loaded *l, const char *name);

/* check.c: prints an input's error the way a compiler prints a diagnostic, and records it in
 * the run's result, so that every report says why nothing was evaluated. `status` is what the
 * loader returned. */
void check_input_error(tp_result *res, const char *path, int status, const tp_input_error *e);
/* check_inputs.c: prints an input's error only. */
void check_print_input_error(const char *path, const tp_input_error *e);
/* check_inputs.c: an error of one of l's documents: printed (after l->context) unless l->quiet,
 * and recorded in l->res. */
void check_loaded_error(const loaded *l, const char *path, int status, const tp_input_error *e);
/* check_inputs.c: how messages name document d: its path, or <stdin>. */
const char *check_input_label(const input_doc *d);

/* check_inputs.c: finding and loading the inputs, in steps that `tokpol test` shares: start,
 * add positional inputs (before any named one), named ones and inline documents, then load. */
void check_inputs_start(loaded *l, tp_result *res);
/* [FORMAT:]FILE|DIR: a directory adds each of its .json and .csv files, sorted. */
void check_add_input(loaded *l, const char *spec);
/* NAME=[FORMAT:]FILE|DIR|GLOB: a directory or a glob binds NAME to a list of documents, and so
 * does a NAME given again (by a spec or inline). */
void check_add_named_input(loaded *l, const char *spec);
/* A document given as a cJSON value (borrowed: it must outlive l), bound as `name` (NULL: the
 * positional input); `label` names it in messages. A name given again is a list too. */
void check_add_inline(loaded *l, const char *name, const char *label, const struct cJSON *value);
/* "csv:report.txt" -> "csv" in *format and "report.txt"; a prefix that names no reader is part
 * of the path (*format NULL). */
const char *check_split_format(const char *spec, const char **format);
/* Loads every document added (on --jobs threads; the named ones only when
 * l->load_as_evaluated), reading each in its format and typing CSV cells by the plan's schemas;
 * a pack's `many` document is a list even with one file. Every error is printed and recorded in
 * input order. With --pack, binds the positional documents to the packs' documents. Warns about
 * names no policy reads or that hide a field of an input (check_report_positional does, when
 * the positional ones are loaded as evaluated). 0 or an exit code. */
int check_load_inputs(loaded *l, const check_opts *o, const tp_plan *plan);
/* Loads positional input i of l when it is loaded as it is evaluated (its error, or its schema's
 * verdict, in its input_doc). 0, or 1 when it did not load or does not conform. */
int check_load_positional(loaded *l, size_t i, const check_opts *o, const tp_plan *plan);
/* After the positional inputs loaded as evaluated: warns about the --input names once every
 * document loaded (conforming or not), then prints and records the positional inputs' errors in
 * input order: EXIT_INPUT and l->positional_failed when there was one, else 0. */
int check_report_positional(loaded *l, const tp_plan *plan);
/* When nothing is evaluated (an --input document or the baseline did not load or conform), the
 * positional inputs loaded as evaluated are loaded all the same, and freed, so that their errors
 * are said too. 0 or EXIT_INPUT (check_report_positional). */
int check_load_positional_only(loaded *l, const check_opts *o, const tp_plan *plan);
/* All of it for `check`: the positional inputs and --input specs of o. */
int check_load_all(loaded *l, const check_opts *o, const tp_plan *plan, tp_result *res);
void check_free_loaded(loaded *l);
/* check_evaluate.c: validates every input loaded that has a schema (each error printed and
 * recorded); nothing is evaluated if one does not conform. */
int check_validate_all(const tp_plan *plan, loaded *l, const check_opts *o, tp_validation *state);
/* Validates loaded document d against its binding's schema: d->invalid, and d->err if not. */
int check_validate_doc(const tp_plan *plan, input_doc *d);
/* Evaluates each positional input with the named ones bound (on --jobs threads, merged in input
 * order), or the named ones alone. Each positional document is freed once evaluated (and, with
 * l->load_as_evaluated, loaded just before: if one does not load or conform, no result is kept).
 * 0, or an exit code after printing and recording why. */
int check_evaluate_all(tp_result *res, const tp_plan *plan, loaded *l, const check_opts *o,
                       const tp_result_options *ropts, const tp_eval_options *eopts);

/* Whether `name` is a format FORMAT: prefixes and --input-format take (json, csv). */
int check_known_format(const char *name);

/* check_jobs.c: runs fn(i, arg) for every i < n on up to `jobs` threads, and returns when all
 * are done. */
void check_parallel(size_t n, size_t jobs, void (*fn)(size_t i, void *arg), void *arg);
/* n threads as the library's options count them (the library takes at most 64 anyway). */
unsigned check_threads(size_t n);

/* check_outputs.c: one report to write, a format and a file (NULL: standard output). */
typedef struct output {
    tp_format format;
    const char *path;
} output;

/* Resolves -o [FORMAT:]FILE values (the format from the prefix, else the file's extension);
 * without any, one report to standard output. A usage error for an unknown format, the same file
 * twice, or a file the run reads; nothing is touched then. */
int check_plan_outputs(const check_opts *o, tp_format fallback, output *out, size_t *n);

/* check_outputs.c: when a github report is written and $GITHUB_STEP_SUMMARY is set (a GitHub
 * Actions job), appends the Markdown report to that file, the job's summary page; 0, or
 * EXIT_WRITE when it cannot be written. */
int check_step_summary(const output *outs, size_t n, const tp_result *res,
                       const tp_report_options *rep);

/* check_explain.c: --explain RULE[:SUBJECT], while the run lasts. */
typedef struct check_explain {
    char *spec;          /* a copy of the option's value, cut at the ':' */
    const char *rule;    /* the plan's id of the rule */
    const char *subject; /* NULL: the rule's first subjects */
    size_t seen, shown;  /* subjects explained by the library, and printed */
    const char **names;  /* other subjects' names (owned), for did-you-mean */
    size_t nnames;
} check_explain;

/* Finds the rule (a usage error with did-you-mean when there is none) and sets the evaluation
 * options to run only it and print its explanations on standard output; 0 or EXIT_USAGE. */
int check_explain_start(check_explain *x, const char *spec, const tp_plan *plan,
                        tp_eval_options *eopts);
/* After the evaluation: a usage error when the named subject was not found, else 0 (and a line
 * when subjects were left out, or there were none). */
int check_explain_finish(check_explain *x);
void check_explain_free(check_explain *x);

/* check_write.c: ignores SIGPIPE and SIGXFSZ, so that a report that cannot be written is an
 * error the run reports (exit 6), not a silent death. */
void check_catch_write_signals(void);
/* Writes every report, each file atomically (a temporary file renamed into place); 0, or
 * EXIT_WRITE when one could not be written (the others still are). */
int check_write_reports(const output *outs, size_t n, const tp_result *res,
                        const tp_report_options *base, int color_stdout);

#endif
