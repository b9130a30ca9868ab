/* tokpol check: its command line, parsed by the table of check_options.c. */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "command.h"

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

/* Where an option that takes a positive count goes, and its flag; NULL for another option. */
static size_t *count_option(check_opts *o, int c, const char **flag)
{
    switch (c) {
    case 'j':
        *flag = "--jobs";
        return &o->jobs;
    case O_MAX_BYTES:
        *flag = "--max-input-bytes";
        return &o->max_bytes;
    case O_MAX_FINDINGS:
        *flag = "--max-findings";
        return &o->max_findings;
    case O_MAX_PER_RULE:
        *flag = "--max-findings-per-rule";
        return &o->max_per_rule;
    case O_MAX_JSON_DEPTH:
        *flag = "--max-json-depth";
        return &o->max_json_depth;
    case O_MAX_REGEX_BYTES:
        *flag = "--max-regex-bytes";
        return &o->pol.limits.max_regex_bytes;
    default: /* those test takes too */
        return cli_run_limit(&o->run_limits, c, flag);
    }
}

int check_parse_args(check_opts *o, int argc, char **argv)
{
    struct option longs[CLI_MAX_OPTIONS + 1];
    char shorts[3 * CLI_MAX_OPTIONS + 2];
    cli_getopt_table(&cli_check_command, longs, shorts);
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        const char *flag;
        size_t *count = count_option(o, c, &flag);
        if (count) {
            if (cli_count(flag, optarg, count))
                return EXIT_USAGE;
            continue;
        }
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
                return cli_bad_value("--input-format", optarg, cli_input_format_values);
            o->input_format = optarg;
            break;
        case O_MAX_MEMORY:
            if (parse_size("--max-memory", optarg, &o->max_memory))
                return EXIT_USAGE;
            break;
        case O_NOW:
            o->now = optarg;
            break;
        case O_FORMAT:
            o->format = optarg;
            o->format_flag = 1;
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
        case O_NO_CONFIG:
            o->pol.no_config = 1;
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
        case O_EXPLAIN:
            o->explain = optarg;
            break;
        case 'h':
            cli_print_help(&cli_check_command, stdout);
            return -1;
        default:
            return cli_bad_option(&cli_check_command, c, argv);
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
