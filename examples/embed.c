/*
 * Embedding tokpol: compile a policy from a string, check an inventory the host already holds
 * as a cJSON tree (borrowed, not copied), and print the findings. Build against the installed
 * library: cc embed.c $(pkg-config --cflags --libs tokpol libcjson)
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include <tokpol.h>

static const char policy[] = "rule CI-RO {\n"
                             "  title    \"CI tokens are read-only\"\n"
                             "  severity high\n"
                             "  for t in tokens\n"
                             "  where t.env == \"ci\"\n"
                             "  require t.access == \"read_only\"\n"
                             "  message  \"token {t.id} is used in CI with {t.access} access\"\n"
                             "}\n";

int main(void)
{
    /* The host's own data: built here, in a real tool fetched from its store. */
    cJSON *root =
        cJSON_Parse("{\"tokens\": ["
                    "{\"id\": \"deploy\", \"env\": \"ci\", \"access\": \"read_write\"},"
                    "{\"id\": \"docs\", \"env\": \"ci\", \"access\": \"read_only\"},"
                    "{\"id\": \"local\", \"env\": \"dev\", \"access\": \"read_write\"}]}");
    tp_compiler *compiler = NULL;
    tp_plan *plan = NULL;
    tp_document *doc = NULL;
    tp_result *result = NULL;
    int rc = tp_compiler_new(&compiler, NULL);
    if (rc == 0)
        rc = tp_compiler_add_source(compiler, "embedded.tpol", policy, strlen(policy));
    if (rc == 0)
        rc = tp_compiler_compile(&plan, compiler);
    if (rc == TP_EPOLICY)
        tp_compiler_write_diags(compiler, stderr, 0);
    if (rc == 0)
        rc = tp_document_wrap(&doc, root, NULL);
    /* A fixed clock makes the output reproducible; leave now_us 0 for the current time. */
    tp_eval_options opts = TP_EVAL_OPTIONS_INIT;
    if (rc == 0)
        rc = tp_time_parse(&opts.now_us, "2026-11-27T09:00:00Z");
    if (rc == 0)
        rc = tp_result_new(&result, NULL);
    tp_binding binding = {NULL, doc};
    if (rc == 0)
        rc = tp_evaluate(result, plan, "host-inventory", &binding, 1, &opts);
    if (rc == 0) {
        for (size_t i = 0; i < tp_result_finding_count(result); i++) {
            const tp_finding *f = tp_result_finding(result, i);
            printf("%s %s %s: %s\n", tp_severity_name(f->severity), f->rule, f->subject,
                   f->message);
        }
        tp_summary s;
        tp_result_summary(&s, result);
        printf("%zu checked, %zu failed\n", s.checked, s.failed);
    } else {
        fprintf(stderr, "embed: %s\n", tp_status_str(rc));
    }
    tp_result_free(result);
    tp_document_free(doc);
    tp_plan_free(plan);
    tp_compiler_free(compiler);
    cJSON_Delete(root);
    return rc == 0 ? 0 : 1;
}
