/* Helpers shared by subcommands: errors, colour, policy loading. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tokpol: ", stderr);
    vfprintf(stderr, fmt, ap);
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

int cli_count(const char *flag, const char *text, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (*text == '-' || *end || !v)
        return cli_usage_error("%s takes a positive number, not '%s'", flag, text);
    *out = (size_t)v;
    return 0;
}

int cli_compile(tp_plan **out, const cli_policy_opts *opts)
{
    tp_compiler *c = NULL;
    int rc = tp_compiler_new(&c, &opts->limits);
    if (rc) {
        fprintf(stderr, "tokpol: %s\n", tp_status_str(rc));
        return EXIT_POLICY;
    }
    if (opts->npolicies == 0)
        rc = tp_compiler_add_builtin(c, "lokalise");
    for (size_t i = 0; rc != TP_ENOMEM && i < opts->npolicies; i++) {
        int r = tp_compiler_add_path(c, opts->policies[i]);
        if (r)
            rc = r;
    }
    for (size_t i = 0; rc != TP_ENOMEM && i < opts->nschemas; i++) {
        const char *eq = strchr(opts->schemas[i], '=');
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(eq - opts->schemas[i]), opts->schemas[i]);
        int r = tp_compiler_add_schema(c, name, eq + 1);
        if (r)
            rc = r;
    }
    for (size_t i = 0; rc != TP_ENOMEM && i < opts->nwaivers; i++) {
        int r = tp_compiler_add_waivers(c, opts->waivers[i]);
        if (r)
            rc = r;
    }
    for (size_t i = 0; rc == 0 && i < opts->nparams; i++) {
        const char *eq = strchr(opts->params[i], '=');
        char name[128];
        if (!eq || eq == opts->params[i] || (size_t)(eq - opts->params[i]) >= sizeof name) {
            tp_compiler_free(c);
            return cli_usage_error("--param takes NAME=VALUE, not '%s'", opts->params[i]);
        }
        snprintf(name, sizeof name, "%.*s", (int)(eq - opts->params[i]), opts->params[i]);
        rc = tp_compiler_set_param(c, name, eq + 1);
    }
    if (rc == 0 || rc == TP_EPOLICY)
        rc = tp_compiler_compile(out, c);
    else
        tp_compiler_compile(out, c); /* still check the rest, for its diagnostics */
    if (opts->json_diags)
        tp_compiler_write_diags_json(c, stdout);
    else
        tp_compiler_write_diags(c, stderr, opts->color_err);
    tp_compiler_free(c);
    if (rc == 0 && *out)
        return 0;
    tp_plan_free(*out);
    *out = NULL;
    if (rc == TP_ENOMEM)
        fputs("tokpol: out of memory\n", stderr);
    return EXIT_POLICY;
}
