/* tokpol check: its options and help, the table check_args.c parses by (command.h). */
#include "check.h"
#include "command.h"

#define F CLI_COMPLETE_FILE
#define V CLI_COMPLETE_VALUES
#define N CLI_COMPLETE_NONE

static const char limits[] = "Limits (each error says which one was hit):";

static const cli_option options[] = {
    CLI_OPTION_POLICY,
    {O_PACK, "pack", 0, "NAME",
     "a provider pack (aws, github, gitlab, gcp, azure-devops, lokalise;\ntokpol packs lists "
     "them); each INPUT is bound to the pack document\nwhose schema it validates against "
     "(repeatable)",
     NULL, N, NULL},
    CLI_OPTION_PARAM(O_PARAM),
    {O_WAIVERS, "waivers", 0, "FILE|DIR",
     "a file of waivers only, owned apart from the policy (repeatable)", NULL, F, NULL},
    {O_WARN_EXPIRING, "warn-expiring", 0, "DUR", "report waivers that expire within DUR, e.g. 14d",
     NULL, N, NULL},
    {O_INPUT, "input", 0, "NAME=FILE",
     "bind another document as NAME (repeatable), for joins; a glob,\na directory or a repeated "
     "NAME binds a list of documents",
     NULL, N, NULL},
    {O_INPUT_FORMAT, "input-format", 0, "FMT",
     "read every input as json or csv (default: by the schema,\nthen the file name: .csv is CSV, "
     "anything else JSON)",
     cli_input_format_values, V, NULL},
    {'j', "jobs", 'j', "N",
     "load and evaluate N inputs at once (default: the cores); fewer\ninputs share their "
     "subjects out to the threads left (and one\nmore runs the rules without for)",
     NULL, N, NULL},
    {O_NOW, "now", 0, "TIME", "the clock, RFC 3339 or YYYY-MM-DD (default: now, UTC)", NULL, N,
     NULL},
    {O_FORMAT, "format", 0, "FORMAT",
     "text (default), json, sarif, junit, gitlab, github, markdown,\nhtml", cli_format_values, V,
     NULL},
    {'o', "output", 'o', "[FMT:]FILE",
     "write a report to FILE instead of standard output; repeatable,\none run can write several: "
     "-o out.sarif -o junit:out.xml.\nThe format: FMT, else the extension (.sarif .json .xml\n"
     ".gitlab.json .md .html .txt), else --format; - is stdout.\nWritten in every outcome, each "
     "file replaced atomically",
     NULL, F, NULL},
    {O_FAIL_ON, "fail-on", 0, "SEVERITY", "info|low|medium|high|critical (default: low)",
     cli_severity_values, V, NULL},
    {O_STRICT, "strict", 0, NULL,
     "policy warnings are errors (exit 3); a rule that checked\nnothing in an input fails the run "
     "(exit 5)",
     NULL, N, NULL},
    {O_SCHEMA, "schema", 0, "NAME=FILE",
     "JSON Schema of the input NAME (input, or an --input name):\npolicy paths are checked "
     "against it, inputs validated by it",
     NULL, N, NULL},
    {O_NO_VALIDATE, "no-validate", 0, NULL,
     "do not validate inputs against their schemas (reports say so)", NULL, N, NULL},
    {O_BASELINE, "baseline", 0, "REPORT",
     "a tokpol JSON report of an earlier run: findings it lists as\nfailing are reported as "
     "baseline and do not fail this run",
     NULL, F, NULL},
    {O_COLOR, "color", 0, "WHEN", "auto (default), always or never; NO_COLOR is honoured",
     cli_color_values, V, NULL},
    CLI_OPTION_NO_CONFIG(O_NO_CONFIG),
    {O_RULE, "rule", 0, "ID", "run only rules matching ID, a glob like 'LOK00*' (repeatable)", NULL,
     N, NULL},
    {O_SKIP_RULE, "skip-rule", 0, "ID", "do not run rules matching ID (repeatable)", NULL, N, NULL},
    {O_MAX_FINDINGS, "max-findings", 0, "N", "list only the N worst findings (all are counted)",
     NULL, N, NULL},
    {O_MAX_PER_RULE, "max-findings-per-rule", 0, "N",
     "keep at most the first N findings per rule and input", NULL, N, NULL},
    {'q', "quiet", 'q', NULL, "print only inputs with findings, and the summary", NULL, N, NULL},
    {O_EXPLAIN, "explain", 0, "RULE[:SUBJECT]",
     "print why RULE passed or failed for SUBJECT (default: its\nfirst 20 subjects): the value of "
     "each let and where and the\nassertion, with their places in the policy; replaces the\n"
     "report on standard output (-o still writes reports)",
     NULL, N, NULL},
    CLI_OPTION_HELP,
    {O_MAX_BYTES, "max-input-bytes", 0, "N",
     "refuse inputs larger than N bytes (default: 268435456)", NULL, N, limits},
    {O_MAX_JSON_DEPTH, "max-json-depth", 0, "N", "JSON nesting (default 512, at most 999)", NULL, N,
     NULL},
    {O_MAX_MEMORY, "max-memory", 0, "SIZE",
     "memory reading one input, and evaluating it, may each hold\n(default 1G; K, M, G suffixes)",
     NULL, N, NULL},
    {O_MAX_EXPR_DEPTH, "max-expr-depth", 0, "N",
     "policy expression nesting (default 200, at most 500)", NULL, N, NULL},
    {O_MAX_REGEX_BYTES, "max-regex-bytes", 0, "N", "longest matches() pattern (default 1024)", NULL,
     N, NULL},
    CLI_OPTION_MAX_REGEX_INPUT(NULL),
    CLI_OPTION_MAX_STEPS,
    CLI_OPTION_MAX_SUBJECT_STEPS,
    {O_MAX_ERRORS, "max-errors", 0, "N", "errors, and warnings, shown per policy file (default 20)",
     NULL, N, NULL},
};

const cli_command cli_check_command = {
    "check",
    "[options] INPUT...",
    "evaluate inventories against the policies",
    "Checks token inventories (JSON or CSV files, directories of them, or - for standard\n"
    "input) against policies. An INPUT may start with its format: csv:report.txt.\n"
    "Settings no option gives come from TOKPOL_* variables, then from the project file\n"
    ".tokpol.json (see tokpol help config).\n",
    options,
    sizeof options / sizeof options[0],
    "Exit codes: 0 pass, 1 findings, 2 usage (also: a --rule/--skip-rule that matches no\n"
    "rule), 3 policy error, 4 input error, 5 evaluation errors (with --strict, also a rule\n"
    "that checked nothing), 6 a report could not be written (also a closed standard output,\n"
    "as in tokpol check ... | head: SIGPIPE is ignored, the write fails), whatever the verdict.\n"
    "\n"
    "Examples:\n"
    "  tokpol check inventory.json\n"
    "  tokpol check -p my-policies/ --now 2026-11-27 -o report.json inv.json\n"
    "  tokpol check -o tokpol.sarif -o junit:tokpol.xml -o audit.html inv.json\n"
    "  tokpol check -p gitlab.tpol --fail-on high tokens.json\n"
    "  tokpol check --pack aws credential-report.csv access-keys/ access-key-last-used/\n",
    cli_check,
    CLI_COMPLETE_FILE,
    NULL,
    0,
};
