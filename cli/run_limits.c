/* The limits of an evaluation that check and test take alike (run_limits.h). */
#include "run_limits.h"

size_t *cli_run_limit(cli_run_limits *l, int c, const char **flag)
{
    switch (c) {
    case CLI_O_MAX_REGEX_INPUT:
        *flag = "--max-regex-input";
        return &l->max_regex_input;
    case CLI_O_MAX_STEPS:
        *flag = "--max-steps";
        return &l->max_steps;
    case CLI_O_MAX_SUBJECT_STEPS:
        *flag = "--max-subject-steps";
        return &l->max_subject_steps;
    default:
        return NULL;
    }
}

void cli_run_limits_compiler(const cli_run_limits *l, tp_compiler_options *co)
{
    co->max_regex_input = l->max_regex_input;
}

void cli_run_limits_eval(const cli_run_limits *l, tp_eval_options *eo)
{
    eo->max_steps = l->max_steps;
    eo->max_subject_steps = l->max_subject_steps;
}
