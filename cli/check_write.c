/* tokpol check: writing its reports so that none can go wrong silently. A report file is written
 * to a temporary file in its directory, flushed to disk and renamed over the target: a crash, a
 * signal or a full disk leaves the previous file or the whole new one, never a part. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

void check_catch_write_signals(void)
{
    /* A closed pipe or a file size limit is then a write error (EPIPE, EFBIG) that the run
     * reports and exits 6 for, after writing every other report, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
}

/* Renders into an open stream; 0, or -1 with errno set. */
static int render(FILE *f, const tp_result *res, tp_format format, const tp_report_options *rep)
{
    errno = 0;
    int rc = tp_report_write(f, res, format, rep);
    if (rc == 0)
        return 0;
    if (rc == TP_ENOMEM)
        errno = ENOMEM;
    else if (errno == 0)
        errno = EIO;
    return -1;
}

/* Where a report to `path` really goes: through a symbolic link to its target. */
static void target_of(const char *path, char *out, size_t size)
{
    char *real = realpath(path, NULL);
    snprintf(out, size, "%s", real ? real : path);
    free(real);
}

/* The mode a new file gets (0666 less the umask): a report replaces a file as a new one would. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Makes a rename in `dir` durable; a file system that cannot sync a directory is no error. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Writes a report to a regular file (new or replaced) atomically; 0, or -1 with errno set. */
static int write_file(const char *path, const tp_result *res, tp_format format,
                      const tp_report_options *rep)
{
    char target[4096], dir[4096], tmp[4200];
    target_of(path, target, sizeof target);
    struct stat st;
    if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written as it is. */
        FILE *f = fopen(target, "w");
        if (!f)
            return -1;
        int rc = render(f, res, format, rep);
        int saved = errno;
        if (fclose(f) != 0 && rc == 0)
            return -1;
        errno = saved;
        return rc;
    }
    const char *slash = strrchr(target, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - target) : 1, slash ? target : ".");
    if (slash == target)
        snprintf(dir, sizeof dir, "/");
    int len = snprintf(tmp, sizeof tmp, "%s/.%s.tokpol-XXXXXX", dir, slash ? slash + 1 : target);
    if (len < 0 || (size_t)len >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    FILE *f = fchmod(fd, new_file_mode()) == 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int saved = errno;
        close(fd);
        unlink(tmp);
        errno = saved;
        return -1;
    }
    int rc = render(f, res, format, rep);
    if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        rc = -1;
    int saved = errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0 && rename(tmp, target) != 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0)
        unlink(tmp); /* the previous file, if any, is untouched */
    else
        sync_dir(dir);
    errno = saved;
    return rc;
}

int check_write_reports(const output *outs, size_t n, const tp_result *res,
                        const tp_report_options *base, int color_stdout)
{
    int code = 0;
    for (size_t i = 0; i < n; i++) {
        tp_report_options rep = *base;
        rep.color = outs[i].path ? 0 : color_stdout;
        int rc = outs[i].path ? write_file(outs[i].path, res, outs[i].format, &rep)
                              : render(stdout, res, outs[i].format, &rep);
        if (rc != 0) {
            cli_fprintf(stderr, "tokpol: cannot write the report to %s: %s\n",
                        outs[i].path ? outs[i].path : "standard output", strerror(errno));
            code = EXIT_WRITE;
        }
    }
    return code;
}
