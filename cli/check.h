/* What the parts of `tokpol check` share: its options, and the steps check.c runs in order
 * (parse the arguments, load and validate the inputs, evaluate, write the reports). */
#ifndef TOKPOL_CLI_CHECK_H
#define TOKPOL_CLI_CHECK_H

#include "cli.h"

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
    size_t max_bytes, max_findings, max_per_rule, max_json_depth, max_memory, jobs;
    const char *input_format; /* --input-format: json or csv, for every input */
    const char **schemas;     /* NAME=FILE */
    size_t nschemas;
    int no_validate;
    int quiet;
} check_opts;

/* check_args.c: fills *o from the command line; 0, an exit code, or -1 after --help. */
int check_parse_args(check_opts *o, int argc, char **argv);

/* check_inputs.c: the documents of one run. */
typedef struct input_doc {
    const char *name;   /* the binding: NULL for a positional input */
    const char *spec;   /* the argument it came from, for messages */
    char *path;         /* the file ("-": standard input) */
    const char *format; /* json, csv, or NULL: the schema's, else the file name's */
    tp_document *doc;
    char *error; /* why it did not load, printed in input order */
    int code;    /* the exit code of that error */
} input_doc;

typedef struct loaded {
    input_doc *docs; /* positional inputs (directories expanded), then named ones */
    size_t ndocs, npositional;
    tp_binding *named; /* the named documents' bindings, in order */
    size_t nnamed;
    const char **many; /* names bound as lists of documents: globs, directories, repeated names */
    size_t nmany;
    char **named_names; /* the NAME of every --input, owned */
    size_t nnamed_names;
} loaded;

/* Prints an input's error the way a compiler prints a diagnostic. */
void check_print_input_error(const char *path, const tp_input_error *e);
/* Finds every input (directories and globs expanded), loads them on --jobs threads and types
 * CSV cells by the plan's schemas; every error is printed, in input order. Warns about --input
 * names no policy reads or that hide a field of an input. 0 or an exit code. */
int check_load_all(loaded *l, const check_opts *o, const tp_plan *plan);
void check_free_loaded(loaded *l);
/* Validates every input that has a schema; nothing is evaluated if one does not conform. */
int check_validate_all(const tp_plan *plan, const loaded *l, const check_opts *o,
                       tp_validation *state);
/* Evaluates each positional input with the named ones bound (on --jobs threads, merged in input
 * order), or the named ones alone. 0, or an exit code after printing why. */
int check_evaluate_all(tp_result *res, const tp_plan *plan, const loaded *l, const check_opts *o,
                       const tp_result_options *ropts, const tp_eval_options *eopts);

/* Whether `name` is a format FORMAT: prefixes and --input-format take (json, csv). */
int check_known_format(const char *name);

/* check_jobs.c: runs fn(i, arg) for every i < n on up to `jobs` threads, and returns when all
 * are done. */
void check_parallel(size_t n, size_t jobs, void (*fn)(size_t i, void *arg), void *arg);

/* check_outputs.c: one report to write, a format and a file (NULL: standard output). */
typedef struct output {
    tp_format format;
    const char *path;
} output;

/* Resolves -o [FORMAT:]FILE values; without any, one report to standard output. */
int check_plan_outputs(const check_opts *o, tp_format fallback, output *out, size_t *n);
/* Writes every report; 0, or an exit code when one cannot be written. */
int check_write_reports(const output *outs, size_t n, const tp_result *res,
                        const tp_report_options *base, int color_stdout);

#endif
