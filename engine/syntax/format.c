/*
 * The formatter's layout: one pass over the tokens (format_scan.c) that decides, before each
 * token, whether it follows on the same line (and with a space or not) or starts a new one, and
 * at which indent. Only whitespace changes, so the tokens of the output are those of the input
 * (tp_compiler_format checks it).
 *
 * Structure comes from the tokens alone: a declaration starts with pack/param/let/rule/waive
 * outside any bracket; in a block ('{' after `pack NAME`, `rule ID`, `waive ID`) a clause
 * starts with a word that follows a complete value (a word cannot follow a value inside an
 * expression). Declarations and clauses always start a line; inside an expression a line break
 * is kept where the author wrote one, and none is added: the layout of long expressions is the
 * author's, their spacing and indentation are not.
 */
#include "syntax/format.h"

#include <string.h>

#include "tokpol.h"

#define INDENT 2      /* a block's clauses, a bracket's lines */
#define CONTINUE 4    /* an expression's next line, outside brackets */
#define COMMENT_GAP 2 /* spaces before a comment at the end of a line */

typedef struct opener {
    char kind;       /* 'B' a declaration's block, else the bracket: ( [ { */
    unsigned indent; /* of the line it opened on */
} opener;

/* Where a token stands: what decides its line break. */
typedef enum place {
    PLACE_DECL,        /* starts a declaration */
    PLACE_CLAUSE,      /* starts a clause of a block */
    PLACE_BLOCK_CLOSE, /* the '}' of a block */
    PLACE_HEADER,      /* between `rule`/`waive`/`pack` and the block's '{' */
    PLACE_EXPR         /* anywhere else */
} place;

typedef struct layout {
    tp_strbuf *out;
    opener *stack;
    size_t depth, cap;
    const tp_mem *mem;
    unsigned indent;      /* of the line being written */
    unsigned stmt_indent; /* of the line the declaration or clause started on */
    int started;          /* something was written */
    int header;           /* in a declaration's header */
    int after_open;       /* the last token opened a block: no blank line follows */
    int after_block;      /* the last token closed a top-level block */
    const tp_ftok *prev;
    int prev_value; /* prev ends a value: a word, literal, or closing bracket */
    int prev_unary; /* prev is a unary minus */
} layout;

static int is_word(const tp_ftok *t, const char *const *set)
{
    if (t->kind != TP_FT_WORD)
        return 0;
    for (; *set; set++)
        if (tp_ftok_is(t, *set))
            return 1;
    return 0;
}

static const char *const decl_words[] = {"pack", "param", "let", "rule", "waive", NULL};
static const char *const clause_words[] = {"for", "let", "where", "require", "deny", NULL};
static const char *const keywords[] = {"pack",  "param",   "let",  "rule", "waive", "for", "in",
                                       "where", "require", "deny", "and",  "or",    "not", "true",
                                       "false", "null",    "if",   "then", "else",  NULL};
static const char *const value_words[] = {"true", "false", "null", NULL};

static int is_block_decl(const tp_ftok *t)
{
    return t && (tp_ftok_is(t, "pack") || tp_ftok_is(t, "rule") || tp_ftok_is(t, "waive"));
}

static int is_closer(const tp_ftok *t)
{
    return tp_ftok_is(t, ")") || tp_ftok_is(t, "]") || tp_ftok_is(t, "}");
}

static char top(const layout *l)
{
    return l->depth ? l->stack[l->depth - 1].kind : 0;
}

static place place_of(const layout *l, const tp_ftok *t)
{
    if (l->depth == 0 && !l->header && is_word(t, decl_words) && (!l->prev || l->prev_value))
        return PLACE_DECL;
    if (l->header)
        return PLACE_HEADER;
    if (top(l) == 'B') {
        if (tp_ftok_is(t, "}"))
            return PLACE_BLOCK_CLOSE;
        int word = t->kind == TP_FT_WORD && (!is_word(t, keywords) || is_word(t, clause_words));
        if (word && (l->after_open || l->prev_value))
            return PLACE_CLAUSE;
    }
    return PLACE_EXPR;
}

/* The indent of a new line that starts with t, at place p. */
static unsigned indent_of(const layout *l, const tp_ftok *t, place p)
{
    switch (p) {
    case PLACE_DECL:
        return 0;
    case PLACE_CLAUSE:
        return l->stack[l->depth - 1].indent + INDENT;
    case PLACE_BLOCK_CLOSE:
        return l->stack[l->depth - 1].indent;
    case PLACE_HEADER:
        return l->stmt_indent + CONTINUE;
    case PLACE_EXPR:
        break;
    }
    if (t && is_closer(t) && l->depth)
        return l->stack[l->depth - 1].indent;
    if (l->depth && top(l) != 'B')
        return l->stack[l->depth - 1].indent + INDENT;
    return l->stmt_indent + CONTINUE;
}

static void newline(layout *l, int blank, unsigned indent)
{
    if (l->started) {
        tp_strbuf_putc(l->out, '\n');
        if (blank)
            tp_strbuf_putc(l->out, '\n');
    }
    for (unsigned i = 0; i < indent; i++)
        tp_strbuf_putc(l->out, ' ');
    l->indent = indent;
}

/* Whether a space separates prev from t on one line. */
static int spaced(const layout *l, const tp_ftok *t)
{
    const tp_ftok *p = l->prev;
    if (!p || l->prev_unary)
        return 0;
    if (tp_ftok_is(t, ",") || tp_ftok_is(t, ":") || tp_ftok_is(t, ".") || tp_ftok_is(p, "."))
        return 0;
    if (tp_ftok_is(p, "(") || tp_ftok_is(p, "["))
        return 0;
    if (tp_ftok_is(t, ")") || tp_ftok_is(t, "]"))
        return 0;
    if (top(l) == '{' && (tp_ftok_is(p, "{") || tp_ftok_is(t, "}")))
        return 0; /* an object: {a: 1}, {} */
    /* A call f(x), an index a[i]: a value (a name for calls) directly followed. */
    if (tp_ftok_is(t, "(") && p->kind == TP_FT_WORD && l->prev_value && !is_word(p, keywords))
        return 0;
    if (tp_ftok_is(t, "[") && l->prev_value)
        return 0;
    return 1;
}

static int push(layout *l, char kind)
{
    void *items = l->stack;
    if (tp_mem_grow(l->mem, &items, &l->cap, l->depth + 1, sizeof *l->stack))
        return TP_ENOMEM;
    l->stack = items;
    l->stack[l->depth].kind = kind;
    l->stack[l->depth].indent = l->indent;
    l->depth++;
    return 0;
}

/* Writes the n comments c that precede t (NULL at the end of the file), placed as t is: one
 * after a token on its line stays there, any other starts a line at t's indent. *first_line is
 * cleared once a comment started a line (a declaration's blank line then came before it). */
static void comments(layout *l, const tp_ftok *c, size_t n, const tp_ftok *t, place p,
                     int *first_line)
{
    unsigned ind = t ? indent_of(l, t, p) : 0;
    if (t && (p == PLACE_BLOCK_CLOSE || (p == PLACE_EXPR && is_closer(t) && l->depth)))
        ind += INDENT; /* comments before a closing bracket belong to its contents */
    int blanks = p == PLACE_DECL || p == PLACE_CLAUSE || p == PLACE_BLOCK_CLOSE || !t;
    for (size_t i = 0; i < n; i++) {
        if (c[i].nl_before == 0 && l->started) {
            for (int k = 0; k < COMMENT_GAP; k++)
                tp_strbuf_putc(l->out, ' ');
        } else {
            int blank = blanks && !l->after_open && c[i].nl_before >= 2;
            if (*first_line && p == PLACE_DECL && (l->after_block || is_block_decl(t)))
                blank = 1;
            newline(l, blank, ind);
            *first_line = 0;
            l->after_open = 0;
        }
        tp_strbuf_add(l->out, c[i].text, c[i].len);
        l->started = 1;
    }
}

/* Starts t's line (or not) and writes t. */
static void write_token(layout *l, const tp_ftok *t, place p, int first_line, int had_comment)
{
    int brk = 0, blank = 0;
    if (t->glued) {
        tp_strbuf_add(l->out, t->text, t->len);
        return;
    }
    switch (p) {
    case PLACE_DECL:
        brk = 1;
        blank = t->nl_before >= 2 || (first_line && (l->after_block || is_block_decl(t)));
        break;
    case PLACE_CLAUSE:
        brk = 1;
        blank = !l->after_open && t->nl_before >= 2;
        break;
    case PLACE_BLOCK_CLOSE:
        brk = 1;
        break;
    case PLACE_HEADER:
        brk = had_comment; /* a comment ran to the end of the line */
        break;
    case PLACE_EXPR:
        brk = t->nl_before >= 1 || had_comment;
        break;
    }
    if (brk) {
        newline(l, blank, indent_of(l, t, p));
        if (p == PLACE_DECL || p == PLACE_CLAUSE)
            l->stmt_indent = l->indent;
    } else if (spaced(l, t)) {
        tp_strbuf_putc(l->out, ' ');
    }
    tp_strbuf_add(l->out, t->text, t->len);
    l->started = 1;
}

/* What t changes: brackets, the header, and what the next token follows. */
static int after_token(layout *l, const tp_ftok *t, place p)
{
    int was_value = l->prev_value;
    const tp_ftok *before = l->prev;
    l->after_open = l->after_block = 0;
    if (p == PLACE_DECL)
        l->header = is_block_decl(t);
    if (l->header && tp_ftok_is(t, "{")) {
        l->header = 0;
        l->after_open = 1;
        if (push(l, 'B'))
            return TP_ENOMEM;
    } else if (tp_ftok_is(t, "(") || tp_ftok_is(t, "[") || tp_ftok_is(t, "{")) {
        if (push(l, t->text[0]))
            return TP_ENOMEM;
    } else if (is_closer(t) && l->depth) {
        l->depth--;
        l->after_block = p == PLACE_BLOCK_CLOSE && l->depth == 0;
    }
    switch (t->kind) {
    case TP_FT_WORD:
        if (before && tp_ftok_is(before, "."))
            l->prev_value = 1; /* a field name, keywords included: t.in */
        else if (p == PLACE_CLAUSE && !is_word(t, keywords))
            l->prev_value = 0; /* an attribute's name: its value follows */
        else
            l->prev_value = !is_word(t, keywords) || is_word(t, value_words);
        break;
    case TP_FT_PUNCT:
        l->prev_value = is_closer(t);
        break;
    default:
        l->prev_value = 1;
    }
    l->prev_unary = tp_ftok_is(t, "-") && !was_value;
    l->prev = t;
    return 0;
}

int tp_format_tokens(tp_strbuf *out, const tp_ftoks *toks)
{
    layout l;
    memset(&l, 0, sizeof l);
    l.out = out;
    l.mem = out->mem;
    int rc = 0;
    for (size_t i = 0; rc == 0;) {
        size_t first = i;
        while (i < toks->n && toks->items[i].kind == TP_FT_COMMENT)
            i++;
        const tp_ftok *t = i < toks->n ? &toks->items[i] : NULL;
        place p = t ? place_of(&l, t) : PLACE_DECL;
        int first_line = 1;
        comments(&l, toks->items + first, i - first, t, p, &first_line);
        if (!t)
            break;
        write_token(&l, t, p, first_line, i > first);
        rc = after_token(&l, t, p);
        i++;
    }
    if (l.started)
        tp_strbuf_putc(out, '\n');
    tp_mem_free(l.mem, l.stack);
    return rc ? rc : out->failed ? TP_ENOMEM : 0;
}
