/* What the subcommands share: usage errors, colour, option lists and counts. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tokpol: ", stderr);
    cli_vfprintf(stderr, fmt, ap);
    fputs("\nRun 'tokpol help' for usage.\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_color(const char *mode, FILE *stream)
{
    if (!mode || strcmp(mode, "auto") == 0) {
        const char *no = getenv("NO_COLOR");
        return (!no || !*no) && isatty(fileno(stream));
    }
    if (strcmp(mode, "always") == 0)
        return 1;
    if (strcmp(mode, "never") == 0)
        return 0;
    return -1;
}

void cli_push(const char ***items, size_t *n, const char *value)
{
    const char **p = realloc(*items, (*n + 1) * sizeof **items);
    if (!p) {
        fputs("tokpol: out of memory\n", stderr);
        exit(EXIT_USAGE);
    }
    p[(*n)++] = value;
    *items = p;
}

void cli_policy_opts_init(cli_policy_opts *o)
{
    tp_compiler_options limits = TP_COMPILER_OPTIONS_INIT;
    memset(o, 0, sizeof *o);
    o->limits = limits;
    o->color_err = cli_color("auto", stderr);
    opterr = 0; /* the subcommands report unknown options themselves */
    optind = 1;
}

void cli_policy_opts_free(cli_policy_opts *o)
{
    free(o->policies);
    free(o->params);
    free(o->waivers);
    free(o->schemas);
}

int cli_schema_option(cli_policy_opts *o, const char *arg)
{
    if (!strchr(arg, '=') || arg[0] == '=')
        return cli_usage_error(
            "--schema takes NAME=FILE (NAME is input or an --input name), not '%s'", arg);
    cli_push(&o->schemas, &o->nschemas, arg);
    return 0;
}

int cli_count(const char *flag, const char *text, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*text == '-' || *end || !v)
        return cli_usage_error("%s takes a positive number, not '%s'", flag, text);
    if (errno == ERANGE || v > SIZE_MAX) /* strtoull's ULLONG_MAX would mean no limit */
        return cli_usage_error("%s takes a number up to %zu, not '%s'", flag, (size_t)SIZE_MAX,
                               text);
    *out = (size_t)v;
    return 0;
}
