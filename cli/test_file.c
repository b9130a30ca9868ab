/* tokpol test: reading a test file and checking its shape before anything runs, so that a typo
 * in it ("expcet") is an error that says where, never a case that passes without checking. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "json_position.h"
#include "test.h"

/* Keys a test file and a case may hold; settings (now, params, ...) may be in either. */
static const char *const file_keys[] = {"$schema", "description", "policies", "pack",
                                        "waivers", "schemas",     "now",      "params",
                                        "fail_on", "cases",       NULL};
static const char *const case_keys[] = {
    "name",       "description", "policies", "pack",        "waivers", "schemas",     "now",
    "params",     "fail_on",     "input",    "input_file",  "inputs",  "input_files", "rules",
    "skip_rules", "expect",      "verdict",  "diagnostics", NULL};
static const char *const status_keys[] = {"fail", "error", "waived", "baseline", "checked", NULL};
static const char *const verdicts[] = {"pass",         "fail",        "error", "none",
                                       "policy_error", "input_error", NULL};

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static int bad(const test_file *f, const char *where, const char *what)
{
    cli_fprintf(stderr, "%s: %s: %s\n", f->path, where, what);
    return EXIT_INPUT;
}

static int strings(const cJSON *v)
{
    if (!cJSON_IsArray(v))
        return 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, v) if (!cJSON_IsString(s)) return 0;
    return 1;
}

static int string_map(const cJSON *v)
{
    if (!cJSON_IsObject(v))
        return 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, v) if (!cJSON_IsString(s)) return 0;
    return 1;
}

/* A file name: "" would name the test file's own directory. */
static int file_name(const cJSON *v)
{
    return cJSON_IsString(v) && *v->valuestring;
}

/* input_files: NAME to a file (a directory, a glob) or a list of them; an empty list would bind
 * nothing, not an empty list (`inputs` gives that: {"NAME": []}). */
static int file_map(const cJSON *v)
{
    if (!cJSON_IsObject(v))
        return 0;
    const cJSON *s, *e;
    cJSON_ArrayForEach(s, v)
    {
        if (!file_name(s) && !(cJSON_IsArray(s) && s->child))
            return 0;
        const cJSON *list = cJSON_IsArray(s) ? s : NULL;
        cJSON_ArrayForEach(e, list) if (!file_name(e)) return 0;
    }
    return 1;
}

/* The settings either level may hold. */
static int check_settings(const test_file *f, const cJSON *o, const char *where)
{
    const cJSON *v;
    char at[200];
    int64_t us;
    tp_severity sev;
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "policies")) && !strings(v) && !cJSON_IsString(v))
        return bad(f, where, "\"policies\" is a list of .tpol files or directories");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "pack")) && !cJSON_IsString(v))
        return bad(f, where, "\"pack\" is the name of a built-in pack, like \"lokalise\"");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "waivers")) && !strings(v))
        return bad(f, where, "\"waivers\" is a list of waiver files");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "schemas")) && !string_map(v))
        return bad(f, where, "\"schemas\" maps input names to schema files");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "now")) &&
        (!cJSON_IsString(v) || tp_time_parse(&us, v->valuestring) != 0))
        return bad(f, where, "\"now\" is a time, RFC 3339 or YYYY-MM-DD");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "params")) && !cJSON_IsObject(v))
        return bad(f, where, "\"params\" maps param names to values");
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "fail_on")) &&
        (!cJSON_IsString(v) || tp_severity_parse(&sev, v->valuestring) != 0))
        return bad(f, where, "\"fail_on\" is a severity: info, low, medium, high or critical");
    const cJSON *k;
    cJSON_ArrayForEach(k, o)
    {
        if (!in_list(k->string, o == f->root ? file_keys : case_keys)) {
            snprintf(at, sizeof at, "unknown key \"%.80s\"", k->string);
            return bad(f, where, at);
        }
    }
    return 0;
}

/* What a case expects of one rule: "pass", or statuses and their subjects. */
static int check_rule_expectation(const test_file *f, const cJSON *e, const char *where)
{
    char at[300];
    snprintf(at, sizeof at, "%s.expect.%.80s", where, e->string);
    if (cJSON_IsString(e) && strcmp(e->valuestring, "pass") == 0)
        return 0;
    if (strcmp(e->string, "*") == 0) /* an object would be read as "pass", its lists unchecked */
        return bad(f, at, "\"*\" takes \"pass\": every rule not named finds nothing");
    if (!cJSON_IsObject(e))
        return bad(f, at, "expect \"pass\" or an object like {\"fail\": [\"subject\", ...]}");
    const cJSON *k;
    cJSON_ArrayForEach(k, e)
    {
        if (!in_list(k->string, status_keys))
            return bad(f, at,
                       "the keys are fail, error, waived, baseline (lists of subjects) "
                       "and checked (a count)");
        if (strcmp(k->string, "checked") == 0 ? !cJSON_IsNumber(k) || k->valuedouble < 0
                                              : !strings(k))
            return bad(f, at,
                       "fail, error, waived and baseline are lists of subjects; checked "
                       "is a count");
    }
    return 0;
}

static int check_case(const test_file *f, const cJSON *c, size_t i)
{
    char where[64];
    snprintf(where, sizeof where, "cases[%zu]", i);
    if (!cJSON_IsObject(c))
        return bad(f, where, "a case is an object");
    int rc = check_settings(f, c, where);
    if (rc)
        return rc;
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "name")) && !cJSON_IsString(v))
        return bad(f, where, "\"name\" is a string");
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "input_file")) && !file_name(v))
        return bad(f, where, "\"input_file\" is a file name (not empty)");
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "inputs")) && !cJSON_IsObject(v))
        return bad(f, where, "\"inputs\" maps names to documents");
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "input_files")) && !file_map(v))
        return bad(f, where,
                   "\"input_files\" maps names to files: a file, directory or glob, or a list "
                   "of them (none empty)");
    if (cJSON_GetObjectItemCaseSensitive(c, "input") &&
        cJSON_GetObjectItemCaseSensitive(c, "input_file"))
        return bad(f, where, "give \"input\" or \"input_file\", not both");
    if (!cJSON_GetObjectItemCaseSensitive(c, "input") &&
        !cJSON_GetObjectItemCaseSensitive(c, "input_file") &&
        !cJSON_GetObjectItemCaseSensitive(c, "inputs") &&
        !cJSON_GetObjectItemCaseSensitive(c, "input_files"))
        return bad(f, where,
                   "a case needs an input: \"input\", \"input_file\", \"inputs\" or "
                   "\"input_files\"");
    if (((v = cJSON_GetObjectItemCaseSensitive(c, "rules")) && !strings(v)) ||
        ((v = cJSON_GetObjectItemCaseSensitive(c, "skip_rules")) && !strings(v)))
        return bad(f, where, "\"rules\" and \"skip_rules\" are lists of rule id patterns");
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "diagnostics")) && !strings(v))
        return bad(f, where, "\"diagnostics\" is a list of codes, like \"E-SYNTAX\"");
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "verdict")) &&
        (!cJSON_IsString(v) || !in_list(v->valuestring, verdicts)))
        return bad(f, where,
                   "\"verdict\" is pass, fail, error, none, policy_error or "
                   "input_error");
    v = cJSON_GetObjectItemCaseSensitive(c, "expect");
    if (v && !cJSON_IsObject(v))
        return bad(f, where, "\"expect\" maps rule ids to what they find");
    if (v && !v->child) /* it would compare nothing: a case that passes without checking */
        return bad(f, where,
                   "\"expect\" names no rule: map rule ids to what they find ({\"LOK001\": "
                   "\"pass\"}, {\"*\": \"pass\"}), or leave it out");
    if (!v && !cJSON_GetObjectItemCaseSensitive(c, "verdict") &&
        !cJSON_GetObjectItemCaseSensitive(c, "diagnostics"))
        return bad(f, where,
                   "a case expects something: \"expect\", \"verdict\" or "
                   "\"diagnostics\"");
    const cJSON *e;
    cJSON_ArrayForEach(e, v) if ((rc = check_rule_expectation(f, e, where))) return rc;
    if (!test_setting(f, c, "now"))
        return bad(f, where,
                   "no clock: give \"now\" in the case or the file, so that ages do "
                   "not change with the day the tests run");
    if (!test_setting(f, c, "policies") && !test_setting(f, c, "pack"))
        return bad(f, where, "no policies: give \"policies\" or \"pack\"");
    return 0;
}

/* The file's settings and each case's keys and values. */
static int check_shape(test_file *f)
{
    if (!cJSON_IsObject(f->root))
        return bad(f, "the file", "a test file is a JSON object with \"cases\"");
    f->cases = cJSON_GetObjectItemCaseSensitive(f->root, "cases");
    if (!cJSON_IsArray(f->cases) || cJSON_GetArraySize(f->cases) == 0)
        return bad(f, "the file", "\"cases\" is a list of at least one case");
    int rc = check_settings(f, f->root, "the file");
    size_t i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, f->cases)
    {
        if (rc == 0)
            rc = check_case(f, c, i++);
    }
    return rc;
}

/* Two cases of one name could not be told apart where names show (a failure, -v): the second is
 * an error at its name, naming the first. `text` is the file's, for the positions. */
static int check_names(const test_file *f, const char *text)
{
    size_t i = 0;
    const cJSON *c, *earlier;
    cJSON_ArrayForEach(c, f->cases)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
        size_t j = 0;
        for (earlier = f->cases->child; name && earlier != c; earlier = earlier->next, j++) {
            const cJSON *other = cJSON_GetObjectItemCaseSensitive(earlier, "name");
            if (!other || strcmp(other->valuestring, name->valuestring) != 0)
                continue;
            unsigned line[2] = {0, 0}, col[2] = {0, 0};
            size_t index[2] = {j, i};
            for (int k = 0; k < 2; k++) {
                char step[32];
                snprintf(step, sizeof step, "%zu", index[k]);
                const char *path[] = {"cases", step, "name"};
                size_t key, value;
                if (cli_json_find(text, path, 3, &key, &value) == 0)
                    cli_json_line_col(text, value, &line[k], &col[k]);
            }
            cli_fprintf(stderr,
                        "%s:%u:%u: cases[%zu]: duplicate case name \"%s\" (first at %u:%u, "
                        "cases[%zu]): a case's name tells it apart in the output\n",
                        f->path, line[1], col[1], i, name->valuestring, line[0], col[0], j);
            return EXIT_INPUT;
        }
        i++;
    }
    return 0;
}

int test_file_load(test_file *f, const char *path)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    cli_dirname(path, f->dir, sizeof f->dir);
    size_t len = 0;
    char *text = cli_read_all(path, &len);
    if (!text) {
        cli_fprintf(stderr, "tokpol: cannot read %s: %s\n", path, strerror(errno));
        return EXIT_INPUT;
    }
    /* tokpol's own reader first: it says where the JSON is wrong, and refuses duplicate keys. */
    tp_document *doc = NULL;
    tp_input_error err;
    memset(&err, 0, sizeof err);
    int rc = tp_document_parse(&doc, text, len, NULL, &err);
    tp_document_free(doc);
    if (rc) {
        cli_fprintf(stderr, "%s:%u:%u: %s\n", path, err.line, err.column, err.message);
        free(text);
        return EXIT_INPUT;
    }
    f->root = cJSON_ParseWithLength(text, len);
    rc = check_shape(f);
    if (rc == 0)
        rc = check_names(f, text);
    free(text);
    return rc;
}

void test_file_free(test_file *f)
{
    cJSON_Delete(f->root);
    f->root = NULL;
}

/* Drops "DIR/.." pairs from a path, so that messages name "policies/lokalise.tpol" rather than
 * "policies/lokalise/tests/../../lokalise.tpol". Only lexically: a ".." after a ".." stays. */
static void tidy_path(char *p)
{
    for (char *dots = strstr(p, "/../"); dots; dots = strstr(p, "/../")) {
        char *start = dots;
        while (start > p && start[-1] != '/')
            start--;
        if ((size_t)(dots - start) == 2 && strncmp(start, "..", 2) == 0)
            return;
        memmove(start, dots + 4, strlen(dots + 4) + 1);
    }
}

void test_file_path(const test_file *f, const char *rel, char *buf, size_t size)
{
    if (rel[0] == '/' || strcmp(f->dir, ".") == 0)
        snprintf(buf, size, "%s", rel);
    else
        snprintf(buf, size, "%s/%s", f->dir, rel);
    tidy_path(buf);
}

const cJSON *test_setting(const test_file *f, const cJSON *c, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);
    return v ? v : cJSON_GetObjectItemCaseSensitive(f->root, key);
}
