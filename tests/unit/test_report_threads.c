/*
 * The text, JSON and SARIF reports format their findings on several threads
 * (tp_report_options.threads), in batches of 1,024 appended in order (the text report: each
 * input's findings): the text must be what one thread writes, to a caller's buffer and to a
 * stream, at every batch boundary, and the JSON ones still one JSON document.
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "helpers.h"

/* An inventory of n tokens t0.., each with a finding: rule A fails every token, with its id in
 * the message; rule B every 13th. */
static char *inventory(int n)
{
    text_buf t = {0};
    text_printf(&t, "{\"tokens\": [");
    for (int i = 0; i < n; i++)
        text_printf(&t, "%s{\"id\": \"t%d\", \"owner\": \"u%d\"}", i ? ",\n" : "", i, i % 13);
    text_printf(&t, "]}");
    return t.s;
}

static int findings_of_tokens(int n)
{
    return n + (n + 9) / 13;
}

/* The findings of an inventory of n tokens, and with `more` > 0, of a second one of `more`
 * tokens evaluated into the same result (a second input, whose findings follow the first's). */
static tp_result *findings(int n, int more, tp_plan **plan)
{
    char *json = inventory(n);
    tp_result *r =
        check_src("rule A { for t in tokens deny true message \"{t.id} of {t.owner}\" }\n"
                  "rule B { for t in tokens deny t.owner == \"u3\" severity high }\n",
                  json, plan);
    free(json);
    if (more) {
        json = inventory(more);
        eval_json_into(r, *plan, "second.json", json, NULL);
        free(json);
    }
    return r;
}

static char *render(const tp_result *r, tp_format f, unsigned threads)
{
    tp_report_options o = TP_REPORT_OPTIONS_INIT;
    o.threads = threads;
    return render_report(r, f, &o);
}

/* The same written to a stream. */
static char *write_out(const tp_result *r, tp_format f, unsigned threads)
{
    tp_report_options o = TP_REPORT_OPTIONS_INIT;
    o.threads = threads;
    char *text = NULL;
    size_t len = 0;
    FILE *stream = open_memstream(&text, &len);
    cr_assert_not_null(stream);
    cr_assert_eq(tp_report_write(stream, r, f, &o), 0);
    fclose(stream);
    return text;
}

/* The findings of a JSON or SARIF report, and the message of one. */
static const cJSON *findings_of(const cJSON *doc, tp_format f)
{
    if (f == TP_FORMAT_JSON)
        return cJSON_GetObjectItem(doc, "findings");
    return cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0), "results");
}

static const char *message_of(const cJSON *finding, tp_format f)
{
    const cJSON *m = cJSON_GetObjectItem(finding, "message");
    return cJSON_GetStringValue(f == TP_FORMAT_JSON ? m : cJSON_GetObjectItem(m, "text"));
}

/* The number of findings a text report shows: each ends with a line that says where it is
 * ("at FILE:LINE:COL", or "in FILE"). */
static size_t text_findings(const char *text)
{
    size_t n = 0;
    for (const char *line = text; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
        n += strncmp(line, "           at ", 14) == 0 || strncmp(line, "           in ", 14) == 0;
    return n;
}

/* What one thread writes shows every finding once, in the result's order. */
static void expect_every_finding(const char *text, const tp_result *r, tp_format f)
{
    size_t n = tp_result_finding_count(r);
    if (f == TP_FORMAT_TEXT) {
        cr_expect_eq(text_findings(text), n, "every finding, once");
        const char *at = text;
        for (size_t i = 0; i < n && at; i++) { /* each message after the one before */
            const char *m = tp_result_finding(r, i)->message;
            if ((at = strstr(at, m)) != NULL)
                at += strlen(m);
        }
        cr_expect_not_null(at, "in the result's order, to the last");
        return;
    }
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc, "one JSON document");
    const cJSON *list = findings_of(doc, f);
    cr_expect_eq((size_t)cJSON_GetArraySize(list), n, "every finding, once");
    if (n) /* in the result's order, to the last */
        cr_expect_str_eq(message_of(cJSON_GetArrayItem(list, (int)n - 1), f),
                         tp_result_finding(r, n - 1)->message);
    cJSON_Delete(doc);
}

Test(report_threads, threads_write_what_one_thread_writes)
{
    /* Tokens for 0 and 1 findings, exactly one batch, one more, and several batches; then a
     * second input after one that ends inside a batch, and after one that ends on its edge. */
    static const int sizes[][2] = {{0, 0},    {1, 0},       {951, 0},  {952, 0},
                                   {2600, 0}, {1000, 1500}, {951, 952}};
    static const tp_format formats[] = {TP_FORMAT_TEXT, TP_FORMAT_JSON, TP_FORMAT_SARIF};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        tp_plan *plan = NULL;
        tp_result *r = findings(sizes[s][0], sizes[s][1], &plan);
        cr_assert_eq(tp_result_finding_count(r),
                     (size_t)(findings_of_tokens(sizes[s][0]) + findings_of_tokens(sizes[s][1])));
        for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) {
            tp_format f = formats[k];
            char *want = render(r, f, 1);
            expect_every_finding(want, r, f);
            for (unsigned threads = 2; threads <= 17; threads += threads < 3 ? 1 : 14) {
                char *got = render(r, f, threads);
                expect_same_text(got, want, tp_format_name(f), threads);
                free(got);
            }
            char *streamed = write_out(r, f, 3);
            expect_same_text(streamed, want, "streamed", (unsigned)sizes[s][0]);
            free(streamed);
            free(want);
        }
        tp_result_free(r);
        tp_plan_free(plan);
    }
}

/* A stream the test's thread writes to slowly, so that the report's other threads take batches,
 * and that any other thread fails to write to with ENOSPC, as a full disk would. */
static pthread_t test_thread;

static ssize_t write_on_test_thread(void *cookie, const char *buf, size_t size)
{
    (void)cookie;
    (void)buf;
    if (pthread_equal(pthread_self(), test_thread)) {
        usleep(2000);
        return (ssize_t)size;
    }
    errno = ENOSPC;
    return -1;
}

Test(report_threads, a_failed_write_says_why_whichever_thread_made_it)
{
    /* tokpol check prints errno ("No space left on device", "Broken pipe"), which is each
     * thread's own: the report's caller must see the one of the write that failed. */
    tp_plan *plan = NULL;
    tp_result *r = findings(20000, 0, &plan);
    static const tp_format formats[] = {TP_FORMAT_TEXT, TP_FORMAT_JSON, TP_FORMAT_SARIF};
    test_thread = pthread_self();
    for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) {
        tp_report_options o = TP_REPORT_OPTIONS_INIT;
        o.threads = 2;
        int rc = 0;
        /* Until a thread of the report's own wrote (it takes a batch while this one sleeps). */
        for (int tries = 0; tries < 20 && rc == 0; tries++) {
            cookie_io_functions_t io = {NULL, write_on_test_thread, NULL, NULL};
            FILE *stream = fopencookie(NULL, "w", io);
            cr_assert_not_null(stream);
            errno = 0;
            rc = tp_report_write(stream, r, formats[k], &o);
            int err = errno;
            fclose(stream);
            errno = err;
        }
        cr_assert_eq(rc, TP_EIO, "%s: another thread wrote", tp_format_name(formats[k]));
        cr_expect_eq(errno, ENOSPC, "%s: errno %d", tp_format_name(formats[k]), errno);
    }
    tp_result_free(r);
    tp_plan_free(plan);
}
