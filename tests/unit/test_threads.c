/* One compiled plan shared by 8 threads evaluating different inputs at once, each sharing its
 * input's subjects out to threads of its own (tp_eval_options.threads), must give exactly what
 * serial runs give; so must threads that load their documents at once, share one named document
 * (whose line table each evaluation builds for itself) and whose results are merged in order. The
 * tsan preset runs this under ThreadSanitizer; it is a plain program because Criterion's runner
 * cannot start under ThreadSanitizer. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tokpol.h"

#define TEST_NOW "2026-11-27T09:00:00Z"

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#define THREADS 8
#define ROUNDS 20

typedef struct job {
    const tp_plan *plan;
    const tp_document *doc;
    char name[32];
    char *report; /* the JSON report of the last round */
    int failed;
    /* the second part: a document to load, a shared one, a result of its own */
    int index;
    const tp_plan *join_plan;
    const tp_document *shared;
    tp_result *joined;
} job;

/* The report of r in format f, or NULL. */
static char *render(const tp_result *r, tp_format f, const tp_report_options *ro)
{
    size_t needed = 0;
    char *out = NULL;
    if (tp_report_render(NULL, 0, &needed, r, f, ro) == TP_ELIMIT && (out = malloc(needed)) &&
        tp_report_render(out, needed, NULL, r, f, ro) != 0) {
        free(out);
        out = NULL;
    }
    return out;
}

/* The JSON report, then the text report, of plan over doc, both written on `threads` too. */
static char *evaluate(const tp_plan *plan, const tp_document *doc, const char *name,
                      unsigned threads)
{
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&o.now_us, TEST_NOW);
    o.threads = threads;
    tp_result *r = NULL;
    if (tp_result_new(&r, NULL) != 0)
        return NULL;
    tp_binding b = {NULL, doc};
    char *out = NULL, *json = NULL, *text = NULL;
    tp_report_options ro = TP_REPORT_OPTIONS_INIT;
    ro.threads = threads; /* the findings formatted on as many */
    if (tp_evaluate(r, plan, name, &b, 1, &o) == 0 && (json = render(r, TP_FORMAT_JSON, &ro)) &&
        (text = render(r, TP_FORMAT_TEXT, &ro)) && (out = malloc(strlen(json) + strlen(text) + 1)))
        strcat(strcpy(out, json), text);
    free(json);
    free(text);
    tp_result_free(r);
    return out;
}

static void *worker(void *arg)
{
    job *j = arg;
    for (int i = 0; i < ROUNDS; i++) {
        free(j->report);
        j->report = evaluate(j->plan, j->doc, j->name, 3);
        if (!j->report)
            j->failed = 1;
    }
    return NULL;
}

static tp_document *inventory(int i);
static tp_document *inventory_of(int i, int n);

static int evaluate_join(tp_result *r, const job *j, const tp_document *doc, unsigned threads)
{
    tp_eval_options o = TP_EVAL_OPTIONS_INIT;
    tp_time_parse(&o.now_us, TEST_NOW);
    o.threads = threads;
    tp_binding b[] = {{NULL, doc}, {"admins", j->shared}};
    return tp_evaluate(r, j->join_plan, j->name, b, 2, &o);
}

/* Loads its own inventory (while the other threads load theirs) and evaluates it with the shared
 * admin document bound, into a result of its own. */
static void *join_worker(void *arg)
{
    job *j = arg;
    tp_document *doc = inventory(j->index);
    if (!doc || tp_result_new(&j->joined, NULL) != 0 || evaluate_join(j->joined, j, doc, 2) != 0)
        j->failed = 1;
    tp_document_free(doc);
    return NULL;
}

/* Threads that load, share a named document and are merged give the serial report. */
static void joins(job *jobs)
{
    static const char src[] = "rule J1 { for t in tokens require t.owner in admins[*].id }\n"
                              "rule J2 { for a in admins deny a.id == \"gone\" }";
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    tp_compiler_add_source(c, "join.tpol", src, sizeof src - 1);
    tp_plan *plan = NULL;
    CHECK(tp_compiler_compile(&plan, c) == 0, "the join policy compiles");
    tp_compiler_free(c);
    const char admins_json[] = "[\n{\"id\": \"o\"},\n{\"id\": \"gone\"}\n]";
    tp_document_options o = TP_DOCUMENT_OPTIONS_INIT;
    o.name = "admins.json";
    tp_document *admins = NULL;
    CHECK(tp_document_parse(&admins, admins_json, sizeof admins_json - 1, &o, NULL) == 0, "admins");
    if (!plan || !admins)
        return;
    tp_result *serial = NULL, *merged = NULL;
    tp_result_new(&serial, NULL);
    tp_result_new(&merged, NULL);
    pthread_t tid[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i].join_plan = plan;
        jobs[i].shared = admins;
        jobs[i].index = i;
        tp_document *doc = inventory(i);
        CHECK(evaluate_join(serial, &jobs[i], doc, 1) == 0, "serial join %d", i);
        tp_document_free(doc);
        CHECK(pthread_create(&tid[i], NULL, join_worker, &jobs[i]) == 0, "thread %d", i);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(tid[i], NULL);
        CHECK(!jobs[i].failed && tp_result_merge(merged, jobs[i].joined) == 0, "merge %d", i);
        tp_result_free(jobs[i].joined);
    }
    char *a = render(serial, TP_FORMAT_JSON, NULL), *b = render(merged, TP_FORMAT_JSON, NULL);
    CHECK(a && b && strcmp(a, b) == 0, "the merged parallel report differs from the serial one");
    CHECK(a && strstr(a, "\"file\": \"admins.json\", \"line\": 3") != NULL,
          "a finding about the shared document points at its line: %s", a ? a : "");
    free(a);
    free(b);
    tp_result_free(serial);
    tp_result_free(merged);
    tp_document_free(admins);
    tp_plan_free(plan);
}

/* Inventory i: i+3 tokens, some shared, some old, one orphan; all different. */
static tp_document *inventory(int i)
{
    return inventory_of(i, i + 3);
}

/* Inventory i with n tokens. */
static tp_document *inventory_of(int i, int n)
{
    size_t size = 1024 + (size_t)n * 320;
    char *json = malloc(size);
    if (!json)
        return NULL;
    size_t off = (size_t)snprintf(
        json, size,
        "{\"team\": {\"id\": \"t%d\", \"name\": \"T\", \"plan\": \"Pro\"},"
        " \"users\": [{\"id\": \"o\", \"email\": \"o@x\", \"role\": \"owner\"},"
        " {\"id\": \"m\", \"email\": \"m@x\", \"role\": \"member\"}], \"tokens\": [",
        i);
    for (int k = 0; k < n; k++)
        off += (size_t)snprintf(
            json + off, size - off,
            "%s{\"id\": \"k%d\", \"kind\": \"api\", \"access\": \"%s\", \"owner\": \"%s\","
            " \"created_at\": \"2026-%02d-01\", \"last_used_at\": \"2026-11-2%dT00:00:00Z\"}",
            k ? "," : "", k, k % 2 ? "read_only" : "read_write",
            k % 3 == 0   ? "o"
            : k % 3 == 1 ? "m"
                         : "gone",
            1 + (k + i) % 11, k % 7);
    off += (size_t)snprintf(json + off, size - off, "], \"bindings\": [");
    for (int k = 0; k < n; k++)
        off += (size_t)snprintf(json + off, size - off,
                                "%s{\"token\": \"k%d\", \"service\": \"s%d\", \"env\": \"%s\"}",
                                k ? "," : "", k, k % 4, k % 2 ? "ci" : "test");
    snprintf(json + off, size - off, "]}");
    tp_document *doc = NULL;
    CHECK(tp_document_parse(&doc, json, strlen(json), NULL, NULL) == 0, "inventory %d", i);
    free(json);
    return doc;
}

/* One large inventory shared out to 2, 3 and 5 threads, its reports written on as many, gives the
 * reports of one thread. */
static void shares(const tp_plan *plan)
{
    tp_document *doc = inventory_of(1, 3000);
    char *one = doc ? evaluate(plan, doc, "large.json", 1) : NULL;
    /* More findings than a batch of the report's (1,024), so that its threads share them. */
    size_t findings = 0;
    for (const char *at = one; at && (at = strstr(at, "\"status\": ")) != NULL; at++)
        findings++;
    CHECK(findings > 1024, "the large inventory has over 1,024 findings: %zu", findings);
    for (unsigned threads = 2; one && threads <= 5; threads += threads == 3 ? 2 : 1) {
        char *many = evaluate(plan, doc, "large.json", threads);
        CHECK(many && strcmp(many, one) == 0, "%u threads differ from one", threads);
        free(many);
    }
    free(one);
    tp_document_free(doc);
}

int main(void)
{
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    tp_compiler_add_builtin(c, "lokalise");
    tp_plan *plan = NULL;
    if (tp_compiler_compile(&plan, c) != 0)
        return 1;
    tp_compiler_free(c);

    job jobs[THREADS];
    char *serial[THREADS];
    for (int i = 0; i < THREADS; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        jobs[i].plan = plan;
        jobs[i].doc = inventory(i);
        snprintf(jobs[i].name, sizeof jobs[i].name, "inventory-%d.json", i);
        serial[i] = evaluate(plan, jobs[i].doc, jobs[i].name, 1);
        if (!serial[i])
            return 1;
    }
    pthread_t tid[THREADS];
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&tid[i], NULL, worker, &jobs[i]) != 0)
            return 1;
    for (int i = 0; i < THREADS; i++)
        pthread_join(tid[i], NULL);
    shares(plan);
    for (int i = 0; i < THREADS; i++) {
        CHECK(!jobs[i].failed, "thread %d could not evaluate", i);
        CHECK(jobs[i].report && strcmp(jobs[i].report, serial[i]) == 0,
              "thread %d differs from the serial run", i);
        CHECK(strstr(serial[i], "\"failed\": 0,") == NULL, "inventory %d should have findings", i);
        free(jobs[i].report);
        free(serial[i]);
        tp_document_free((tp_document *)jobs[i].doc);
    }
    tp_plan_free(plan);
    joins(jobs);
    printf("threads: %d passed, %d failed\n", failures ? 0 : 1, failures ? 1 : 0);
    return failures != 0;
}
