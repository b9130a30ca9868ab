/* The commands tokpol dispatches to, the general help, and `tokpol help [COMMAND]`. */
#include <string.h>

#include "command.h"

const char *const cli_format_values[] = {"text",   "json",     "sarif", "junit", "gitlab",
                                         "github", "markdown", "html",  NULL};
const char *const cli_severity_values[] = {"info", "low", "medium", "high", "critical", NULL};
const char *const cli_color_values[] = {"auto", "always", "never", NULL};
const char *const cli_input_format_values[] = {"json", "csv", NULL};
const char *const cli_shell_values[] = {"bash", "zsh", "fish", NULL};

static int cli_help(int argc, char **argv);
static int cli_version(int argc, char **argv);

static const cli_command help_command = {
    "help", "[COMMAND]", "print the help of tokpol or of one command",
    NULL,   NULL,        0,
    NULL,   cli_help,    CLI_COMPLETE_VALUES,
    NULL,   0,
};

static const cli_command version_command = {
    "version", NULL,        "print the version", NULL, NULL, 0,
    NULL,      cli_version, CLI_COMPLETE_NONE,   NULL, 0,
};

const cli_command *const cli_commands[] = {
    &cli_check_command,      &cli_rules_command, &cli_packs_command,        &cli_lint_command,
    &cli_fmt_command,        &cli_test_command,  &cli_config_command_table, &help_command,
    &cli_completion_command, &version_command,
};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        if (strcmp(cli_commands[i]->name, name) == 0)
            return cli_commands[i];
    return NULL;
}

int cli_unknown_command(const char *name)
{
    const char *names[32];
    size_t n = 0;
    for (size_t i = 0; i < cli_ncommands && n < 32; i++)
        if (!cli_commands[i]->hidden)
            names[n++] = cli_commands[i]->name;
    const char *near = tp_suggest(name, names, n);
    if (near)
        return cli_usage_error("unknown command '%s'; did you mean 'tokpol %s'?", name, near);
    /* A file given without a command: the user meant to check it. */
    if (strchr(name, '.') || strchr(name, '/'))
        return cli_usage_error("unknown command '%s'; did you mean 'tokpol check %s'?", name, name);
    return cli_usage_error("unknown command '%s'", name);
}

void cli_print_usage(FILE *out)
{
    fprintf(out,
            "tokpol %s: checks API token inventories against policies written as code.\n\n"
            "usage: tokpol COMMAND [options] [ARGS]\n\nCommands:\n",
            tp_version());
    for (size_t i = 0; i < cli_ncommands; i++)
        if (!cli_commands[i]->hidden)
            fprintf(out, "  %-12s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    fputs("\n'tokpol help COMMAND' or 'tokpol COMMAND --help' prints a command's options.\n"
          "\n"
          "Examples:\n"
          "  tokpol check examples/inventory.json            # the built-in Lokalise pack\n"
          "  tokpol check -p my.tpol --now 2026-11-27 inv.json\n"
          "  tokpol check -o report.json -o report.sarif inv.json\n"
          "  tokpol rules\n"
          "\n"
          "Exit codes: 0 pass, 1 findings at or above --fail-on, 2 usage, 3 policy error,\n"
          "4 input error, 5 evaluation errors, 6 a report could not be written.\n",
          out);
}

static int cli_help(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_usage(stdout);
        return EXIT_PASS;
    }
    if (argc > 2)
        return cli_usage_error("'help' takes one command");
    const cli_command *cmd = cli_find_command(argv[1]);
    if (!cmd)
        return cli_unknown_command(argv[1]);
    cli_print_help(cmd, stdout);
    return EXIT_PASS;
}

static int cli_version(int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        return cli_usage_error("'version' takes no arguments");
    printf("tokpol %s\n", tp_version());
    return EXIT_PASS;
}
