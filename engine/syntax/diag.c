#include "syntax/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/redact.h"
#include "base/strbuf.h"
#include "base/strmap.h"

void tp_diags_init(tp_diags *d, const tp_mem *mem)
{
    memset(d, 0, sizeof *d);
    d->mem = mem;
    tp_arena_init(&d->strings, mem);
}

void tp_diags_free(tp_diags *d)
{
    tp_arena_free(&d->strings);
    tp_mem_free(d->mem, d->items);
    d->items = NULL;
    d->n = d->cap = 0;
}

void tp_diags_add(tp_diags *d, tp_diag_severity sev, const char *code, const char *file_name,
                  tp_span span, const char *hint, const char *fmt, ...)
{
    if (sev == TP_DIAG_ERROR)
        d->nerrors++;
    if (d->n >= TP_DIAGS_MAX) {
        d->dropped = 1;
        return;
    }
    void *items = d->items;
    if (tp_mem_grow(d->mem, &items, &d->cap, d->n + 1, sizeof(tp_diag)) != 0) {
        d->oom = 1;
        return;
    }
    d->items = items;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tp_diag *g = &d->items[d->n];
    g->severity = sev;
    g->code = code;
    g->file = tp_arena_strdup(&d->strings, file_name ? file_name : "");
    g->line = span.line;
    g->column = span.col;
    g->end_line = span.end_line;
    g->end_column = span.end_col;
    g->message = tp_arena_strdup(&d->strings, msg);
    g->hint = hint ? tp_arena_strdup(&d->strings, hint) : NULL;
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

/* Where the last line was found: diagnostics come sorted by file and line, so each file is read
 * once, however many of them there are. */
typedef struct line_cursor {
    const tp_source *src;
    unsigned line;
    const char *at;
} line_cursor;

/* Finds line `line` (1-based) of a source; *len excludes the newline. */
static const char *source_line(line_cursor *c, const tp_source *src, unsigned line, size_t *len)
{
    const char *p = src->text, *end = src->text + src->len;
    unsigned l = 1;
    if (c->src == src && c->line <= line) {
        p = c->at;
        l = c->line;
    }
    for (; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    *c = (line_cursor){src, l, p};
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl ? nl : end) - p);
    return p;
}

static const char *sev_name(tp_diag_severity s)
{
    return s == TP_DIAG_ERROR ? "error" : s == TP_DIAG_WARNING ? "warning" : "note";
}

static const char *sev_color(tp_diag_severity s)
{
    return s == TP_DIAG_ERROR ? "\033[1;31m" : s == TP_DIAG_WARNING ? "\033[1;35m" : "\033[1;36m";
}

static int credential_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           strchr("_-./+=", c) != NULL;
}

static void write_snippet(const tp_diag *g, const tp_source *src, line_cursor *cursor, FILE *out,
                          int color)
{
    size_t len = 0;
    const char *text = src && g->line ? source_line(cursor, src, g->line, &len) : NULL;
    if (!text)
        return;
    fprintf(out, "%5u | ", g->line);
    /* A credential pasted into a policy is masked byte for byte, so the caret stays aligned. */
    for (size_t i = 0; i < len;) {
        size_t run = 0;
        while (i + run < len && credential_char(text[i + run]))
            run++;
        if (run >= 12 && tp_redact_looks_secret(text + i, run)) {
            for (size_t k = 0; k < run; k++)
                fputc('*', out);
            i += run;
        } else if (run) {
            fwrite(text + i, 1, run, out);
            i += run;
        } else {
            fputc(text[i] == '\t' ? ' ' : text[i], out);
            i++;
        }
    }
    fputs("\n      | ", out);
    unsigned col = g->column ? g->column : 1;
    for (unsigned i = 1; i < col && i <= len; i++)
        fputc(' ', out);
    unsigned end = g->end_line == g->line && g->end_column > col ? g->end_column : col + 1;
    if (end > len + 2)
        end = (unsigned)len + 2;
    if (color)
        fputs(sev_color(g->severity), out);
    fputc('^', out);
    for (unsigned i = col + 1; i < end; i++)
        fputc('~', out);
    if (color)
        fputs("\033[0m", out);
    fputc('\n', out);
}

int tp_diags_write(const tp_diags *d, const tp_source *sources, size_t nsources, FILE *out,
                   int color)
{
    line_cursor cursor = {NULL, 0, NULL};
    for (size_t i = 0; i < d->n; i++) {
        const tp_diag *g = &d->items[i];
        if (color)
            fputs("\033[1m", out);
        if (g->line)
            fprintf(out, "%s:%u:%u: ", g->file, g->line, g->column);
        else
            fprintf(out, "%s: ", g->file);
        if (color)
            fprintf(out, "%s%s:\033[0;1m %s\033[0m\n", sev_color(g->severity),
                    sev_name(g->severity), g->message);
        else
            fprintf(out, "%s: %s\n", sev_name(g->severity), g->message);
        write_snippet(g, find_source(sources, nsources, g->file), &cursor, out, color);
        if (g->hint)
            fprintf(out, "      = help: %s\n", g->hint);
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

void tp_diags_promote_warnings(tp_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == TP_DIAG_WARNING) {
            d->items[i].severity = TP_DIAG_ERROR;
            d->nerrors++;
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
    size_t warnings = 0;
    tp_strbuf_puts(&sb, "{\"diagnostics\": [");
    for (size_t i = 0; i < d->n; i++) {
        const tp_diag *g = &d->items[i];
        warnings += g->severity == TP_DIAG_WARNING;
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
                     d->nerrors, warnings);
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
