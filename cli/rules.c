/* tokpol rules: what the loaded policies check, one line per rule; or, with --docs DIR, a page
 * per rule (rule_docs.c). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "config.h"

enum { R_PARAM = 256, R_DOCS, R_NO_CONFIG };

static const cli_option options[] = {
    CLI_OPTION_POLICY,
    CLI_OPTION_PARAM(R_PARAM),
    {R_DOCS, "docs", 0, "DIR",
     "write a Markdown page per rule (DIR/ID.md: what it checks, why,\nan example, how to fix it, "
     "how to waive it) and an index\n(DIR/README.md) instead",
     NULL, CLI_COMPLETE_DIR, NULL},
    CLI_OPTION_NO_CONFIG(R_NO_CONFIG),
    CLI_OPTION_HELP,
};

const cli_command cli_rules_command = {
    "rules",
    "[-p FILE|DIR]... [--param NAME=VALUE]... [--docs DIR] [--no-config]",
    "list the rules the policies define",
    "Lists the rules of the policies (default: the built-in Lokalise pack) with id, severity,\n"
    "title and where each is written.\n\n",
    options,
    sizeof options / sizeof options[0],
    NULL,
    cli_rules,
    CLI_COMPLETE_NONE,
    NULL,
    0,
};

int cli_rules(int argc, char **argv)
{
    struct option longs[CLI_MAX_OPTIONS + 1];
    char shorts[3 * CLI_MAX_OPTIONS + 2];
    cli_getopt_table(&cli_rules_command, longs, shorts);
    cli_policy_opts o;
    cli_policy_opts_init(&o);
    int c, code = 0;
    const char *docs = NULL;
    while (code == 0 && (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (c == 'p')
            cli_push(&o.policies, &o.npolicies, optarg);
        else if (c == R_PARAM)
            cli_push(&o.params, &o.nparams, optarg);
        else if (c == R_DOCS)
            docs = optarg;
        else if (c == R_NO_CONFIG)
            o.no_config = 1;
        else if (c == 'h')
            code = (cli_print_help(&cli_rules_command, stdout), -1);
        else
            code = cli_bad_option(&cli_rules_command, c, argv);
    }
    if (code == 0 && optind < argc)
        code = cli_usage_error("'rules' takes no inputs");
    cli_config config;
    memset(&config, 0, sizeof config);
    if (code == 0)
        code = cli_config_policies(&config, &o, 0);
    tp_plan *plan = NULL;
    if (code == 0)
        code = cli_compile(&plan, &o);
    if (code == 0 && docs) {
        code = cli_rule_docs(plan, docs);
        tp_plan_free(plan);
        cli_policy_opts_free(&o);
        cli_config_free(&config);
        return code;
    }
    /* Columns as wide as the longest id: long ids (gh.pat-expiry-fine-grained) stay aligned. */
    int width = 12;
    for (size_t i = 0; code == 0 && i < tp_plan_rule_count(plan); i++) {
        tp_rule_info r;
        tp_plan_rule(&r, plan, i);
        width = (int)strlen(r.id) > width ? (int)strlen(r.id) : width;
    }
    for (size_t i = 0; code == 0 && i < tp_plan_rule_count(plan); i++) {
        tp_rule_info r;
        tp_plan_rule(&r, plan, i);
        cli_fprintf(stdout, "%-*s %-8s %s  (%s:%u)\n", width, r.id, tp_severity_name(r.severity),
                    r.title, r.file, r.line);
    }
    tp_plan_free(plan);
    cli_policy_opts_free(&o);
    cli_config_free(&config);
    return code < 0 ? 0 : code;
}
