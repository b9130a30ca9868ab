#include "helpers.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int compile_status(const char *src, tp_compiler **compiler)
{
    tp_compiler *c = NULL;
    cr_assert_eq(tp_compiler_new(&c, NULL), 0);
    int rc = tp_compiler_add_source(c, "test.tpol", src, strlen(src));
    tp_plan *p = NULL;
    if (rc == 0)
        rc = tp_compiler_compile(&p, c);
    tp_plan_free(p);
    *compiler = c;
    return rc;
}

tp_plan *compile_src(const char *src, tp_compiler **compiler)
{
    tp_compiler *c = NULL;
    cr_assert_eq(tp_compiler_new(&c, NULL), 0);
    cr_assert_eq(tp_compiler_add_source(c, "test.tpol", src, strlen(src)), 0);
    tp_plan *p = NULL;
    int rc = tp_compiler_compile(&p, c);
    if (rc != 0) {
        tp_compiler_write_diags(c, stderr, 0);
        cr_assert_fail("policy does not compile: %s", tp_status_str(rc));
    }
    if (compiler)
        *compiler = c;
    else
        tp_compiler_free(c);
    return p;
}

void eval_json_into(tp_result *r, const tp_plan *plan, const char *name, const char *json,
                    const char *now)
{
    tp_document *doc = NULL;
    tp_input_error err;
    int rc = tp_document_parse(&doc, json, strlen(json), NULL, &err);
    cr_assert_eq(rc, 0, "input does not parse: %s", err.message);
    tp_eval_options opts = TP_EVAL_OPTIONS_INIT;
    cr_assert_eq(tp_time_parse(&opts.now_us, now ? now : TEST_NOW), 0);
    tp_binding b = {NULL, doc};
    cr_assert_eq(tp_evaluate(r, plan, name, &b, 1, &opts), 0);
    tp_document_free(doc);
}

tp_result *eval_json(const tp_plan *plan, const char *json, const char *now)
{
    tp_result *r = NULL;
    cr_assert_eq(tp_result_new(&r, NULL), 0);
    eval_json_into(r, plan, "input.json", json, now);
    return r;
}

tp_result *check_src(const char *src, const char *json, tp_plan **plan_out)
{
    tp_plan *p = compile_src(src, NULL);
    *plan_out = p;
    return eval_json(p, json, NULL);
}

char require_outcome(const char *cond, const char *json, char *msg, size_t size)
{
    char src[2048];
    snprintf(src, sizeof src, "rule T {\n  require %s\n}\n", cond);
    tp_plan *p;
    tp_result *r = check_src(src, json, &p);
    char o = 'p';
    if (tp_result_finding_count(r) == 1) {
        const tp_finding *f = tp_result_finding(r, 0);
        o = f->status == TP_FINDING_ERROR ? 'e' : 'f';
        if (msg)
            snprintf(msg, size, "%s", f->message);
    }
    tp_result_free(r);
    tp_plan_free(p);
    return o;
}

void expect_require_error(const char *cond, const char *json, const char *msg)
{
    char got[512] = "";
    cr_expect_eq(require_outcome(cond, json, got, sizeof got), 'e', "%s should be an error", cond);
    cr_expect_str_eq(got, msg);
}

const tp_finding *find_finding(const tp_result *r, const char *rule, const char *subject)
{
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        if (strcmp(f->rule, rule) == 0 && strcmp(f->subject, subject) == 0)
            return f;
    }
    return NULL;
}

size_t count_findings(const tp_result *r, const char *rule, tp_finding_status status)
{
    size_t n = 0;
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        n += strcmp(f->rule, rule) == 0 && f->status == status;
    }
    return n;
}

/* The first error diagnostic of compiling src, as "L:C: message" or its hint alone. */
static const char *first_error_text(const char *src, char *buf, size_t size, int hint)
{
    tp_compiler *c = NULL;
    compile_status(src, &c);
    buf[0] = '\0';
    for (size_t i = 0; i < tp_compiler_diag_count(c); i++) {
        const tp_diag *d = tp_compiler_diag(c, i);
        if (d->severity != TP_DIAG_ERROR)
            continue;
        if (hint)
            snprintf(buf, size, "%s", d->hint ? d->hint : "");
        else
            snprintf(buf, size, "%u:%u: %s", d->line, d->column, d->message);
        break;
    }
    tp_compiler_free(c);
    return buf;
}

const char *first_error(const char *src, char *buf, size_t size)
{
    return first_error_text(src, buf, size, 0);
}

const char *first_error_hint(const char *src, char *buf, size_t size)
{
    return first_error_text(src, buf, size, 1);
}

static int comma_radix(const char *name)
{
    return setlocale(LC_NUMERIC, name) && strcmp(localeconv()->decimal_point, ",") == 0;
}

int use_comma_locale(void)
{
    if (comma_radix("de_DE.UTF-8") || comma_radix("de_DE.utf8") || comma_radix("fr_FR.UTF-8"))
        return 1;
    char dir[] = "/tmp/tp-locale-XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", dir);
    int made = system(cmd) == 0;
    setenv("LOCPATH", dir, 1);
    made = made && comma_radix("de_DE.UTF-8"); /* loaded: the files may go */
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        made = 0;
    return made;
}

void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(fwrite(text, 1, len, f), len, "cannot write %s", path);
    fclose(f);
}

void assert_diag(const char *src, unsigned line, unsigned col, const char *msg)
{
    tp_compiler *c = NULL;
    int rc = compile_status(src, &c);
    cr_expect_eq(rc, TP_EPOLICY, "expected the policy to be rejected:\n%s", src);
    int found = 0;
    for (size_t i = 0; i < tp_compiler_diag_count(c); i++) {
        const tp_diag *d = tp_compiler_diag(c, i);
        if (d->severity == TP_DIAG_ERROR && d->line == line && d->column == col &&
            strcmp(d->message, msg) == 0)
            found = 1;
    }
    if (!found) {
        fprintf(stderr, "wanted %u:%u: %s\ngot:\n", line, col, msg);
        tp_compiler_write_diags(c, stderr, 0);
    }
    cr_expect(found, "no diagnostic %u:%u: %s", line, col, msg);
    tp_compiler_free(c);
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

void temp_file(char *path, size_t size)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/tokpol-test-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0, "cannot create a temporary file like %s", path);
    close(fd);
}

void run_tokpol(run_out *r, const char *dir, const char *bin, const char *args)
{
    char cmd[8192], out[512], err[512];
    temp_file(out, sizeof out);
    temp_file(err, sizeof err);
    snprintf(cmd, sizeof cmd, "cd '%s' && %s %s >%s 2>%s", dir, bin, args, out, err);
    int st = system(cmd);
    r->code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    char *o = read_file(out, NULL), *e = read_file(err, NULL);
    snprintf(r->out, sizeof r->out, "%s", o ? o : "");
    snprintf(r->err, sizeof r->err, "%s", e ? e : "");
    free(o);
    free(e);
    remove(out);
    remove(err);
}

long run_tokpol_peak_kib(const char *dir, const char *bin, const char *args, int *code)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s %s >/dev/null 2>&1", dir, bin, args);
    int fd[2];
    *code = -1;
    if (pipe(fd) != 0)
        return -1;
    /* RUSAGE_CHILDREN keeps the largest child ever waited for: a child of its own measures this
     * run alone. It sends the peak and the exit code. */
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        struct rusage ru;
        int st = system(cmd);
        long said[2] = {st != -1 && getrusage(RUSAGE_CHILDREN, &ru) == 0 ? ru.ru_maxrss : -1,
                        st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1};
        _exit(write(fd[1], said, sizeof said) == (ssize_t)sizeof said ? 0 : 1);
    }
    close(fd[1]);
    long said[2] = {-1, -1};
    if (pid < 0 || read(fd[0], said, sizeof said) != (ssize_t)sizeof said)
        said[0] = said[1] = -1;
    close(fd[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    *code = (int)said[1];
    return said[0];
}

int feed_stdin_by(void (*produce)(int fd, void *arg), void *arg)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        produce(fds[1], arg);
        _exit(0);
    }
    close(fds[1]);
    cr_assert_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    close(fds[0]);
    return pid;
}

void run_tokpolf(run_out *r, const char *dir, const char *bin, const char *fmt, ...)
{
    char args[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    run_tokpol(r, dir, bin, args);
}

/* Whether this call is the one to fail. */
static int fails_now(failing_alloc *a)
{
    if (++a->calls != a->fail_at)
        return 0;
    a->failed = 1;
    return 1;
}

void *failing_alloc_malloc(size_t size, void *state)
{
    return fails_now(state) ? NULL : malloc(size);
}

static void *failing_alloc_realloc(void *ptr, size_t size, void *state)
{
    return fails_now(state) ? NULL : realloc(ptr, size);
}

static void failing_alloc_free(void *ptr, void *state)
{
    (void)state;
    free(ptr);
}

tp_allocator failing_allocator(failing_alloc *state)
{
    tp_allocator hooks = {failing_alloc_malloc, failing_alloc_realloc, failing_alloc_free, state};
    return hooks;
}

static void unescape_newlines(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] == 'n') {
            *w++ = '\n';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

size_t corpus_credentials(corpus_credential *out, size_t max)
{
    const char *manifest = SOURCE_DIR "/tests/secrets/corpus/credentials.tsv";
    FILE *f = fopen(manifest, "r");
    cr_assert_not_null(f, "cannot open %s", manifest);
    char line[4096];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        cr_assert_lt(n, max);
        corpus_credential *c = &out[n++];
        int got = sscanf(line, "%31[^\t]\t%127[^\t]\t%2047[^\n]", c->kind, c->position, c->secret);
        cr_assert_eq(got, 3, "bad manifest line: %s", line);
        unescape_newlines(c->secret);
    }
    fclose(f);
    return n;
}

const char *corpus_piece_in(const char *secret, const char *text, char piece[9])
{
    const char *line = secret;
    while (*line) {
        size_t len = strcspn(line, "\n");
        if (strncmp(line, "-----", 5) != 0)
            for (size_t i = 0; i + 8 <= len; i++) {
                memcpy(piece, line + i, 8);
                piece[8] = '\0';
                if (strstr(text, piece))
                    return piece;
            }
        line += len + (line[len] == '\n');
    }
    return NULL;
}

void text_printf(text_buf *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    cr_assert_geq(n, 0);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = 2 * (t->len + (size_t)n + 1);
        t->s = realloc(t->s, t->cap);
        cr_assert_not_null(t->s);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

char *render_report(const tp_result *r, tp_format f, const tp_report_options *o)
{
    size_t needed = 0;
    cr_assert_eq(tp_report_render(NULL, 0, &needed, r, f, o), TP_ELIMIT);
    char *text = malloc(needed);
    cr_assert_not_null(text);
    cr_assert_eq(tp_report_render(text, needed, NULL, r, f, o), 0);
    return text;
}

void expect_same_text(const char *got, const char *want, const char *what, unsigned n)
{
    size_t at = 0, line = 1;
    while (got[at] && got[at] == want[at])
        line += got[at++] == '\n';
    size_t from = at > 40 ? at - 40 : 0;
    cr_expect(got[at] == want[at], "%s, %u: line %zu: got ...%.100s... want ...%.100s...", what, n,
              line, got + from, want + from);
}
