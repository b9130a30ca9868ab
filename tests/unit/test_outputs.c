/* Where tokpol check writes its reports, and that no output can go wrong silently: formats from
 * prefixes and extensions, outputs that would overwrite each other or the run's own files,
 * reports replaced whole or not at all (a file size limit, a full disk), a closed pipe. Runs the
 * command through bash, as a CI step would. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "helpers.h"

static char dir[512];   /* a fresh directory per test */
static char err[65536]; /* what the last command printed on stderr */

static void make_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/tokpol-outputs-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Runs a bash script in the source tree, with $T the tokpol binary and $D the test's directory;
 * returns its exit status, and keeps what it printed on stderr in `err`. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char script[600], errfile[600], body[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    snprintf(script, sizeof script, "%s.sh", dir);
    snprintf(errfile, sizeof errfile, "%s.err", dir);
    FILE *f = fopen(script, "w");
    cr_assert_not_null(f);
    fprintf(f, "cd '%s' || exit 99\nexport T='%s' D='%s'\n%s\n", SOURCE_DIR, TOKPOL_BIN, dir, body);
    fclose(f);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "bash '%s' 2>'%s'", script, errfile);
    int st = system(cmd);
    char *e = read_file(errfile, NULL);
    snprintf(err, sizeof err, "%s", e ? e : "");
    free(e);
    remove(script);
    remove(errfile);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The test directory's file `name`, read whole (NULL when missing). */
static char *slurp(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return read_file(path, NULL);
}

static void put(const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* How many entries the test directory has (a leftover temporary file counts). */
static int entries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

#define NOW "--now 2026-11-27"

TestSuite(outputs, .init = make_dir, .fini = remove_dir);

Test(outputs, the_extension_picks_the_format)
{
    int code = sh("$T check " NOW " -o $D/r.sarif -o $D/r.json -o $D/r.xml -o $D/r.html "
                  "-o $D/r.md -o $D/r.txt -o $D/r.gitlab.json -o $D/r.codequality.json "
                  "examples/inventory.json");
    cr_expect_eq(code, 1, "%s", err);
    static const struct {
        const char *file, *start;
    } want[] = {{"r.sarif", "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\""},
                {"r.json", "{\n  \"$schema\": \"" TP_REPORT_SCHEMA "\""},
                {"r.xml", "<?xml version=\"1.0\""},
                {"r.html", "<!DOCTYPE html>"},
                {"r.md", "## tokpol: FAIL"},
                {"r.txt", "examples/inventory.json: team Acme"},
                {"r.gitlab.json", "[\n  {\"description\": "},
                {"r.codequality.json", "[\n  {\"description\": "}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *body = slurp(want[i].file);
        cr_expect(body && strncmp(body, want[i].start, strlen(want[i].start)) == 0, "%s: %.200s",
                  want[i].file, body ? body : "(missing)");
        free(body);
    }
}

Test(outputs, unknown_formats_are_usage_errors_that_write_nothing)
{
    cr_expect_eq(sh("$T check -o xyzzy:$D/t.sarif examples/inventory.json"), 2);
    cr_expect(strstr(err, "unknown format 'xyzzy'; formats: text, json, sarif, junit, gitlab, "
                          "github, markdown, html") != NULL,
              "%s", err);
    cr_expect_eq(sh("$T check -o $D/t.pdf examples/inventory.json"), 2);
    cr_expect(strstr(err, "-o '") && strstr(err, "t.pdf': the file name does not say which format"),
              "%s", err);
    cr_expect_eq(sh("$T check --format json -o $D/t.sarif examples/inventory.json"), 2);
    cr_expect(strstr(err, "the file's extension says sarif, --format says json") != NULL, "%s",
              err);
    cr_expect_eq(entries(), 0, "nothing was written");
    /* --format names the format of a file without an extension. */
    cr_expect_eq(sh("$T check " NOW " --format json -o $D/report examples/inventory.json"), 1);
    char *body = slurp("report");
    cJSON *doc = body ? cJSON_Parse(body) : NULL;
    cr_expect_not_null(doc, "%s", body ? body : "(missing)");
    cJSON_Delete(doc);
    free(body);
}

Test(outputs, the_same_file_twice_is_a_usage_error)
{
    put("a.json", "keep");
    cr_assert_eq(symlink("a.json", strcat(strcpy((char[600]){0}, dir), "/l.json")), 0);
    cr_assert_eq(sh("mkdir $D/sub"), 0);
    static const char *const twice[] = {
        "-o $D/a.json -o json:$D/./a.json",
        "-o $D/a.json -o $D/l.json",
        "-o $D/new.json -o $D/sub/../new.json",
        "-o sarif:- -o json:-",
    };
    for (size_t i = 0; i < sizeof twice / sizeof twice[0]; i++) {
        cr_expect_eq(sh("$T check %s examples/inventory.json", twice[i]), 2, "%s", twice[i]);
        cr_expect(strstr(err, "are the same file") || strstr(err, "standard output is given twice"),
                  "%s: %s", twice[i], err);
    }
    char *a = slurp("a.json");
    cr_expect_str_eq(a, "keep", "touched nothing");
    free(a);
    cr_expect_eq(entries(), 3, "a.json, l.json and sub; no new.json");
}

Test(outputs, a_report_never_overwrites_what_the_run_reads)
{
    cr_assert_eq(sh("cp examples/inventory.json $D/inv.json && mkdir $D/pol && "
                    "cp tests/cli/pass.tpol $D/pol/p.tpol && cp tests/cli/waivers.tpol $D/w.tpol "
                    "&& cp tests/cli/admins.schema.json $D/s.json && echo '{}' > $D/b.json"),
                 0);
    static const char *const clash[] = {
        "-o json:$D/inv.json $D/inv.json",
        "--input users=$D/inv.json -o json:$D/../$(basename $D)/inv.json examples/inventory.json",
        "-p $D/pol/p.tpol -o text:$D/pol/p.tpol examples/inventory.json",
        "-p $D/pol -o text:$D/pol/new.tpol examples/inventory.json",
        "--waivers $D/w.tpol -o text:$D/w.tpol examples/inventory.json",
        "--schema admins=$D/s.json -o $D/s.json examples/inventory.json",
        "--baseline $D/b.json -o $D/b.json examples/inventory.json",
    };
    for (size_t i = 0; i < sizeof clash / sizeof clash[0]; i++) {
        cr_expect_eq(sh("$T check " NOW " %s", clash[i]), 2, "%s: %s", clash[i], err);
        cr_expect(strstr(err, "would overwrite") || strstr(err, "would write a .tpol file"),
                  "%s: %s", clash[i], err);
    }
    cr_expect_eq(sh("cmp -s examples/inventory.json $D/inv.json && cmp -s tests/cli/pass.tpol "
                    "$D/pol/p.tpol && cmp -s tests/cli/waivers.tpol $D/w.tpol && "
                    "[ \"$(cat $D/b.json)\" = '{}' ] && [ ! -e $D/pol/new.tpol ]"),
                 0, "every file is as it was");
}

Test(outputs, a_report_is_replaced_whole_or_not_at_all)
{
    put("r.html", "previous report");
    /* A file size limit stops the write half way (EFBIG, SIGXFSZ ignored): the previous report
     * stays, no temporary file is left, and the run says so with its own exit code. */
    int code = sh("ulimit -f 4; $T check " NOW " -o $D/r.html -o $D/small.json "
                  "-p tests/cli/pass.tpol examples/inventory.json");
    cr_expect_eq(code, 6, "%s", err);
    cr_expect(strstr(err, "/r.html: File too large") != NULL, "%s", err);
    char *html = slurp("r.html");
    cr_expect_str_eq(html, "previous report");
    free(html);
    char *small = slurp("small.json");
    cr_expect(small && strstr(small, "\"verdict\": \"pass\""), "the other report is written");
    free(small);
    cr_expect_eq(entries(), 2, "r.html and small.json, no temporary file left");
    /* Without the limit: the whole new report, with the mode a new file gets. */
    cr_expect_eq(sh("umask 027; $T check " NOW " -o $D/r.html examples/inventory.json"), 1);
    html = slurp("r.html");
    cr_expect(html && strstr(html, "</body></html>\n"), "complete");
    free(html);
    struct stat st;
    char path[600];
    snprintf(path, sizeof path, "%s/r.html", dir);
    cr_assert_eq(stat(path, &st), 0);
    cr_expect_eq(st.st_mode & 0777, 0640, "mode %o", st.st_mode & 0777);
    /* A directory that does not exist. */
    cr_expect_eq(sh("$T check " NOW " -o $D/missing/r.json examples/inventory.json"), 6);
    cr_expect(strstr(err, "cannot write the report to") && strstr(err, "No such file or directory"),
              "%s", err);
}

Test(outputs, a_full_standard_output_is_an_error)
{
    cr_expect_eq(sh("$T check " NOW " examples/inventory.json > /dev/full"), 6);
    cr_expect(strstr(err, "tokpol: cannot write the report to standard output: No space left on "
                          "device") != NULL,
              "%s", err);
    /* The files are still written; stdout asked for with -o FORMAT:- */
    cr_expect_eq(sh("$T check " NOW " -p tests/cli/pass.tpol -o $D/r.json -o text:- "
                    "examples/inventory.json > /dev/full"),
                 6, "a pass becomes 6, never 0, when its report is lost: %s", err);
    char *json = slurp("r.json");
    cr_expect(json && strstr(json, "\"verdict\": \"pass\""));
    free(json);
}

Test(outputs, a_closed_pipe_never_turns_a_failure_into_a_pass)
{
    /* Many findings: the JSON report is far larger than what a pipe holds. */
    FILE *f = fopen(strcat(strcpy((char[600]){0}, dir), "/big.json"), "w");
    cr_assert_not_null(f);
    fputs("{\"tokens\": [", f);
    for (int i = 0; i < 5000; i++)
        fprintf(f, "%s{\"id\": \"t%d\"}", i ? ", " : "", i);
    fputs("]}", f);
    fclose(f);
    put("deny.tpol", "rule D { title \"No tokens\" for t in tokens deny true }\n");
    int code = sh("set -o pipefail; $T check " NOW " --format json -p $D/deny.tpol "
                  "-o json:$D/full.json -o json:- $D/big.json | head -c 100 > /dev/null");
    cr_expect_eq(code, 6, "exit 6 (not 1, not 0, not death by SIGPIPE): %s", err);
    cr_expect(strstr(err, "cannot write the report to standard output: Broken pipe") != NULL, "%s",
              err);
    char *full = slurp("full.json");
    cJSON *doc = full ? cJSON_Parse(full) : NULL;
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "findings")), 5000,
                 "the file report is complete");
    cJSON_Delete(doc);
    free(full);
}

Test(outputs, devices_and_links_are_written_through)
{
    cr_expect_eq(sh("$T check " NOW " --format json -o /dev/null examples/inventory.json"), 1, "%s",
                 err);
    struct stat st;
    cr_assert_eq(stat("/dev/null", &st), 0);
    cr_expect(S_ISCHR(st.st_mode), "/dev/null is still a device");
    put("real.json", "old");
    cr_assert_eq(sh("ln -s real.json $D/link.json"), 0);
    cr_expect_eq(sh("$T check " NOW " -o $D/link.json examples/inventory.json"), 1, "%s", err);
    char *real = slurp("real.json");
    cr_expect(real && strstr(real, TP_REPORT_SCHEMA), "written to the link's target");
    free(real);
    char path[600];
    snprintf(path, sizeof path, "%s/link.json", dir);
    cr_assert_eq(lstat(path, &st), 0);
    cr_expect(S_ISLNK(st.st_mode), "the link is still a link");
}

Test(outputs, a_full_disk_keeps_the_previous_report)
{
    /* A real full disk: a 16 KiB tmpfs in a mount namespace of its own, which dies with it.
     * Needs the right to mount (root in a container); skipped elsewhere. */
    if (sh("mkdir $D/fs && unshare -m true") != 0)
        cr_skip_test("cannot make a mount namespace here: %s", err);
    int code = sh("unshare -m bash -c 'mount -t tmpfs -o size=16k tmpfs $D/fs || exit 99\n"
                  "echo previous > $D/fs/r.html\n"
                  "head -c 8192 /dev/zero > $D/fs/fill\n"
                  "$T check " NOW " -o $D/fs/r.html -o $D/fs/small.json -p tests/cli/pass.tpol "
                  "examples/inventory.json\n"
                  "code=$?\n"
                  "[ \"$(cat $D/fs/r.html)\" = previous ] || exit 97\n"
                  "grep -q \\\"pass\\\" $D/fs/small.json || exit 96\n"
                  "[ $(ls -A $D/fs | wc -l) -eq 3 ] || exit 95\n"
                  "exit $code'");
    if (code == 99)
        cr_skip_test("cannot mount a tmpfs here: %s", err);
    cr_expect_eq(code, 6,
                 "exit 6 with the previous report, the small one and no temporary file "
                 "(97: report lost, 96: small report missing, 95: leftovers): %s",
                 err);
    cr_expect(strstr(err, "r.html: No space left on device") != NULL, "%s", err);
}
