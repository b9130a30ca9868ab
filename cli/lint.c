/* tokpol lint: compile the policies without inputs and report every diagnostic, warnings too. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "config.h"

enum { L_PARAM = 256, L_WAIVERS, L_STRICT, L_SCHEMA, L_FORMAT, L_NO_CONFIG };

static const char *const lint_formats[] = {"text", "json", NULL};

static const cli_option options[] = {
    CLI_OPTION_POLICY,
    CLI_OPTION_PARAM(L_PARAM),
    {L_WAIVERS, "waivers", 0, "FILE|DIR", "a file of waivers to check too (repeatable)", NULL,
     CLI_COMPLETE_FILE, NULL},
    {L_SCHEMA, "schema", 0, "NAME=FILE",
     "check policy paths against the JSON Schema of input NAME\n(input or an --input name), as "
     "check does",
     NULL, CLI_COMPLETE_NONE, NULL},
    {L_STRICT, "strict", 0, NULL, "warnings are errors (exit 3)", NULL, CLI_COMPLETE_NONE, NULL},
    {L_FORMAT, "format", 0, "FORMAT", "text (default, on stderr) or json (on stdout)", lint_formats,
     CLI_COMPLETE_VALUES, NULL},
    CLI_OPTION_NO_CONFIG(L_NO_CONFIG),
    CLI_OPTION_HELP,
};

const cli_command cli_lint_command = {
    "lint",
    "[-p FILE|DIR]... [--waivers FILE]... [--param NAME=VALUE]...\n"
    "                   [--schema NAME=FILE]... [--strict] [--format text|json] [--no-config]",
    "check policies without inputs",
    "Checks policies without evaluating anything: syntax, names, types, waivers, and the\n"
    "warnings a review would raise (unused names, rules that never fire, repeated rules).\n\n",
    options,
    sizeof options / sizeof options[0],
    "Exit codes: 0 clean (or warnings only), 3 errors (or warnings with --strict), 2 usage.\n",
    cli_lint,
    CLI_COMPLETE_NONE,
    NULL,
    0,
};

int cli_lint(int argc, char **argv)
{
    struct option longs[CLI_MAX_OPTIONS + 1];
    char shorts[3 * CLI_MAX_OPTIONS + 2];
    cli_getopt_table(&cli_lint_command, longs, shorts);
    cli_policy_opts o;
    cli_policy_opts_init(&o);
    int c, code = 0;
    while (code == 0 && (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        switch (c) {
        case 'p':
            cli_push(&o.policies, &o.npolicies, optarg);
            break;
        case L_PARAM:
            cli_push(&o.params, &o.nparams, optarg);
            break;
        case L_WAIVERS:
            cli_push(&o.waivers, &o.nwaivers, optarg);
            break;
        case L_NO_CONFIG:
            o.no_config = 1;
            break;
        case L_STRICT:
            o.limits.strict = 1;
            break;
        case L_SCHEMA:
            code = cli_schema_option(&o, optarg);
            break;
        case L_FORMAT:
            if (strcmp(optarg, "json") == 0)
                o.json_diags = 1;
            else if (strcmp(optarg, "text") != 0)
                code = cli_bad_value("--format", optarg, lint_formats);
            break;
        case 'h':
            cli_print_help(&cli_lint_command, stdout);
            code = -1;
            break;
        default:
            code = cli_bad_option(&cli_lint_command, c, argv);
        }
    }
    if (code == 0 && optind < argc)
        code = cli_usage_error("'lint' takes no inputs");
    cli_config config;
    memset(&config, 0, sizeof config);
    if (code == 0)
        code = cli_config_policies(&config, &o, 1);
    tp_plan *plan = NULL;
    if (code == 0) {
        code = cli_compile(&plan, &o);
        if (code == 0 && !o.json_diags)
            cli_fprintf(stderr, "tokpol: %zu rules checked, no errors\n", tp_plan_rule_count(plan));
    }
    tp_plan_free(plan);
    cli_policy_opts_free(&o);
    cli_config_free(&config);
    return code < 0 ? 0 : code;
}
