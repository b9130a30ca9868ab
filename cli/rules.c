/* tokpol rules: what the loaded policies check, one line per rule; or, with --docs DIR, a page
 * per rule (rule_docs.c). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char rules_usage[] =
    "usage: tokpol rules [-p FILE|DIR]... [--param NAME=VALUE]... [--docs DIR]\n"
    "\n"
    "Lists the rules of the policies (default: the built-in Lokalise pack) with id, severity,\n"
    "title and where each is written.\n"
    "\n"
    "  --docs DIR   write a Markdown page per rule (DIR/ID.md: what it checks, why, an example,\n"
    "               how to fix it, how to waive it) and an index (DIR/README.md) instead\n";

int cli_rules(int argc, char **argv)
{
    static const struct option longs[] = {{"policy", required_argument, 0, 'p'},
                                          {"param", required_argument, 0, 'P'},
                                          {"docs", required_argument, 0, 'D'},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    cli_policy_opts o;
    cli_policy_opts_init(&o);
    int c, code = 0;
    const char *docs = NULL;
    while (code == 0 && (c = getopt_long(argc, argv, "p:h", longs, NULL)) != -1) {
        if (c == 'p')
            cli_push(&o.policies, &o.npolicies, optarg);
        else if (c == 'P')
            cli_push(&o.params, &o.nparams, optarg);
        else if (c == 'D')
            docs = optarg;
        else if (c == 'h')
            code = (fputs(rules_usage, stdout), -1);
        else
            code = cli_usage_error("unknown option '%s'", argv[optind - 1]);
    }
    if (code == 0 && optind < argc)
        code = cli_usage_error("'rules' takes no inputs");
    tp_plan *plan = NULL;
    if (code == 0)
        code = cli_compile(&plan, &o);
    if (code == 0 && docs) {
        code = cli_rule_docs(plan, docs);
        tp_plan_free(plan);
        cli_policy_opts_free(&o);
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
    return code < 0 ? 0 : code;
}
