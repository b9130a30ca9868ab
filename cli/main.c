/* tokpol: dispatch to subcommands (commands.c lists them). */
#include <string.h>

#include "command.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        cmd = "help";
    else if (strcmp(cmd, "--version") == 0)
        cmd = "version";
    const cli_command *c = cli_find_command(cmd);
    cli_allocator_setup();
    if (!c)
        return cli_unknown_command(cmd);
    return c->run(argc - 1, argv + 1);
}
