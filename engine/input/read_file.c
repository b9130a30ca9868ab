/* Reading an input file into one buffer the document then owns: a regular file in one read of
 * its size, a pipe or standard input by doubling. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/reader.h"

typedef struct file_buf {
    const tp_mem *mem;
    char *data;
    size_t len, cap;
} file_buf;

static int over_limit(tp_input_error *err, size_t max)
{
    return tp_read_fail(NULL, err, TP_ELIMIT, 0,
                        "input is over the limit of %zu bytes (raise it with --max-input-bytes)",
                        max);
}

/* Makes room for `cap` bytes; 0, or TP_ENOMEM / TP_ELIMIT (the memory budget). */
static int reserve(file_buf *b, size_t cap, const tp_read_limits *lim, tp_input_error *err)
{
    if (lim->max_memory && cap > lim->max_memory)
        return tp_read_over_budget(err, lim->max_memory);
    char *grown = tp_mem_realloc(b->mem, b->data, cap);
    if (!grown)
        return TP_ENOMEM;
    b->data = grown;
    b->cap = cap;
    return 0;
}

/* Reads fd to its end into b, refusing more than max bytes. */
static int read_all(int fd, file_buf *b, const tp_read_limits *lim, tp_input_error *err)
{
    for (;;) {
        if (b->len + 1 >= b->cap) { /* room for one more byte and the NUL */
            size_t cap = b->cap < ((size_t)64 << 10) ? (size_t)64 << 10 : b->cap * 2;
            if (cap > lim->max_bytes + 2)
                cap = lim->max_bytes + 2; /* one byte over the limit tells it is over */
            int rc = reserve(b, cap, lim, err);
            if (rc)
                return rc;
        }
        ssize_t got = read(fd, b->data + b->len, b->cap - 1 - b->len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return tp_read_fail(NULL, err, TP_EIO, 0, "read failed: %s", strerror(errno));
        if (got == 0)
            break;
        b->len += (size_t)got;
        if (b->len > lim->max_bytes)
            return over_limit(err, lim->max_bytes);
    }
    b->data[b->len] = '\0';
    return 0;
}

static int open_input(const char *path, tp_input_error *err)
{
    if (strcmp(path, "-") == 0)
        return STDIN_FILENO;
    /* O_NONBLOCK so that opening a FIFO nobody writes to returns at once instead of hanging a CI
     * job; reads block again right after. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return tp_read_fail(NULL, err, TP_EIO, 0, "cannot open: %s", strerror(errno));
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

int tp_read_bytes(char **out, size_t *len, const char *path, const tp_read_options *opts,
                  tp_input_error *err)
{
    tp_mem fallback;
    tp_read_limits lim;
    tp_read_limits_get(&lim, opts, &fallback);
    *out = NULL;
    *len = 0;
    if (!path)
        return TP_EINVAL;
    int fd = open_input(path, err);
    if (fd < 0)
        return fd;
    file_buf b = {lim.mem, NULL, 0, 0};
    struct stat st;
    int rc = 0;
    int regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (!regular && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        rc = tp_read_fail(NULL, err, TP_EIO, 0, "is a directory, not an input file");
    else if (regular && (size_t)st.st_size > lim.max_bytes)
        rc = tp_read_fail(NULL, err, TP_ELIMIT, 0,
                          "input of %zu bytes is over the limit of %zu bytes (raise it with "
                          "--max-input-bytes)",
                          (size_t)st.st_size, lim.max_bytes);
    else if (regular)
        rc = reserve(&b, (size_t)st.st_size + 2, &lim, err); /* +2: the NUL, and seeing EOF */
    if (rc == 0)
        rc = read_all(fd, &b, &lim, err);
    if (fd != STDIN_FILENO)
        close(fd);
    if (rc) {
        tp_mem_free(lim.mem, b.data);
        return rc;
    }
    *out = b.data;
    *len = b.len;
    return 0;
}

int tp_read_file(tp_jdoc **out, tp_input_format format, const char *path,
                 const tp_read_options *opts, tp_input_error *err)
{
    tp_mem fallback;
    tp_read_limits lim;
    tp_read_limits_get(&lim, opts, &fallback);
    *out = NULL;
    char *data;
    size_t len;
    int rc = tp_read_bytes(&data, &len, path, opts, err);
    if (rc)
        return rc;
    tp_read_options o = opts ? *opts : (tp_read_options)TP_READ_OPTIONS_INIT;
    o.mem = lim.mem;
    if (format == TP_INPUT_AUTO)
        format = strcmp(path, "-") == 0 ? TP_INPUT_JSON : tp_input_format_for_path(path);
    return tp_read_text(out, format, data, len, &o, err);
}
