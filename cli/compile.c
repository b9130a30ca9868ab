/* Loading and compiling the policies every subcommand needs, with their diagnostics printed. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_compile(tp_plan **out, const cli_policy_opts *opts)
{
    tp_compiler *c = NULL;
    int code = cli_compile_keep(out, &c, opts);
    tp_compiler_free(c);
    return code;
}

int cli_compile_keep(tp_plan **out, tp_compiler **compiler, const cli_policy_opts *opts)
{
    *out = NULL;
    tp_compiler *c = NULL;
    int rc = tp_compiler_new(&c, &opts->limits);
    *compiler = c;
    if (rc) {
        cli_fprintf(stderr, "tokpol: %s\n", tp_status_str(rc));
        return EXIT_POLICY;
    }
    if (opts->npolicies == 0)
        rc = tp_compiler_add_builtin(c, "lokalise");
    for (size_t i = 0; rc != TP_ENOMEM && i < opts->npolicies; i++) {
        const char *p = opts->policies[i];
        int r = strncmp(p, "builtin:", 8) == 0 ? tp_compiler_add_builtin(c, p + 8)
                                               : tp_compiler_add_path(c, p);
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
        if (!eq || eq == opts->params[i] || (size_t)(eq - opts->params[i]) >= sizeof name)
            return cli_usage_error("--param takes NAME=VALUE, not '%s'", opts->params[i]);
        snprintf(name, sizeof name, "%.*s", (int)(eq - opts->params[i]), opts->params[i]);
        rc = tp_compiler_set_param(c, name, eq + 1);
    }
    if (rc == 0 || rc == TP_EPOLICY)
        rc = tp_compiler_compile(out, c);
    else
        tp_compiler_compile(out, c); /* still check the rest, for its diagnostics */
    /* As JSON on stdout; for check, only when no report follows, so stdout is one document. */
    if (opts->json_diags == CLI_DIAGS_JSON ||
        (opts->json_diags == CLI_DIAGS_JSON_ON_FAILURE && !(rc == 0 && *out)))
        tp_compiler_write_diags_json(c, stdout);
    else
        tp_compiler_write_diags(c, stderr, opts->color_err);
    if (rc == 0 && *out)
        return 0;
    tp_plan_free(*out);
    *out = NULL;
    if (rc == TP_ENOMEM)
        fputs("tokpol: out of memory\n", stderr);
    return EXIT_POLICY;
}
