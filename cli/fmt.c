/* tokpol fmt: prints policies in the canonical layout (tp_compiler_format), lists, checks or
 * rewrites those that are not, or shows the difference, as gofmt and `opa fmt` do. */
#define _XOPEN_SOURCE 700 /* mkstemp */
#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command.h"
#include "files.h"

extern char **environ;

enum { F_CHECK = 256, F_COLOR };

static const cli_option options[] = {
    {'l', "list", 'l', NULL, "list the files whose layout differs from the canonical one", NULL,
     CLI_COMPLETE_NONE, NULL},
    {'w', "write", 'w', NULL, "rewrite those files in place", NULL, CLI_COMPLETE_NONE, NULL},
    {F_CHECK, "check", 0, NULL, "exit 1 when a file is not formatted (nothing is written)", NULL,
     CLI_COMPLETE_NONE, NULL},
    {'d', "diff", 'd', NULL, "print a unified diff of the changes (uses diff(1))", NULL,
     CLI_COMPLETE_NONE, NULL},
    {F_COLOR, "color", 0, "WHEN", "colours in error messages: auto (default), always, never",
     cli_color_values, CLI_COMPLETE_VALUES, NULL},
    CLI_OPTION_HELP,
};

const cli_command cli_fmt_command = {
    "fmt",
    "[-l] [-w] [--check] [--diff] [FILE|DIR|-]...",
    "print policies in the canonical layout, or list, check, rewrite or diff them",
    "Formats policies in the one canonical layout: one declaration or clause per line, two\n"
    "spaces of indent, one space around operators, comments kept. Directories are searched for\n"
    "*.tpol; no path or '-' reads standard input. Without -l, -w, --check or --diff the\n"
    "formatted policies are written to standard output.\n\n",
    options,
    sizeof options / sizeof options[0],
    "Exit codes: 0 done (or all formatted), 1 --check found a file to format, 2 usage,\n"
    "3 a file does not parse or cannot be read, 6 a file or the output could not be written.\n",
    cli_fmt,
    CLI_COMPLETE_FILE,
    NULL,
    0,
};

typedef struct fmt_opts {
    int list, write, check, diff, color;
} fmt_opts;

/* Runs diff -u between the file (or, for standard input, a copy of it) and the layout. */
static int show_diff(const char *path, const char *before, size_t nbefore, const char *after,
                     size_t nafter)
{
    char old_tmp[] = "/tmp/tokpol-fmt-old-XXXXXX", new_tmp[] = "/tmp/tokpol-fmt-new-XXXXXX";
    int fo = mkstemp(old_tmp), fn = fo >= 0 ? mkstemp(new_tmp) : -1;
    int ok = fo >= 0 && fn >= 0 && write(fo, before, nbefore) == (ssize_t)nbefore &&
             write(fn, after, nafter) == (ssize_t)nafter;
    if (fo >= 0)
        close(fo);
    if (fn >= 0)
        close(fn);
    char label_old[4096], label_new[4200];
    snprintf(label_old, sizeof label_old, "%.4000s", strcmp(path, "-") ? path : "<stdin>");
    snprintf(label_new, sizeof label_new, "%s (formatted)", label_old);
    char *argv[] = {"diff",    "-u",    "--label", label_old, "--label",
                    label_new, old_tmp, new_tmp,   NULL};
    int status = -1;
    pid_t pid;
    fflush(stdout);
    if (ok && posix_spawnp(&pid, "diff", NULL, NULL, argv, environ) == 0)
        ok = waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) <= 1;
    else
        ok = 0;
    if (fo >= 0)
        unlink(old_tmp);
    if (fn >= 0)
        unlink(new_tmp);
    if (!ok)
        cli_fprintf(stderr, "tokpol: could not run diff(1) for %s\n", label_old);
    return ok ? 0 : EXIT_WRITE;
}

/* Formats one file and does with it what the options say; 0 or an exit code (1: --check found
 * it unformatted). */
static int fmt_file(const char *path, const fmt_opts *o)
{
    size_t len = 0;
    char *src = cli_read_all(path, &len);
    if (!src) {
        cli_fprintf(stderr, "tokpol: cannot read %s: %s\n", path, strerror(errno));
        return EXIT_POLICY;
    }
    tp_compiler *c = NULL;
    char *out = NULL;
    size_t nout = 0;
    int rc = tp_compiler_new(&c, NULL);
    if (rc == 0)
        rc = tp_compiler_format(&out, &nout, c, strcmp(path, "-") ? path : "<stdin>", src, len);
    int code = 0;
    if (rc == TP_EPOLICY) {
        tp_compiler_write_diags(c, stderr, o->color);
        code = EXIT_POLICY;
    } else if (rc) {
        cli_fprintf(stderr, "tokpol: %s: %s\n", path, tp_status_str(rc));
        code = EXIT_POLICY;
    }
    int changed = code == 0 && (nout != len || memcmp(out, src, len) != 0);
    if (code == 0 && changed && o->list)
        printf("%s\n", path);
    if (code == 0 && changed && o->diff)
        code = show_diff(path, src, len, out, nout);
    if (code == 0 && changed && o->write && strcmp(path, "-") != 0 &&
        cli_replace_file(path, out, nout) != 0) {
        cli_fprintf(stderr, "tokpol: cannot write %s: %s\n", path, strerror(errno));
        code = EXIT_WRITE;
    }
    if (code == 0 && changed && o->check && !o->list && !o->diff)
        cli_fprintf(stderr, "tokpol: %s is not formatted\n", path);
    if (code == 0 && !o->list && !o->diff && !o->check && (!o->write || !strcmp(path, "-")))
        fwrite(out, 1, nout, stdout);
    if (code == 0 && changed && o->check)
        code = EXIT_FINDINGS;
    tp_compiler_format_free(c, out);
    tp_compiler_free(c);
    free(src);
    return code;
}

/* The worse of two exit codes: errors before 1, 1 before 0. */
static int worse(int a, int b)
{
    if (a == EXIT_FINDINGS || a == 0)
        return b > a ? b : a;
    return a;
}

int cli_fmt(int argc, char **argv)
{
    struct option longs[CLI_MAX_OPTIONS + 1];
    char shorts[3 * CLI_MAX_OPTIONS + 2];
    cli_getopt_table(&cli_fmt_command, longs, shorts);
    fmt_opts o = {0};
    o.color = cli_color("auto", stderr);
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        switch (c) {
        case 'l':
            o.list = 1;
            break;
        case 'w':
            o.write = 1;
            break;
        case F_CHECK:
            o.check = 1;
            break;
        case 'd':
            o.diff = 1;
            break;
        case F_COLOR:
            if ((o.color = cli_color(optarg, stderr)) < 0)
                return cli_bad_value("--color", optarg, cli_color_values);
            break;
        case 'h':
            cli_print_help(&cli_fmt_command, stdout);
            return EXIT_PASS;
        default:
            return cli_bad_option(&cli_fmt_command, c, argv);
        }
    }
    if (o.write && o.check)
        return cli_usage_error("fmt: --check writes nothing; use -w or --check, not both");
    cli_files files = {0};
    int code = 0;
    if (optind == argc)
        code = cli_files_add(&files, "-", ".tpol") ? EXIT_POLICY : 0;
    for (int i = optind; code == 0 && i < argc; i++)
        if (cli_files_add(&files, argv[i], ".tpol") != 0)
            code = EXIT_POLICY;
    for (size_t i = 0; code != EXIT_USAGE && i < files.n; i++)
        code = worse(code, fmt_file(files.paths[i], &o));
    cli_files_free(&files);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("tokpol: cannot write to standard output\n", stderr);
        code = EXIT_WRITE;
    }
    return code;
}
