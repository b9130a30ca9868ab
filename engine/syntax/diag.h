/* Diagnostics: collected on a list, never printed by the library; rendered on request. */
#ifndef TP_DIAG_H
#define TP_DIAG_H

#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/suggest.h"
#include "base/span.h"
#include "base/strmap.h"
#include "tokpol.h"

/* One loaded policy source. */
typedef struct tp_source {
    char *name;
    char *text;
    size_t len;
    int waivers_only; /* loaded with --waivers: only `waive` is allowed */
} tp_source;

#define TP_DIAGS_MAX 1000

/* Where a line of a source was last found (diag.c), so that reading diagnostics of a file in
 * order of lines reads the file once. */
typedef struct tp_line_cursor {
    const char *text; /* the source's text: its tp_source may move as the list grows */
    unsigned line;
    const char *at;
} tp_line_cursor;

/* What one file's diagnostics were: how many errors and warnings are kept, how many left out. */
typedef struct tp_diag_file {
    const char *name;  /* as recorded: the key */
    const char *shown; /* masked, for the summary */
    size_t errors, warnings, more_errors, more_warnings;
} tp_diag_file;

typedef struct tp_diags {
    const tp_mem *mem;
    /* The sources spans point into (the compiler's list, which may grow and move: read through
     * these), so that what a message quotes of a line is masked as the line is; NULL: none. */
    tp_source *const *sources;
    const size_t *nsources;
    tp_line_cursor cursor;
    tp_arena strings;
    tp_diag *items;
    size_t n, cap;
    size_t nerrors, nwarnings; /* those left out of the list too */
    unsigned max_per_file;     /* errors, and warnings, kept per file (--max-errors); 0: all */
    tp_strmap file_index;      /* file name -> its place in files */
    tp_diag_file *files;
    size_t nfiles, cap_files;
    int skip_notes; /* the diagnostic the next notes belong to was left out */
    int oom;        /* an allocation failed while recording: report TP_ENOMEM */
    int dropped;    /* TP_DIAGS_MAX was reached */
} tp_diags;

void tp_diags_init(tp_diags *d, const tp_mem *mem);
/* How many errors and warnings were counted but not listed (max_per_file, TP_DIAGS_MAX). */
size_t tp_diags_left_out(const tp_diags *d);
void tp_diags_free(tp_diags *d);

/* The sources the diagnostics' spans index, as *sources[0, *nsources). A message quotes the
 * lexeme at its span between single quotes ("malformed duration '9K7'", "unknown name 'x'"); when
 * that lexeme is part of a credential on its line, it is shown as the line is, as the
 * credential's mask. */
void tp_diags_set_sources(tp_diags *d, tp_source *const *sources, const size_t *nsources);

/* Records a diagnostic at `span` of `file_name`; `hint` may be NULL. Credentials in the message,
 * the file name and the hint are masked, and so is a piece of one the message quotes of its line
 * (tp_diags_set_sources). Past max_per_file errors (or warnings) of one file, or TP_DIAGS_MAX in
 * all, it is only counted; a note goes where the diagnostic before it went. */
void tp_diags_add(tp_diags *d, tp_diag_severity sev, const char *code, const char *file_name,
                  tp_span span, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* --strict: every warning becomes an error. */
void tp_diags_promote_warnings(tp_diags *d);

/* The diagnostics as a JSON object (see tp_compiler_write_diags_json). */
int tp_diags_write_json(const tp_diags *d, FILE *out);

/* Orders diagnostics by file (in load order), line and column; ties keep their order. */
void tp_diags_sort(tp_diags *d, const tp_source *sources, size_t nsources);

/* Renders diagnostics with source lines and carets: a long line is cut around the caret. Ends
 * with what was left out. */
int tp_diags_write(const tp_diags *d, const tp_source *sources, size_t nsources, FILE *out,
                   int color);

/* "did you mean 'x'?" for the closest candidate, written into buf; NULL when none is close. */
const char *tp_did_you_mean(char *buf, size_t size, const char *word, const char *const *candidates,
                            size_t n);

#endif
