/* The commands of tokpol and their options, as tables: --help, `tokpol help CMD`, the unknown
 * option and value messages (did you mean), shell completion and the man page test all read
 * them, so none of them can drift from what the parser accepts. */
#ifndef TOKPOL_CLI_COMMAND_H
#define TOKPOL_CLI_COMMAND_H

#include <getopt.h>

#include "cli.h"

/* The most options a command has (the sizes of getopt_long's tables). */
enum { CLI_MAX_OPTIONS = 64 };

/* What a shell completes as an option's value. */
typedef enum cli_complete {
    CLI_COMPLETE_NONE = 0, /* free text: nothing */
    CLI_COMPLETE_FILE,     /* a file name */
    CLI_COMPLETE_DIR,      /* a directory name */
    CLI_COMPLETE_VALUES    /* one of cli_option.values */
} cli_complete;

typedef struct cli_option {
    int id;                    /* what getopt_long returns: the short letter, or a code >= 256 */
    const char *name;          /* the long name, without -- */
    char short_name;           /* or 0 */
    const char *arg;           /* the value's placeholder (FILE|DIR), NULL for a switch */
    const char *help;          /* lines separated by \n */
    const char *const *values; /* the values it takes (NULL-terminated), or NULL */
    cli_complete complete;     /* what a shell completes as its value */
    const char *group;         /* a heading printed before it, or NULL */
} cli_option;

/* The options several commands share, as table entries. */
#define CLI_OPTION_POLICY                                                                          \
    {                                                                                              \
        'p', "policy", 'p', "FILE|DIR",                                                            \
            "policy file or directory of *.tpol (repeatable);\ndefault: the built-in Lokalise "    \
            "pack",                                                                                \
            NULL, CLI_COMPLETE_FILE, NULL                                                          \
    }
#define CLI_OPTION_PARAM(id)                                                                       \
    {                                                                                              \
        (id), "param", 0, "NAME=VALUE", "override a policy param, e.g. --param max_age=30d", NULL, \
            CLI_COMPLETE_NONE, NULL                                                                \
    }
/* --no-config: read no project file (cli_policy_opts.no_config). */
#define CLI_OPTION_NO_CONFIG(id)                                                                   \
    {                                                                                              \
        (id), "no-config", 0, NULL,                                                                \
            "read no project file (.tokpol.json, $TOKPOL_CONFIG); also\nTOKPOL_NO_CONFIG=1", NULL, \
            CLI_COMPLETE_NONE, NULL                                                                \
    }
#define CLI_OPTION_HELP                                                                            \
    {                                                                                              \
        'h', "help", 'h', NULL, "print this help", NULL, CLI_COMPLETE_NONE, NULL                   \
    }

typedef struct cli_command {
    const char *name;
    const char *args;    /* what follows "tokpol NAME" in the usage line */
    const char *summary; /* one line for tokpol help */
    const char *about;   /* the paragraphs between the usage line and the options */
    const cli_option *options;
    size_t noptions;
    const char *epilog; /* after the options: exit codes, examples */
    int (*run)(int argc, char **argv);
    cli_complete operands;             /* what its operands are */
    const char *const *operand_values; /* with CLI_COMPLETE_VALUES, NULL-terminated; NULL: the
                                          command names */
    int hidden;                        /* not listed, not completed (for tests and scripts) */
} cli_command;

/* The values some options take, for did-you-mean and completion. */
extern const char *const cli_format_values[];   /* report formats, in tp_format order */
extern const char *const cli_severity_values[]; /* info .. critical */
extern const char *const cli_color_values[];
extern const char *const cli_input_format_values[];
extern const char *const cli_shell_values[];

/* commands.c: every command, in the order tokpol help lists them. */
extern const cli_command *const cli_commands[];
extern const size_t cli_ncommands;
/* The command called `name`, or NULL. */
const cli_command *cli_find_command(const char *name);
/* "unknown command 'x'; did you mean 'y'?" as a usage error. */
int cli_unknown_command(const char *name);
/* The general help (usage line, commands, examples, exit codes). */
void cli_print_usage(FILE *out);

/* allocator.c: sets how the C library's allocator serves large blocks, before any command runs. */
void cli_allocator_setup(void);

/* help.c: a command's help, from its table. */
void cli_print_help(const cli_command *cmd, FILE *out);
/* The getopt_long arguments of a command: `longs` has room for CLI_MAX_OPTIONS + 1
 * entries, `shorts` for 3 * CLI_MAX_OPTIONS + 2 characters. The short options start with ':' so a
 * missing value is told apart from an unknown option. */
void cli_getopt_table(const cli_command *cmd, struct option *longs, char *shorts);
/* The usage error of getopt_long's '?' or ':': the unknown option with the closest known one,
 * or the option that needs a value. `c` is what getopt_long returned. */
int cli_bad_option(const cli_command *cmd, int c, char **argv);
/* "unknown WHAT 'value'; did you mean 'x'? use a, b or c" as a usage error. */
int cli_bad_value(const char *what, const char *value, const char *const *values);
/* The table entry of option `name` (long name), or NULL. */
const cli_option *cli_find_option(const cli_command *cmd, const char *name);

/* The tables of each command, next to it. */
extern const cli_command cli_check_command, cli_rules_command, cli_packs_command, cli_lint_command,
    cli_fmt_command, cli_test_command, cli_completion_command, cli_config_command_table;

/* completion.c: writes the completion script of `shell` (bash, zsh or fish) for every command
 * that is not hidden. */
int cli_completion(int argc, char **argv);

#endif
