/* The limits of an evaluation that `tokpol check` and `tokpol test` take alike: the longest
 * string matches() searches and the generator step budgets. Each error finding that one stops
 * names its flag, so every command that evaluates policies must take them; their table entries,
 * their parsing and the library options they set are here, once. */
#ifndef TOKPOL_CLI_RUN_LIMITS_H
#define TOKPOL_CLI_RUN_LIMITS_H

#include "command.h"

/* Their getopt_long codes: above every command's own. */
enum { CLI_O_MAX_REGEX_INPUT = 1024, CLI_O_MAX_STEPS, CLI_O_MAX_SUBJECT_STEPS };

/* Their table entries, each command's table lists all three; the first can head a group. */
#define CLI_OPTION_MAX_REGEX_INPUT(group)                                                          \
    {                                                                                              \
        CLI_O_MAX_REGEX_INPUT, "max-regex-input", 0, "N",                                          \
            "longest string matches() searches (default 16384)", NULL, CLI_COMPLETE_NONE, (group)  \
    }
#define CLI_OPTION_MAX_STEPS                                                                       \
    {                                                                                              \
        CLI_O_MAX_STEPS, "max-steps", 0, "N",                                                      \
            "generator elements evaluating one input may visit\n(default 1000000000)", NULL,       \
            CLI_COMPLETE_NONE, NULL                                                                \
    }
#define CLI_OPTION_MAX_SUBJECT_STEPS                                                               \
    {                                                                                              \
        CLI_O_MAX_SUBJECT_STEPS, "max-subject-steps", 0, "N",                                      \
            "generator elements one subject may visit (default 10000000)", NULL,                   \
            CLI_COMPLETE_NONE, NULL                                                                \
    }

/* The values given (0: the library's defaults). */
typedef struct cli_run_limits {
    size_t max_regex_input;
    size_t max_steps, max_subject_steps;
} cli_run_limits;

/* Where the count of option `c` goes, and its flag, for cli_count; NULL for another option. */
size_t *cli_run_limit(cli_run_limits *l, int c, const char **flag);

/* Sets the compiler's, and the evaluation's, options the limits given. */
void cli_run_limits_compiler(const cli_run_limits *l, tp_compiler_options *co);
void cli_run_limits_eval(const cli_run_limits *l, tp_eval_options *eo);

#endif
