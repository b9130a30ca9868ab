/* tokpol test: policy unit tests (docs/testing.md). Runs the cases of *.tpol-test.json files,
 * prints what a failing case expected and found, a summary line, and with --coverage the rules
 * and clauses no case exercised. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "files.h"
#include "test.h"

enum { T_COVERAGE = 256, T_COLOR };

static const cli_option options[] = {
    {'v', "verbose", 'v', NULL, "name every case that passes too", NULL, CLI_COMPLETE_NONE, NULL},
    {T_COVERAGE, "coverage", 0, NULL,
     "list the rules, and the let/where/assertion clauses of them, that no\ncase exercised (a "
     "where that never dropped a subject, an assertion that\nnever failed, ...)",
     NULL, CLI_COMPLETE_NONE, NULL},
    {T_COLOR, "color", 0, "WHEN", "colours in policy diagnostics: auto (default), always, never",
     cli_color_values, CLI_COMPLETE_VALUES, NULL},
    CLI_OPTION_HELP,
    CLI_OPTION_MAX_REGEX_INPUT("Limits of every case's evaluation, as check takes them:"),
    CLI_OPTION_MAX_STEPS,
    CLI_OPTION_MAX_SUBJECT_STEPS,
};

const cli_command cli_test_command = {
    "test",
    "[--coverage] [-v] [--color WHEN] [limits] FILE|DIR...",
    "run policy unit tests (*" TEST_SUFFIX "): findings expected per rule and subject",
    "Runs policy unit tests: the cases of each test file, and of every *" TEST_SUFFIX "\n"
    "below each directory (docs/testing.md). Each case compiles the policies it names with its\n"
    "params, evaluates its inputs at its clock, and compares the findings per rule and subject\n"
    "(and its verdict and diagnostics) with what it expects.\n\n",
    options,
    sizeof options / sizeof options[0],
    "Exit codes: 0 every case passed, 1 a case failed, 2 usage, 3 the policies under test do\n"
    "not compile, 4 a test file (or an input it names) cannot be read or is malformed.\n",
    cli_test,
    CLI_COMPLETE_FILE,
    NULL,
    0,
};

/* The code of a run: a broken test file first, then policies, then failed cases. */
static int worse(int a, int b)
{
    static const int rank[] = {[EXIT_PASS] = 0,   [EXIT_FINDINGS] = 1, [EXIT_USAGE] = 5,
                               [EXIT_POLICY] = 3, [EXIT_INPUT] = 4,    [EXIT_EVAL] = 2};
    return rank[b] > rank[a] ? b : a;
}

int cli_test(int argc, char **argv)
{
    struct option longs[CLI_MAX_OPTIONS + 1];
    char shorts[3 * CLI_MAX_OPTIONS + 2];
    cli_getopt_table(&cli_test_command, longs, shorts);
    int coverage = 0, verbose = 0, color = cli_color("auto", stderr), c;
    cli_run_limits limits = {0};
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        const char *flag;
        size_t *count = cli_run_limit(&limits, c, &flag);
        if (count) {
            if (cli_count(flag, optarg, count))
                return EXIT_USAGE;
            continue;
        }
        switch (c) {
        case T_COVERAGE:
            coverage = 1;
            break;
        case 'v':
            verbose = 1;
            break;
        case T_COLOR:
            if ((color = cli_color(optarg, stderr)) < 0)
                return cli_bad_value("--color", optarg, cli_color_values);
            break;
        case 'h':
            cli_print_help(&cli_test_command, stdout);
            return EXIT_PASS;
        default:
            return cli_bad_option(&cli_test_command, c, argv);
        }
    }
    if (optind == argc)
        return cli_usage_error("'test' needs test files or directories (*" TEST_SUFFIX ")");
    cli_files files = {0};
    int code = 0;
    for (int i = optind; i < argc; i++)
        if (cli_files_add(&files, argv[i], TEST_SUFFIX) != 0)
            code = EXIT_INPUT;
    if (code == 0 && files.n == 0)
        code = cli_usage_error("no *" TEST_SUFFIX " file below %s", argv[optind]);
    test_coverage *cov = coverage && code == 0 ? test_coverage_new() : NULL;
    size_t passed = 0, failed = 0, broken = 0;
    for (size_t i = 0; code != EXIT_USAGE && i < files.n; i++) {
        test_file f;
        int rc = test_file_load(&f, files.paths[i]);
        f.verbose = verbose;
        f.color = color;
        f.coverage = cov;
        f.limits = &limits;
        for (size_t k = 0; rc == 0 && k < (size_t)cJSON_GetArraySize(f.cases); k++) {
            int r = test_case_run(&f, k);
            passed += r == 0;
            failed += r == EXIT_FINDINGS;
            broken += r != 0 && r != EXIT_FINDINGS;
            code = worse(code, r);
        }
        if (rc) {
            broken++;
            code = worse(code, rc);
        }
        test_file_free(&f);
    }
    if (code != EXIT_USAGE) {
        printf("%s %zu passed, %zu failed", failed || broken ? "FAIL" : "ok", passed, failed);
        if (broken)
            printf(", %zu could not run", broken);
        printf(" (%zu test file%s)\n", files.n, files.n == 1 ? "" : "s");
    }
    if (cov && code != EXIT_USAGE)
        test_coverage_print(cov, stdout);
    test_coverage_free(cov);
    cli_files_free(&files);
    return code;
}
