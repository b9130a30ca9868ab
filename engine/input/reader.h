/*
 * Input readers: one function per format, all with one signature, each turning text into a
 * tp_jdoc. A new format (YAML, say) is one more function and one more row in the table in
 * reader.c. Errors fill a tp_input_error (message, offset, line, column); no message echoes a
 * value or a key that could be a credential.
 */
#ifndef TP_INPUT_READER_H
#define TP_INPUT_READER_H

#include <stdarg.h>

#include "input/jbuild.h"
#include "tokpol.h"

#define TP_READ_DEFAULT_MAX_BYTES ((size_t)256 << 20)
/* Offsets are 32 bits: no input may reach 4 GiB, whatever max_bytes says. */
#define TP_READ_HARD_MAX_BYTES ((size_t)UINT32_MAX - 1)
#define TP_READ_DEFAULT_DEPTH 512
#define TP_READ_MAX_DEPTH 999

typedef struct tp_read_options {
    const tp_mem *mem;  /* NULL: the C library's allocator */
    size_t max_bytes;   /* 0: TP_READ_DEFAULT_MAX_BYTES */
    unsigned max_depth; /* nesting (JSON); 0: TP_READ_DEFAULT_DEPTH; at most TP_READ_MAX_DEPTH */
    size_t max_memory;  /* bytes the reading may hold (text, tree, scratch); 0: no budget */
    /* JSON: how far the reader goes between two loans of the text behind it to the tree; 0: 1 MiB
     * (64 bytes under AddressSanitizer). Tests make it small to lend at every turn. */
    size_t lend_step;
} tp_read_options;

#define TP_READ_OPTIONS_INIT                                                                       \
    {                                                                                              \
        NULL, 0, 0, 0, 0                                                                           \
    }

/*
 * A reader. `buf` holds `len` bytes of input and a NUL after them, allocated with opts->mem; the
 * reader owns it from the call on (the document keeps it, or it is freed on failure). 0 and *out,
 * or TP_EINPUT / TP_ELIMIT with *err filled (err may be NULL), or TP_ENOMEM. The size limit was
 * checked by the caller (tp_read_text).
 */
typedef int tp_reader_fn(tp_jdoc **out, char *buf, size_t len, const tp_read_options *opts,
                         tp_input_error *err);

typedef struct tp_reader {
    tp_input_format format;
    const char *name;      /* "json": for --input-format and messages */
    const char *extension; /* ".json": how a file name selects the reader */
    tp_reader_fn *read;
} tp_reader;

tp_reader_fn tp_json_read;
tp_reader_fn tp_csv_read;

/* The reader of a format, or NULL. */
const tp_reader *tp_reader_for(tp_input_format format);
/* The reader named `name` ("json", "csv"; case-insensitive), or NULL. */
const tp_reader *tp_reader_named(const char *name);
/* The format a file name's extension selects; TP_INPUT_JSON when none does. */
tp_input_format tp_input_format_for_path(const char *path);

/* What the text looks like from its first line: TP_INPUT_JSON (it opens with '{' or '['),
 * TP_INPUT_CSV (a first line of several comma-separated fields), or TP_INPUT_AUTO (cannot tell). */
tp_input_format tp_input_sniff(const char *text, size_t len);

/* Reads `buf` (owned from the call on, as for tp_reader_fn) with the reader of `format`, after
 * checking the size limit. */
int tp_read_text(tp_jdoc **out, tp_input_format format, char *buf, size_t len,
                 const tp_read_options *opts, tp_input_error *err);
/* The same for bytes the caller keeps (copied). */
int tp_read_memory(tp_jdoc **out, tp_input_format format, const char *data, size_t len,
                   const tp_read_options *opts, tp_input_error *err);
/* Reads a file ("-": standard input) in as few reads as it takes into a buffer of its size, and
 * parses it with the reader of `format` (TP_INPUT_AUTO: by its extension). TP_EIO when it cannot
 * be read. */
int tp_read_file(tp_jdoc **out, tp_input_format format, const char *path,
                 const tp_read_options *opts, tp_input_error *err);
/* Reads a file ("-": standard input) into *out (*len bytes and a NUL, from opts->mem; the caller
 * frees it), within the size limit. TP_EIO when it cannot be read. */
int tp_read_bytes(char **out, size_t *len, const char *path, const tp_read_options *opts,
                  tp_input_error *err);

struct cJSON;
/* Converts a host's cJSON tree (strings copied; the tree is not kept). TP_EINPUT for what a
 * parsed document could not hold (a duplicate key, a number that is not finite, a string that is
 * not UTF-8, a raw item), TP_ELIMIT over the nesting limit or the memory budget. */
int tp_jdoc_from_cjson(tp_jdoc **out, const struct cJSON *root, const tp_read_options *opts,
                       tp_input_error *err);

/* For readers: options with defaults filled in (mem points to `fallback` when opts has none). */
typedef struct tp_read_limits {
    const tp_mem *mem;
    size_t max_bytes, max_depth, max_memory;
} tp_read_limits;
void tp_read_limits_get(tp_read_limits *out, const tp_read_options *opts, tp_mem *fallback);

/* For readers, what each does first: options with defaults, a BOM skipped, the document made
 * (taking buf; doc->text is where reading starts) and a builder for it with `depth` frames (0:
 * the nesting limit). 0, or the failing status with *err (buf then freed). */
int tp_read_begin(tp_jdoc **doc, tp_jbuild *b, char *buf, size_t len, size_t depth,
                  tp_input_format format, const tp_read_options *opts, tp_input_error *err);
/* ... and last: frees the builder, and the document on failure (rc), else hands it to *out. */
int tp_read_end(tp_jdoc **out, tp_jdoc *doc, tp_jbuild *b, int rc);

/* For readers: fills *err (if any) for a fault at `offset` of doc's text; returns status. */
int tp_read_fail(const tp_jdoc *doc, tp_input_error *err, int status, size_t offset,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* For readers: "reading the input needs more than N bytes of memory"; returns TP_ELIMIT. */
int tp_read_over_budget(tp_input_error *err, size_t budget);
/* For readers: the error for an allocation that failed: over the budget (TP_ELIMIT, with a
 * message) or out of memory (TP_ENOMEM). */
int tp_read_no_memory(const tp_jdoc *doc, tp_input_error *err);
/* For readers: "duplicate key ..." for entries dup and first of e: names the key only when it is
 * short and cannot be a credential; `what` is "key" or "column name", `hint` follows ("" for
 * none). */
int tp_read_duplicate(const tp_jdoc *doc, tp_input_error *err, const char *what, const char *hint,
                      const tp_jentry *e, size_t dup, size_t first);

#endif
