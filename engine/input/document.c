/*
 * Input documents. cJSON parses; before it, one linear pass checks what cJSON does not (UTF-8,
 * NUL bytes, nesting depth) so every rejection names a line and column; after it, a walk refuses
 * duplicate keys, which two tools could resolve differently to sneak a value past a check.
 */
#include "input/document.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/options.h"
#include "base/redact.h"
#include "input/json_check.h"
#include "input/json_locate.h"

#define DEFAULT_MAX_BYTES ((size_t)256 << 20)

static int input_error(tp_input_error *err, const char *text, size_t len, size_t offset, int rc,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int input_error(tp_input_error *err, const char *text, size_t len, size_t offset, int rc,
                       const char *fmt, ...)
{
    if (!err)
        return rc;
    memset(err, 0, sizeof *err);
    err->offset = offset;
    if (text)
        tp_json_line_col(text, len, offset, &err->line, &err->column);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return rc;
}

typedef struct dup_walk {
    const tp_mem *mem;
    const char *text;
    size_t len;
    tp_json_step path[TP_JSON_MAX_DEPTH + 2];
    size_t depth;
} dup_walk;

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether an object of n members has two with one name: sorting keeps big objects linearithmic. */
static int has_duplicate(const tp_mem *mem, const cJSON *obj, size_t n)
{
    if (n <= 16) {
        for (const cJSON *a = obj->child; a; a = a->next)
            for (const cJSON *b = a->next; b; b = b->next)
                if (strcmp(a->string, b->string) == 0)
                    return 1;
        return 0;
    }
    const char **keys = tp_mem_alloc(mem, n * sizeof *keys);
    if (!keys)
        return -1;
    size_t k = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        keys[k++] = c->string;
    qsort(keys, n, sizeof *keys, compare_keys);
    int dup = 0;
    for (size_t i = 1; i < n && !dup; i++)
        dup = strcmp(keys[i - 1], keys[i]) == 0;
    tp_mem_free(mem, keys);
    return dup;
}

/* Names the first member, in document order, whose name came before, and where it is. */
static int report_duplicate(dup_walk *w, const cJSON *obj, tp_input_error *err)
{
    for (const cJSON *a = obj->child; a; a = a->next) {
        unsigned occ = 1;
        for (const cJSON *b = obj->child; b != a; b = b->next)
            occ += strcmp(a->string, b->string) == 0;
        if (occ == 1)
            continue;
        w->path[w->depth].key = a->string;
        w->path[w->depth].occurrence = occ;
        long at = tp_json_locate(w->text, w->len, w->path, w->depth + 1);
        char key[61]; /* masked before it is cut: a key may be a credential */
        tp_redact_copy(key, sizeof key, a->string, strlen(a->string));
        return input_error(err, w->text, w->len, at < 0 ? 0 : (size_t)at, TP_EINPUT,
                           "duplicate key \"%s\" in an object", key);
    }
    return TP_EINPUT;
}

static int find_duplicates(dup_walk *w, const cJSON *node, tp_input_error *err)
{
    size_t n = 0;
    for (const cJSON *c = node->child; c; c = c->next)
        n++;
    if (cJSON_IsObject(node) && n > 1) {
        int dup = has_duplicate(w->mem, node, n);
        if (dup < 0)
            return TP_ENOMEM;
        if (dup)
            return report_duplicate(w, node, err);
    }
    size_t i = 0;
    for (const cJSON *c = node->child; c; c = c->next, i++) {
        if (!cJSON_IsObject(c) && !cJSON_IsArray(c))
            continue;
        tp_json_step *st = &w->path[w->depth];
        st->key = cJSON_IsObject(node) ? c->string : NULL;
        st->index = i;
        st->occurrence = 1;
        w->depth++;
        int rc = find_duplicates(w, c, err);
        w->depth--;
        if (rc)
            return rc;
    }
    return 0;
}

static int check_duplicates(const tp_mem *mem, const char *text, size_t len, const cJSON *root,
                            tp_input_error *err)
{
    dup_walk *w = tp_mem_alloc(mem, sizeof *w);
    if (!w)
        return TP_ENOMEM;
    w->mem = mem;
    w->text = text;
    w->len = len;
    w->depth = 0;
    int rc = find_duplicates(w, root, err);
    tp_mem_free(mem, w);
    return rc;
}

static int new_document(tp_document **out, const tp_document_options *opts, tp_mem *mem)
{
    if (!out)
        return TP_EINVAL;
    *out = NULL;
    if (opts && opts->version != TP_DOCUMENT_OPTIONS_VERSION)
        return TP_EINVAL;
    tp_mem_init(mem, opts ? opts->allocator : NULL);
    return 0;
}

/* Parses text the function owns from now on: `length` bytes followed by a NUL. On success the
 * text stays with the document (for locations); on failure it is freed. */
static int parse_owned(tp_document **out, const tp_mem *mem, char *text, size_t length,
                       const tp_document_options *opts, tp_input_error *err)
{
    size_t skip = length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a BOM */
    tp_json_fault fault;
    unsigned depth = opts && opts->max_depth ? opts->max_depth : TP_JSON_DEFAULT_DEPTH;
    int rc = 0;
    if (tp_json_check(text + skip, length - skip, depth, &fault) != 0)
        rc = input_error(err, text + skip, length - skip, fault.offset,
                         fault.limit ? TP_ELIMIT : TP_EINPUT, "%s", fault.message);
    /* The text is valid JSON: if cJSON fails now, it ran out of memory. It needs the NUL inside
     * the length it is given to refuse trailing text. */
    cJSON *root = rc ? NULL : cJSON_ParseWithLengthOpts(text + skip, length - skip + 1, NULL, 1);
    if (rc == 0 && !root)
        rc = TP_ENOMEM;
    if (rc == 0)
        rc = check_duplicates(mem, text + skip, length - skip, root, err);
    tp_document *doc = rc ? NULL : tp_mem_calloc(mem, 1, sizeof *doc);
    if (!doc) {
        cJSON_Delete(root);
        tp_mem_free(mem, text);
        return rc ? rc : TP_ENOMEM;
    }
    doc->mem = *mem;
    doc->owned = root;
    doc->root = root;
    /* Kept so findings can say where in the file their subject is; the BOM is not text. */
    if (skip)
        memmove(text, text + skip, length - skip + 1);
    doc->text = text;
    doc->len = length - skip;
    *out = doc;
    return 0;
}

static int over_limit(size_t length, size_t max, tp_input_error *err)
{
    return input_error(err, NULL, 0, 0, TP_ELIMIT,
                       "input of %zu bytes is over the limit of %zu bytes (raise it with "
                       "--max-input-bytes)",
                       length, max);
}

TP_DEFINE_OPTIONS_INIT(document, TP_DOCUMENT_OPTIONS_INIT, TP_DOCUMENT_OPTIONS_VERSION)

int tp_document_parse(tp_document **out, const char *json, size_t length,
                      const tp_document_options *opts, tp_input_error *err)
{
    tp_mem mem;
    int rc = new_document(out, opts, &mem);
    if (rc)
        return rc;
    if (!json && length)
        return TP_EINVAL;
    size_t max = opts && opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES;
    if (length > max)
        return over_limit(length, max, err);
    char *copy = tp_mem_alloc(&mem, length + 1);
    if (!copy)
        return TP_ENOMEM;
    if (length)
        memcpy(copy, json, length);
    copy[length] = '\0';
    return parse_owned(out, &mem, copy, length, opts, err);
}

/* Reads a whole file (or standard input for "-"), refusing more than max bytes. */
static int read_all(const tp_mem *mem, const char *path, size_t max, char **data, size_t *len,
                    tp_input_error *err)
{
    FILE *f = stdin;
    if (strcmp(path, "-") != 0) {
        /* O_NONBLOCK so that opening a FIFO nobody writes to returns at once (and reads end of
         * input) instead of hanging a CI job; blocking reads are restored right after. */
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return input_error(err, NULL, 0, 0, TP_EIO, "cannot open: %s", strerror(errno));
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0)
            fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        f = fdopen(fd, "rb");
        if (!f) {
            close(fd);
            return input_error(err, NULL, 0, 0, TP_EIO, "cannot open: %s", strerror(errno));
        }
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (f != stdin)
            fclose(f);
        return input_error(err, NULL, 0, 0, TP_EIO, "is a directory, not a JSON file");
    }
    size_t cap = 1 << 16, n = 0;
    if (S_ISREG(st.st_mode) && (size_t)st.st_size < max)
        cap = (size_t)st.st_size + 1;
    char *buf = tp_mem_alloc(mem, cap);
    int rc = buf ? 0 : TP_ENOMEM;
    while (rc == 0) {
        if (n == cap) {
            void *items = buf;
            if (tp_mem_grow(mem, &items, &cap, cap + 1, 1)) {
                rc = TP_ENOMEM;
                break;
            }
            buf = items;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > max)
            rc = input_error(err, NULL, 0, 0, TP_ELIMIT,
                             "input is over the limit of %zu bytes (raise it with "
                             "--max-input-bytes)",
                             max);
        else if (got == 0 && ferror(f))
            rc = input_error(err, NULL, 0, 0, TP_EIO, "read failed: %s", strerror(errno));
        else if (got == 0)
            break;
    }
    if (f != stdin)
        fclose(f);
    if (rc) {
        tp_mem_free(mem, buf);
        return rc;
    }
    if (n == cap) { /* room for the NUL the parser wants */
        void *items = buf;
        if (tp_mem_grow(mem, &items, &cap, cap + 1, 1)) {
            tp_mem_free(mem, buf);
            return TP_ENOMEM;
        }
        buf = items;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

int tp_document_load(tp_document **out, const char *path, const tp_document_options *opts,
                     tp_input_error *err)
{
    tp_mem mem;
    int rc = new_document(out, opts, &mem);
    if (rc)
        return rc;
    if (!path)
        return TP_EINVAL;
    size_t max = opts && opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES;
    char *data = NULL;
    size_t len = 0;
    if ((rc = read_all(&mem, path, max, &data, &len, err)))
        return rc;
    /* The read buffer becomes the document's text: no copy of a large input. */
    return parse_owned(out, &mem, data, len, opts, err);
}

int tp_document_wrap(tp_document **out, const void *cjson_root, const tp_document_options *opts)
{
    tp_mem mem;
    int rc = new_document(out, opts, &mem);
    if (rc)
        return rc;
    if (!cjson_root)
        return TP_EINVAL;
    tp_document *doc = tp_mem_calloc(&mem, 1, sizeof *doc);
    if (!doc)
        return TP_ENOMEM;
    doc->mem = mem;
    doc->root = cjson_root;
    *out = doc;
    return 0;
}

void tp_document_free(tp_document *doc)
{
    if (!doc)
        return;
    cJSON_Delete(doc->owned);
    tp_mem mem = doc->mem;
    tp_mem_free(&mem, doc->text);
    tp_mem_free(&mem, doc);
}
