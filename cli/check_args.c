/* tokpol check: its usage text and command-line options. */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static const char check_usage[] =
    "usage: tokpol check [options] INPUT...\n"
    "\n"
    "Checks token inventories (JSON or CSV files, directories of them, or - for standard\n"
    "input) against policies. An INPUT may start with its format: csv:report.txt.\n"
    "\n"
    "  -p, --policy FILE|DIR   policy file or directory of *.tpol (repeatable);\n"
    "                          default: the built-in Lokalise pack\n"
    "      --pack NAME         a provider pack (aws, github, gitlab, gcp, azure-devops,\n"
    "                          lokalise; tokpol packs lists them); each INPUT is bound to the\n"
    "                          pack document whose schema it validates against (repeatable)\n"
    "      --param NAME=VALUE  override a policy param, e.g. --param max_age=30d\n"
    "      --waivers FILE|DIR  a file of waivers only, owned apart from the policy (repeatable)\n"
    "      --warn-expiring DUR report waivers that expire within DUR, e.g. 14d\n"
    "      --input NAME=FILE   bind another document as NAME (repeatable), for joins; a glob,\n"
    "                          a directory or a repeated NAME binds a list of documents\n"
    "      --input-format FMT  read every input as json or csv (default: by the schema,\n"
    "                          then the file name: .csv is CSV, anything else JSON)\n"
    "  -j, --jobs N            load and evaluate N inputs at once (default: the cores)\n"
    "      --now TIME          the clock, RFC 3339 or YYYY-MM-DD (default: now, UTC)\n"
    "      --format FORMAT     text (default), json, sarif, junit, gitlab, github, markdown,\n"
    "                          html\n"
    "  -o, --output [FMT:]FILE write a report to FILE instead of standard output; repeatable,\n"
    "                          one run can write several: -o out.sarif -o junit:out.xml.\n"
    "                          The format: FMT, else the extension (.sarif .json .xml\n"
    "                          .gitlab.json .md .html .txt), else --format; - is stdout.\n"
    "                          Written in every outcome, each file replaced atomically\n"
    "      --fail-on SEVERITY  info|low|medium|high|critical (default: low)\n"
    "      --strict            policy warnings are errors (exit 3); a rule that checked\n"
    "                          nothing in an input fails the run (exit 5)\n"
    "      --schema NAME=FILE  JSON Schema of the input NAME (input, or an --input name):\n"
    "                          policy paths are checked against it, inputs validated by it\n"
    "      --no-validate       do not validate inputs against their schemas (reports say so)\n"
    "      --baseline REPORT   a tokpol JSON report of an earlier run: findings it lists as\n"
    "                          failing are reported as baseline and do not fail this run\n"
    "      --color WHEN        auto (default), always or never; NO_COLOR is honoured\n"
    "      --rule ID           run only rules matching ID, a glob like 'LOK00*' (repeatable)\n"
    "      --skip-rule ID      do not run rules matching ID (repeatable)\n"
    "      --max-findings N    list only the N worst findings (all are counted)\n"
    "      --max-findings-per-rule N  keep at most N findings per rule and input\n"
    "\nLimits (each error says which one was hit):\n"
    "      --max-input-bytes N refuse inputs larger than N bytes (default: 268435456)\n"
    "      --max-json-depth N  JSON nesting (default 512, at most 999)\n"
    "      --max-memory SIZE   memory reading one input, and evaluating it, may each hold\n"
    "                          (default 1G; K, M, G suffixes)\n"
    "      --max-expr-depth N  policy expression nesting (default 200, at most 500)\n"
    "      --max-regex-bytes N longest matches() pattern (default 1024)\n"
    "      --max-regex-input N longest string matches() searches (default 16384)\n"
    "      --max-errors N      diagnostics per policy file (default 20)\n"
    "  -q, --quiet             print only inputs with findings, and the summary\n"
    "\n"
    "Exit codes: 0 pass, 1 findings, 2 usage (also: a --rule/--skip-rule that matches no\n"
    "rule), 3 policy error, 4 input error, 5 evaluation errors (with --strict, also a rule\n"
    "that checked nothing), 6 a report could not be written (also a closed standard output,\n"
    "as in tokpol check ... | head: SIGPIPE is ignored, the write fails), whatever the verdict.\n"
    "\n"
    "Examples:\n"
    "  tokpol check inventory.json\n"
    "  tokpol check -p policies/ --now 2026-11-27 -o report.json inv.json\n"
    "  tokpol check -o tokpol.sarif -o junit:tokpol.xml -o audit.html inv.json\n"
    "  tokpol check -p gitlab.tpol --fail-on high tokens.json\n"
    "  tokpol check -p aws.tpol --input keys='keys/*.json' credential-report.csv\n";

/* A size in bytes, with an optional K, M or G (powers of 1024); 0, or a usage error. */
static int parse_size(const char *flag, const char *text, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    unsigned shift = 0;
    if (*end && !end[1])
        shift = *end == 'K' || *end == 'k'   ? 10
                : *end == 'M' || *end == 'm' ? 20
                : *end == 'G' || *end == 'g' ? 30
                                             : 64;
    if (*text == '-' || end == text || !v || shift == 64 || (*end && end[1]) ||
        v > (SIZE_MAX >> shift))
        return cli_usage_error("%s takes a size in bytes, like 512M or 2G, not '%s'", flag, text);
    *out = (size_t)v << shift;
    return 0;
}

int check_parse_args(check_opts *o, int argc, char **argv)
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
        O_NO_VALIDATE,
        O_INPUT_FORMAT,
        O_MAX_MEMORY,
        O_PACK
    };
    static const struct option longs[] = {
        {"policy", required_argument, 0, 'p'},
        {"pack", required_argument, 0, O_PACK},
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
        {"input-format", required_argument, 0, O_INPUT_FORMAT},
        {"max-memory", required_argument, 0, O_MAX_MEMORY},
        {"jobs", required_argument, 0, 'j'},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "p:o:qhj:", longs, NULL)) != -1) {
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
            if (strncmp(optarg, "input=", 6) == 0)
                return cli_usage_error("--input %s: 'input' names the positional input; give the "
                                       "file as an INPUT, or bind it under another name",
                                       optarg);
            cli_push(&o->named, &o->nnamed, optarg);
            break;
        case O_INPUT_FORMAT:
            if (!check_known_format(optarg))
                return cli_usage_error("unknown --input-format '%s': use json or csv", optarg);
            o->input_format = optarg;
            break;
        case O_MAX_MEMORY:
            if (parse_size("--max-memory", optarg, &o->max_memory))
                return EXIT_USAGE;
            break;
        case 'j':
            if (cli_count("--jobs", optarg, &o->jobs))
                return EXIT_USAGE;
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
        case O_PACK: /* provider packs: loaded as policies, their documents bound by schema */
            if (check_add_pack(o, optarg))
                return EXIT_USAGE;
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
    if (!o->jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = cores > 0 ? (size_t)cores : 1;
    }
    return 0;
}
