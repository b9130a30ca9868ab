/*
 * The readers under allocation failure and under a memory budget. Each scenario runs again and
 * again with the allocator failing at the 1st, 2nd, ... allocation until a run needs no more:
 * every failing run must return TP_ENOMEM, crash nowhere and leak nothing (LeakSanitizer in the
 * asan preset). Then with a budget from tiny to ample: TP_ELIMIT with its message, or success.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "input/reader.h"

static failing_alloc state;

static char *json_text, *csv_text, *file_path;
static size_t json_len, csv_len;

/* Large enough for several chunks, a grown scratch stack, a large object's hash table, strings
 * that move out of the text and a line table that grows. */
static void setup(void)
{
    size_t cap = 400000, n = 0;
    json_text = malloc(cap);
    n += (size_t)snprintf(json_text + n, cap - n, "{\"wide\": {");
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(json_text + n, cap - n, "%s\"k%d\": %d", i ? ", " : "", i, i);
    n += (size_t)snprintf(json_text + n, cap - n, "}, \"tokens\": [\n");
    for (int i = 0; i < 3000; i++)
        n += (size_t)snprintf(json_text + n, cap - n,
                              "%s{\"id\": \"t%d\", \"note\": \"a\\nb\", \"n\": %d.5, \"ok\": true, "
                              "\"tags\": [\"x\", null]}\n",
                              i ? "," : "", i, i);
    n += (size_t)snprintf(json_text + n, cap - n, "]}");
    json_len = n;
    csv_text = malloc(cap);
    n = (size_t)snprintf(csv_text, cap, "user,key,note\n");
    for (int i = 0; i < 3000; i++)
        n += (size_t)snprintf(csv_text + n, cap - n, "u%d,\"k\"\"%d\",\"two\nlines\"\r\n", i, i);
    csv_len = n;
    static char path[] = "/tmp/tp-oom-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, json_text, json_len), (ssize_t)json_len);
    close(fd);
    file_path = path;
}

static void teardown(void)
{
    unlink(file_path);
    free(json_text);
    free(csv_text);
}

TestSuite(input_oom, .init = setup, .fini = teardown, .timeout = 120);

typedef int scenario_fn(const tp_read_options *opts, tp_input_error *err);

static int read_json(const tp_read_options *opts, tp_input_error *err)
{
    tp_jdoc *doc = NULL;
    int rc = tp_read_memory(&doc, TP_INPUT_JSON, json_text, json_len, opts, err);
    tp_jdoc_free(doc);
    return rc;
}

static int read_csv(const tp_read_options *opts, tp_input_error *err)
{
    tp_jdoc *doc = NULL;
    int rc = tp_read_memory(&doc, TP_INPUT_CSV, csv_text, csv_len, opts, err);
    tp_jdoc_free(doc);
    return rc;
}

static int read_json_file(const tp_read_options *opts, tp_input_error *err)
{
    tp_jdoc *doc = NULL;
    int rc = tp_read_file(&doc, TP_INPUT_JSON, file_path, opts, err);
    tp_jdoc_free(doc);
    return rc;
}

static int convert_cjson(const tp_read_options *opts, tp_input_error *err)
{
    cJSON *host = cJSON_ParseWithLength(json_text, json_len);
    cr_assert_not_null(host);
    tp_jdoc *doc = NULL;
    int rc = tp_jdoc_from_cjson(&doc, host, opts, err);
    tp_jdoc_free(doc);
    cJSON_Delete(host);
    return rc;
}

static void every_failure_point(scenario_fn *run)
{
    const tp_allocator hooks = failing_allocator(&state);
    tp_mem mem;
    tp_mem_init(&mem, &hooks);
    tp_read_options opts = TP_READ_OPTIONS_INIT;
    opts.mem = &mem;
    size_t points = 0;
    for (state.fail_at = 1;; state.fail_at++) {
        state.calls = 0;
        state.failed = 0;
        tp_input_error err;
        int rc = run(&opts, &err);
        if (!state.failed) {
            cr_expect_eq(rc, 0, "the run without failures must succeed: %s", err.message);
            break;
        }
        points++;
        cr_expect_eq(rc, TP_ENOMEM, "allocation %zu failed: got %d", state.fail_at, rc);
        if (rc != TP_ENOMEM)
            break;
    }
    cr_log_info("%zu allocation points", points);
    cr_expect_gt(points, 10, "the scenario should allocate at many points");
}

/* Budgets from far too small to enough, in steps: never anything but a clean limit or success,
 * and a successful read never held more than its budget. */
static void every_budget(scenario_fn *run)
{
    int limited = 0, passed = 0;
    for (size_t budget = 1024; budget < ((size_t)64 << 20) && !passed; budget = budget * 5 / 4) {
        tp_read_options opts = TP_READ_OPTIONS_INIT;
        opts.max_memory = budget;
        tp_input_error err;
        int rc = run(&opts, &err);
        if (rc == TP_ELIMIT) {
            char want[160];
            snprintf(want, sizeof want,
                     "reading the input needs more than %zu bytes of memory (raise it with "
                     "--max-memory)",
                     budget);
            cr_expect_str_eq(err.message, want);
            limited++;
        } else {
            cr_expect_eq(rc, 0, "budget %zu: %d %s", budget, rc, err.message);
            passed = 1;
        }
    }
    cr_expect_gt(limited, 10);
    cr_expect(passed, "some budget is enough");
}

Test(input_oom, json_reader)
{
    every_failure_point(read_json);
    every_budget(read_json);
}

Test(input_oom, csv_reader)
{
    every_failure_point(read_csv);
    every_budget(read_csv);
}

Test(input_oom, file_reading)
{
    every_failure_point(read_json_file);
    every_budget(read_json_file);
}

Test(input_oom, cjson_conversion)
{
    every_failure_point(convert_cjson);
    every_budget(convert_cjson);
}

Test(input_oom, a_fault_after_a_refused_line_start_is_not_reported)
{
    /* Line starts are recorded as the text is read: once one could not be, a fault found later
     * would be placed on the wrong line. The read says it ran out of memory, and nothing else. */
    text_buf t = {0};
    text_printf(&t, "[\n");
    for (int i = 0; i < 2000; i++)
        text_printf(&t, "0,\n");
    text_printf(&t, "x]");
    const tp_allocator hooks = failing_allocator(&state);
    tp_mem mem;
    tp_mem_init(&mem, &hooks);
    tp_read_options opts = TP_READ_OPTIONS_INIT;
    opts.mem = &mem;
    for (state.fail_at = 1;; state.fail_at++) {
        state.calls = 0;
        state.failed = 0;
        tp_input_error err;
        memset(&err, 0, sizeof err);
        tp_jdoc *doc = NULL;
        int rc = tp_read_memory(&doc, TP_INPUT_JSON, t.s, t.len, &opts, &err);
        tp_jdoc_free(doc);
        if (!state.failed) {
            cr_expect_eq(rc, TP_EINPUT);
            cr_expect(err.line == 2002 && err.column == 1, "the fault at %u:%u", err.line,
                      err.column);
            break;
        }
        cr_expect_eq(rc, TP_ENOMEM, "allocation %zu failed: got %d", state.fail_at, rc);
        cr_expect(err.line == 0 && err.message[0] == '\0',
                  "allocation %zu failed, yet the read says %u:%u: %s", state.fail_at, err.line,
                  err.column, err.message);
    }
    free(t.s);
}
