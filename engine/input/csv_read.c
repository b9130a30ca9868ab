/*
 * The CSV reader (RFC 4180): a header row names the columns; every other row becomes an object
 * of string cells keyed by the header, and the document is the list of those objects. Quoted
 * fields may hold commas, line breaks and doubled quotes; lines end in CRLF or LF; a UTF-8 BOM
 * and a missing final line break are accepted; empty lines are skipped.
 *
 * Strict where a sloppy reader would guess: a row with more or fewer fields than the header, a
 * quote inside an unquoted field, text after a closing quote, a lone carriage return, an unnamed
 * or repeated column, invalid UTF-8 and NUL bytes are errors with line and column.
 *
 * Cells are unquoted in place, which moves line feeds inside quoted cells: the reader records
 * where every line starts instead (the document's line table).
 */
#include <stdio.h>

#include "input/json_reader.h"

typedef struct csv_reader {
    char *s; /* s[len] is 0 */
    size_t len, i;
    tp_jdoc *doc;
    tp_jbuild build;
    tp_input_error *err;
    tp_jentry *header;      /* the column names, as keys */
    const tp_jshape *shape; /* every row's */
    size_t ncols, cap;
    size_t ended_at; /* where the last field's terminator was */
} csv_reader;

/* How a field ended. */
enum { END_FIELD, END_LINE, END_INPUT };

static int fail(csv_reader *r, size_t at, const char *msg)
{
    return tp_read_fail(r->doc, r->err, TP_EINPUT, at, "%s", msg);
}

static int line_at(csv_reader *r, size_t start)
{
    return tp_jdoc_add_line(r->doc, (uint32_t)start) ? tp_read_no_memory(r->doc, r->err) : 0;
}

/* A byte that is not plain text inside a field: whatever ends it or must be checked. */
static int special(unsigned char b)
{
    return b == ',' || b == '\n' || b == '\r' || b == '"' || b == 0 || b >= 0x80;
}

/* After a field's text at s[i]: what ends it, moving the cursor past it. */
static int terminator(csv_reader *r, size_t i, int *end)
{
    char b = r->s[i];
    r->ended_at = i;
    if (b == ',') {
        *end = END_FIELD;
        r->i = i + 1;
    } else if (b == '\n' || (b == '\r' && r->s[i + 1] == '\n')) {
        size_t next = i + (b == '\r' ? 2 : 1);
        *end = END_LINE;
        r->i = next;
        return line_at(r, next);
    } else if (i == r->len) {
        *end = END_INPUT;
        r->i = i;
    } else if (b == '\r') {
        return fail(r, i, "a carriage return must be followed by a line feed (CRLF) to end a line");
    } else {
        return fail(r, i, "expected ',' or the end of the line after a closing quote");
    }
    return 0;
}

static int quoted(csv_reader *r, tp_jstr *out, int *end)
{
    unsigned char *s = (unsigned char *)r->s;
    size_t quote = r->i, i = quote + 1, w = i;
    for (;;) {
        unsigned char b = s[i];
        if (b == '"') {
            if (s[i + 1] != '"')
                break;
            s[w++] = '"';
            i += 2;
        } else if (b >= 0x80) {
            size_t n = tp_utf8_len(s + i, r->len - i);
            if (!n)
                return tp_read_fail(r->doc, r->err, TP_EINPUT, i, "invalid UTF-8 (byte 0x%02x)", b);
            memmove(s + w, s + i, n);
            w += n;
            i += n;
        } else if (b == 0) {
            return fail(r, i < r->len ? i : quote,
                        i < r->len ? "NUL byte in a field"
                                   : "unexpected end of input: a quoted field is not closed");
        } else {
            int rc = b == '\n' ? line_at(r, i + 1) : 0;
            if (rc)
                return rc;
            s[w++] = b;
            i++;
        }
    }
    int rc = terminator(r, i + 1, end);
    if (rc)
        return rc;
    s[w] = '\0'; /* w <= the closing quote's offset */
    out->s = r->s + quote + 1;
    out->len = w - quote - 1;
    out->flags = 0;
    return 0;
}

static int bare(csv_reader *r, tp_jstr *out, int *end)
{
    unsigned char *s = (unsigned char *)r->s;
    size_t start = r->i, i = start;
    for (;;) {
        while (!special(s[i]))
            i++;
        unsigned char b = s[i];
        if (b == '"')
            return fail(r, i,
                        "a quote inside an unquoted field: quote the whole field and double "
                        "the quotes inside it");
        if (b == 0 && i < r->len)
            return fail(r, i, "NUL byte in a field");
        if (b < 0x80)
            break;
        size_t n = tp_utf8_len(s + i, r->len - i);
        if (!n)
            return tp_read_fail(r->doc, r->err, TP_EINPUT, i, "invalid UTF-8 (byte 0x%02x)", b);
        i += n;
    }
    int rc = terminator(r, i, end);
    if (rc)
        return rc;
    s[i] = '\0'; /* over the terminator, already read */
    out->s = r->s + start;
    out->len = i - start;
    out->flags = TP_JF_BARE;
    return 0;
}

static int field(csv_reader *r, tp_jstr *out, int *end)
{
    return r->s[r->i] == '"' ? quoted(r, out, end) : bare(r, out, end);
}

/* Skips empty lines at the cursor. */
static int skip_empty_lines(csv_reader *r)
{
    for (;;) {
        size_t i = r->i;
        if (r->s[i] == '\r' && r->s[i + 1] == '\n')
            i++;
        if (r->s[i] != '\n' || i >= r->len)
            return 0;
        r->i = i + 1;
        int rc = line_at(r, r->i);
        if (rc)
            return rc;
    }
}

/* A file without a header row is read with its first row of data as the column names, which
 * often ends here (two equal or empty cells): say which row names the columns. Not guessed: the
 * rows of a file whose first row happens to be valid names are read under those names. */
static const char first_row_hint[] =
    ": the first row is the header, naming the columns: is it missing?";

static int header(csv_reader *r)
{
    int end = END_FIELD, rc;
    while (end == END_FIELD) {
        size_t at = r->i;
        tp_jstr name;
        if ((rc = field(r, &name, &end)) != 0)
            return rc;
        if (name.len == 0)
            return tp_read_fail(r->doc, r->err, TP_EINPUT, at,
                                "column %zu of the header has no name%s", r->ncols + 1,
                                first_row_hint);
        if (r->ncols == r->cap) {
            size_t cap = r->cap ? 2 * r->cap : 32;
            tp_jentry *grown = tp_chunks_alloc(&r->doc->chunks, cap * sizeof *grown);
            if (!grown)
                return tp_read_no_memory(r->doc, r->err);
            if (r->ncols)
                memcpy(grown, r->header, r->ncols * sizeof *grown);
            r->header = grown;
            r->cap = cap;
        }
        tp_jentry *e = &r->header[r->ncols++];
        memset(e, 0, sizeof *e);
        e->key.s = name.s;
        e->key.len = (uint32_t)name.len;
        e->key.flags = name.flags;
    }
    size_t dup, first;
    int found = tp_jbuild_find_duplicate(&r->build, r->header, r->ncols, &dup, &first);
    if (found < 0)
        return tp_read_no_memory(r->doc, r->err);
    if (found)
        return tp_read_duplicate(r->doc, r->err, "column name", first_row_hint, r->header, dup,
                                 first);
    r->shape = tp_jbuild_shape(&r->build, r->header, r->ncols);
    r->doc->columns = r->shape;
    return r->shape ? 0 : tp_read_no_memory(r->doc, r->err);
}

static int row(csv_reader *r)
{
    int end = END_FIELD, rc;
    size_t col = 0;
    tp_jbuild_open(&r->build, TP_J_OBJ, (uint32_t)r->i);
    while (end == END_FIELD) {
        size_t at = r->i;
        if (col == r->ncols)
            return tp_read_fail(r->doc, r->err, TP_EINPUT, at,
                                "this row has more fields than the header's %zu", r->ncols);
        tp_jstr cell;
        if ((rc = field(r, &cell, &end)) != 0)
            return rc;
        col++;
        tp_jnode n;
        memset(&n, 0, sizeof n);
        n.kind = TP_J_STR;
        n.flags = (uint8_t)cell.flags;
        n.len = (uint32_t)cell.len;
        n.u.str = cell.s;
        if ((rc = tp_jbuild_value(&r->build, n)) != 0)
            return tp_read_no_memory(r->doc, r->err);
    }
    if (col < r->ncols) {
        /* At the end of the line, where the missing fields would be. */
        return tp_read_fail(r->doc, r->err, TP_EINPUT, r->ended_at,
                            "this row has %zu field%s, the header has %zu", col,
                            col == 1 ? "" : "s", r->ncols);
    }
    rc = tp_jbuild_close(&r->build, r->shape);
    return rc ? tp_read_no_memory(r->doc, r->err) : 0;
}

static int parse(csv_reader *r)
{
    int rc;
    if ((rc = line_at(r, 0)) != 0 || (rc = skip_empty_lines(r)) != 0)
        return rc;
    if (r->i == r->len)
        return fail(r, r->i, "empty input: expected a header row naming the columns");
    if ((rc = header(r)) != 0)
        return rc;
    tp_jbuild_open(&r->build, TP_J_ARR, 0);
    for (;;) {
        if ((rc = skip_empty_lines(r)) != 0)
            return rc;
        if (r->i >= r->len)
            break;
        if ((rc = row(r)) != 0)
            return rc;
    }
    rc = tp_jbuild_close(&r->build, NULL);
    return rc ? tp_read_no_memory(r->doc, r->err) : 0;
}

/* JSON given to the CSV reader would often parse as a strange one-column table: refuse it.
 * `buf` is the whole input, BOM included, as tp_input_sniff wants it. */
static int looks_json(csv_reader *r, const char *buf, size_t len)
{
    if (tp_input_sniff(buf, len) != TP_INPUT_JSON)
        return 0;
    size_t i = 0;
    int rc = line_at(r, 0);
    for (; rc == 0 && (r->s[i] == ' ' || r->s[i] == '\t' || r->s[i] == '\r' || r->s[i] == '\n');
         i++)
        if (r->s[i] == '\n')
            rc = line_at(r, i + 1); /* the line table places the fault */
    if (rc)
        return rc;
    return fail(r, i,
                "this looks like JSON, not CSV (name the file .json or use --input-format json)");
}

int tp_csv_read(tp_jdoc **out, char *buf, size_t len, const tp_read_options *opts,
                tp_input_error *err)
{
    *out = NULL;
    csv_reader r;
    memset(&r, 0, sizeof r);
    int rc = tp_read_begin(&r.doc, &r.build, buf, len, 2, TP_INPUT_CSV, opts, err);
    if (rc)
        return rc;
    r.s = r.doc->buf + (r.doc->text - r.doc->buf);
    r.len = r.doc->len;
    r.err = err;
    if ((rc = looks_json(&r, buf, len)) == 0)
        rc = parse(&r);
    return tp_read_end(out, r.doc, &r.build, rc);
}
