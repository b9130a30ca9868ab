/*
 * The JSON and SARIF reports format their findings on several threads
 * (tp_report_options.threads), in batches of 1,024 appended in order: the text must be what one
 * thread writes, to a caller's buffer and to a stream, at every batch boundary, and still one
 * JSON document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "helpers.h"

/* n tokens t0.., each with a finding: rule A fails every token, with its id in the message. */
static tp_result *findings(int n, tp_plan **plan)
{
    text_buf t = {0};
    text_printf(&t, "{\"tokens\": [");
    for (int i = 0; i < n; i++)
        text_printf(&t, "%s{\"id\": \"t%d\", \"owner\": \"u%d\"}", i ? ",\n" : "", i, i % 13);
    text_printf(&t, "]}");
    tp_result *r =
        check_src("rule A { for t in tokens deny true message \"{t.id} of {t.owner}\" }\n"
                  "rule B { for t in tokens deny t.owner == \"u3\" severity high }\n",
                  t.s, plan);
    free(t.s);
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

Test(report_threads, threads_write_what_one_thread_writes)
{
    /* Tokens for 0 and 1 findings, exactly one batch, one more, and several batches. */
    static const int sizes[] = {0, 1, 951, 952, 2600};
    static const tp_format formats[] = {TP_FORMAT_JSON, TP_FORMAT_SARIF};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        tp_plan *plan = NULL;
        tp_result *r = findings(sizes[s], &plan);
        cr_assert_eq(tp_result_finding_count(r), (size_t)(sizes[s] + (sizes[s] + 9) / 13));
        for (size_t k = 0; k < 2; k++) {
            tp_format f = formats[k];
            char *want = render(r, f, 1);
            cJSON *doc = cJSON_Parse(want);
            cr_assert_not_null(doc, "one JSON document");
            const cJSON *list = findings_of(doc, f);
            cr_expect_eq((size_t)cJSON_GetArraySize(list), tp_result_finding_count(r),
                         "every finding, once");
            size_t n = tp_result_finding_count(r);
            if (n) /* in the result's order, to the last */
                cr_expect_str_eq(message_of(cJSON_GetArrayItem(list, (int)n - 1), f),
                                 tp_result_finding(r, n - 1)->message);
            cJSON_Delete(doc);
            for (unsigned threads = 2; threads <= 17; threads += threads < 3 ? 1 : 14) {
                char *got = render(r, f, threads);
                expect_same_text(got, want, tp_format_name(f), threads);
                free(got);
            }
            char *streamed = write_out(r, f, 3);
            expect_same_text(streamed, want, "streamed", (unsigned)sizes[s]);
            free(streamed);
            free(want);
        }
        tp_result_free(r);
        tp_plan_free(plan);
    }
}
