/*
 * A CSV document typed by its schema: every cell was read as a string; the schema of the rows
 * says which columns hold booleans, numbers or null. Each column's rule is worked out once from
 * the schema (rows share one shape), then every cell of that column is converted in place. A cell
 * that does not fit its column's type stays a string, for validation to report with its line.
 */
#include <stdio.h>
#include <strings.h>

#include "base/lang.h"
#include "input/json_reader.h"
#include "input/schema.h"
#include "input/validate.h"

/* What a column's cells may become. */
typedef struct column_rule {
    unsigned types;          /* tp_type mask of the column's schema; 0: any */
    int nullable;            /* null is allowed */
    const cJSON *null_cells; /* texts that mean null, or NULL */
} column_rule;

static int means_null(const column_rule *c, const tp_jnode *cell)
{
    if (!c->nullable || !c->null_cells)
        return 0;
    for (const cJSON *v = c->null_cells->child; v; v = v->next)
        if (strlen(v->valuestring) == cell->len &&
            memcmp(v->valuestring, cell->u.str, cell->len) == 0)
            return 1;
    return 0;
}

/* A number in JSON's syntax (the whole cell), converted as the JSON reader converts. */
static int as_number(tp_jdoc *doc, const tp_jnode *cell, tp_jnode *out)
{
    if (cell->len == 0)
        return 0;
    tp_jreader r;
    memset(&r, 0, sizeof r);
    r.s = (char *)(uintptr_t)cell->u.str; /* read only: s[len] is its NUL */
    r.len = cell->len;
    r.doc = doc;
    return tp_json_number(&r, out) == 0 && r.i == cell->len;
}

/* Converts one cell in place (its offset moves to `len`, as for any scalar). */
static void type_cell(tp_jdoc *doc, const column_rule *c, tp_jnode *cell)
{
    if (cell->kind != TP_J_STR)
        return;
    uint32_t at = tp_jnode_offset(doc, cell);
    tp_jnode n;
    memset(&n, 0, sizeof n);
    if (means_null(c, cell)) {
        n.kind = TP_J_NULL;
    } else if ((c->types & TP_T_BOOL) &&
               (strcasecmp(cell->u.str, "true") == 0 || strcasecmp(cell->u.str, "false") == 0)) {
        n.kind = cell->u.str[0] == 't' || cell->u.str[0] == 'T' ? TP_J_TRUE : TP_J_FALSE;
    } else if (!((c->types & TP_T_NUM) && as_number(doc, cell, &n))) {
        return;
    }
    n.len = at;
    *cell = n;
}

/* The schema of column `name` of the rows: its types, and the texts that mean null. */
static void column_of(const tp_shape *rows, const tp_jkey *name, column_rule *c)
{
    memset(c, 0, sizeof *c);
    const tp_shape_prop *p = tp_shape_prop_find(rows, name->s);
    const tp_shape *s = p ? p->shape : rows ? rows->additional : NULL;
    if (!s)
        return;
    c->types = s->types;
    c->nullable = s->nullable || s->only_null;
    c->null_cells = s->null_cells ? s->null_cells : rows->null_cells;
}

/* Whether a cell of the header is one of the columns the schema lists. */
static int names_a_column(const tp_jshape *h, const cJSON *columns)
{
    for (uint32_t i = 0; i < h->n; i++)
        for (const cJSON *c = columns->child; c; c = c->next)
            if (tp_jkey_is(&h->keys[i], c->valuestring, strlen(c->valuestring)))
                return 1;
    return 0;
}

/* The header against x-tokpol-columns: every listed column in its place; more may follow. */
static int check_columns(const tp_jdoc *doc, const tp_shape *root, const char *origin,
                         tp_input_error *err)
{
    const tp_jshape *h = doc->columns;
    uint32_t i = 0;
    for (const cJSON *want = root->columns->child; want; want = want->next, i++) {
        const char *name = want->valuestring;
        if (i < h->n && tp_jkey_is(&h->keys[i], name, strlen(name)))
            continue;
        /* No column named at all: the first row is likely data, the header missing. */
        if (h->n && !names_a_column(h, root->columns))
            return tp_read_fail(doc, err, TP_EINPUT, tp_jkey_offset(doc, &h->keys[0]),
                                "the first row is the header, and none of its cells names a "
                                "column the schema %.40s lists (x-tokpol-columns: \"%.60s\", "
                                "...): is it missing?",
                                origin, root->columns->child->valuestring);
        size_t at = i < h->n ? tp_jkey_offset(doc, &h->keys[i]) : 0;
        if (i < h->n)
            return tp_read_fail(doc, err, TP_EINPUT, at,
                                "column %u of the header should be \"%.60s\", as the schema %.40s "
                                "lists the columns (x-tokpol-columns)",
                                i + 1, name, origin);
        return tp_read_fail(doc, err, TP_EINPUT, at,
                            "the header has %u columns: \"%.60s\" (column %u of the schema %.40s, "
                            "x-tokpol-columns) is missing",
                            h->n, name, i + 1, origin);
    }
    return 0;
}

int tp_csv_type(tp_jdoc *doc, const tp_shape *root, const char *origin, tp_input_error *err)
{
    const char *slash = strrchr(origin, '/');
    origin = slash && strcmp(origin, "tokpol/v1") != 0 ? slash + 1 : origin;
    if (doc->format != TP_INPUT_CSV || !doc->columns)
        return 0;
    int rc = root->columns ? check_columns(doc, root, origin, err) : 0;
    const tp_shape *rows = root->items;
    if (rc || !rows)
        return rc;
    const tp_jshape *h = doc->columns;
    column_rule *cols = tp_mem_calloc(&doc->mem, h->n ? h->n : 1, sizeof *cols);
    if (!cols)
        return TP_ENOMEM;
    for (uint32_t i = 0; i < h->n; i++)
        column_of(rows, &h->keys[i], &cols[i]);
    tp_jnode *list = &doc->root;
    for (uint32_t r = 0; r < list->len; r++) {
        tp_jnode *row = (tp_jnode *)(uintptr_t)tp_jarr_at(list, r);
        tp_jnode *cells = (tp_jnode *)(uintptr_t)row->u.items;
        for (uint32_t i = 0; i < row->len; i++)
            type_cell(doc, &cols[i], &cells[i]);
    }
    tp_mem_free(&doc->mem, cols);
    return 0;
}
