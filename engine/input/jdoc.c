#include "input/jdoc.h"

#include <stdint.h>

#include "base/redact.h"
#include "base/secret_scan.h"

int tp_jdoc_new(tp_jdoc **out, const tp_mem *mem, char *buf, size_t len, size_t skip, size_t budget,
                tp_input_format format)
{
    *out = NULL;
    tp_jdoc *doc = tp_mem_calloc(mem, 1, sizeof *doc);
    if (!doc) {
        tp_mem_free(mem, buf);
        return TP_ENOMEM;
    }
    doc->mem = *mem;
    /* The first chunk in proportion to the text: small inputs stay small; from 512 KiB on it is
     * a multiple of 2 MiB, so that it and the chunks after it, which double, start on huge pages
     * (alloc.c): rounded up to one huge page, down past it (not to hold more than the budget
     * allowed before). */
    size_t first = len / 4 < ((size_t)64 << 10) ? 0 : len / 4;
    if (first >= ((size_t)512 << 10) && first < TP_HUGE_PAGE)
        first = TP_HUGE_PAGE;
    else if (first >= TP_HUGE_PAGE)
        first &= ~(TP_HUGE_PAGE - 1);
    tp_chunks_init(&doc->chunks, &doc->mem, budget, first);
    doc->buf = buf;
    if (tp_chunks_charge(&doc->chunks, sizeof *doc + len + 1) != 0) {
        tp_jdoc_free(doc);
        return TP_ELIMIT;
    }
    doc->text = buf + skip;
    doc->len = len - skip;
    doc->format = format;
    doc->has_source = format != TP_INPUT_CJSON;
    *out = doc;
    return 0;
}

/* Frees a block whose first `size` bytes tp_chunks_discard may have poisoned. */
static void free_discarded(const tp_mem *mem, void *p, size_t size)
{
    if (p)
        tp_chunks_undiscard(p, size);
    tp_mem_free(mem, p);
}

void tp_jdoc_free(tp_jdoc *doc)
{
    if (!doc)
        return;
    tp_chunks_free(&doc->chunks); /* before the text: some of it may be lent to them */
    tp_mem mem = doc->mem;
    free_discarded(&mem, doc->buf, doc->released);
    free_discarded(&mem, doc->kept, doc->kept_size);
    tp_mem_free(&mem, doc->line_buf);
    tp_mem_free(&mem, doc);
}

void tp_jdoc_lend_text(tp_jdoc *doc, size_t upto)
{
    size_t end = (size_t)(doc->text - doc->buf) + upto;
    if (end <= doc->released)
        return;
    tp_chunks_lend(&doc->chunks, doc->buf + doc->released, end - doc->released);
    doc->released = end;
}

void tp_jdoc_drop_text(tp_jdoc *doc)
{
    /* The rest lent, then the loan ended: what the tree did not take goes back now, the
     * allocation with the document (as for tp_jdoc_keep_block). */
    tp_jdoc_lend_text(doc, doc->len + 1);
    tp_chunks_lend(&doc->chunks, NULL, 0);
    tp_chunks_no_collapse(doc->buf, doc->released);
    doc->text = NULL;
}

void tp_jdoc_keep_block(tp_jdoc *doc, void *p, size_t size)
{
    (void)tp_chunks_discard(p, size);
    doc->kept = p;
    doc->kept_size = size;
}

size_t tp_jdoc_memory(const tp_jdoc *doc)
{
    return doc->chunks.count.held;
}

const tp_jnode *tp_jobj_find(const tp_jnode *obj, const char *key, size_t len, tp_jhint *hint)
{
    const tp_jshape *shape = tp_jobj_shape(obj);
    uint32_t found = TP_JHINT_ABSENT;
    /* An index remembered from another shape is worth trying first: shapes of one list often
     * differ only after it (an optional field at the end). */
    if (hint && hint->index < shape->n && tp_jkey_is(&shape->keys[hint->index], key, len))
        found = hint->index;
    for (uint32_t i = 0; i < shape->n && found == TP_JHINT_ABSENT; i++)
        if (tp_jkey_is(&shape->keys[i], key, len))
            found = i;
    if (hint) {
        hint->shape = shape;
        hint->index = found;
    }
    return found == TP_JHINT_ABSENT ? NULL : &obj->u.items[found];
}

/* Offset of a string at s with string flags f (TP_JF_BARE, TP_JF_MOVED). */
static uint32_t string_offset(const tp_jdoc *doc, const char *s, unsigned f)
{
    if (f & TP_JF_MOVED) {
        uint32_t at;
        memcpy(&at, s - sizeof at, sizeof at);
        return at;
    }
    return (uint32_t)(s - doc->text) - (f & TP_JF_BARE ? 0 : 1);
}

uint32_t tp_jnode_offset(const tp_jdoc *doc, const tp_jnode *node)
{
    switch (node->kind) {
    case TP_J_STR:
        return string_offset(doc, tp_jnode_str(node), node->flags);
    case TP_J_ARR:
    case TP_J_OBJ:
        return ((const tp_jblock *)(const void *)node->u.items)[-1].offset;
    default:
        return node->len;
    }
}

uint32_t tp_jkey_offset(const tp_jdoc *doc, const tp_jkey *key)
{
    return string_offset(doc, key->s, key->flags);
}

void tp_jpointer_add_key(tp_strbuf *sb, const char *key, size_t len)
{
    tp_strbuf_putc(sb, '/');
    size_t from = 0;
    for (size_t k = 0; k < len; k++) {
        if (key[k] != '~' && key[k] != '/')
            continue;
        tp_strbuf_add(sb, key + from, k - from);
        tp_strbuf_add(sb, key[k] == '~' ? "~0" : "~1", 2);
        from = k + 1;
    }
    tp_strbuf_add(sb, key + from, len - from);
}

/* The key a pointer segment names: its ~1 and ~0 undone. */
static void unescape_segment(tp_strbuf *key, const char *seg, size_t len)
{
    tp_strbuf_reset(key);
    for (size_t i = 0; i < len; i++) {
        if (seg[i] == '~' && i + 1 < len && (seg[i + 1] == '0' || seg[i + 1] == '1'))
            tp_strbuf_putc(key, seg[++i] == '0' ? '~' : '/');
        else
            tp_strbuf_putc(key, seg[i]);
    }
}

/* sb replaced by the masked text in tmp, or by "[redacted]" when building it failed: never by
 * the unmasked text. 0 or TP_ENOMEM. */
static int take_masked(tp_strbuf *sb, const tp_strbuf *tmp, int failed)
{
    tp_strbuf_reset(sb);
    if (failed || tmp->failed) {
        tp_strbuf_puts(sb, "[redacted]");
        return TP_ENOMEM;
    }
    tp_strbuf_add(sb, tp_strbuf_cstr(tmp), tmp->len);
    return sb->failed ? TP_ENOMEM : 0;
}

/* Whether a segment is an array index: at most 10 digits. The scanner finds nothing in a run of
 * fewer than 40 digits, and every finding's pointer ends in one. */
static int is_index(const char *seg, size_t len)
{
    if (!len || len > 10)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (seg[i] < '0' || seg[i] > '9')
            return 0;
    return 1;
}

/* Each segment of sb masked alone (tp_jpointer_mask). */
static int mask_segments(tp_strbuf *sb, tp_strbuf *tmp)
{
    const char *p = tp_strbuf_cstr(sb), *end = p + sb->len;
    tp_strbuf key, shown;
    tp_strbuf_init(&key, sb->mem);
    tp_strbuf_init(&shown, sb->mem);
    int masked = 0;
    tp_strbuf_reset(tmp);
    while (p < end) {
        const char *seg = p + 1, *next = memchr(seg, '/', (size_t)(end - seg));
        size_t len = (size_t)((next ? next : end) - seg);
        const char *k = seg;
        size_t klen = len;
        if (memchr(seg, '~', len)) {
            unescape_segment(&key, seg, len);
            k = tp_strbuf_cstr(&key);
            klen = key.failed ? 0 : key.len;
        }
        if (!is_index(k, klen) && tp_secret_contains(k, klen)) {
            tp_strbuf_reset(&shown);
            tp_redact_text(&shown, k, klen);
            tp_jpointer_add_key(tmp, tp_strbuf_cstr(&shown), shown.failed ? 0 : shown.len);
            masked = 1;
        } else {
            tp_strbuf_add(tmp, p, len + 1);
        }
        p = seg + len;
    }
    int failed = tmp->failed || key.failed || shown.failed;
    tp_strbuf_free(&key);
    tp_strbuf_free(&shown);
    return masked || failed ? take_masked(sb, tmp, failed) : 0;
}

int tp_jpointer_mask(tp_strbuf *sb, tp_strbuf *tmp)
{
    if (sb->failed)
        return TP_ENOMEM;
    /* The whole pointer first, as a text that shows it is read: keys may spell a credential only
     * together (/https:/ /deploy:PASSWORD@host, /DB_PASSWORD=/VALUE). A segment masked first
     * could hide the context of the next one ("Authorization: Bearer " alone masks its scheme
     * word). */
    if (tp_secret_contains(tp_strbuf_cstr(sb), sb->len)) {
        tp_strbuf_reset(tmp);
        tp_redact_text(tmp, tp_strbuf_cstr(sb), sb->len);
        int rc = take_masked(sb, tmp, 0);
        if (rc)
            return rc;
    }
    return mask_segments(sb, tmp);
}

int tp_jpointer_mask_tail(tp_strbuf *sb, size_t from)
{
    if (sb->failed || from > sb->len)
        return TP_ENOMEM;
    if (from == sb->len)
        return 0; /* the root: nothing to mask */
    tp_strbuf raw, tmp;
    tp_strbuf_init(&raw, sb->mem);
    tp_strbuf_init(&tmp, sb->mem);
    tp_strbuf_add(&raw, sb->data + from, sb->len - from);
    int rc = raw.failed ? TP_ENOMEM : tp_jpointer_mask(&raw, &tmp);
    sb->len = from;
    if (sb->data)
        sb->data[from] = '\0';
    if (rc == 0)
        tp_strbuf_add(sb, raw.data ? raw.data : "", raw.len);
    else
        tp_strbuf_puts(sb, "[redacted]");
    tp_strbuf_free(&raw);
    tp_strbuf_free(&tmp);
    return rc ? rc : sb->failed ? TP_ENOMEM : 0;
}

void tp_jpointer_segment(tp_strbuf *sb, const tp_jnode *c, uint32_t i)
{
    if (c->kind != TP_J_ARR) {
        tp_jpointer_add_key(sb, tp_jobj_key(c, i)->s, tp_jobj_key(c, i)->len);
        return;
    }
    char digits[12], *p = digits + sizeof digits; /* no printf: one per finding adds up */
    *--p = '\0';
    do
        *--p = (char)('0' + i % 10);
    while ((i /= 10) != 0);
    *--p = '/';
    tp_strbuf_add(sb, p, (size_t)(digits + sizeof digits - 1 - p));
}

/* Descends from the root to the node that `node` is, or (node NULL) to the childless node at
 * `target`, appending a segment per level: 0, or 1 (sb as it was) when there is none. *parent
 * (if given) is then the container whose block holds the node, and *parent_len the length of sb
 * before its last segment. */
static int descend_to(const tp_jdoc *doc, const tp_jnode *node, uint32_t target, tp_strbuf *sb,
                      const tp_jnode **parent, size_t *parent_len)
{
    const tp_jnode *cur = &doc->root;
    size_t mark = sb->len;
    if (parent) {
        *parent = NULL;
        *parent_len = mark;
    }
    if (node == cur || (!node && tp_jnode_offset(doc, cur) == target &&
                        !((cur->kind == TP_J_ARR || cur->kind == TP_J_OBJ) && cur->len)))
        return 0;
    while ((cur->kind == TP_J_ARR || cur->kind == TP_J_OBJ) && cur->len) {
        /* The last child that starts at or before the target holds it. */
        uint32_t lo = 0, hi = cur->len;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (tp_jnode_offset(doc, &cur->u.items[mid]) <= target)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == 0)
            break;
        if (parent) {
            *parent = cur;
            *parent_len = sb->len;
        }
        tp_jpointer_segment(sb, cur, lo - 1);
        cur = &cur->u.items[lo - 1];
        if (cur == node)
            return 0;
        if (!node && !((cur->kind == TP_J_ARR || cur->kind == TP_J_OBJ) && cur->len)) {
            if (tp_jnode_offset(doc, cur) == target)
                return 0;
            break;
        }
    }
    if (!sb->failed)
        sb->len = mark;
    if (sb->data)
        sb->data[sb->len] = '\0';
    return 1;
}

static int descend(const tp_jdoc *doc, const tp_jnode *node, uint32_t target, tp_strbuf *sb)
{
    return descend_to(doc, node, target, sb, NULL, NULL);
}

int tp_jdoc_pointer_parent(const tp_jdoc *doc, const tp_jnode *node, tp_strbuf *sb,
                           const tp_jnode **parent, size_t *parent_len)
{
    return descend_to(doc, node, tp_jnode_offset(doc, node), sb, parent, parent_len);
}

int tp_jdoc_pointer(const tp_jdoc *doc, const tp_jnode *node, tp_strbuf *sb)
{
    return descend(doc, node, tp_jnode_offset(doc, node), sb);
}

int tp_jdoc_pointer_masked(const tp_jdoc *doc, const tp_jnode *node, tp_strbuf *sb)
{
    size_t from = sb->len;
    int rc = descend(doc, node, tp_jnode_offset(doc, node), sb);
    return tp_jpointer_mask_tail(sb, from) == TP_ENOMEM ? TP_ENOMEM : rc;
}

int tp_jdoc_pointer_at(const tp_jdoc *doc, uint32_t offset, tp_strbuf *sb)
{
    return descend(doc, NULL, offset, sb);
}

/* How many lines after the one found last are tried one by one before a binary search. */
#define NEAR_LINES 8

void tp_jdoc_line_col_in(const uint32_t *starts, size_t n, size_t offset, size_t *near,
                         unsigned *line, unsigned *col)
{
    size_t lo = 0, hi = n; /* the last line start at or before offset */
    if (*near < n && starts[*near] <= offset) {
        lo = *near;
        while (lo + 1 < n && lo + 1 < *near + NEAR_LINES && starts[lo + 1] <= offset)
            lo++;
        if (lo + 1 == n || starts[lo + 1] > offset)
            hi = lo + 1; /* found */
    } else if (*near < n) {
        hi = *near;
    }
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *near = lo;
    *line = (unsigned)(lo + 1);
    *col = (unsigned)(offset - (n ? starts[lo] : 0) + 1);
}

void tp_jdoc_line_col(const tp_jdoc *doc, size_t offset, unsigned *line, unsigned *col)
{
    if (!doc->has_source || !doc->nlines) {
        *line = *col = 0;
        return;
    }
    if (offset > doc->len)
        offset = doc->len;
    size_t near = 0;
    tp_jdoc_line_col_in(doc->lines, doc->nlines, offset, &near, line, col);
}

int tp_jdoc_grow_lines(tp_jdoc *doc)
{
    size_t cap = doc->line_cap ? doc->line_cap * 2 : 256;
    if (tp_chunks_charge(&doc->chunks, (cap - doc->line_cap) * sizeof *doc->line_buf) != 0)
        return -1;
    uint32_t *grown = tp_mem_realloc(&doc->mem, doc->line_buf, cap * sizeof *grown);
    if (!grown) {
        tp_chunks_release(&doc->chunks, (cap - doc->line_cap) * sizeof *doc->line_buf);
        return -1;
    }
    doc->line_buf = grown;
    doc->line_cap = cap;
    doc->lines = grown;
    return 0;
}
