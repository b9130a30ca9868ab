/* What every reader shares: its limits, the start and end of one read, and how a fault, a
 * duplicate or a lack of memory becomes the input error. Readers call these; reader.c calls the
 * readers, so the two are kept apart. */
#include "input/reader.h"

#include <stdio.h>
#include <string.h>

#include "base/secret_scan.h"

tp_input_format tp_input_sniff(const char *text, size_t len)
{
    size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    if (i == len)
        return TP_INPUT_AUTO;
    if (text[i] == '{' || text[i] == '[')
        return TP_INPUT_JSON;
    /* A first line with a comma outside quotes and no control characters reads as a header. */
    size_t commas = 0;
    int quoted = 0;
    for (size_t end = len - i > 65536 ? i + 65536 : len; i < end && text[i] != '\n'; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            commas++;
        else if (c < 0x20 && c != '\t' && c != '\r')
            return TP_INPUT_AUTO;
    }
    return commas ? TP_INPUT_CSV : TP_INPUT_AUTO;
}

void tp_read_limits_get(tp_read_limits *out, const tp_read_options *opts, tp_mem *fallback)
{
    if (opts && opts->mem) {
        out->mem = opts->mem;
    } else {
        tp_mem_init(fallback, NULL);
        out->mem = fallback;
    }
    out->max_bytes = opts && opts->max_bytes ? opts->max_bytes : TP_READ_DEFAULT_MAX_BYTES;
    if (out->max_bytes > TP_READ_HARD_MAX_BYTES)
        out->max_bytes = TP_READ_HARD_MAX_BYTES;
    out->max_depth = opts && opts->max_depth ? opts->max_depth : TP_READ_DEFAULT_DEPTH;
    if (out->max_depth > TP_READ_MAX_DEPTH)
        out->max_depth = TP_READ_MAX_DEPTH;
    out->max_memory = opts ? opts->max_memory : 0;
}

int tp_read_fail(const tp_jdoc *doc, tp_input_error *err, int status, size_t offset,
                 const char *fmt, ...)
{
    if (!err)
        return status;
    memset(err, 0, sizeof *err);
    err->offset = offset;
    if (doc)
        tp_jdoc_line_col(doc, offset, &err->line, &err->column);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

int tp_read_over_budget(tp_input_error *err, size_t budget)
{
    return tp_read_fail(NULL, err, TP_ELIMIT, 0,
                        "reading the input needs more than %zu bytes of memory (raise it with "
                        "--max-memory)",
                        budget);
}

int tp_read_no_memory(const tp_jdoc *doc, tp_input_error *err)
{
    return doc->chunks.count.exceeded ? tp_read_over_budget(err, doc->chunks.count.limit)
                                      : TP_ENOMEM;
}

/* Whether a key may appear in a message: short, plain, and not shaped like a credential. */
static int showable_key(const char *key, size_t len)
{
    if (len == 0 || len > 20 || tp_secret_contains(key, len))
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = key[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

int tp_read_duplicate(const tp_jdoc *doc, tp_input_error *err, const char *what, const char *hint,
                      const tp_jentry *e, size_t dup, size_t first)
{
    unsigned line, col;
    tp_jdoc_line_col(doc, tp_jkey_offset(doc, &e[first].key), &line, &col);
    size_t at = tp_jkey_offset(doc, &e[dup].key);
    if (showable_key(e[dup].key.s, e[dup].key.len))
        return tp_read_fail(doc, err, TP_EINPUT, at, "duplicate %s \"%s\" (first at %u:%u)%s", what,
                            e[dup].key.s, line, col, hint);
    return tp_read_fail(doc, err, TP_EINPUT, at, "duplicate %s (first at %u:%u)%s", what, line, col,
                        hint);
}

int tp_read_begin(tp_jdoc **doc, tp_jbuild *b, char *buf, size_t len, size_t depth,
                  tp_input_format format, const tp_read_options *opts, tp_input_error *err)
{
    tp_mem fallback;
    tp_read_limits lim;
    tp_read_limits_get(&lim, opts, &fallback);
    size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a BOM */
    int rc = tp_jdoc_new(doc, lim.mem, buf, len, skip, lim.max_memory, format);
    if (rc)
        return rc == TP_ELIMIT ? tp_read_over_budget(err, lim.max_memory) : rc;
    if (tp_jbuild_init(b, *doc, depth ? depth : lim.max_depth) == 0)
        return 0;
    rc = tp_read_no_memory(*doc, err);
    tp_jbuild_free(b);
    tp_jdoc_free(*doc);
    *doc = NULL;
    return rc;
}

int tp_read_end(tp_jdoc **out, tp_jdoc *doc, tp_jbuild *b, int rc)
{
    if (rc == 0)
        tp_jbuild_hand_over(b);
    tp_jbuild_free(b);
    if (rc) {
        tp_jdoc_free(doc);
        return rc;
    }
    *out = doc;
    return 0;
}
