/* tp_*_options_init for a caller built against an older header: the struct it passes is that
 * version's, smaller than today's. Each is laid out here as its version declared it, followed by
 * guard bytes the library must not write, and then handed to the function that reads it. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define GUARD 0xA5
#define NGUARD 32

/* The struct of one version with the bytes after it; all of it starts as GUARD. */
#define GUARDED(type)                                                                              \
    struct {                                                                                       \
        type opts;                                                                                 \
        unsigned char after[NGUARD];                                                               \
    }

/* No byte after the older struct's end was written. */
static void expect_untouched(const unsigned char *after, const char *what)
{
    for (size_t i = 0; i < NGUARD; i++)
        cr_expect_eq(after[i], GUARD, "%s: byte %zu after the struct was written", what, i);
}

/* Declares `var`, a struct of `type` (an older version's layout) with guard bytes after it, and
 * has `init` fill it as version v: it succeeds, writes the version, and nothing after the end. */
#define INIT_GUARDED(var, init, type, v)                                                           \
    GUARDED(type) var;                                                                             \
    memset(&var, GUARD, sizeof var);                                                               \
    cr_assert_eq(init((void *)&var.opts, v), 0, #type);                                            \
    cr_expect_eq(var.opts.version, v, #type);                                                      \
    expect_untouched(var.after, #type)

/* The fields of tp_eval_options, version by version, as each header declared them. */
#define EVAL_V1_FIELDS                                                                             \
    unsigned version;                                                                              \
    int64_t now_us;                                                                                \
    const char *const *rules;                                                                      \
    size_t nrules;                                                                                 \
    const char *const *skip_rules;                                                                 \
    size_t nskip_rules;                                                                            \
    int64_t warn_expiring_us;
#define EVAL_V2_FIELDS                                                                             \
    EVAL_V1_FIELDS                                                                                 \
    const char *const *many;                                                                       \
    size_t nmany;                                                                                  \
    size_t max_memory;
#define EVAL_V3_FIELDS                                                                             \
    EVAL_V2_FIELDS                                                                                 \
    tp_explain_fn explain;                                                                         \
    void *explain_arg;
#define EVAL_V4_FIELDS                                                                             \
    EVAL_V3_FIELDS                                                                                 \
    unsigned threads;

typedef struct {
    EVAL_V1_FIELDS
} eval_v1;
typedef struct {
    EVAL_V2_FIELDS
} eval_v2;
typedef struct {
    EVAL_V3_FIELDS
} eval_v3;
typedef struct {
    EVAL_V4_FIELDS
} eval_v4;

/* An evaluation with options a binding got from tp_eval_options_init(version) succeeds. */
static void expect_evaluates(const void *opts, unsigned version)
{
    tp_plan *p = compile_src("rule R { for t in tokens deny t.bad }", NULL);
    static const char json[] = "{\"tokens\": [{\"id\": \"a\", \"bad\": true}]}";
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_parse(&doc, json, sizeof json - 1, NULL, NULL), 0);
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, NULL), 0);
    tp_binding b = {NULL, doc};
    cr_expect_eq(tp_evaluate(r, p, "in.json", &b, 1, opts), 0, "version %u", version);
    cr_expect_eq(tp_result_finding_count(r), 1, "version %u", version);
    tp_result_free(r);
    tp_document_free(doc);
    tp_plan_free(p);
}

Test(option_versions, eval_options_of_versions_1_to_4_are_filled_to_their_end)
{
    INIT_GUARDED(v1, tp_eval_options_init, eval_v1, 1);
    cr_expect_eq(v1.opts.now_us, 0);
    cr_expect_null(v1.opts.rules);
    cr_expect_eq(v1.opts.warn_expiring_us, 0);
    expect_evaluates(&v1.opts, 1);

    INIT_GUARDED(v2, tp_eval_options_init, eval_v2, 2);
    cr_expect_null(v2.opts.many);
    cr_expect_eq(v2.opts.max_memory, 0);
    expect_evaluates(&v2.opts, 2);

    INIT_GUARDED(v3, tp_eval_options_init, eval_v3, 3);
    cr_expect_null(v3.opts.explain);
    cr_expect_null(v3.opts.explain_arg);
    expect_evaluates(&v3.opts, 3);

    INIT_GUARDED(v4, tp_eval_options_init, eval_v4, 4);
    cr_expect_eq(v4.opts.threads, 0);
    expect_evaluates(&v4.opts, 4);
}

Test(option_versions, document_options_of_version_1_are_filled_to_their_end)
{
    typedef struct {
        unsigned version;
        const tp_allocator *allocator;
        size_t max_bytes;
        unsigned max_depth;
    } document_v1;
    INIT_GUARDED(v1, tp_document_options_init, document_v1, 1);
    cr_expect_null(v1.opts.allocator);
    cr_expect_eq(v1.opts.max_bytes, 0);
    cr_expect_eq(v1.opts.max_depth, 0);
    tp_document *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_document_parse(&doc, "[1]", 3, (void *)&v1.opts, &err), 0);
    tp_document_free(doc);
}

/* Version 2 is version 3 without fail_on_unchecked: its fields are read as they were. */
Test(option_versions, result_options_of_version_2_are_filled_to_their_end_and_read)
{
    typedef struct {
        unsigned version;
        const tp_allocator *allocator;
        tp_severity fail_on;
        size_t max_findings, max_findings_per_rule;
        tp_finding_fn on_finding;
        void *payload;
        int discard_findings;
        const tp_baseline *baseline;
    } result_v2;
    INIT_GUARDED(v2, tp_result_options_init, result_v2, 2);
    cr_expect_eq(v2.opts.fail_on, TP_SEVERITY_LOW);
    cr_expect_null(v2.opts.on_finding);
    cr_expect_null(v2.opts.baseline);
    v2.opts.fail_on = TP_SEVERITY_HIGH;
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, (void *)&v2.opts), 0);
    tp_plan *p = compile_src("rule R { for t in tokens deny true severity low }", NULL);
    eval_json_into(r, p, "in.json", "{\"tokens\": [{\"id\": \"a\"}]}", TEST_NOW);
    tp_summary s;
    tp_result_summary(&s, r);
    cr_expect_eq(s.failing, 0, "fail_on high was read: nothing high here");
    tp_result_free(r);
    tp_plan_free(p);
}

/* The fields of tp_report_options version 1: 20 bytes; version 2's srcroot starts at 24 (LP64). */
#define REPORT_V1_FIELDS                                                                           \
    unsigned version;                                                                              \
    int color, quiet, exit_code;                                                                   \
    tp_validation validation;

Test(option_versions, report_options_of_versions_1_and_2_are_filled_to_their_end)
{
    typedef struct {
        REPORT_V1_FIELDS
    } report_v1;
    typedef struct {
        REPORT_V1_FIELDS
        const char *srcroot;
    } report_v2;
    tp_plan *p = compile_src("rule R { for t in tokens deny t.bad }", NULL);
    tp_result *r = eval_json(p, "{\"tokens\": [{\"id\": \"a\", \"bad\": true}]}", TEST_NOW);
    char out[4096];

    INIT_GUARDED(v1, tp_report_options_init, report_v1, 1);
    cr_expect_eq(v1.opts.color, 0);
    cr_expect_eq(v1.opts.validation, TP_VALIDATION_NONE);
    cr_expect_eq(tp_report_render(out, sizeof out, NULL, r, TP_FORMAT_JSON, (void *)&v1.opts), 0);
    /* At the very end of a heap block: rendering reads its 20 bytes, not the 24 before version
     * 2's srcroot (AddressSanitizer reports a read past them). */
    report_v1 *tight = malloc(sizeof *tight);
    cr_assert_not_null(tight);
    memcpy(tight, &v1.opts, sizeof *tight);
    cr_expect_eq(tp_report_render(out, sizeof out, NULL, r, TP_FORMAT_JSON, (void *)tight), 0);
    free(tight);

    INIT_GUARDED(v2, tp_report_options_init, report_v2, 2);
    cr_expect_null(v2.opts.srcroot);
    cr_expect_eq(tp_report_render(out, sizeof out, NULL, r, TP_FORMAT_JSON, (void *)&v2.opts), 0);
    tp_result_free(r);
    tp_plan_free(p);
}

/* A version the library does not know, or one it no longer takes, is refused and nothing is
 * written: the caller's struct may be any size. */
Test(option_versions, unknown_versions_are_refused_and_nothing_is_written)
{
    union {
        tp_compiler_options compiler;
        tp_document_options document;
        tp_result_options result;
        tp_eval_options eval;
        tp_report_options report;
        unsigned char bytes[256];
    } u;
    unsigned char untouched[sizeof u];
    memset(untouched, GUARD, sizeof untouched);
    const unsigned refused[] = {0, 1000};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        unsigned v = refused[i];
        memset(&u, GUARD, sizeof u);
        cr_expect_eq(tp_compiler_options_init(&u.compiler, v), TP_EINVAL, "version %u", v);
        cr_expect_eq(tp_document_options_init(&u.document, v), TP_EINVAL, "version %u", v);
        cr_expect_eq(tp_result_options_init(&u.result, v), TP_EINVAL, "version %u", v);
        cr_expect_eq(tp_eval_options_init(&u.eval, v), TP_EINVAL, "version %u", v);
        cr_expect_eq(tp_report_options_init(&u.report, v), TP_EINVAL, "version %u", v);
        cr_expect_eq(memcmp(&u, untouched, sizeof u), 0, "version %u wrote", v);
    }
    memset(&u, GUARD, sizeof u);
    cr_expect_eq(tp_compiler_options_init(&u.compiler, TP_COMPILER_OPTIONS_VERSION + 1), TP_EINVAL);
    cr_expect_eq(tp_document_options_init(&u.document, TP_DOCUMENT_OPTIONS_VERSION + 1), TP_EINVAL);
    cr_expect_eq(tp_result_options_init(&u.result, TP_RESULT_OPTIONS_VERSION + 1), TP_EINVAL);
    cr_expect_eq(tp_eval_options_init(&u.eval, TP_EVAL_OPTIONS_VERSION + 1), TP_EINVAL);
    cr_expect_eq(tp_report_options_init(&u.report, TP_REPORT_OPTIONS_VERSION + 1), TP_EINVAL);
    cr_expect_eq(tp_result_options_init(&u.result, 1), TP_EINVAL, "version 1 had the clock");
    cr_expect_eq(memcmp(&u, untouched, sizeof u), 0, "a refused version wrote");
}

/* Today's version fills the whole struct, as the macro does. */
Test(option_versions, the_current_versions_are_the_macros)
{
    tp_eval_options e;
    memset(&e, GUARD, sizeof e);
    cr_assert_eq(tp_eval_options_init(&e, TP_EVAL_OPTIONS_VERSION), 0);
    cr_expect_eq(e.version, TP_EVAL_OPTIONS_VERSION);
    cr_expect_eq(e.threads, 0);
    cr_expect_eq(e.max_subject_steps, 0);
    cr_expect_eq(e.max_steps, 0);
    tp_report_options rep;
    memset(&rep, GUARD, sizeof rep);
    cr_assert_eq(tp_report_options_init(&rep, TP_REPORT_OPTIONS_VERSION), 0);
    cr_expect_eq(rep.threads, 0);
    cr_expect_null(rep.srcroot);
    tp_result_options ro;
    memset(&ro, GUARD, sizeof ro);
    cr_assert_eq(tp_result_options_init(&ro, TP_RESULT_OPTIONS_VERSION), 0);
    cr_expect_eq(ro.fail_on_unchecked, 0);
    tp_document_options d;
    memset(&d, GUARD, sizeof d);
    cr_assert_eq(tp_document_options_init(&d, TP_DOCUMENT_OPTIONS_VERSION), 0);
    cr_expect_null(d.name);
    cr_expect_eq(d.max_memory, 0);
    tp_compiler_options c;
    memset(&c, GUARD, sizeof c);
    cr_assert_eq(tp_compiler_options_init(&c, TP_COMPILER_OPTIONS_VERSION), 0);
    cr_expect_eq(c.strict, 0);
}
