/* Shared test helpers: compile a policy from a string, evaluate it on JSON text, find things. */
#ifndef TP_TEST_HELPERS_H
#define TP_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stddef.h>

#include "tokpol.h"

/* The clock every test evaluates with unless it says otherwise. */
#define TEST_NOW "2026-11-27T09:00:00Z"

/* Compiles `src` (named "test.tpol"); the compiler is kept in *compiler (may be NULL). */
tp_plan *compile_src(const char *src, tp_compiler **compiler);

/* Compiles and returns the compile status; *compiler holds the diagnostics. */
int compile_status(const char *src, tp_compiler **compiler);

/* Evaluates plan over `json` as input "input.json" at TEST_NOW (or `now` if not NULL). */
tp_result *eval_json(const tp_plan *plan, const char *json, const char *now);
/* The same into result r, as input `name` (its findings follow those r holds). */
void eval_json_into(tp_result *r, const tp_plan *plan, const char *name, const char *json,
                    const char *now);

/* Compiles src, evaluates json; plan returned through *plan_out for freeing. */
tp_result *check_src(const char *src, const char *json, tp_plan **plan_out);

/* The outcome of `rule T { require COND }` over json: 'p' pass, 'f' fail, 'e' error; the
 * finding's message is copied into msg (when not NULL). */
char require_outcome(const char *cond, const char *json, char *msg, size_t size);

/* Expects `require COND` over json to pass ('p'), fail ('f') or err ('e'). */
#define EXPECT(cond, json, want)                                                                   \
    cr_expect_eq(require_outcome(cond, json, NULL, 0), want, "%s over %s", cond, json)

/* Expects `require COND` over json to be an evaluation error with message msg. */
void expect_require_error(const char *cond, const char *json, const char *msg);

/* The finding of `rule` for `subject`, or NULL. */
const tp_finding *find_finding(const tp_result *r, const char *rule, const char *subject);

/* Number of findings with this rule and status. */
size_t count_findings(const tp_result *r, const char *rule, tp_finding_status status);

/* Asserts that compiling src gives an error diagnostic at line:col whose message is `msg`. */
void assert_diag(const char *src, unsigned line, unsigned col, const char *msg);

/* The first error diagnostic of compiling src, copied into buf ("L:C: message"). */
const char *first_error(const char *src, char *buf, size_t size);

/* The hint of the first error diagnostic of compiling src ("" when it has none), copied into buf.
 */
const char *first_error_hint(const char *src, char *buf, size_t size);

/* Sets LC_NUMERIC, as a program embedding the library may, to a locale whose radix is a comma:
 * an installed one, else de_DE built from the system's locale sources (a minimal system installs
 * none). 0 when there is none to be had. */
int use_comma_locale(void);

/* Writes len bytes of text to the file at path (created or truncated). */
void write_file(const char *path, const char *text, size_t len);

/* What a run of the tokpol command printed and returned. */
typedef struct run_out {
    int code;
    char out[65536];
    char err[65536];
} run_out;

/* Runs `BIN ARGS` in directory `dir` through the shell, capturing stdout and stderr apart. */
void run_tokpol(run_out *r, const char *dir, const char *bin, const char *args);
/* The same with the arguments formatted as printf formats them. */
void run_tokpolf(run_out *r, const char *dir, const char *bin, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Runs `BIN ARGS` in `dir` through the shell, its output discarded: the most memory it held
 * (resident, KiB), or -1 when that cannot be measured; its exit code in *code (-1 if unknown). */
long run_tokpol_peak_kib(const char *dir, const char *bin, const char *args, int *code);
/* Makes standard input (of this test and the commands it runs) a pipe that a child process
 * fills by calling produce(fd, arg) and exiting: the child, to wait for. */
int feed_stdin_by(void (*produce)(int fd, void *arg), void *arg);

/* Creates a new empty file with a unique name (mkstemp) in $TMPDIR or /tmp and writes its path
 * into path; the caller removes it. */
void temp_file(char *path, size_t size);

/* Text built piece by piece (a test's generated input): start from {0}, append with text_printf,
 * take t.s (malloc'd; the caller frees it). */
typedef struct text_buf {
    char *s;
    size_t len, cap;
} text_buf;
void text_printf(text_buf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* r's report in format f (o: NULL for the defaults), malloc'd: the caller frees it. */
char *render_report(const tp_result *r, tp_format f, const tp_report_options *o);
/* Expects got to be want; else says, briefly, at which line they part and how (a report is too
 * long for a failure message). `what` and n name the comparison. */
void expect_same_text(const char *got, const char *want, const char *what, unsigned n);

/* Reads a whole file into a malloc'd string. */
char *read_file(const char *path, size_t *len);

/* A fake credential of the leak corpus (tests/secrets/corpus/credentials.tsv). */
typedef struct corpus_credential {
    char kind[32];
    char position[128]; /* "anywhere", or a text with {} where the credential goes */
    char secret[2048];
} corpus_credential;

/* Loads the corpus manifest into out (at most max); how many. Fails the test on a bad line. */
size_t corpus_credentials(corpus_credential *out, size_t max);

/* An 8-byte piece of secret found in text, copied into piece, or NULL. The BEGIN/END lines of a
 * private key name its format and are not secret. */
const char *corpus_piece_in(const char *secret, const char *text, char piece[9]);

/* An allocator that fails the `fail_at`-th allocation (malloc or realloc) asked of it, for runs
 * that make every allocation fail in turn. */
typedef struct failing_alloc {
    size_t calls, fail_at;
    int failed; /* the failure happened */
} failing_alloc;

/* Hooks counting into *state (their payload). */
tp_allocator failing_allocator(failing_alloc *state);
/* The hooks' malloc, for cJSON's hooks (which have no payload). */
void *failing_alloc_malloc(size_t size, void *state);

#endif
