#include "syntax/diag.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/redact.h"
#include "base/secret_scan.h"
#include "base/strbuf.h"
#include "base/strmap.h"
#include "base/unicode.h"

void tp_diags_init(tp_diags *d, const tp_mem *mem)
{
    memset(d, 0, sizeof *d);
    d->mem = mem;
    tp_arena_init(&d->strings, mem);
    tp_strmap_init(&d->file_index, mem);
}

void tp_diags_free(tp_diags *d)
{
    tp_arena_free(&d->strings);
    tp_mem_free(d->mem, d->items);
    d->items = NULL;
    d->n = d->cap = 0;
    tp_strmap_free(&d->file_index);
    tp_mem_free(d->mem, d->files);
    d->files = NULL;
    d->nfiles = d->cap_files = 0;
}

/* s in the diagnostics' arena with its credentials masked (tp_redact_view); NULL when out of
 * memory. */
static const char *masked_copy(tp_diags *d, const char *s)
{
    tp_strbuf tmp;
    size_t len;
    tp_strbuf_init(&tmp, d->mem);
    const char *shown = tp_redact_view(&tmp, s, strlen(s), &len);
    const char *copy = tp_arena_strndup(&d->strings, shown, len);
    tp_strbuf_free(&tmp);
    return copy;
}

void tp_diags_set_sources(tp_diags *d, tp_source *const *sources, const size_t *nsources)
{
    d->sources = sources;
    d->nsources = nsources;
    d->cursor = (tp_line_cursor){NULL, 0, NULL};
}

/* Finds line `line` (1-based) of a source; *len excludes the newline. Diagnostics come mostly in
 * order of lines, so with one cursor each file is read once, however many of them there are. */
static const char *source_line(tp_line_cursor *c, const tp_source *src, unsigned line, size_t *len)
{
    const char *p = src->text, *end = src->text + src->len;
    unsigned l = 1;
    if (c->text == src->text && c->line <= line) {
        p = c->at;
        l = c->line;
    }
    for (; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    *c = (tp_line_cursor){src->text, l, p};
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl ? nl : end) - p);
    return p;
}

/* The credentials of a line of a policy, as a diagnostic shows the line: each one as its mask. */
typedef struct line_secrets {
    const char *text;
    tp_secret_cursor spans;
} line_secrets;

static void line_secrets_init(line_secrets *ls, const char *text, size_t len)
{
    ls->text = text;
    tp_secret_cursor_init(&ls->spans, text, len);
}

/* When byte i of the line is part of a credential: writes the credential's mask into mask
 * (TP_SECRET_MASK_MAX bytes), sets *end to where the credential ends and returns the mask's
 * length; else 0, and *end is where the next credential starts (SIZE_MAX: none). Call it with
 * i increasing. */
static size_t line_secret_at(line_secrets *ls, size_t i, char *mask, size_t *end)
{
    const tp_secret_span *sp = tp_secret_cursor_at(&ls->spans, i);
    if (!sp || sp->start > i) {
        *end = sp ? sp->start : SIZE_MAX;
        return 0;
    }
    *end = sp->start + sp->len;
    return tp_secret_format_mask(mask, sp->kind, ls->text + sp->start, sp->len);
}

/* Appends line[from, to) as the line is shown under a diagnostic: a credential that overlaps it
 * as its whole mask. Returns how many credentials it masked. */
static size_t append_shown(tp_strbuf *sb, const char *line, size_t len, size_t from, size_t to)
{
    line_secrets ls;
    line_secrets_init(&ls, line, len);
    size_t masked = 0;
    for (size_t i = from; i < to;) {
        char mask[TP_SECRET_MASK_MAX];
        size_t end, n = line_secret_at(&ls, i, mask, &end);
        if (n) {
            tp_strbuf_add(sb, mask, n);
            masked++;
        } else {
            if (end > to)
                end = to;
            tp_strbuf_add(sb, line + i, end - i);
        }
        i = end;
    }
    return masked;
}

/* The line a diagnostic's span starts on, when its file is one of the sources; NULL otherwise. */
static const char *span_line(tp_diags *d, const char *file_name, tp_span span, size_t *len)
{
    if (!d->sources || !file_name || !span.line || span.file >= *d->nsources)
        return NULL;
    const tp_source *src = &(*d->sources)[span.file];
    if (strcmp(src->name, file_name) != 0)
        return NULL;
    return source_line(&d->cursor, src, span.line, len);
}

/* Appends text with the lexeme it quotes of `line` (starting at byte `from`: 'LEXEME', or a
 * first part of it) shown as the line is shown when it overlaps a credential. The lexer splits
 * a credential written unquoted (`ya29.a0AfB_x-9K7...` at `-9`), and a piece of it no longer
 * looks like a credential to the scan of the message as a whole. Returns whether it masked. */
static bool append_quoted_masked(tp_strbuf *sb, const char *text, size_t tlen, const char *line,
                                 size_t llen, size_t from)
{
    bool masked = false;
    for (size_t i = 0; i < tlen;) {
        size_t k = 0;
        if (text[i] == '\'' && from < llen) {
            /* the longest 'QUOTE' at i whose QUOTE starts the line at `from` */
            size_t same = 0, room = tlen - i - 1;
            while (same < room && from + same < llen && text[i + 1 + same] == line[from + same])
                same++;
            for (k = same; k > 0 && (i + 1 + k >= tlen || text[i + 1 + k] != '\''); k--)
                ;
        }
        size_t mark = sb->len;
        if (k > 0) {
            tp_strbuf_putc(sb, '\'');
            if (append_shown(sb, line, llen, from, from + k)) {
                tp_strbuf_putc(sb, '\'');
                masked = true;
                i += k + 2;
                continue;
            }
            sb->len = mark; /* nothing to mask: copied below as it is */
        }
        tp_strbuf_putc(sb, text[i++]);
    }
    return masked;
}

/* text, or when it quotes a piece of a credential of the span's line, that text masked in tmp. */
static const char *mask_quoted(tp_diags *d, tp_strbuf *tmp, const char *file_name, tp_span span,
                               const char *text, size_t *len)
{
    size_t llen;
    const char *line =
        span.col && memchr(text, '\'', *len) ? span_line(d, file_name, span, &llen) : NULL;
    if (!line)
        return text;
    tp_strbuf_reset(tmp);
    if (!append_quoted_masked(tmp, text, *len, line, llen, span.col - 1))
        return text;
    if (tmp->failed)
        return NULL;
    *len = tmp->len;
    return tp_strbuf_cstr(tmp);
}

/* The counts of a file, added the first time it has a diagnostic; NULL when out of memory. */
static tp_diag_file *file_of(tp_diags *d, const char *name)
{
    int64_t at = tp_strmap_get(&d->file_index, name, strlen(name));
    if (at >= 0)
        return &d->files[at];
    void *files = d->files;
    if (tp_mem_grow(d->mem, &files, &d->cap_files, d->nfiles + 1, sizeof *d->files) != 0)
        return NULL;
    d->files = files;
    tp_diag_file *f = &d->files[d->nfiles];
    *f = (tp_diag_file){tp_arena_strdup(&d->strings, name), masked_copy(d, name), 0, 0, 0, 0};
    if (!f->name || !f->shown ||
        tp_strmap_put(&d->file_index, f->name, strlen(f->name), (uint32_t)d->nfiles) != 0)
        return NULL;
    return &d->files[d->nfiles++];
}

/* Whether a diagnostic of this severity still has room among its file's: every kind counts, so a
 * policy of a thousand bad patterns cannot flood the log (errors and warnings apart, so that
 * warnings never hide an error). */
static int has_room(tp_diags *d, tp_diag_severity sev, const char *file_name)
{
    if (!d->max_per_file)
        return 1;
    tp_diag_file *f = file_of(d, file_name);
    if (!f) {
        d->oom = 1;
        return 0;
    }
    size_t *kept = sev == TP_DIAG_ERROR ? &f->errors : &f->warnings;
    if (*kept < d->max_per_file) {
        ++*kept;
        return 1;
    }
    ++*(sev == TP_DIAG_ERROR ? &f->more_errors : &f->more_warnings);
    return 0;
}

void tp_diags_add(tp_diags *d, tp_diag_severity sev, const char *code, const char *file_name,
                  tp_span span, const char *hint, const char *fmt, ...)
{
    if (!file_name)
        file_name = "";
    if (sev == TP_DIAG_NOTE) {
        if (d->skip_notes)
            return;
    } else {
        if (sev == TP_DIAG_ERROR)
            d->nerrors++;
        else
            d->nwarnings++;
        d->skip_notes = !has_room(d, sev, file_name);
        if (d->skip_notes)
            return;
    }
    if (d->n >= TP_DIAGS_MAX) {
        d->dropped = d->skip_notes = 1;
        return;
    }
    void *items = d->items;
    if (tp_mem_grow(d->mem, &items, &d->cap, d->n + 1, sizeof(tp_diag)) != 0) {
        d->oom = 1;
        return;
    }
    d->items = items;
    /* Masked before it is cut to its 512 bytes: a cut credential may no longer look like one. */
    char msg[512];
    tp_strbuf text;
    tp_strbuf_init(&text, d->mem);
    va_list ap;
    va_start(ap, fmt);
    tp_strbuf_vprintf(&text, fmt, ap);
    va_end(ap);
    if (text.failed) {
        tp_strbuf_free(&text);
        d->oom = 1;
        return;
    }
    tp_strbuf tmp;
    tp_strbuf_init(&tmp, d->mem);
    size_t len = text.len;
    const char *shown = mask_quoted(d, &tmp, file_name, span, tp_strbuf_cstr(&text), &len);
    if (shown)
        tp_redact_copy(msg, sizeof msg, shown, len);
    tp_strbuf_free(&text);
    tp_strbuf_free(&tmp);
    tp_diag *g = &d->items[d->n];
    g->severity = sev;
    g->code = code;
    g->file = masked_copy(d, file_name);
    g->line = span.line;
    g->column = span.col;
    g->end_line = span.end_line;
    g->end_column = span.end_col;
    g->message = shown ? tp_arena_strdup(&d->strings, msg) : NULL;
    g->hint = hint ? masked_copy(d, hint) : NULL;
    if (!g->file || !g->message || (hint && !g->hint)) {
        d->oom = 1;
        return;
    }
    d->n++;
}

static const tp_source *find_source(const tp_source *sources, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(sources[i].name, name) == 0)
            return &sources[i];
    return NULL;
}

static const char *sev_name(tp_diag_severity s)
{
    return s == TP_DIAG_ERROR ? "error" : s == TP_DIAG_WARNING ? "warning" : "note";
}

static const char *sev_color(tp_diag_severity s)
{
    return s == TP_DIAG_ERROR ? "\033[1;31m" : s == TP_DIAG_WARNING ? "\033[1;35m" : "\033[1;36m";
}

/* Writes the character at text[*i] (of len bytes) as a terminal may show it, and moves *i past
 * it: a control, bidirectional, invisible or separator character as \u{XXXX}, a byte that is not
 * UTF-8 as \xFF, a tab as a space. Returns the columns it takes. */
static unsigned write_char(FILE *out, const char *text, size_t len, size_t *i)
{
    uint32_t cp;
    size_t n = tp_utf8_decode((const unsigned char *)text + *i, len - *i, &cp);
    char esc[16];
    int w = 1;
    if (n == 0) {
        w = snprintf(esc, sizeof esc, "\\x%02X", (unsigned char)text[*i]);
        fputs(esc, out);
        n = 1;
    } else if (cp == '\t') {
        fputc(' ', out);
    } else if (tp_unicode_is_hidden(cp)) {
        w = snprintf(esc, sizeof esc, "\\u{%X}", (unsigned)cp);
        fputs(esc, out);
    } else {
        fwrite(text + *i, 1, n, out);
    }
    *i += n;
    return (unsigned)w;
}

/* Writes text that came from a policy (a message may quote it) with its hidden characters
 * escaped, so that nothing in a policy can drive the terminal that shows a diagnostic. */
static void write_text(FILE *out, const char *text)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < len;)
        write_char(out, text, len, &i);
}

/* The most of a long line a snippet quotes, and how much of that comes before the caret: a
 * diagnostic's size does not grow with its line's. */
#define SNIPPET_BYTES 120
#define SNIPPET_LEAD 40
#define ELLIPSIS "\xE2\x80\xA6" /* …, one column */

/* Writes a line of a policy, escaped, with each credential pasted into it shown as its mask
 * (tp_secret_scan), and finds the columns where the bytes at `from` and `to` show: a caret inside
 * a credential points at its mask. A line longer than SNIPPET_BYTES shows only that many bytes
 * around `from`, with an ellipsis where it is cut; the whole line is still scanned, so a
 * credential across a cut shows as its mask, never as a piece. */
static void write_line(FILE *out, const char *text, size_t len, size_t from, size_t to,
                       unsigned *from_col, unsigned *to_col)
{
    size_t lo = 0, hi = len;
    if (len > SNIPPET_BYTES) {
        lo = from > SNIPPET_LEAD ? from - SNIPPET_LEAD : 0;
        if (lo > len - SNIPPET_BYTES)
            lo = len - SNIPPET_BYTES;
        hi = lo + SNIPPET_BYTES;
    }
    unsigned col = 0;
    int started = 0;
    *from_col = *to_col = UINT_MAX;
    line_secrets ls;
    line_secrets_init(&ls, text, len);
    size_t i = 0;
    while (i < len && i < hi) {
        char mask[TP_SECRET_MASK_MAX];
        size_t end, n = line_secret_at(&ls, i, mask, &end);
        if (!n) {
            uint32_t cp;
            size_t k = tp_utf8_decode((const unsigned char *)text + i, len - i, &cp);
            end = i + (k ? k : 1);
        }
        if (end <= lo) { /* before what is shown */
            i = end;
            continue;
        }
        if (!started++ && i > 0) {
            fputs(ELLIPSIS, out);
            col++;
        }
        if (i >= from && *from_col == UINT_MAX)
            *from_col = col;
        if (i >= to && *to_col == UINT_MAX)
            *to_col = col;
        if (n) {
            fwrite(mask, 1, n, out);
            if (from > i && from < end)
                *from_col = col;
            if (to > i && to < end)
                *to_col = col + (unsigned)n;
            col += (unsigned)n;
            i = end;
        } else {
            col += write_char(out, text, len, &i);
        }
    }
    int cut = i < len;
    /* past the end of the line: a column for each byte beyond it; past a cut: at the cut */
    if (*from_col == UINT_MAX)
        *from_col = col + (unsigned)(cut ? 0 : from - len);
    if (*to_col == UINT_MAX)
        *to_col = col + (unsigned)(cut ? 0 : to - len);
    if (cut)
        fputs(ELLIPSIS, out);
}

static void write_snippet(const tp_diag *g, const tp_source *src, tp_line_cursor *cursor, FILE *out,
                          int color)
{
    size_t len = 0;
    const char *text = src && g->line ? source_line(cursor, src, g->line, &len) : NULL;
    if (!text)
        return;
    fprintf(out, "%5u | ", g->line);
    size_t col = g->column ? g->column : 1;
    if (col > len + 1)
        col = len + 1;
    size_t end = g->end_line == g->line && g->end_column > col ? g->end_column : col + 1;
    if (end > len + 2)
        end = len + 2;
    unsigned from, to;
    write_line(out, text, len, col - 1, end - 1, &from, &to);
    fputs("\n      | ", out);
    for (unsigned i = 0; i < from; i++)
        fputc(' ', out);
    if (color)
        fputs(sev_color(g->severity), out);
    fputc('^', out);
    for (unsigned i = from + 1; i < to; i++)
        fputc('~', out);
    if (color)
        fputs("\033[0m", out);
    fputc('\n', out);
}

int tp_diags_write(const tp_diags *d, const tp_source *sources, size_t nsources, FILE *out,
                   int color)
{
    tp_line_cursor cursor = {NULL, 0, NULL};
    for (size_t i = 0; i < d->n; i++) {
        const tp_diag *g = &d->items[i];
        if (color)
            fputs("\033[1m", out);
        write_text(out, g->file);
        if (g->line)
            fprintf(out, ":%u:%u", g->line, g->column);
        fputs(": ", out);
        if (color)
            fprintf(out, "%s%s:\033[0;1m ", sev_color(g->severity), sev_name(g->severity));
        else
            fprintf(out, "%s: ", sev_name(g->severity));
        write_text(out, g->message);
        fputs(color ? "\033[0m\n" : "\n", out);
        write_snippet(g, find_source(sources, nsources, g->file), &cursor, out, color);
        if (g->hint) {
            fputs("      = help: ", out);
            write_text(out, g->hint);
            fputc('\n', out);
        }
    }
    for (size_t i = 0; i < d->nfiles; i++) {
        const tp_diag_file *f = &d->files[i];
        if (!f->more_errors && !f->more_warnings)
            continue;
        fputs("tokpol: ", out);
        write_text(out, f->shown);
        fputs(": ", out);
        if (f->more_errors)
            fprintf(out, "%zu more error%s", f->more_errors, f->more_errors == 1 ? "" : "s");
        if (f->more_warnings)
            fprintf(out, "%s%zu more warning%s", f->more_errors ? " and " : "", f->more_warnings,
                    f->more_warnings == 1 ? "" : "s");
        fprintf(out, " not shown (at most %u of each per file: raise it with --max-errors)\n",
                d->max_per_file);
    }
    if (d->dropped)
        fprintf(out, "tokpol: too many diagnostics; only the first %d are shown\n", TP_DIAGS_MAX);
    return ferror(out) ? TP_EIO : 0;
}

/* A group: a diagnostic and the notes after it, which move with it. */
typedef struct diag_group {
    size_t start, end; /* [start, end) of d->items */
    size_t file;       /* its file's place among the sources */
    unsigned line, column;
} diag_group;

static int compare_groups(const void *x, const void *y)
{
    const diag_group *a = x, *b = y;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start; /* stable */
}

void tp_diags_sort(tp_diags *d, const tp_source *sources, size_t nsources)
{
    if (d->n < 2)
        return;
    tp_diag *out = tp_mem_alloc(d->mem, d->n * sizeof *out);
    diag_group *groups = tp_mem_alloc(d->mem, d->n * sizeof *groups);
    tp_strmap files;
    tp_strmap_init(&files, d->mem);
    int rc = out && groups ? 0 : TP_ENOMEM;
    for (size_t i = 0; rc == 0 && i < nsources; i++)
        rc = tp_strmap_put(&files, sources[i].name, strlen(sources[i].name), (uint32_t)i);
    size_t ngroups = 0;
    for (size_t i = 0; rc == 0 && i < d->n; i++) {
        if (i > 0 && d->items[i].severity == TP_DIAG_NOTE) {
            groups[ngroups - 1].end = i + 1;
            continue;
        }
        const tp_diag *g = &d->items[i];
        int64_t f = tp_strmap_get(&files, g->file, strlen(g->file));
        /* not a source ("--param"): after every file */
        groups[ngroups++] =
            (diag_group){i, i + 1, f >= 0 ? (size_t)f : nsources, g->line, g->column};
    }
    if (rc == 0) {
        qsort(groups, ngroups, sizeof *groups, compare_groups);
        size_t k = 0;
        for (size_t g = 0; g < ngroups; g++)
            for (size_t i = groups[g].start; i < groups[g].end; i++)
                out[k++] = d->items[i];
        memcpy(d->items, out, d->n * sizeof *out);
    } else {
        d->oom = 1;
    }
    tp_strmap_free(&files);
    tp_mem_free(d->mem, groups);
    tp_mem_free(d->mem, out);
}

size_t tp_diags_left_out(const tp_diags *d)
{
    size_t listed = 0;
    for (size_t i = 0; i < d->n; i++)
        listed += d->items[i].severity != TP_DIAG_NOTE;
    return d->nerrors + d->nwarnings - listed;
}

void tp_diags_promote_warnings(tp_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == TP_DIAG_WARNING)
            d->items[i].severity = TP_DIAG_ERROR;
    d->nerrors += d->nwarnings;
    d->nwarnings = 0;
    for (size_t i = 0; i < d->nfiles; i++) {
        d->files[i].more_errors += d->files[i].more_warnings;
        d->files[i].more_warnings = 0;
    }
}

static void json_field(tp_strbuf *sb, const char *key, const char *value)
{
    tp_strbuf_printf(sb, ", \"%s\": ", key);
    if (!value) {
        tp_strbuf_puts(sb, "null");
        return;
    }
    tp_strbuf_putc(sb, '"');
    tp_strbuf_json_escape(sb, value, strlen(value));
    tp_strbuf_putc(sb, '"');
}

int tp_diags_write_json(const tp_diags *d, FILE *out)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, d->mem);
    tp_strbuf_puts(&sb, "{\"diagnostics\": [");
    for (size_t i = 0; i < d->n; i++) {
        const tp_diag *g = &d->items[i];
        tp_strbuf_printf(&sb, "%s\n  {\"severity\": \"%s\"", i ? "," : "", sev_name(g->severity));
        json_field(&sb, "code", g->code);
        json_field(&sb, "file", g->file);
        tp_strbuf_printf(&sb,
                         ", \"line\": %u, \"column\": %u, \"end_line\": %u, \"end_column\": %u",
                         g->line, g->column, g->end_line, g->end_column);
        json_field(&sb, "message", g->message);
        json_field(&sb, "hint", g->hint);
        tp_strbuf_putc(&sb, '}');
    }
    tp_strbuf_printf(&sb, "%s], \"errors\": %zu, \"warnings\": %zu}\n", d->n ? "\n" : "",
                     d->nerrors, d->nwarnings);
    int rc = sb.failed ? TP_ENOMEM : fwrite(sb.data, 1, sb.len, out) == sb.len ? 0 : TP_EIO;
    tp_strbuf_free(&sb);
    return rc;
}

const char *tp_did_you_mean(char *buf, size_t size, const char *word, const char *const *candidates,
                            size_t n)
{
    const char *best = tp_suggest(word, candidates, n);
    if (!best)
        return NULL;
    snprintf(buf, size, "did you mean '%s'?", best);
    return buf;
}
