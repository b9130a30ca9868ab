/* Reading policy files: one file, or every *.tpol below a directory in sorted order. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "driver/compiler.h"

#define MAX_POLICY_BYTES ((size_t)16 << 20)

/* A path that could not be read (TP_EIO, E-IO) or is over a limit (TP_ELIMIT, E-LIMIT). */
static int add_error(tp_compiler *c, const char *path, int rc, const char *what)
{
    tp_span none = {0, 0, 0, 0, 0};
    tp_diags_add(&c->diags, TP_DIAG_ERROR, rc == TP_ELIMIT ? "E-LIMIT" : "E-IO", path, none, NULL,
                 "%s", what);
    return rc;
}

/* Opens a policy file for reading. O_NONBLOCK, so that a FIFO nobody writes to cannot hang the
 * open; then anything but a regular file is refused (a FIFO or a device could also block, or
 * never end). NULL with a diagnostic (in *rc) when it cannot be read. */
static FILE *open_policy(tp_compiler *c, const char *path, int *rc)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    const char *kind = NULL;
    if (fd < 0 || fstat(fd, &st) != 0) {
        *rc = add_error(c, path, TP_EIO, strerror(errno));
    } else if ((kind = tp_driver_not_regular(st.st_mode)) != NULL) {
        char what[128];
        snprintf(what, sizeof what, "is %s, not a regular file: policies are read from files",
                 kind);
        *rc = add_error(c, path, TP_EIO, what);
    } else if ((size_t)st.st_size > MAX_POLICY_BYTES) {
        *rc = add_error(c, path, TP_ELIMIT, "policy file larger than 16 MiB");
    } else {
        FILE *f = fdopen(fd, "rb");
        if (f)
            return f;
        *rc = errno == ENOMEM ? TP_ENOMEM : add_error(c, path, TP_EIO, strerror(errno));
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static int add_file(tp_compiler *c, const char *path)
{
    int rc;
    FILE *f = open_policy(c, path, &rc);
    if (!f)
        return rc;
    tp_strbuf sb;
    tp_strbuf_init(&sb, &c->mem);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb.len <= MAX_POLICY_BYTES)
        tp_strbuf_add(&sb, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        rc = add_error(c, path, TP_EIO, "read failed");
    else if (sb.len > MAX_POLICY_BYTES)
        rc = add_error(c, path, TP_ELIMIT, "policy file larger than 16 MiB");
    else if (sb.failed)
        rc = TP_ENOMEM;
    else
        rc = tp_compiler_add_source(c, path, sb.data ? sb.data : "", sb.len);
    tp_strbuf_free(&sb);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Every *.tpol below dir, sorted, so the load order never depends on the file system. */
static int add_dir(tp_compiler *c, const char *dir, unsigned depth)
{
    if (depth > 16)
        return add_error(c, dir, TP_ELIMIT, "directories nested deeper than 16 levels");
    DIR *d = opendir(dir);
    if (!d)
        return add_error(c, dir, TP_EIO, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        void *items = names;
        if (tp_mem_grow(&c->mem, &items, &cap, n + 1, sizeof *names)) {
            rc = TP_ENOMEM;
            break;
        }
        names = items;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = tp_mem_alloc(&c->mem, len);
        if (!names[n]) {
            rc = TP_ENOMEM;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode))
                rc = add_dir(c, names[i], depth + 1);
            else if (has_suffix(names[i], ".tpol"))
                rc = add_file(c, names[i]);
        }
        tp_mem_free(&c->mem, names[i]);
    }
    tp_mem_free(&c->mem, names);
    return rc;
}

int tp_compiler_add_path(tp_compiler *c, const char *path)
{
    if (!c || !path)
        return TP_EINVAL;
    struct stat st;
    if (stat(path, &st) != 0)
        return add_error(c, path, TP_EIO, strerror(errno));
    return S_ISDIR(st.st_mode) ? add_dir(c, path, 0) : add_file(c, path);
}

int tp_compiler_add_waivers(tp_compiler *c, const char *path)
{
    if (!c || !path)
        return TP_EINVAL;
    size_t first = c->nsources;
    int rc = tp_compiler_add_path(c, path);
    for (size_t i = first; i < c->nsources; i++)
        c->sources[i].waivers_only = 1;
    return rc;
}
