/* tokpol check: compile, load every input, evaluate, report, and turn the verdict into an exit
 * code. Nothing is evaluated unless every policy and every input loaded. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int check_inputs(check_opts *o)
{
    tp_format format = TP_FORMAT_TEXT;
    tp_result_options ropts = TP_RESULT_OPTIONS_INIT;
    tp_eval_options eopts = TP_EVAL_OPTIONS_INIT;
    if (o->ninputs == 0 && o->nnamed == 0)
        return cli_usage_error("no input: give an inventory file, or - for standard input");
    if (o->format && tp_format_parse(&format, o->format) != 0)
        return cli_usage_error("unknown --format '%s': use text, json, sarif, junit, gitlab, "
                               "github, markdown or html",
                               o->format);
    if (o->fail_on && tp_severity_parse(&ropts.fail_on, o->fail_on) != 0)
        return cli_usage_error("unknown --fail-on '%s': use info, low, medium, high or critical",
                               o->fail_on);
    eopts.rules = o->rules;
    eopts.nrules = o->nrules;
    eopts.skip_rules = o->skip_rules;
    eopts.nskip_rules = o->nskip_rules;
    ropts.max_findings = o->max_findings;
    ropts.max_findings_per_rule = o->max_per_rule;
    if (o->warn_expiring && tp_duration_parse(&eopts.warn_expiring_us, o->warn_expiring) != 0)
        return cli_usage_error("--warn-expiring takes a duration like 14d, not '%s'",
                               o->warn_expiring);
    /* Without --now the library takes the current UTC time. */
    if (o->now && tp_time_parse(&eopts.now_us, o->now) != 0)
        return cli_usage_error("--now '%s' is not a time: use RFC 3339 or YYYY-MM-DD", o->now);
    output *outs = calloc(o->noutputs + 1, sizeof *outs);
    size_t nouts = 0;
    if (!outs)
        return EXIT_USAGE;
    int bad = check_plan_outputs(o, format, outs, &nouts);
    if (bad) {
        free(outs);
        return bad;
    }
    int color_out = cli_color(o->color, stdout);
    o->pol.color_err = cli_color(o->color, stderr);
    if (color_out < 0 || o->pol.color_err < 0) {
        free(outs);
        return cli_usage_error("--color takes auto, always or never");
    }

    tp_plan *plan = NULL;
    o->pol.json_diags =
        format == TP_FORMAT_JSON && o->noutputs == 0 ? CLI_DIAGS_JSON_ON_FAILURE : CLI_DIAGS_TEXT;
    int code = cli_compile(&plan, &o->pol);
    if (code) {
        free(outs);
        return code;
    }
    loaded l = {0};
    code = check_load_all(&l, o, plan);
    tp_validation validation = TP_VALIDATION_NONE;
    if (code == 0)
        code = check_validate_all(plan, &l, o, &validation);
    tp_baseline *baseline = NULL;
    if (code == 0 && o->baseline) {
        tp_input_error err;
        memset(&err, 0, sizeof err);
        if (tp_baseline_load(&baseline, o->baseline, NULL, &err) != 0) {
            check_print_input_error(o->baseline, &err);
            code = EXIT_INPUT;
        }
        ropts.baseline = baseline;
    }
    tp_result *res = NULL;
    if (code == 0 && tp_result_new(&res, &ropts) != 0)
        code = EXIT_INPUT;
    if (code == 0)
        code = check_evaluate_all(res, plan, &l, o, &ropts, &eopts);
    if (code == 0 && tp_result_verdict(res) == TP_VERDICT_NONE)
        code = cli_usage_error("no rule ran: --rule and --skip-rule select none of the rules");
    if (code == 0) {
        tp_verdict v = tp_result_verdict(res);
        code = v == TP_VERDICT_ERROR ? EXIT_EVAL : v == TP_VERDICT_FAIL ? EXIT_FINDINGS : EXIT_PASS;
        tp_report_options rep = TP_REPORT_OPTIONS_INIT;
        rep.quiet = o->quiet;
        rep.exit_code = code;
        rep.validation = validation;
        int written = check_write_reports(outs, nouts, res, &rep, color_out);
        code = written ? written : code;
    }
    free(outs);
    tp_result_free(res);
    tp_baseline_free(baseline);
    check_free_loaded(&l);
    tp_plan_free(plan);
    return code;
}

int cli_check(int argc, char **argv)
{
    check_opts o;
    memset(&o, 0, sizeof o);
    cli_policy_opts_init(&o.pol);
    int code = check_parse_args(&o, argc, argv);
    if (code == 0)
        code = check_inputs(&o);
    else if (code < 0)
        code = EXIT_PASS;
    cli_policy_opts_free(&o.pol);
    free(o.inputs);
    free(o.named);
    free(o.rules);
    free(o.skip_rules);
    free(o.outputs);
    return code;
}
