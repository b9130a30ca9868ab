/*
 * A pre-deploy gate: refuses to proceed if any token of the inventory fails the built-in Lokalise
 * pack at high severity or above, or if the check cannot decide.
 * Usage: gate INVENTORY.json [NOW]      exit 0: deploy allowed, 1: refused, 2: could not check
 * NOW (RFC 3339 or YYYY-MM-DD) replays a check at another time; by default it is the current time.
 */
#include <stdio.h>

#include <tokpol.h>

static int refuse(const tp_finding *f, void *payload)
{
    (void)payload;
    if (f->status == TP_FINDING_ERROR || f->severity >= TP_SEVERITY_HIGH)
        printf("  %s %s: %s\n", f->rule, f->subject, f->message);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: gate INVENTORY.json [NOW]\n");
        return 2;
    }
    tp_compiler *c = NULL;
    tp_plan *plan = NULL;
    tp_document *doc = NULL;
    tp_result *res = NULL;
    tp_input_error err = {0};
    tp_result_options opts = TP_RESULT_OPTIONS_INIT;
    tp_eval_options eval = TP_EVAL_OPTIONS_INIT; /* now_us 0: the current time */
    opts.fail_on = TP_SEVERITY_HIGH;
    opts.on_finding = refuse; /* stream: a gate needs no report, only the verdict */
    opts.discard_findings = 1;
    int rc = tp_compiler_new(&c, NULL);
    if (rc == 0)
        rc = tp_compiler_add_builtin(c, "lokalise");
    if (rc == 0)
        rc = tp_compiler_compile(&plan, c);
    if (rc == 0)
        rc = tp_document_load(&doc, argv[1], NULL, &err);
    if (rc == 0 && argc == 3)
        rc = tp_time_parse(&eval.now_us, argv[2]);
    if (rc == 0)
        rc = tp_result_new(&res, &opts);
    tp_binding b = {NULL, doc};
    if (rc == 0) {
        printf("checking %s\n", argv[1]);
        rc = tp_evaluate(res, plan, argv[1], &b, 1, &eval);
    }
    int code = 2;
    if (rc == 0) {
        tp_verdict v = tp_result_verdict(res);
        code = v == TP_VERDICT_PASS ? 0 : 1; /* FAIL, ERROR, or NONE (nothing checked) */
        printf("deploy %s\n", code == 0 ? "allowed" : "refused");
    } else if (err.message[0]) {
        fprintf(stderr, "gate: %s:%u:%u: %s\n", argv[1], err.line, err.column, err.message);
    } else {
        fprintf(stderr, "gate: %s\n", tp_status_str(rc));
    }
    tp_result_free(res);
    tp_document_free(doc);
    tp_plan_free(plan);
    tp_compiler_free(c);
    return code;
}
