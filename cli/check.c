/* tokpol check: compile, load every input, evaluate, report, and turn the verdict into an exit
 * code. Nothing is evaluated unless every policy and every input loaded. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct check_opts {
    cli_policy_opts pol;
    const char **inputs; /* positional */
    size_t ninputs;
    const char **named; /* NAME=FILE */
    size_t nnamed;
    const char **rules, **skip_rules; /* glob patterns */
    size_t nrules, nskip_rules;
    const char **outputs; /* -o [FORMAT:]FILE */
    size_t noutputs;
    const char *now, *format, *fail_on, *color, *warn_expiring, *baseline;
    size_t max_bytes, max_findings, max_per_rule, max_json_depth;
    const char **schemas; /* NAME=FILE */
    size_t nschemas;
    int no_validate;
    int quiet;
} check_opts;

static const char check_usage[] =
    "usage: tokpol check [options] INPUT...\n"
    "\n"
    "Checks token inventories (JSON files, or - for standard input) against policies.\n"
    "\n"
    "  -p, --policy FILE|DIR   policy file or directory of *.tpol (repeatable);\n"
    "                          default: the built-in Lokalise pack\n"
    "      --param NAME=VALUE  override a policy param, e.g. --param max_age=30d\n"
    "      --waivers FILE|DIR  a file of waivers only, owned apart from the policy (repeatable)\n"
    "      --warn-expiring DUR report waivers that expire within DUR, e.g. 14d\n"
    "      --input NAME=FILE   bind another document as NAME (repeatable), for joins\n"
    "      --now TIME          the clock, RFC 3339 or YYYY-MM-DD (default: now, UTC)\n"
    "      --format FORMAT     text (default), json, sarif, junit, gitlab, github, markdown,\n"
    "                          html\n"
    "  -o, --output [FMT:]FILE write a report to FILE instead of standard output; repeatable,\n"
    "                          one run can write several: -o sarif:out.sarif -o junit:out.xml\n"
    "      --fail-on SEVERITY  info|low|medium|high|critical (default: low)\n"
    "      --strict            policy warnings are errors (exit 3)\n"
    "      --schema NAME=FILE  JSON Schema of the input NAME (input, or an --input name):\n"
    "                          policy paths are checked against it, inputs validated by it\n"
    "      --no-validate       do not validate inputs against their schemas (reports say so)\n"
    "      --baseline REPORT   a JSON report of an earlier run: findings it lists as failing\n"
    "                          are reported as baseline and do not fail this run\n"
    "      --color WHEN        auto (default), always or never; NO_COLOR is honoured\n"
    "      --rule ID           run only rules matching ID, a glob like 'LOK00*' (repeatable)\n"
    "      --skip-rule ID      do not run rules matching ID (repeatable)\n"
    "      --max-findings N    keep at most N findings in the report (all are counted)\n"
    "      --max-findings-per-rule N  keep at most N findings per rule and input\n"
    "\nLimits (each error says which one was hit):\n"
    "      --max-input-bytes N refuse inputs larger than N bytes (default: 268435456)\n"
    "      --max-json-depth N  JSON nesting (default 512, at most 999)\n"
    "      --max-expr-depth N  policy expression nesting (default 200, at most 500)\n"
    "      --max-regex-bytes N longest matches() pattern (default 1024)\n"
    "      --max-regex-input N longest string matches() searches (default 16384)\n"
    "      --max-errors N      diagnostics per policy file (default 20)\n"
    "  -q, --quiet             print only inputs with findings, and the summary\n"
    "\n"
    "Exit codes: 0 pass, 1 findings, 2 usage, 3 policy error, 4 input error,\n"
    "5 evaluation errors.\n"
    "\n"
    "Examples:\n"
    "  tokpol check inventory.json\n"
    "  tokpol check -p policies/ --now 2026-11-27 --format json -o report.json inv.json\n"
    "  tokpol check -o sarif:tokpol.sarif -o junit:tokpol.xml -o html:audit.html inv.json\n"
    "  tokpol check -p gitlab.tpol --fail-on high tokens.json\n";

static int parse_args(check_opts *o, int argc, char **argv)
{
    enum {
        O_PARAM = 256,
        O_INPUT,
        O_NOW,
        O_FORMAT,
        O_FAIL_ON,
        O_COLOR,
        O_MAX_BYTES,
        O_RULE,
        O_SKIP_RULE,
        O_MAX_FINDINGS,
        O_WAIVERS,
        O_WARN_EXPIRING,
        O_BASELINE,
        O_MAX_PER_RULE,
        O_MAX_JSON_DEPTH,
        O_MAX_EXPR_DEPTH,
        O_MAX_REGEX_BYTES,
        O_MAX_REGEX_INPUT,
        O_MAX_ERRORS,
        O_STRICT,
        O_SCHEMA,
        O_NO_VALIDATE
    };
    static const struct option longs[] = {
        {"policy", required_argument, 0, 'p'},
        {"param", required_argument, 0, O_PARAM},
        {"input", required_argument, 0, O_INPUT},
        {"now", required_argument, 0, O_NOW},
        {"format", required_argument, 0, O_FORMAT},
        {"output", required_argument, 0, 'o'},
        {"fail-on", required_argument, 0, O_FAIL_ON},
        {"color", required_argument, 0, O_COLOR},
        {"max-input-bytes", required_argument, 0, O_MAX_BYTES},
        {"rule", required_argument, 0, O_RULE},
        {"skip-rule", required_argument, 0, O_SKIP_RULE},
        {"max-findings", required_argument, 0, O_MAX_FINDINGS},
        {"waivers", required_argument, 0, O_WAIVERS},
        {"warn-expiring", required_argument, 0, O_WARN_EXPIRING},
        {"baseline", required_argument, 0, O_BASELINE},
        {"max-findings-per-rule", required_argument, 0, O_MAX_PER_RULE},
        {"max-json-depth", required_argument, 0, O_MAX_JSON_DEPTH},
        {"max-expr-depth", required_argument, 0, O_MAX_EXPR_DEPTH},
        {"max-regex-bytes", required_argument, 0, O_MAX_REGEX_BYTES},
        {"max-regex-input", required_argument, 0, O_MAX_REGEX_INPUT},
        {"max-errors", required_argument, 0, O_MAX_ERRORS},
        {"strict", no_argument, 0, O_STRICT},
        {"schema", required_argument, 0, O_SCHEMA},
        {"no-validate", no_argument, 0, O_NO_VALIDATE},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "p:o:qh", longs, NULL)) != -1) {
        switch (c) {
        case 'p':
            cli_push(&o->pol.policies, &o->pol.npolicies, optarg);
            break;
        case O_PARAM:
            cli_push(&o->pol.params, &o->pol.nparams, optarg);
            break;
        case O_INPUT:
            if (!strchr(optarg, '=') || optarg[0] == '=')
                return cli_usage_error("--input takes NAME=FILE, not '%s'", optarg);
            cli_push(&o->named, &o->nnamed, optarg);
            break;
        case O_NOW:
            o->now = optarg;
            break;
        case O_FORMAT:
            o->format = optarg;
            break;
        case 'o':
            cli_push(&o->outputs, &o->noutputs, optarg);
            break;
        case O_FAIL_ON:
            o->fail_on = optarg;
            break;
        case O_COLOR:
            o->color = optarg;
            break;
        case O_MAX_BYTES:
            if (cli_count("--max-input-bytes", optarg, &o->max_bytes))
                return EXIT_USAGE;
            break;
        case O_MAX_FINDINGS:
            if (cli_count("--max-findings", optarg, &o->max_findings))
                return EXIT_USAGE;
            break;
        case O_MAX_PER_RULE:
            if (cli_count("--max-findings-per-rule", optarg, &o->max_per_rule))
                return EXIT_USAGE;
            break;
        case O_MAX_JSON_DEPTH:
            if (cli_count("--max-json-depth", optarg, &o->max_json_depth))
                return EXIT_USAGE;
            break;
        case O_MAX_EXPR_DEPTH:
        case O_MAX_ERRORS: {
            size_t v;
            if (cli_count(c == O_MAX_ERRORS ? "--max-errors" : "--max-expr-depth", optarg, &v))
                return EXIT_USAGE;
            unsigned u = v > 100000 ? 100000 : (unsigned)v;
            if (c == O_MAX_ERRORS)
                o->pol.limits.max_errors = u;
            else
                o->pol.limits.max_expr_depth = u;
            break;
        }
        case O_MAX_REGEX_BYTES:
            if (cli_count("--max-regex-bytes", optarg, &o->pol.limits.max_regex_bytes))
                return EXIT_USAGE;
            break;
        case O_MAX_REGEX_INPUT:
            if (cli_count("--max-regex-input", optarg, &o->pol.limits.max_regex_input))
                return EXIT_USAGE;
            break;
        case O_STRICT:
            o->pol.limits.strict = 1;
            break;
        case O_SCHEMA:
            if (!strchr(optarg, '=') || optarg[0] == '=')
                return cli_usage_error(
                    "--schema takes NAME=FILE (NAME is input or an --input name), "
                    "not '%s'",
                    optarg);
            cli_push(&o->pol.schemas, &o->pol.nschemas, optarg);
            break;
        case O_NO_VALIDATE:
            o->no_validate = 1;
            break;
        case O_WAIVERS:
            cli_push(&o->pol.waivers, &o->pol.nwaivers, optarg);
            break;
        case O_WARN_EXPIRING:
            o->warn_expiring = optarg;
            break;
        case O_BASELINE:
            o->baseline = optarg;
            break;
        case O_RULE:
            cli_push(&o->rules, &o->nrules, optarg);
            break;
        case O_SKIP_RULE:
            cli_push(&o->skip_rules, &o->nskip_rules, optarg);
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'h':
            fputs(check_usage, stdout);
            return -1;
        case '?':
            if (optopt)
                return cli_usage_error("option -%c needs a value or is unknown", optopt);
            return cli_usage_error("unknown option '%s'", argv[optind - 1]);
        default:
            return cli_usage_error("unknown option");
        }
    }
    /* GNU getopt moves options before operands, so inputs may come anywhere. */
    for (; optind < argc; optind++)
        cli_push(&o->inputs, &o->ninputs, argv[optind]);
    return 0;
}

static void print_input_error(const char *path, const tp_input_error *e)
{
    if (e->line)
        fprintf(stderr, "%s:%u:%u: error: %s\n", path, e->line, e->column, e->message);
    else
        fprintf(stderr, "%s: error: %s\n", path, e->message);
}

/* Loads one document; prints the error and returns an exit code when it fails. */
static int load(tp_document **out, const char *path, const check_opts *o)
{
    tp_document_options dopts = TP_DOCUMENT_OPTIONS_INIT;
    dopts.max_bytes = o->max_bytes;
    dopts.max_depth = o->max_json_depth > 999 ? 999 : (unsigned)o->max_json_depth;
    tp_input_error err;
    int rc = tp_document_load(out, path, &dopts, &err);
    if (rc == 0)
        return 0;
    if (rc == TP_ENOMEM)
        snprintf(err.message, sizeof err.message, "out of memory");
    print_input_error(strcmp(path, "-") == 0 ? "<stdin>" : path, &err);
    return EXIT_INPUT;
}

typedef struct loaded {
    tp_document **docs; /* positional, then named */
    tp_binding *named;  /* bindings of the named documents */
    size_t ndocs;
} loaded;

static int load_all(loaded *l, const check_opts *o)
{
    size_t total = o->ninputs + o->nnamed;
    l->docs = calloc(total ? total : 1, sizeof *l->docs);
    l->named = calloc(o->nnamed + 1, sizeof *l->named);
    if (!l->docs || !l->named)
        return EXIT_INPUT;
    int status = 0;
    for (size_t i = 0; i < o->ninputs; i++, l->ndocs++) {
        int rc = load(&l->docs[l->ndocs], o->inputs[i], o);
        status = status ? status : rc;
    }
    for (size_t i = 0; i < o->nnamed; i++, l->ndocs++) {
        const char *eq = strchr(o->named[i], '=');
        int rc = load(&l->docs[l->ndocs], eq + 1, o);
        status = status ? status : rc;
        l->named[i].doc = l->docs[l->ndocs];
    }
    return status;
}

static void free_loaded(loaded *l, const check_opts *o)
{
    for (size_t i = 0; i < l->ndocs; i++)
        tp_document_free(l->docs[i]);
    for (size_t i = 0; i < o->nnamed; i++)
        free((char *)l->named[i].name);
    free(l->docs);
    free(l->named);
}

/* Names the named bindings ("users" of users=FILE); the strings are owned by `l`. */
static int name_bindings(loaded *l, const check_opts *o)
{
    for (size_t i = 0; i < o->nnamed; i++) {
        const char *eq = strchr(o->named[i], '=');
        char *name = strndup(o->named[i], (size_t)(eq - o->named[i]));
        if (!name)
            return -1;
        l->named[i].name = name;
    }
    return 0;
}

/* Validates every input that has a schema; nothing is evaluated if one does not conform. */
static int validate_all(const tp_plan *plan, const loaded *l, const check_opts *o,
                        tp_validation *state)
{
    int any = tp_plan_has_schema(plan, NULL);
    for (size_t i = 0; i < o->nnamed; i++)
        any = any || tp_plan_has_schema(plan, l->named[i].name);
    if (!any)
        return 0;
    if (o->no_validate) {
        *state = TP_VALIDATION_SKIPPED;
        return 0;
    }
    *state = TP_VALIDATION_PASSED;
    int code = 0;
    for (size_t i = 0; i < l->ndocs; i++) {
        int positional = i < o->ninputs;
        const char *name = positional ? NULL : l->named[i - o->ninputs].name;
        const char *path = positional ? o->inputs[i] : strchr(o->named[i - o->ninputs], '=') + 1;
        tp_input_error err;
        memset(&err, 0, sizeof err);
        if (tp_plan_validate(plan, name, l->docs[i], &err) != 0) {
            print_input_error(strcmp(path, "-") == 0 ? "<stdin>" : path, &err);
            code = EXIT_INPUT;
        }
    }
    return code;
}

static int evaluate_all(tp_result *res, const tp_plan *plan, loaded *l, const check_opts *o,
                        const tp_eval_options *eopts)
{
    tp_binding *b = calloc(o->nnamed + 1, sizeof *b);
    if (!b)
        return TP_ENOMEM;
    int rc = 0;
    memcpy(b + 1, l->named, o->nnamed * sizeof *b);
    for (size_t i = 0; rc == 0 && i < o->ninputs; i++) {
        b[0].name = NULL;
        b[0].doc = l->docs[i];
        const char *name = strcmp(o->inputs[i], "-") == 0 ? "<stdin>" : o->inputs[i];
        rc = tp_evaluate(res, plan, name, b, o->nnamed + 1, eopts);
    }
    if (o->ninputs == 0) {
        char name[1024] = "";
        size_t off = 0;
        for (size_t i = 0; i < o->nnamed && off < sizeof name; i++)
            off +=
                (size_t)snprintf(name + off, sizeof name - off, "%s%s", i ? "+" : "", o->named[i]);
        rc = tp_evaluate(res, plan, name, b + 1, o->nnamed, eopts);
    }
    free(b);
    return rc;
}

/* One report to write: a format and a file (NULL: standard output). */
typedef struct output {
    tp_format format;
    const char *path;
} output;

/* Resolves -o [FORMAT:]FILE values; without any, one report to standard output. */
static int plan_outputs(const check_opts *o, tp_format fallback, output *out, size_t *n)
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

/* Writes every report; 0, or EXIT_USAGE when one cannot be written. */
static int write_reports(const output *outs, size_t n, const tp_result *res,
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
    int bad = plan_outputs(o, format, outs, &nouts);
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
    o->pol.json_diags = format == TP_FORMAT_JSON && o->noutputs == 0;
    int code = cli_compile(&plan, &o->pol);
    if (code) {
        free(outs);
        return code;
    }
    loaded l = {0};
    code = load_all(&l, o);
    if (code == 0 && name_bindings(&l, o) != 0)
        code = EXIT_INPUT;
    tp_validation validation = TP_VALIDATION_NONE;
    if (code == 0)
        code = validate_all(plan, &l, o, &validation);
    tp_baseline *baseline = NULL;
    if (code == 0 && o->baseline) {
        tp_input_error err;
        memset(&err, 0, sizeof err);
        if (tp_baseline_load(&baseline, o->baseline, NULL, &err) != 0) {
            print_input_error(o->baseline, &err);
            code = EXIT_INPUT;
        }
        ropts.baseline = baseline;
    }
    tp_result *res = NULL;
    if (code == 0 && tp_result_new(&res, &ropts) != 0)
        code = EXIT_INPUT;
    if (code == 0 && evaluate_all(res, plan, &l, o, &eopts) != 0) {
        fputs("tokpol: out of memory during evaluation\n", stderr);
        code = EXIT_EVAL;
    }
    if (code == 0 && tp_result_verdict(res) == TP_VERDICT_NONE)
        code = cli_usage_error("no rule ran: --rule and --skip-rule select none of the rules");
    if (code == 0) {
        tp_verdict v = tp_result_verdict(res);
        code = v == TP_VERDICT_ERROR ? EXIT_EVAL : v == TP_VERDICT_FAIL ? EXIT_FINDINGS : EXIT_PASS;
        tp_report_options rep = TP_REPORT_OPTIONS_INIT;
        rep.quiet = o->quiet;
        rep.exit_code = code;
        rep.validation = validation;
        int written = write_reports(outs, nouts, res, &rep, color_out);
        code = written ? written : code;
    }
    free(outs);
    tp_result_free(res);
    tp_baseline_free(baseline);
    free_loaded(&l, o);
    tp_plan_free(plan);
    return code;
}

int cli_check(int argc, char **argv)
{
    check_opts o;
    memset(&o, 0, sizeof o);
    cli_policy_opts_init(&o.pol);
    int code = parse_args(&o, argc, argv);
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
