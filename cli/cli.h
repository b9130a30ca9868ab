/* The tokpol command: subcommands on top of the public API only. */
#ifndef TOKPOL_CLI_H
#define TOKPOL_CLI_H

#include <stdarg.h>
#include <stdio.h>

#include "tokpol.h"

/* Exit codes, as docs and README list them. */
enum {
    EXIT_PASS = 0,
    EXIT_FINDINGS = 1,
    EXIT_USAGE = 2,
    EXIT_POLICY = 3,
    EXIT_INPUT = 4,
    EXIT_EVAL = 5,
    EXIT_WRITE = 6 /* a report could not be written (whatever the verdict) */
};

/* Where cli_compile writes diagnostics (cli_policy_opts.json_diags). */
enum {
    CLI_DIAGS_TEXT = 0,           /* as text on stderr */
    CLI_DIAGS_JSON = 1,           /* as JSON on stdout */
    CLI_DIAGS_JSON_ON_FAILURE = 2 /* as JSON on stdout when compiling fails, else text on stderr:
                                     a JSON report follows on stdout */
};

/* What every subcommand that loads policies shares. */
typedef struct cli_policy_opts {
    const char **policies; /* -p values, in order */
    size_t npolicies;
    const char **params; /* NAME=VALUE */
    size_t nparams;
    const char **waivers; /* --waivers files */
    size_t nwaivers;
    const char **schemas; /* --schema NAME=FILE */
    size_t nschemas;
    int color_err; /* colour diagnostics on stderr */
    tp_compiler_options limits;
    int json_diags; /* diagnostics as JSON on stdout (lint --format json) instead of text on
                       stderr */
    int no_config;  /* --no-config: the project file is not read (config_file.c) */
} cli_policy_opts;

/* Default options (limits, colour of diagnostics) and a fresh getopt state; and their release. */
void cli_policy_opts_init(cli_policy_opts *o);
void cli_policy_opts_free(cli_policy_opts *o);

/* Adds --schema NAME=FILE to o; 0, or prints a usage error and returns 2. */
int cli_schema_option(cli_policy_opts *o, const char *arg);

/* Parses a positive count for option `flag`; 0, or prints a usage error and returns 2. */
int cli_count(const char *flag, const char *text, size_t *out);

/* fprintf with every credential in the text masked (tp_redact): what the CLI prints itself
 * goes through these. 0, or -1 when writing or allocating failed. */
int cli_fprintf(FILE *stream, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_vfprintf(FILE *stream, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Prints "tokpol: " and the message to stderr (masked); returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Resolves --color auto|always|never for a stream, honouring NO_COLOR. -1 if `mode` is bad. */
int cli_color(const char *mode, FILE *stream);

/* Appends to a growable array of strings; exits the process on allocation failure (CLI only). */
void cli_push(const char ***items, size_t *n, const char *value);

/* Loads and compiles the policies (the built-in pack when none are given) and prints
 * diagnostics. Returns 0 with *out set, or an exit code. */
int cli_compile(tp_plan **out, const cli_policy_opts *opts);

/* The same, keeping the compiler (and its diagnostics) in *compiler for the caller to free;
 * *compiler is NULL only when it could not be created. */
int cli_compile_keep(tp_plan **out, tp_compiler **compiler, const cli_policy_opts *opts);

/* rule_docs.c: writes DIR/README.md and a page DIR/ID.md per rule; 0 or EXIT_WRITE. */
int cli_rule_docs(const tp_plan *plan, const char *dir);

int cli_check(int argc, char **argv);
int cli_rules(int argc, char **argv);
/* packs.c: tokpol packs. */
int cli_packs(int argc, char **argv);
int cli_lint(int argc, char **argv);
int cli_fmt(int argc, char **argv);  /* fmt.c */
int cli_test(int argc, char **argv); /* test.c */

#endif
