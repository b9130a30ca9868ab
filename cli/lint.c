/* tokpol lint: compile the policies without inputs and report every diagnostic, warnings too. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char lint_usage[] =
    "usage: tokpol lint [-p FILE|DIR]... [--waivers FILE]... [--param NAME=VALUE]...\n"
    "                   [--schema NAME=FILE]... [--strict] [--format text|json]\n"
    "\n"
    "Checks policies without evaluating anything: syntax, names, types, waivers, and the\n"
    "warnings a review would raise (unused names, rules that never fire, repeated rules).\n"
    "With --schema, policy paths are checked against the input's JSON Schema as `check` does\n"
    "(NAME is input or an --input name).\n"
    "Exit codes: 0 clean (or warnings only), 3 errors (or warnings with --strict), 2 usage.\n";

int cli_lint(int argc, char **argv)
{
    static const struct option longs[] = {
        {"policy", required_argument, 0, 'p'},  {"param", required_argument, 0, 'P'},
        {"waivers", required_argument, 0, 'W'}, {"strict", no_argument, 0, 'S'},
        {"schema", required_argument, 0, 's'},  {"format", required_argument, 0, 'F'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    cli_policy_opts o;
    cli_policy_opts_init(&o);
    int c, code = 0;
    while (code == 0 && (c = getopt_long(argc, argv, "p:h", longs, NULL)) != -1) {
        switch (c) {
        case 'p':
            cli_push(&o.policies, &o.npolicies, optarg);
            break;
        case 'P':
            cli_push(&o.params, &o.nparams, optarg);
            break;
        case 'W':
            cli_push(&o.waivers, &o.nwaivers, optarg);
            break;
        case 'S':
            o.limits.strict = 1;
            break;
        case 's':
            code = cli_schema_option(&o, optarg);
            break;
        case 'F':
            if (strcmp(optarg, "json") == 0)
                o.json_diags = 1;
            else if (strcmp(optarg, "text") != 0)
                code = cli_usage_error("lint writes text or json, not '%s'", optarg);
            break;
        case 'h':
            fputs(lint_usage, stdout);
            code = -1;
            break;
        default:
            code = cli_usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (code == 0 && optind < argc)
        code = cli_usage_error("'lint' takes no inputs");
    tp_plan *plan = NULL;
    if (code == 0) {
        code = cli_compile(&plan, &o);
        if (code == 0 && !o.json_diags)
            cli_fprintf(stderr, "tokpol: %zu rules checked, no errors\n", tp_plan_rule_count(plan));
    }
    tp_plan_free(plan);
    cli_policy_opts_free(&o);
    return code < 0 ? 0 : code;
}
