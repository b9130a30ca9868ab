/* tokpol test: what a case expects against what the run found, per rule and status, as sorted
 * lists of subjects. Differences name subjects and the finding's message, which the library has
 * already redacted; no input value is printed. */
#include <stdlib.h>
#include <string.h>

#include "test.h"

static const char *const statuses[] = {"fail", "waived", "error", "baseline"};
#define NSTATUS 4

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The subjects of rule `rule` with status s, sorted; *n set. Free the array (not the strings). */
static const char **found(const tp_result *res, const char *rule, tp_finding_status s, size_t *n)
{
    size_t total = tp_result_finding_count(res), k = 0;
    const char **out = calloc(total + 1, sizeof *out);
    for (size_t i = 0; out && i < total; i++) {
        const tp_finding *f = tp_result_finding(res, i);
        if (f->status == s && strcmp(f->rule, rule) == 0)
            out[k++] = f->subject;
    }
    if (out)
        qsort(out, k, sizeof *out, by_string);
    *n = k;
    return out;
}

/* The message of rule's finding for subject with status s. */
static const char *message_of(const tp_result *res, const char *rule, tp_finding_status s,
                              const char *subject)
{
    for (size_t i = 0; i < tp_result_finding_count(res); i++) {
        const tp_finding *f = tp_result_finding(res, i);
        if (f->status == s && strcmp(f->rule, rule) == 0 && strcmp(f->subject, subject) == 0)
            return f->message;
    }
    return "";
}

static void print_list(FILE *out, const char *const *items, size_t n)
{
    fputc('[', out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? ", " : "", items[i]);
    fputc(']', out);
}

/* Findings name a credential by its mask: an expected subject that holds one never matches.
 * Says how to write it (the text is printed through the redaction step, so the raw subject and
 * its mask would read alike): as the findings of `got` that name it so, since a mask without a
 * hash is followed by the subject's place ("[redacted] at /tokens/3"); else as masked. */
static void hint_masked(FILE *out, const char *subject, const char *const *got, size_t ngot)
{
    char shown[256];
    size_t len = tp_redact(shown, sizeof shown, subject);
    if (strcmp(shown, subject) == 0)
        return;
    fputs("      (it holds a credential, which reports show masked: write the subject as ", out);
    size_t placed = 0;
    for (size_t j = 0; len < sizeof shown && j < ngot; j++)
        if (strncmp(got[j], shown, len) == 0 && strncmp(got[j] + len, " at ", 4) == 0)
            fprintf(out, "%s%s", placed++ ? " or " : "", got[j]);
    if (!placed)
        fprintf(out, "%s%s", shown, len >= sizeof shown ? "..." : "");
    fputs(")\n", out);
}

/* Compares one status of one rule; 0 or EXIT_FINDINGS. */
static int compare_status(FILE *out, const tp_result *res, const char *rule, tp_finding_status s,
                          const cJSON *want_list)
{
    size_t nfound = 0, nwant = 0;
    const char **got = found(res, rule, s, &nfound);
    const char **want = calloc((size_t)cJSON_GetArraySize(want_list) + 1, sizeof *want);
    const cJSON *w;
    cJSON_ArrayForEach(w, want_list) want[nwant++] = w->valuestring;
    qsort(want, nwant, sizeof *want, by_string);
    int same = nfound == nwant;
    for (size_t i = 0; same && i < nwant; i++)
        same = strcmp(want[i], got[i]) == 0;
    if (!same) {
        fprintf(out, "  %s: expected %s ", rule, statuses[s]);
        print_list(out, want, nwant);
        fprintf(out, ", found %s ", statuses[s]);
        print_list(out, got, nfound);
        fputc('\n', out);
        /* Walk both sorted lists: what is only in one of them. */
        size_t i = 0, j = 0;
        while (i < nwant || j < nfound) {
            int cmp = i == nwant ? 1 : j == nfound ? -1 : strcmp(want[i], got[j]);
            if (cmp < 0) {
                fprintf(out, "    missing %s %s\n", statuses[s], want[i]);
                hint_masked(out, want[i++], got, nfound);
            } else if (cmp > 0) {
                fprintf(out, "    unexpected %s %s: %s\n", statuses[s], got[j],
                        message_of(res, rule, s, got[j]));
                j++;
            } else {
                i++;
                j++;
            }
        }
    }
    free(got);
    free(want);
    return same ? 0 : EXIT_FINDINGS;
}

static int rule_index(const tp_plan *plan, const char *id, size_t *out)
{
    for (size_t i = 0; i < tp_plan_rule_count(plan); i++) {
        tp_rule_info info;
        if (tp_plan_rule(&info, plan, i) == 0 && strcmp(info.id, id) == 0) {
            *out = i;
            return 0;
        }
    }
    return -1;
}

/* One rule's expectation: "pass" or {"fail": [...], ..., "checked": N}. */
static int expect_rule(FILE *out, const tp_plan *plan, const tp_result *res, const char *rule,
                       const cJSON *e)
{
    static const cJSON empty = {0};
    size_t at, checked = 0;
    if (rule_index(plan, rule, &at) != 0) {
        fprintf(out, "  %s: no such rule in the policies under test\n", rule);
        return EXIT_FINDINGS;
    }
    if (!tp_result_rule_checked(&checked, res, 0, at)) {
        fprintf(out, "  %s: did not run (the case's \"rules\" or \"skip_rules\" left it out)\n",
                rule);
        return EXIT_FINDINGS;
    }
    int code = 0, pass = cJSON_IsString(e);
    for (int s = 0; s < NSTATUS; s++) {
        const cJSON *want = pass ? NULL : cJSON_GetObjectItemCaseSensitive(e, statuses[s]);
        if (compare_status(out, res, rule, (tp_finding_status)s, want ? want : &empty))
            code = EXIT_FINDINGS;
    }
    const cJSON *n = pass ? NULL : cJSON_GetObjectItemCaseSensitive(e, "checked");
    if (pass && checked == 0) {
        fprintf(out,
                "  %s: expected to pass, but it checked no subject (its `for` list was "
                "empty or its `where` clauses dropped every one; say \"checked\": 0 if "
                "that is what the case is about)\n",
                rule);
        code = EXIT_FINDINGS;
    } else if (n && (double)checked != n->valuedouble) {
        fprintf(out, "  %s: expected %g subjects checked, found %zu\n", rule, n->valuedouble,
                checked);
        code = EXIT_FINDINGS;
    }
    return code;
}

int test_expect_findings(FILE *out, const cJSON *c, const tp_plan *plan, const tp_result *res)
{
    static const cJSON empty = {0};
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
    const cJSON *others = cJSON_GetObjectItemCaseSensitive(expect, "*");
    int code = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, expect)
    {
        if (strcmp(e->string, "*") != 0 && expect_rule(out, plan, res, e->string, e))
            code = EXIT_FINDINGS;
    }
    /* The other rules: none may fail to decide; with "*": "pass", none may find anything. */
    for (size_t i = 0; i < tp_plan_rule_count(plan); i++) {
        tp_rule_info info;
        if (tp_plan_rule(&info, plan, i) != 0 || cJSON_GetObjectItemCaseSensitive(expect, info.id))
            continue;
        for (int s = 0; s < NSTATUS; s++)
            if ((others || s == TP_FINDING_ERROR) &&
                compare_status(out, res, info.id, (tp_finding_status)s, &empty))
                code = EXIT_FINDINGS;
    }
    const cJSON *verdict = cJSON_GetObjectItemCaseSensitive(c, "verdict");
    const char *got = tp_verdict_name(tp_result_verdict(res));
    if (verdict && strcmp(verdict->valuestring, got) != 0) {
        fprintf(out, "  verdict: expected %s, found %s\n", verdict->valuestring, got);
        code = EXIT_FINDINGS;
    }
    return code;
}

int test_expect_diagnostics(FILE *out, const cJSON *c, const char *const *codes,
                            const int *is_error, size_t n)
{
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(c, "diagnostics");
    int code = 0;
    const cJSON *w;
    cJSON_ArrayForEach(w, want)
    {
        size_t i = 0;
        while (i < n && strcmp(codes[i], w->valuestring) != 0)
            i++;
        if (i == n) {
            fprintf(out, "  diagnostics: expected %s, which did not occur\n", w->valuestring);
            code = EXIT_FINDINGS;
        }
    }
    for (size_t i = 0; i < n; i++) {
        int listed = 0;
        cJSON_ArrayForEach(w, want) listed |= strcmp(codes[i], w->valuestring) == 0;
        if (is_error[i] && !listed) {
            fprintf(out, "  diagnostics: unexpected error %s\n", codes[i]);
            code = EXIT_FINDINGS;
        }
    }
    return code;
}
