/*
 * The JSON reader: one pass over the text validates it (RFC 8259, tokpol's strictness) and
 * builds the tree, copying strings out and recording where lines start, and lends the text it
 * has read to the tree (a document is its tree, not its source). Iterative: the nesting lives in
 * the builder's frames, never on the C stack. Faults and their offsets are those of
 * engine/json_check.c, plus duplicate keys, found as each object closes.
 */
#include <stdio.h>

#include "base/asan.h"
#include "input/json_reader.h"

/* How far the cursor goes between two loans of the text behind it to the tree. Under
 * AddressSanitizer nothing is lent and the text is poisoned instead (tp_chunks_lend), every few
 * bytes: every test then reports a read of text already given up. */
#ifdef TP_ASAN
#define LEND_STEP ((size_t)64)
#else
#define LEND_STEP ((size_t)1 << 20)
#endif

/* A status from the builder: a duplicate key, or memory. */
static int build_failed(tp_jreader *r, int rc)
{
    if (rc == TP_EINPUT)
        return tp_read_duplicate(r->doc, r->err, "key", "", tp_jbuild_entries(&r->build),
                                 r->build.dup, r->build.dup_first);
    return tp_read_no_memory(r->doc, r->err);
}

/* Line feeds are whitespace in JSON (a string may not hold one raw): this sees every one, and
 * records where each line starts, since the text is not kept. */
static void skip_ws(tp_jreader *r)
{
    const char *s = r->s;
    size_t i = r->i;
    for (;;) { /* s[len] is 0: no bound check needed */
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r')
            i++;
        else if (c == '\n')
            r->lines_failed |= tp_jdoc_add_line(r->doc, (uint32_t)++i) != 0;
        else
            break;
    }
    r->i = i;
}

/* The text behind the cursor lent to the tree once the keys still waiting in open objects are
 * copied out of it: a document holds its tree and its strings, not its source. */
static int lend_behind(tp_jreader *r)
{
    if (tp_jbuild_copy_keys(&r->build) != 0)
        return tp_read_no_memory(r->doc, r->err);
    tp_jdoc_lend_text(r->doc, r->i);
    r->lend_at = r->i + r->step;
    return 0;
}

static int truncated(tp_jreader *r)
{
    size_t depth = r->build.depth;
    return tp_jreader_fail(
        r, r->len, TP_EINPUT,
        "unexpected end of input: the JSON is truncated (%zu bracket%s not closed)", depth,
        depth == 1 ? " is" : "s are");
}

static int literal(tp_jreader *r, tp_jnode *n)
{
    static const struct {
        const char *word;
        size_t len;
        tp_jkind kind;
    } words[] = {{"true", 4, TP_J_TRUE}, {"false", 5, TP_J_FALSE}, {"null", 4, TP_J_NULL}};
    for (size_t k = 0; k < 3; k++)
        if (r->len - r->i >= words[k].len &&
            memcmp(r->s + r->i, words[k].word, words[k].len) == 0) {
            memset(n, 0, sizeof *n);
            n->kind = (uint8_t)words[k].kind;
            n->len = (uint32_t)r->i;
            r->i += words[k].len;
            return 0;
        }
    unsigned char b = (unsigned char)r->s[r->i];
    if (b >= 0x20 && b < 0x7f)
        return tp_jreader_fail(r, r->i, TP_EINPUT, "unexpected '%c': expected a value", b);
    return tp_jreader_fail(r, r->i, TP_EINPUT, "unexpected byte 0x%02x: expected a value", b);
}

/* A string, number or literal at the cursor, added to the innermost container. */
static int scalar(tp_jreader *r)
{
    unsigned char b = (unsigned char)r->s[r->i];
    tp_jnode n;
    int rc;
    if (b == '"') {
        tp_jstr str;
        if ((rc = tp_json_string(r, 1, &str)) != 0)
            return rc;
        memset(&n, 0, sizeof n);
        n.kind = TP_J_STR;
        if (str.flags & TP_JF_SHORT) {
            n.flags = TP_JF_SHORT | TP_JF_MOVED;
            n.reserved = (uint16_t)str.len;
            n.len = (uint32_t)(str.s - r->s) - 1; /* its opening quote */
            memcpy(&n.u, str.s, str.len);
        } else {
            n.flags = (uint8_t)str.flags;
            n.len = (uint32_t)str.len;
            n.u.str = str.s;
        }
    } else if (b == '-' || (b >= '0' && b <= '9')) {
        if ((rc = tp_json_number(r, &n)) != 0)
            return rc;
    } else if ((rc = literal(r, &n)) != 0) {
        return rc;
    }
    rc = tp_jbuild_value(&r->build, n);
    return rc ? build_failed(r, rc) : 0;
}

/* A member's key and its colon, after whitespace; `missing` says what was expected. */
static int key(tp_jreader *r, const char *missing)
{
    skip_ws(r);
    if (r->i == r->len)
        return truncated(r);
    if (r->s[r->i] != '"')
        return tp_jreader_fail(r, r->i, TP_EINPUT, "%s", missing);
    tp_jstr k;
    int rc = tp_json_string(r, 0, &k);
    if (rc)
        return rc;
    tp_jbuild_key(&r->build, k.s, k.len, k.flags);
    skip_ws(r);
    if (r->i == r->len)
        return truncated(r);
    if (r->s[r->i] != ':')
        return tp_jreader_fail(r, r->i, TP_EINPUT, "expected ':' after a key");
    r->i++;
    return 0;
}

static int close_container(tp_jreader *r)
{
    r->i++;
    int rc = tp_jbuild_close(&r->build, NULL);
    return rc ? build_failed(r, rc) : 0;
}

static int mismatch(tp_jreader *r, unsigned char closer)
{
    const tp_jframe *f = &r->build.frames[r->build.depth - 1];
    unsigned line, col;
    tp_jdoc_line_col(r->doc, f->offset, &line, &col);
    return tp_jreader_fail(r, r->i, TP_EINPUT, "'%c' closes the '%c' opened at %u:%u", closer,
                           f->kind == TP_J_OBJ ? '{' : '[', line, col);
}

/* After a value: closes containers, or finds the separator to the next value. 1 when the
 * document is complete, 0 when another value follows, else a failing status. */
static int after_value(tp_jreader *r)
{
    for (;;) {
        skip_ws(r);
        if (r->build.depth == 0) {
            if (r->i != r->len)
                return tp_jreader_fail(r, r->i, TP_EINPUT, "unexpected text after the JSON value");
            return 1;
        }
        if (r->i == r->len)
            return truncated(r);
        int object = r->build.frames[r->build.depth - 1].kind == TP_J_OBJ;
        unsigned char n = (unsigned char)r->s[r->i];
        if (n == ',') {
            r->i++;
            return object ? key(r, "expected a key (a string) after ','") : 0;
        }
        if (n == '}' || n == ']') {
            if (object != (n == '}'))
                return mismatch(r, n);
            int rc = close_container(r);
            if (rc)
                return rc;
            continue;
        }
        return tp_jreader_fail(r, r->i, TP_EINPUT, "expected ',' or '%c'", object ? '}' : ']');
    }
}

static int parse(tp_jreader *r)
{
    skip_ws(r);
    if (r->i == r->len)
        return tp_jreader_fail(r, 0, TP_EINPUT, "empty input: expected a JSON value");
    /* Each turn reads one value, then what may follow it, until the outer value is complete. */
    for (;;) {
        skip_ws(r);
        if (r->i == r->len)
            return r->build.depth ? truncated(r)
                                  : tp_jreader_fail(r, r->i, TP_EINPUT, "expected a value");
        unsigned char b = (unsigned char)r->s[r->i];
        int rc;
        if (r->i >= r->lend_at && (rc = lend_behind(r)) != 0)
            return rc;
        if (b == '{' || b == '[') {
            if (r->build.depth == r->max_depth)
                return tp_jreader_fail(r, r->i, TP_ELIMIT,
                                       "JSON nested deeper than %zu levels (raise it with "
                                       "--max-json-depth, at most %d)",
                                       r->max_depth, TP_READ_MAX_DEPTH);
            tp_jbuild_open(&r->build, b == '{' ? TP_J_OBJ : TP_J_ARR, (uint32_t)r->i);
            r->i++;
            skip_ws(r);
            if (r->i == r->len)
                return truncated(r);
            if (r->s[r->i] == (b == '{' ? '}' : ']')) {
                if ((rc = close_container(r)) != 0)
                    return rc;
            } else if (b == '{') {
                if ((rc = key(r, "expected a key (a string) or '}'")) != 0)
                    return rc;
                continue;
            } else {
                continue;
            }
        } else if (b == '}' || b == ']') {
            return tp_jreader_fail(r, r->i, TP_EINPUT, "unexpected '%c': expected a value", b);
        } else if ((rc = scalar(r)) != 0) {
            return rc;
        }
        rc = after_value(r);
        if (rc)
            return rc == 1 ? 0 : rc;
    }
}

/* A CSV file given to the JSON reader fails on its first line: say what it looks like. */
static void hint_csv(tp_input_format looks, tp_input_error *err)
{
    if (!err || err->line != 1 || looks != TP_INPUT_CSV)
        return;
    size_t n = strlen(err->message);
    snprintf(err->message + n, sizeof err->message - n,
             "; this looks like CSV, not JSON (name the file .csv or use --input-format csv)");
}

int tp_json_read(tp_jdoc **out, char *buf, size_t len, const tp_read_options *opts,
                 tp_input_error *err)
{
    *out = NULL;
    tp_jreader r;
    memset(&r, 0, sizeof r);
    int rc = tp_read_begin(&r.doc, &r.build, buf, len, 0, TP_INPUT_JSON, opts, err);
    if (rc)
        return rc;
    r.s = r.doc->buf + (r.doc->text - r.doc->buf);
    r.len = r.doc->len;
    r.max_depth = r.build.max_depth;
    r.err = err;
    r.step = opts && opts->lend_step ? opts->lend_step : LEND_STEP;
    r.lend_at = r.step;
    r.build.copy_keys = 1;
    if (tp_jdoc_add_line(r.doc, 0) != 0)
        return tp_read_end(out, r.doc, &r.build, tp_read_no_memory(r.doc, err));
    /* Sniffed before the text is changed in place; it reads no further than the first line. */
    tp_input_format looks = tp_input_sniff(buf, len);
    rc = parse(&r);
    if (r.lines_failed) { /* before any fault it may have placed on the wrong line */
        if (err)
            memset(err, 0, sizeof *err); /* that fault is not reported: memory is */
        rc = tp_read_no_memory(r.doc, err);
    }
    if (rc == TP_EINPUT)
        hint_csv(looks, err);
    if (rc == 0)
        tp_jdoc_drop_text(r.doc); /* every string and kept key is copied out of it */
    return tp_read_end(out, r.doc, &r.build, rc);
}
