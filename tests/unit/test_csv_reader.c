/* The CSV reader (engine/input/csv_read.c): RFC 4180 as real exports write it, every error with
 * its line and column, and cells that point back at their line. */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "jdoc_expect.h"
#include "input/reader.h"

typedef struct csv_case {
    const char *name;
    const char *csv;
    unsigned line, col;
    const char *message;
} csv_case;

/* What follows an error about the header: a file without one reads its first row as the header. */
#define FIRST_ROW ": the first row is the header, naming the columns: is it missing?"

static csv_case cases[] = {
    {"empty", "", 1, 1, "empty input: expected a header row naming the columns"},
    {"only empty lines", "\r\n\n", 3, 1, "empty input: expected a header row naming the columns"},
    {"unterminated quote", "a,b\n\"x,1\n", 2, 1,
     "unexpected end of input: a quoted field is not closed"},
    {"quote inside an unquoted field", "a,b\nx\"y,1\n", 2, 2,
     "a quote inside an unquoted field: quote the whole field and double the quotes inside it"},
    {"text after a closing quote", "a,b\n\"x\"y,1\n", 2, 4,
     "expected ',' or the end of the line after a closing quote"},
    {"more fields than the header", "a,b\n1,2,3\n", 2, 5,
     "this row has more fields than the header's 2"},
    {"fewer fields than the header", "a,b,c\n1,2\n", 2, 4,
     "this row has 2 fields, the header has 3"},
    {"fewer fields in a CRLF file", "a,b,c\r\n1,2\r\n", 2, 4,
     "this row has 2 fields, the header has 3"},
    {"fewer fields on the last line", "a,b\n1", 2, 2, "this row has 1 field, the header has 2"},
    {"a row after a multi-line cell", "a,b\n\"x\ny\",1\n2\n", 4, 2,
     "this row has 1 field, the header has 2"},
    {"repeated column name", "id,name,id\n1,2,3\n", 1, 9,
     "duplicate column name \"id\" (first at 1:1)" FIRST_ROW},
    {"repeated quoted column name", "\"id\",\"i\"\"d\",\"id\"\n", 1, 13,
     "duplicate column name \"id\" (first at 1:1)" FIRST_ROW},
    {"unnamed column", "a,,b\n1,2,3\n", 1, 3, "column 2 of the header has no name" FIRST_ROW},
    /* No header row: the first row of data names the columns, and the error says so. */
    {"a first row of data", "lok-1,api,20181,20181\nlok-2,sdk,20182,20182\n", 1, 17,
     "duplicate column name \"20181\" (first at 1:11)" FIRST_ROW},
    {"invalid UTF-8", "a\n\xff\n", 2, 1, "invalid UTF-8 (byte 0xff)"},
    {"invalid UTF-8 in a quoted cell", "a\n\"x\xc0\xaf\"\n", 2, 3, "invalid UTF-8 (byte 0xc0)"},
    {"a lone carriage return", "a,b\r1,2\n", 1, 4,
     "a carriage return must be followed by a line feed (CRLF) to end a line"},
    {"JSON given as CSV", "  [{\"user\": \"root\"}]", 1, 3,
     "this looks like JSON, not CSV (name the file .json or use --input-format json)"},
};

static size_t case_index[sizeof cases / sizeof cases[0]];

ParameterizedTestParameters(csv_reader, errors)
{
    for (size_t i = 0; i < sizeof case_index / sizeof case_index[0]; i++)
        case_index[i] = i;
    return cr_make_param_array(size_t, case_index, sizeof case_index / sizeof case_index[0]);
}

ParameterizedTest(size_t *index, csv_reader, errors)
{
    const csv_case *c = &cases[*index];
    tp_jdoc *doc = NULL;
    tp_input_error err;
    memset(&err, 0, sizeof err);
    int rc = tp_read_memory(&doc, TP_INPUT_CSV, c->csv, strlen(c->csv), NULL, &err);
    cr_expect_eq(rc, TP_EINPUT, "%s: status %d", c->name, rc);
    cr_expect_null(doc);
    cr_expect_str_eq(err.message, c->message, "%s", c->name);
    cr_expect_eq(err.line, c->line, "%s: line %u", c->name, err.line);
    cr_expect_eq(err.column, c->col, "%s: column %u", c->name, err.column);
    tp_jdoc_free(doc);
}

static tp_jdoc *read_csv(const char *csv, size_t len)
{
    tp_jdoc *doc = NULL;
    tp_input_error err;
    int rc = tp_read_memory(&doc, TP_INPUT_CSV, csv, len, NULL, &err);
    cr_assert_eq(rc, 0, "%s: %s", csv, err.message);
    return doc;
}

static const char *cell(const tp_jdoc *doc, uint32_t row, const char *column)
{
    const tp_jnode *root = tp_jdoc_root(doc);
    cr_assert_lt(row, root->len);
    const tp_jnode *v = tp_jobj_get(tp_jarr_at(root, row), column, strlen(column), NULL);
    cr_assert_not_null(v, "row %u has no %s", row, column);
    cr_assert_eq(v->kind, TP_J_STR);
    cr_assert_eq(strlen(v->u.str), v->len);
    return v->u.str;
}

static void expect_cell_at(const tp_jdoc *doc, uint32_t row, const char *column, unsigned line,
                           unsigned col)
{
    const tp_jnode *v =
        tp_jobj_get(tp_jarr_at(tp_jdoc_root(doc), row), column, strlen(column), NULL);
    unsigned l, c;
    tp_jdoc_line_col(doc, tp_jnode_offset(doc, v), &l, &c);
    cr_expect(l == line && c == col, "%u/%s at %u:%u, want %u:%u", row, column, l, c, line, col);
}

static void expect_pointer(const tp_jdoc *doc, uint32_t row, const char *column, const char *want)
{
    const tp_jnode *r = tp_jarr_at(tp_jdoc_root(doc), row);
    expect_node_pointer(doc, column ? tp_jobj_get(r, column, strlen(column), NULL) : r, want);
}

/* `aws iam get-credential-report`, base64-decoded: the header as AWS documents it, the root
 * account's row with its N/A and not_supported, and a user's. */
static const char credential_report[] =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n"
    "<root_account>,arn:aws:iam::123456789012:root,2019-04-10T09:02:41+00:00,not_supported,"
    "2026-10-01T12:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,"
    "N/A,N/A,N/A,false,N/A,false,N/A\n"
    "ci-deploy,arn:aws:iam::123456789012:user/ci-deploy,2021-01-05T10:00:00+00:00,false,N/A,N/A,"
    "N/A,false,true,2024-02-01T08:00:00+00:00,2026-11-20T03:00:00+00:00,eu-west-1,s3,true,"
    "2025-06-01T08:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A\n";

Test(csv_reader, the_aws_credential_report)
{
    tp_jdoc *doc = read_csv(credential_report, sizeof credential_report - 1);
    const tp_jnode *root = tp_jdoc_root(doc);
    cr_assert_eq(root->kind, TP_J_ARR);
    cr_assert_eq(root->len, 2);
    cr_expect_eq(tp_jarr_at(root, 0)->len, 22);
    cr_expect_eq(tp_jarr_at(root, 1)->len, 22);
    cr_expect_str_eq(tp_jobj_key(tp_jarr_at(root, 1), 21)->s, "cert_2_last_rotated");
    cr_expect_eq(tp_jobj_shape(tp_jarr_at(root, 0)), tp_jobj_shape(tp_jarr_at(root, 1)));
    cr_expect_str_eq(cell(doc, 0, "user"), "<root_account>");
    cr_expect_str_eq(cell(doc, 0, "password_enabled"), "not_supported");
    cr_expect_str_eq(cell(doc, 0, "access_key_1_last_rotated"), "N/A");
    cr_expect_str_eq(cell(doc, 1, "access_key_1_last_used_service"), "s3");
    cr_expect_str_eq(cell(doc, 1, "cert_2_last_rotated"), "N/A");
    expect_pointer(doc, 1, "access_key_1_active", "/1/access_key_1_active");
    expect_pointer(doc, 1, NULL, "/1");
    expect_cell_at(doc, 0, "user", 2, 1);
    expect_cell_at(doc, 1, "user", 3, 1);
    expect_cell_at(doc, 1, "arn", 3, 11);
    unsigned l, c;
    tp_jdoc_line_col(doc, tp_jnode_offset(doc, tp_jarr_at(root, 1)), &l, &c);
    cr_expect(l == 3 && c == 1, "the row at %u:%u", l, c);
    tp_jdoc_line_col(doc, tp_jkey_offset(doc, tp_jobj_key(tp_jarr_at(root, 1), 1)), &l, &c);
    cr_expect(l == 1 && c == 6, "a key is the header's cell, at %u:%u", l, c);
    tp_jdoc_free(doc);
}

Test(csv_reader, quoted_cells)
{
    static const char csv[] = "id,label,note\n"
                              "1,\"a, b\",\"say \"\"hi\"\"\"\n"
                              "2,\"two\nlines\",\"\"\n"
                              "3,\"\"\"\",x\n";
    tp_jdoc *doc = read_csv(csv, sizeof csv - 1);
    cr_assert_eq(tp_jdoc_root(doc)->len, 3);
    cr_expect_str_eq(cell(doc, 0, "label"), "a, b");
    cr_expect_str_eq(cell(doc, 0, "note"), "say \"hi\"");
    cr_expect_str_eq(cell(doc, 1, "label"), "two\nlines");
    cr_expect_str_eq(cell(doc, 1, "note"), "");
    cr_expect_str_eq(cell(doc, 2, "label"), "\"");
    cr_expect_str_eq(cell(doc, 2, "note"), "x");
    expect_cell_at(doc, 0, "note", 2, 10);
    expect_cell_at(doc, 1, "label", 3, 3);
    expect_cell_at(doc, 1, "note", 4, 8);
    expect_cell_at(doc, 2, "id", 5, 1);
    expect_cell_at(doc, 2, "note", 5, 8);
    expect_pointer(doc, 2, "note", "/2/note");
    tp_jdoc_free(doc);
}

Test(csv_reader, line_ends_a_bom_and_empty_lines)
{
    static const char csv[] = "\xEF\xBB\xBFuser,key\r\n\r\nalice,k1\r\n\nbob,\r\ncarol,\"k\r\n3\"";
    tp_jdoc *doc = read_csv(csv, sizeof csv - 1);
    const tp_jnode *root = tp_jdoc_root(doc);
    cr_assert_eq(root->len, 3, "empty lines are skipped");
    cr_expect_str_eq(tp_jobj_key(tp_jarr_at(root, 0), 0)->s, "user", "the BOM is not a name");
    cr_expect_str_eq(cell(doc, 0, "key"), "k1", "no carriage return in a cell");
    cr_expect_str_eq(cell(doc, 1, "key"), "");
    cr_expect_str_eq(cell(doc, 2, "key"), "k\r\n3", "line ends inside quotes are kept");
    expect_cell_at(doc, 0, "user", 3, 1);
    expect_cell_at(doc, 1, "key", 5, 5);
    expect_cell_at(doc, 2, "key", 6, 7);
    tp_jdoc_free(doc);
}

Test(csv_reader, a_header_alone_is_an_empty_list)
{
    tp_jdoc *doc = read_csv("user,arn\n", 9);
    cr_expect_eq(tp_jdoc_root(doc)->kind, TP_J_ARR);
    cr_expect_eq(tp_jdoc_root(doc)->len, 0);
    tp_jdoc_free(doc);
    doc = read_csv("single\nvalue", 12);
    cr_expect_str_eq(cell(doc, 0, "single"), "value", "one column, no final line break");
    tp_jdoc_free(doc);
}

Test(csv_reader, nul_bytes_are_refused)
{
    static const char bare[] = "a,b\n1,x\0y\n", quoted[] = "a\n\"x\0\"\n";
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_read_memory(&doc, TP_INPUT_CSV, bare, sizeof bare - 1, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "NUL byte in a field");
    cr_expect(err.line == 2 && err.column == 4);
    cr_expect_eq(tp_read_memory(&doc, TP_INPUT_CSV, quoted, sizeof quoted - 1, NULL, &err),
                 TP_EINPUT);
    cr_expect_str_eq(err.message, "NUL byte in a field");
    cr_expect(err.line == 2 && err.column == 3);
}

Test(csv_reader, column_names_that_could_be_credentials_are_not_shown)
{
    static const char csv[] = "glpat-abcdefghij0123456789,x,glpat-abcdefghij0123456789\n";
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_read_memory(&doc, TP_INPUT_CSV, csv, sizeof csv - 1, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "duplicate column name (first at 1:1)" FIRST_ROW);
}

Test(csv_reader, limits_apply_as_to_json)
{
    tp_read_options opts = TP_READ_OPTIONS_INIT;
    opts.max_bytes = 8;
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_read_memory(&doc, TP_INPUT_CSV, "a,b\n1,2\n3,4\n", 12, &opts, &err), TP_ELIMIT);
    cr_expect_str_eq(err.message, "input of 12 bytes is over the limit of 8 bytes (raise it with "
                                  "--max-input-bytes)");
    /* About 48 bytes of tree per 2-byte row: the budget stops it. */
    static char rows[200001];
    memcpy(rows, "a\n", 2);
    for (size_t i = 2; i < sizeof rows - 1; i += 2)
        memcpy(rows + i, "x\n", 2);
    tp_read_options budget = TP_READ_OPTIONS_INIT;
    budget.max_memory = (size_t)1 << 20;
    cr_expect_eq(tp_read_memory(&doc, TP_INPUT_CSV, rows, sizeof rows - 1, &budget, &err),
                 TP_ELIMIT);
    cr_expect_str_eq(err.message, "reading the input needs more than 1048576 bytes of memory "
                                  "(raise it with --max-memory)");
    budget.max_memory = (size_t)16 << 20;
    cr_expect_eq(tp_read_memory(&doc, TP_INPUT_CSV, rows, sizeof rows - 1, &budget, &err), 0);
    cr_expect_eq(tp_jdoc_root(doc)->len, 99999);
    cr_expect_leq(tp_jdoc_memory(doc), budget.max_memory);
    tp_jdoc_free(doc);
}
