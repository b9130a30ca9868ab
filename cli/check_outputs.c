/* tokpol check: where its reports go, and writing them. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

int check_plan_outputs(const check_opts *o, tp_format fallback, output *out, size_t *n)
{
    *n = 0;
    if (o->noutputs == 0) {
        out[(*n)++] = (output){fallback, NULL};
        return 0;
    }
    for (size_t i = 0; i < o->noutputs; i++) {
        const char *spec = o->outputs[i], *colon = strchr(spec, ':');
        char name[16];
        tp_format f = fallback;
        if (colon && (size_t)(colon - spec) < sizeof name) {
            snprintf(name, sizeof name, "%.*s", (int)(colon - spec), spec);
            if (tp_format_parse(&f, name) == 0)
                spec = colon + 1;
            else
                f = fallback;
        }
        if (!*spec)
            return cli_usage_error("-o '%s' names no file", o->outputs[i]);
        out[(*n)++] = (output){f, spec};
    }
    return 0;
}

int check_write_reports(const output *outs, size_t n, const tp_result *res,
                        const tp_report_options *base, int color_stdout)
{
    int code = 0;
    for (size_t i = 0; i < n; i++) {
        FILE *f = outs[i].path ? fopen(outs[i].path, "w") : stdout;
        tp_report_options rep = *base;
        rep.color = outs[i].path ? 0 : color_stdout;
        if (!f || tp_report_write(f, res, outs[i].format, &rep) != 0) {
            fprintf(stderr, "tokpol: cannot write the report to %s\n",
                    outs[i].path ? outs[i].path : "standard output");
            code = EXIT_USAGE;
        }
        if (f && f != stdout && fclose(f) != 0)
            code = EXIT_USAGE;
    }
    return code;
}
