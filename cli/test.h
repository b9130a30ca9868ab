/* What the parts of `tokpol test` share (docs/testing.md): a test file's shape check, a case's
 * run and its comparison with what it expects, and the coverage of the rules under test. */
#ifndef TOKPOL_CLI_TEST_H
#define TOKPOL_CLI_TEST_H

#include <cjson/cJSON.h>

#include "check.h"

/* The suffix of test files in a directory. */
#define TEST_SUFFIX ".tpol-test.json"

/* Clause coverage summed over every case of the run (test_coverage.c). */
typedef struct test_coverage test_coverage;

/* One test file being run. */
typedef struct test_file {
    const char *path;
    char dir[4096];     /* paths in it are relative to its directory */
    cJSON *root;        /* the parsed file */
    const cJSON *cases; /* its "cases" array */
    int verbose, color;
    test_coverage *coverage;      /* NULL without --coverage */
    const cli_run_limits *limits; /* --max-steps and the others every case runs with */
} test_file;

/* test_file.c: reads and checks the file's shape (unknown keys, types, a clock, policies, an
 * input per case), printing what is wrong with its position; 0, or EXIT_INPUT. */
int test_file_load(test_file *f, const char *path);
void test_file_free(test_file *f);

/* Resolves `rel` (a path in the test file) against its directory into buf. */
void test_file_path(const test_file *f, const char *rel, char *buf, size_t size);

/* A member of the case, or else of the file (now, params, policies, ...); NULL when neither has
 * it. */
const cJSON *test_setting(const test_file *f, const cJSON *c, const char *key);

/* test_case.c: runs case i: 0 passed, EXIT_FINDINGS failed (what differs printed), EXIT_POLICY
 * the policies do not compile, EXIT_INPUT an input of it cannot be loaded. */
int test_case_run(test_file *f, size_t i);

/* A case's documents, loaded as `check` loads its inputs. */
typedef struct test_inputs {
    check_opts opts; /* what check's loading reads: the default limits, one thread */
    loaded docs;
    char **specs; /* input_file and input_files as check's specs, resolved; owned */
    size_t nspecs;
    tp_binding *bind; /* the positional document (if any), then the named ones */
    size_t nbind;
} test_inputs;

/* test_inputs.c: finds, reads, types and validates the case's input, input_file, inputs and
 * input_files (docs/testing.md). 0; -1 when one cannot be used and the case lists diagnostics
 * (the errors are recorded in res, for them to decide); EXIT_INPUT after printing why, under the
 * case's heading. Free with test_inputs_free whatever it returns. */
int test_inputs_load(test_inputs *in, const test_file *f, const cJSON *c, const tp_plan *plan,
                     tp_result *res, const char *heading);
void test_inputs_free(test_inputs *in);

/* test_expect.c: compares the result (of `plan`) with the case's "expect" and "verdict", writing
 * each difference to `out`; 0 or EXIT_FINDINGS. */
int test_expect_findings(FILE *out, const cJSON *c, const tp_plan *plan, const tp_result *res);

/* test_expect.c: whether the diagnostics (codes[i], an error when is_error[i]) are what the
 * case's "diagnostics" expect: each listed code found, and no error beyond them. Writes the
 * difference to `out`; 0 or EXIT_FINDINGS. */
int test_expect_diagnostics(FILE *out, const cJSON *c, const char *const *codes,
                            const int *is_error, size_t n);

/* test_coverage.c */
test_coverage *test_coverage_new(void);
void test_coverage_free(test_coverage *cov);
/* Adds what the evaluations into res exercised of plan's rules. */
void test_coverage_add(test_coverage *cov, const tp_plan *plan, const tp_result *res);
/* Prints the rules and clauses no case exercised; returns how many. */
size_t test_coverage_print(const test_coverage *cov, FILE *out);

#endif
