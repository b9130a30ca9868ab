/* Files the subcommands work on (files.h). */
#define _XOPEN_SOURCE 700 /* fchmod, mkstemp */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int push_path(cli_files *f, char *path)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        char **p = realloc(f->paths, cap * sizeof *p);
        if (!p) {
            free(path);
            return -1;
        }
        f->paths = p;
        f->cap = cap;
    }
    f->paths[f->n++] = path;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_files_list(cli_files *f, const char *dir, int (*keep)(const char *path))
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    size_t first = f->n;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden files and directories */
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(len);
        if (!p) {
            rc = -1;
            break;
        }
        snprintf(p, len, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", e->d_name);
        if (keep && !keep(p))
            free(p);
        else
            rc = push_path(f, p);
    }
    closedir(d);
    if (f->n > first)
        qsort(f->paths + first, f->n - first, sizeof *f->paths, by_name);
    return rc;
}

/* Adds the matching files below dir, sorted by name at each level. */
static int add_dir(cli_files *f, const char *dir, const char *suffix)
{
    cli_files here = {0};
    int rc = cli_files_list(&here, dir, NULL);
    if (rc && errno != ENOMEM) {
        cli_fprintf(stderr, "tokpol: cannot read %s: %s\n", dir, strerror(errno));
        cli_files_free(&here);
        return -1;
    }
    for (size_t i = 0; rc == 0 && i < here.n; i++) {
        struct stat st;
        if (stat(here.paths[i], &st) != 0)
            continue; /* a dangling link: nothing to read */
        if (S_ISDIR(st.st_mode)) {
            rc = add_dir(f, here.paths[i], suffix);
        } else if (ends_with(here.paths[i], suffix)) {
            rc = push_path(f, here.paths[i]);
            here.paths[i] = NULL;
        }
    }
    if (rc && errno == ENOMEM)
        fputs("tokpol: out of memory\n", stderr);
    cli_files_free(&here);
    return rc;
}

int cli_files_add(cli_files *f, const char *path, const char *suffix)
{
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return add_dir(f, path, suffix);
    char *p = strdup(path);
    if (!p || push_path(f, p) != 0) {
        fputs("tokpol: out of memory\n", stderr);
        return -1;
    }
    return 0;
}

void cli_files_free(cli_files *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->paths[i]);
    free(f->paths);
    memset(f, 0, sizeof *f);
}

char *cli_read_all(const char *path, size_t *len)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, in);
        n += got;
        if (got == 0) {
            if (ferror(in)) {
                int e = errno ? errno : EIO;
                free(buf);
                buf = NULL;
                errno = e;
            }
            break;
        }
    }
    if (!is_stdin)
        fclose(in);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

void cli_dirname(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(buf, size, ".");
    else if (slash == path)
        snprintf(buf, size, "/");
    else
        snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

int cli_replace_file(const char *path, const char *text, size_t len)
{
    struct stat st;
    /* Through a symbolic link, the file it points to is replaced, not the link. */
    char *real = realpath(path, NULL);
    if (!real || stat(real, &st) != 0) {
        free(real);
        return -1;
    }
    path = real;
    char dir[4096], tmp[4200];
    cli_dirname(path, dir, sizeof dir);
    snprintf(tmp, sizeof tmp, "%s/.tokpol-fmt-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(real);
        return -1;
    }
    int ok = fchmod(fd, st.st_mode & 07777) == 0;
    for (size_t off = 0; ok && off < len;) {
        ssize_t w = write(fd, text + off, len - off);
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    ok = ok && fsync(fd) == 0;
    int e = errno;
    ok = close(fd) == 0 && ok;
    if (ok && rename(tmp, path) == 0) {
        free(real);
        return 0;
    }
    e = errno ? errno : e;
    unlink(tmp);
    free(real);
    errno = e;
    return -1;
}
