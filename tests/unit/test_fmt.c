/*
 * tokpol fmt: every policy of the repository formats, the layout is idempotent, and it never
 * changes meaning (same diagnostics, same findings on the fixtures, positions aside); the
 * command's modes (stdout, -l, --check, --diff, -w) and its errors, run as a user would.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

static run_out R;

static void run(run_out *r, const char *args)
{
    run_tokpol(r, SOURCE_DIR, TOKPOL_BIN, args);
}

/* Formats src; NULL when it does not parse. Free with free(). */
static char *format(const char *name, const char *src, size_t len)
{
    tp_compiler *c = NULL;
    cr_assert_eq(tp_compiler_new(&c, NULL), 0);
    char *out = NULL, *copy = NULL;
    size_t n = 0;
    int rc = tp_compiler_format(&out, &n, c, name, src, len);
    cr_assert(rc == 0 || rc == TP_EPOLICY, "%s: %s", name, tp_status_str(rc));
    if (rc == 0) {
        cr_assert_eq(strlen(out), n, "%s: the length includes no NUL", name);
        copy = strdup(out);
    }
    tp_compiler_format_free(c, out);
    tp_compiler_free(c);
    return copy;
}

/* Replaces each "policy.tpol:LINE:COL" in s by "policy.tpol:L:C": messages may say where. */
static void strip_positions(char *s)
{
    const char *tag = "policy.tpol:";
    for (char *p = strstr(s, tag); p; p = strstr(p, tag)) {
        p += strlen(tag);
        char *q = p;
        while ((*q >= '0' && *q <= '9') || *q == ':')
            q++;
        if (q > p) {
            memmove(p + 3, q, strlen(q) + 1);
            memcpy(p, "L:C", 3);
        }
    }
}

/* What compiling src and evaluating it over the input file says, positions left out: the
 * compile status, the diagnostics' codes and messages, each finding's rule, subject, status,
 * severity and message, and the verdict. */
static char *meaning(const char *src, const char *input)
{
    tp_compiler *c = NULL;
    cr_assert_eq(tp_compiler_new(&c, NULL), 0);
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
#define ADD(...) (len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, __VA_ARGS__))
    tp_plan *plan = NULL;
    int rc = tp_compiler_add_source(c, "policy.tpol", src, strlen(src));
    if (rc == 0)
        rc = tp_compiler_compile(&plan, c);
    ADD("compile %d\n", rc);
    for (size_t i = 0; i < tp_compiler_diag_count(c); i++)
        ADD("%s %s\n", tp_compiler_diag(c, i)->code, tp_compiler_diag(c, i)->message);
    if (plan && input) {
        tp_document *doc = NULL;
        cr_assert_eq(tp_document_load(&doc, input, NULL, NULL), 0, "%s", input);
        tp_result *r = eval_json(plan, "{}", NULL); /* a result bound to the plan */
        tp_result_free(r);
        r = NULL;
        tp_result_options ro = TP_RESULT_OPTIONS_INIT;
        cr_assert_eq(tp_result_new(&r, &ro), 0);
        tp_eval_options eo = TP_EVAL_OPTIONS_INIT;
        cr_assert_eq(tp_time_parse(&eo.now_us, TEST_NOW), 0);
        tp_binding b = {NULL, doc};
        cr_assert_eq(tp_evaluate(r, plan, "input.json", &b, 1, &eo), 0);
        for (size_t i = 0; i < tp_result_finding_count(r); i++) {
            const tp_finding *f = tp_result_finding(r, i);
            ADD("%s %s %s %s %s\n", f->rule, f->subject, tp_finding_status_name(f->status),
                tp_severity_name(f->severity), f->message);
        }
        ADD("verdict %s\n", tp_verdict_name(tp_result_verdict(r)));
        tp_result_free(r);
        tp_document_free(doc);
    }
    cr_assert_lt(len, cap, "the summary of a policy's meaning outgrew its buffer");
#undef ADD
    strip_positions(out);
    tp_plan_free(plan);
    tp_compiler_free(c);
    return out;
}

/* Checks one policy file; returns whether it parsed (and so was formatted). */
static int check_policy(const char *path)
{
    size_t len = 0;
    char *src = read_file(path, &len);
    cr_assert_not_null(src, "%s", path);
    char *once = format(path, src, len);
    if (!once) {
        free(src);
        return 0;
    }
    char *twice = format(path, once, strlen(once));
    cr_assert_not_null(twice, "%s: the formatted policy does not parse", path);
    cr_expect_str_eq(twice, once, "%s: formatting is not idempotent", path);
    /* The fixtures: a sibling NAME.input.json, and the example inventories. */
    char sibling[4096];
    snprintf(sibling, sizeof sibling, "%.*s.input.json", (int)(strlen(path) - 5), path);
    const char *inputs[] = {sibling, SOURCE_DIR "/examples/inventory.json",
                            SOURCE_DIR "/examples/clean.json", SOURCE_DIR "/tests/cli/tokens.json"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        struct stat st;
        if (stat(inputs[i], &st) != 0)
            continue;
        char *a = meaning(src, inputs[i]), *b = meaning(once, inputs[i]);
        cr_expect_str_eq(b, a, "%s over %s: the formatted policy says\n%s\ninstead of\n%s", path,
                         inputs[i], b, a);
        free(a);
        free(b);
    }
    free(twice);
    free(once);
    free(src);
    return 1;
}

/* Checks every .tpol below dir; counts those formatted and those refused. */
static void check_tree(const char *dir, size_t *formatted, size_t *refused)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t n = strlen(e->d_name);
        if (S_ISDIR(st.st_mode))
            check_tree(path, formatted, refused);
        else if (n > 5 && strcmp(e->d_name + n - 5, ".tpol") == 0)
            ++*(check_policy(path) ? formatted : refused);
    }
    closedir(d);
}

Test(fmt, every_policy_of_the_repository_keeps_its_meaning, .timeout = 120)
{
    size_t formatted = 0, refused = 0;
    const char *dirs[] = {"policies", "examples", "tests/golden", "tests/cli", "tests/secrets"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", SOURCE_DIR, dirs[i]);
        check_tree(dir, &formatted, &refused);
    }
    /* Only the corpus's files with syntax errors (and drafts of packs using syntax to come) are
     * refused: the lion's share formats. */
    cr_expect_gt(formatted, 40, "%zu formatted, %zu refused", formatted, refused);
}

/* Every ```tpol block of the language guide's cookbook formats idempotently. */
Test(fmt, the_cookbook_blocks_format_idempotently)
{
    char *md = read_file(SOURCE_DIR "/docs/language.md", NULL);
    cr_assert_not_null(md);
    size_t n = 0;
    for (char *p = strstr(md, "\n```tpol"); p; p = strstr(p + 1, "\n```tpol")) {
        char *body = strchr(p + 1, '\n') + 1, *end = strstr(body, "\n```");
        cr_assert_not_null(end);
        char *src = strndup(body, (size_t)(end + 1 - body));
        char *once = format("cookbook.tpol", src, strlen(src));
        if (once) {
            char *twice = format("cookbook.tpol", once, strlen(once));
            cr_expect_str_eq(twice, once);
            char *a = meaning(src, NULL), *b = meaning(once, NULL);
            cr_expect_str_eq(b, a);
            free(a);
            free(b);
            free(twice);
            n++;
        }
        free(once);
        free(src);
    }
    cr_expect_gt(n, 3, "the cookbook's policies");
    free(md);
}

/* if, then and else are keywords: spaced like `and`, never taken for a clause, and a conditional
 * written over several lines keeps its breaks, indented as any expression's next line. */
Test(fmt, a_conditional_is_spaced_and_keeps_its_line_breaks)
{
    const char *src = "rule A { for t in tokens\n"
                      "  let v = if   has(t.x)then(t.x)else-1\n"
                      "  let w = if t.a\n"
                      "then [k for k in keys(t) where k == \"x\"]\n"
                      "        else if t.b then{a: 1}else[]\n"
                      "  require (if v > 0 then true else false) and w != []  }\n";
    const char *want = "rule A {\n"
                       "  for t in tokens\n"
                       "  let v = if has(t.x) then (t.x) else -1\n"
                       "  let w = if t.a\n"
                       "      then [k for k in keys(t) where k == \"x\"]\n"
                       "      else if t.b then {a: 1} else []\n"
                       "  require (if v > 0 then true else false) and w != []\n"
                       "}\n";
    char *out = format("a.tpol", src, strlen(src));
    cr_assert_not_null(out);
    cr_expect_str_eq(out, want);
    char *again = format("a.tpol", out, strlen(out));
    cr_expect_str_eq(again, out, "formatting twice changes nothing more");
    char *a = meaning(src, NULL), *b = meaning(out, NULL);
    cr_expect_str_eq(b, a);
    free(a);
    free(b);
    free(again);
    free(out);
}

/* A credential pasted unquoted is several tokens (split at '-', '.', '/'); spaced out, it would no
 * longer be found, and a diagnostic on its line would quote it and its pieces unmasked. Its
 * tokens stay together; the same operators elsewhere are spaced. */
Test(fmt, a_credential_written_unquoted_stays_whole)
{
    const char *src =
        "rule A { for t in tokens deny t.x == xoxb-1234567890-0987654321-AbCdEfGhIjKl\n"
        "  or t.y == wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY or t.n == t.m-1 }\n";
    char *out = format("a.tpol", src, strlen(src));
    cr_assert_not_null(out);
    cr_expect_str_eq(out,
                     "rule A {\n"
                     "  for t in tokens\n"
                     "  deny t.x == xoxb-1234567890-0987654321-AbCdEfGhIjKl\n"
                     "      or t.y == wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY or t.n == t.m - 1\n"
                     "}\n");
    free(out);
}

Test(fmt, canonical_layout)
{
    const char *src = "# head\npack   demo{title \"x\"   version \"1\"}\n"
                      "param a=[1,2,-3] # trailing\n"
                      "rule R-1 { title \"t\"  severity high for t in tokens\n"
                      "  let n=count(u for u in users where u.id==t.owner)\n\n\n"
                      "  where t.kind==\"api\" and not (n>1)\n"
                      "  require t.a[0] in [\"c\",\"d\"]\n        or -n < 0 and t.in != null }\n";
    char *out = format("a.tpol", src, strlen(src));
    cr_assert_not_null(out);
    cr_expect_str_eq(out, "# head\n"
                          "pack demo {\n"
                          "  title \"x\"\n"
                          "  version \"1\"\n"
                          "}\n"
                          "\n"
                          "param a = [1, 2, -3]  # trailing\n"
                          "\n"
                          "rule R-1 {\n"
                          "  title \"t\"\n"
                          "  severity high\n"
                          "  for t in tokens\n"
                          "  let n = count(u for u in users where u.id == t.owner)\n"
                          "\n"
                          "  where t.kind == \"api\" and not (n > 1)\n"
                          "  require t.a[0] in [\"c\", \"d\"]\n"
                          "      or -n < 0 and t.in != null\n"
                          "}\n");
    free(out);
}

Test(fmt, a_syntax_error_is_exit_3_with_position_and_caret)
{
    char path[512];
    temp_file(path, sizeof path);
    write_file(path, "rule X {\n  require a = 1\n}\n", 27);
    char args[1024];
    snprintf(args, sizeof args, "fmt --color never %s", path);
    run(&R, args);
    cr_expect_eq(R.code, 3, "%s", R.err);
    char want[1024];
    snprintf(want, sizeof want, "%s:2:13: error:", path);
    cr_expect(strstr(R.err, want) != NULL, "%s", R.err);
    cr_expect(strstr(R.err, "  require a = 1\n") && strstr(R.err, "^"), "%s", R.err);
    cr_expect_str_eq(R.out, "");
    remove(path);
}

Test(fmt, check_list_diff_and_write)
{
    char path[512], args[1024];
    temp_file(path, sizeof path);
    const char *messy = "rule X {title \"t\" require 1==1}\n";
    write_file(path, messy, strlen(messy));
    snprintf(args, sizeof args, "fmt %s", path);
    run(&R, args);
    cr_expect_eq(R.code, 0);
    cr_expect_str_eq(R.out, "rule X {\n  title \"t\"\n  require 1 == 1\n}\n");
    snprintf(args, sizeof args, "fmt --check %s", path);
    run(&R, args);
    cr_expect_eq(R.code, 1, "--check fails on an unformatted file");
    cr_expect(strstr(R.err, "is not formatted"), "%s", R.err);
    snprintf(args, sizeof args, "fmt -l %s", path);
    run(&R, args);
    cr_expect_eq(R.code, 0);
    cr_expect(strstr(R.out, path) != NULL, "%s", R.out);
    snprintf(args, sizeof args, "fmt --diff %s", path);
    run(&R, args);
    cr_expect_eq(R.code, 0, "%s", R.err);
    cr_expect(strstr(R.out, "@@") && strstr(R.out, "-rule X {title") &&
                  strstr(R.out, "+  require 1 == 1"),
              "%s", R.out);
    char *unchanged = read_file(path, NULL);
    cr_expect_str_eq(unchanged, messy, "--diff and --check write nothing");
    free(unchanged);
    snprintf(args, sizeof args, "fmt -w %s", path);
    run(&R, args);
    cr_expect_eq(R.code, 0, "%s", R.err);
    cr_expect_str_eq(R.out, "");
    char *now = read_file(path, NULL);
    cr_expect_str_eq(now, "rule X {\n  title \"t\"\n  require 1 == 1\n}\n");
    free(now);
    snprintf(args, sizeof args, "fmt --check -l %s", path);
    run(&R, args);
    cr_expect_eq(R.code, 0, "a formatted file passes --check");
    cr_expect_str_eq(R.out, "");
    remove(path);
}

Test(fmt, standard_input_and_usage)
{
    run(&R, "fmt < tests/cli/pass.tpol > /dev/null && printf 'let  x=1' | " TOKPOL_BIN " fmt -");
    cr_expect_eq(R.code, 0, "%s", R.err);
    cr_expect_str_eq(R.out, "let x = 1\n");
    run(&R, "fmt --nope x.tpol");
    cr_expect_eq(R.code, 2);
    run(&R, "fmt --check -w tests/cli/pass.tpol");
    cr_expect_eq(R.code, 2);
    run(&R, "fmt no/such/file.tpol");
    cr_expect_eq(R.code, 3);
    cr_expect(strstr(R.err, "no/such/file.tpol"), "%s", R.err);
}

/* The example of docs/language.md's "Layout" section is in the layout it describes. */
Test(fmt, the_layout_example_of_the_language_guide_is_canonical)
{
    char *md = read_file(SOURCE_DIR "/docs/language.md", NULL);
    cr_assert_not_null(md);
    char *section = strstr(md, "\n## Layout\n");
    cr_assert_not_null(section);
    char *body = strstr(section, "\n```\n");
    cr_assert_not_null(body);
    body += 5;
    char *end = strstr(body, "\n```");
    char *src = strndup(body, (size_t)(end + 1 - body));
    char *out = format("layout.tpol", src, strlen(src));
    cr_assert_not_null(out);
    cr_expect_str_eq(out, src);
    free(out);
    free(src);
    free(md);
}

/* Every allocation of a format failing in turn: TP_ENOMEM (or a success), never a crash or a
 * leak (ASan/LSan builds check that). */
Test(fmt, out_of_memory_at_every_allocation)
{
    const char *src = "# c\nrule X { for t in tokens  # x\n let n = [a for a in t.b]\n"
                      "  require count(n) > 0 }\n";
    failing_alloc state = {0};
    const tp_allocator hooks = failing_allocator(&state);
    tp_compiler_options opts = TP_COMPILER_OPTIONS_INIT;
    opts.allocator = &hooks;
    size_t failures = 0;
    for (size_t at = 1; at < 5000; at++) {
        state = (failing_alloc){0, at, 0};
        tp_compiler *c = NULL;
        char *out = NULL;
        int rc = tp_compiler_new(&c, &opts);
        if (rc == 0)
            rc = tp_compiler_format(&out, NULL, c, "oom.tpol", src, strlen(src));
        cr_assert(rc == 0 || rc == TP_ENOMEM, "allocation %zu: %s", at, tp_status_str(rc));
        cr_assert(rc != 0 || out, "allocation %zu", at);
        tp_compiler_format_free(c, out);
        tp_compiler_free(c);
        if (!state.failed)
            break; /* every allocation of the format succeeded */
        failures++;
    }
    cr_expect_gt(failures, 5);
}
