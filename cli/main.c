/* tokpol: dispatch to subcommands. */
#include <string.h>

#include "cli.h"

static const char usage[] =
    "tokpol %s: checks API token inventories against policies written as code.\n"
    "\n"
    "usage: tokpol check [options] INPUT...   evaluate inventories (see tokpol check --help)\n"
    "       tokpol rules [-p POLICY]...       list the rules the policies define\n"
    "       tokpol lint [-p POLICY]... [--strict]  check policies without inputs\n"
    "       tokpol --version | help\n"
    "\n"
    "Examples:\n"
    "  tokpol check examples/inventory.json            # the built-in Lokalise pack\n"
    "  tokpol check -p my.tpol --now 2026-11-27 inv.json\n"
    "  tokpol check -o report.json -o report.sarif inv.json\n"
    "  tokpol rules\n"
    "\n"
    "Exit codes: 0 pass, 1 findings at or above --fail-on, 2 usage, 3 policy error,\n"
    "4 input error, 5 evaluation errors, 6 a report could not be written.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_fprintf(stderr, usage, tp_version());
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "check") == 0)
        return cli_check(argc - 1, argv + 1);
    if (strcmp(cmd, "rules") == 0)
        return cli_rules(argc - 1, argv + 1);
    if (strcmp(cmd, "lint") == 0)
        return cli_lint(argc - 1, argv + 1);
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        printf(usage, tp_version());
        return EXIT_PASS;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("tokpol %s\n", tp_version());
        return EXIT_PASS;
    }
    if (strchr(cmd, '.') || strchr(cmd, '/'))
        return cli_usage_error("unknown command '%s'; did you mean 'tokpol check %s'?", cmd, cmd);
    return cli_usage_error("unknown command '%s'", cmd);
}
