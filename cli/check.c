/* tokpol check: compile, load every input, evaluate, report, and turn the verdict into an exit
 * code. Nothing is evaluated unless every policy and every input loaded (positional inputs load
 * as they are evaluated: their results are kept only if all did); whatever went wrong is
 * recorded in the result, so every report (one valid document per format) says so. */
#define _XOPEN_SOURCE 700 /* getcwd */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "command.h"
#include "config.h"

void check_input_error(tp_result *res, const char *path, int status, const tp_input_error *e)
{
    check_print_input_error(path, e);
    if (tp_result_add_input_error(res, path, status, e) != 0)
        fputs("tokpol: out of memory\n", stderr);
}

/* The exit code of a verdict: the stage that went wrong first (README, "Exit codes"). */
static int exit_code_of(tp_verdict v)
{
    switch (v) {
    case TP_VERDICT_PASS:
        return EXIT_PASS;
    case TP_VERDICT_FAIL:
        return EXIT_FINDINGS;
    case TP_VERDICT_NONE:
        return EXIT_USAGE; /* the rule filters select nothing */
    case TP_VERDICT_POLICY_ERROR:
        return EXIT_POLICY;
    case TP_VERDICT_INPUT_ERROR:
        return EXIT_INPUT;
    default:
        return EXIT_EVAL;
    }
}

/* Whether an error of `source` (any, if negative) was recorded: nothing is evaluated then. */
static int has_errors(const tp_result *res, int source)
{
    for (size_t i = 0; i < tp_result_diag_count(res); i++) {
        const tp_run_diag *d = tp_result_diag(res, i);
        if (d->diag.severity == TP_DIAG_ERROR && (source < 0 || (int)d->source == source))
            return 1;
    }
    return 0;
}

/* Records the compiler's diagnostics (printed already) in the result. A compile that failed
 * without an error diagnostic (out of memory) still reads as a policy error. */
static void record_policy(tp_result *res, const tp_compiler *c, int failed)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < tp_compiler_diag_count(c); i++)
        rc = tp_result_add_diag(res, TP_DIAG_SOURCE_POLICY, tp_compiler_diag(c, i));
    if (rc == 0)
        rc = tp_result_add_diags_left_out(res, tp_compiler_diags_left_out(c));
    if (rc == 0 && failed && tp_result_verdict(res) != TP_VERDICT_POLICY_ERROR) {
        tp_diag d = {TP_DIAG_ERROR, "E-COMPILE", NULL, 0, 0, 0, 0, "the policies did not compile",
                     NULL};
        rc = tp_result_add_diag(res, TP_DIAG_SOURCE_POLICY, &d);
    }
    if (rc)
        fputs("tokpol: out of memory\n", stderr);
}

/* Rule filters that match no rule: usage errors, printed as such. */
static void print_selection_errors(const tp_result *res)
{
    for (size_t i = 0; i < tp_result_diag_count(res); i++) {
        const tp_run_diag *d = tp_result_diag(res, i);
        if (d->source != TP_DIAG_SOURCE_SELECTION)
            continue;
        cli_fprintf(stderr, "tokpol: %s (--rule, --skip-rule)\n", d->diag.message);
        if (d->diag.hint)
            cli_fprintf(stderr, "  help: %s\n", d->diag.hint);
    }
    fputs("Run 'tokpol help' for usage.\n", stderr);
}

/* Loads, validates and evaluates the inputs; what goes wrong is recorded in the result. */
static void check_all(tp_result *res, const tp_plan *plan, const check_opts *o,
                      const tp_result_options *ropts, const tp_eval_options *eopts,
                      tp_validation *validation)
{
    loaded l;
    int code = check_load_all(&l, o, plan, res);
    if (code == 0 && (code = check_validate_all(plan, &l, o, validation)) != 0)
        *validation = TP_VALIDATION_NONE; /* the diagnostics say which input does not conform */
    if (code == 0 && !has_errors(res, -1))
        check_evaluate_all(res, plan, &l, o, ropts, eopts); /* its errors are in the result */
    else if (l.load_as_evaluated)
        check_load_positional_only(&l, o, plan);
    if (l.positional_failed)
        *validation = TP_VALIDATION_NONE;
    check_free_loaded(&l);
}

/* With every report in a file, a CI log still says how the run went, in one line on stderr. */
static void print_outcome(const output *outs, size_t n, const tp_result *res, int code)
{
    if (n == 0)
        return; /* --explain: the explanation on standard output says it */
    for (size_t i = 0; i < n; i++)
        if (!outs[i].path)
            return; /* a report on standard output says it */
    tp_summary s;
    tp_result_summary(&s, res);
    cli_fprintf(stderr,
                "tokpol: %s (exit %d): %zu inputs, %zu rules, %zu subjects checked, %zu failed, "
                "%zu waived, %zu errors; reports in",
                tp_verdict_name(tp_result_verdict(res)), code, s.inputs, s.rules, s.checked,
                s.failed, s.waived, s.errors);
    for (size_t i = 0; i < n; i++)
        cli_fprintf(stderr, " %s", outs[i].path);
    fputc('\n', stderr);
}

/* Reads the baseline; an error is recorded once the result exists. */
static int load_baseline(tp_baseline **out, const check_opts *o, tp_input_error *err)
{
    memset(err, 0, sizeof *err);
    if (!o->baseline)
        return 0;
    int rc = tp_baseline_load(out, o->baseline, NULL, err);
    if (rc == TP_ENOMEM)
        snprintf(err->message, sizeof err->message, "out of memory");
    return rc;
}

/* Reads the options of a run into the library's option structs; 0 or a usage error. */
static int read_options(check_opts *o, tp_format *format, tp_result_options *ropts,
                        tp_eval_options *eopts, int *color_out)
{
    if (o->ninputs == 0 && o->nnamed == 0)
        return cli_usage_error("no input: give an inventory file, or - for standard input");
    if (o->format && tp_format_parse(format, o->format) != 0)
        return cli_bad_value("--format", o->format, cli_format_values);
    if (o->fail_on && tp_severity_parse(&ropts->fail_on, o->fail_on) != 0)
        return cli_bad_value("--fail-on", o->fail_on, cli_severity_values);
    eopts->rules = o->rules;
    eopts->nrules = o->nrules;
    eopts->skip_rules = o->skip_rules;
    eopts->nskip_rules = o->nskip_rules;
    ropts->max_findings = o->max_findings;
    ropts->max_findings_per_rule = o->max_per_rule;
    ropts->fail_on_unchecked = o->pol.limits.strict; /* --strict: checking nothing fails */
    if (o->warn_expiring && tp_duration_parse(&eopts->warn_expiring_us, o->warn_expiring) != 0)
        return cli_usage_error("--warn-expiring takes a duration like 14d, not '%s'",
                               o->warn_expiring);
    /* Without --now the library takes the current UTC time. */
    if (o->now && tp_time_parse(&eopts->now_us, o->now) != 0)
        return cli_usage_error("--now '%s' is not a time: use RFC 3339 or YYYY-MM-DD", o->now);
    *color_out = cli_color(o->color, stdout);
    o->pol.color_err = cli_color(o->color, stderr);
    if (*color_out < 0 || o->pol.color_err < 0)
        return cli_bad_value("--color", o->color, cli_color_values);
    return 0;
}

static int check_run(check_opts *o)
{
    tp_format format = TP_FORMAT_TEXT;
    tp_result_options ropts = TP_RESULT_OPTIONS_INIT;
    tp_eval_options eopts = TP_EVAL_OPTIONS_INIT;
    int color_out = 0;
    int code = read_options(o, &format, &ropts, &eopts, &color_out);
    if (code)
        return code;
    output *outs = calloc(o->noutputs + 1, sizeof *outs);
    size_t nouts = 0;
    if (!outs)
        return cli_usage_error("out of memory");
    code = check_plan_outputs(o, format, outs, &nouts);
    if (code) {
        free(outs);
        return code;
    }
    if (o->explain) {
        o->jobs = 1; /* explanations print as the evaluation goes: one input after the other */
        if (!o->noutputs)
            nouts = 0; /* the explanation takes standard output */
    }
    check_catch_write_signals();

    tp_plan *plan = NULL;
    tp_compiler *compiler = NULL;
    cli_run_limits_compiler(&o->run_limits, &o->pol.limits);
    int compiled = cli_compile_keep(&plan, &compiler, &o->pol);
    tp_baseline *baseline = NULL;
    tp_input_error baseline_err;
    int baseline_rc = compiled ? 0 : load_baseline(&baseline, o, &baseline_err);
    ropts.baseline = baseline;
    tp_result *res = NULL;
    if (compiled != EXIT_USAGE && tp_result_new(&res, &ropts) != 0) {
        fputs("tokpol: out of memory\n", stderr);
        compiled = EXIT_EVAL;
    }
    if (compiled == EXIT_USAGE || !res) {
        tp_compiler_free(compiler);
        tp_baseline_free(baseline);
        free(outs);
        return compiled;
    }
    record_policy(res, compiler, compiled != 0);
    tp_compiler_free(compiler);
    if (baseline_rc)
        check_input_error(res, o->baseline, baseline_rc, &baseline_err);
    check_explain explain;
    memset(&explain, 0, sizeof explain);
    int explain_code =
        plan && o->explain ? check_explain_start(&explain, o->explain, plan, &eopts) : 0;
    /* Filters that select nothing are a usage error, decided before any input is read. */
    if (plan && !explain_code && tp_result_check_rule_filters(res, plan, &eopts) != 0)
        print_selection_errors(res);
    tp_validation validation = TP_VALIDATION_NONE;
    if (plan && !explain_code && !has_errors(res, TP_DIAG_SOURCE_POLICY) &&
        !has_errors(res, TP_DIAG_SOURCE_SELECTION)) {
        check_all(res, plan, o, &ropts, &eopts, &validation);
        if (o->explain && tp_result_verdict(res) < TP_VERDICT_POLICY_ERROR)
            explain_code = check_explain_finish(&explain);
    }
    check_explain_free(&explain);
    if (explain_code)
        nouts = 0; /* a usage error: no report of a run that did not happen */
    code = explain_code ? explain_code : exit_code_of(tp_result_verdict(res));
    tp_report_options rep = TP_REPORT_OPTIONS_INIT;
    char cwd[4096];
    rep.srcroot = getcwd(cwd, sizeof cwd); /* what CI consumers resolve paths from */
    rep.quiet = o->quiet;
    rep.exit_code = code;
    rep.validation = validation;
    rep.threads = check_threads(o->jobs); /* text, JSON and SARIF findings */
    int written = check_write_reports(outs, nouts, res, &rep, color_out);
    int summary = check_step_summary(outs, nouts, res, &rep);
    code = written ? written : summary ? summary : code;
    if (!o->quiet)
        print_outcome(outs, nouts, res, code);
    free(outs);
    tp_result_free(res);
    tp_baseline_free(baseline);
    tp_plan_free(plan);
    return code;
}

void check_opts_free(check_opts *o)
{
    cli_policy_opts_free(&o->pol);
    free(o->inputs);
    free(o->named);
    free(o->rules);
    free(o->skip_rules);
    free(o->outputs);
    check_free_packs(o);
}

int cli_check(int argc, char **argv)
{
    check_opts o;
    memset(&o, 0, sizeof o);
    cli_policy_opts_init(&o.pol);
    cli_config config;
    memset(&config, 0, sizeof config);
    int code = check_parse_args(&o, argc, argv);
    if (code == 0)
        code = cli_config_check(&config, &o); /* settings the options do not give */
    if (code == 0 && !o.quiet)
        cli_config_note(&config);
    if (code == 0)
        code = check_run(&o);
    else if (code < 0)
        code = EXIT_PASS;
    check_opts_free(&o);
    cli_config_free(&config);
    return code;
}
