/* tp_explain_write: an explanation as text, one clause per paragraph, each headed by its place in
 * the policy the way compilers head a diagnostic (file:line:col), so editors jump to it. Every
 * string from an input or a policy is escaped as in the text report. */
#include <string.h>

#include "report/escape.h"

static const char *verdict_text(tp_explain_verdict v)
{
    switch (v) {
    case TP_EXPLAIN_PASS:
        return "pass";
    case TP_EXPLAIN_FAIL:
        return "fail";
    case TP_EXPLAIN_NOT_APPLICABLE:
        return "not applicable (a where is false)";
    default:
        return "error (a clause could not be evaluated)";
    }
}

static const char *keyword(tp_rule_clause_kind kind)
{
    return kind == TP_CLAUSE_LET     ? "let"
           : kind == TP_CLAUSE_WHERE ? "where"
           : kind == TP_CLAUSE_DENY  ? "deny"
                                     : "require";
}

static void clause(tp_strbuf *sb, const tp_explain_clause *c)
{
    tp_strbuf_puts(sb, "  ");
    tp_escape_text(sb, c->file ? c->file : "<policy>");
    tp_strbuf_printf(sb, ":%u:%u: %s ", c->line, c->column, keyword(c->kind));
    if (c->name) {
        tp_escape_text(sb, c->name);
        tp_strbuf_puts(sb, " = ");
    }
    tp_escape_text(sb, c->text ? c->text : "...");
    tp_strbuf_puts(sb, "\n    ");
    switch (c->outcome) {
    case TP_EXPLAIN_VALUE:
        tp_strbuf_puts(sb, "= ");
        tp_escape_text(sb, c->value ? c->value : "");
        break;
    case TP_EXPLAIN_TRUE:
        tp_strbuf_puts(sb, "-> true");
        break;
    case TP_EXPLAIN_FALSE:
        tp_strbuf_puts(sb, "-> false");
        break;
    default:
        tp_strbuf_puts(sb, "error: ");
        tp_escape_text(sb, c->value ? c->value : "");
    }
    tp_strbuf_putc(sb, '\n');
}

int tp_explain_write(FILE *stream, const tp_explain_subject *s)
{
    if (!stream || !s || (s->nclauses && !s->clauses))
        return TP_EINVAL;
    tp_mem mem;
    tp_mem_init(&mem, NULL);
    tp_strbuf sb;
    tp_strbuf_init(&sb, &mem);
    tp_escape_text(&sb, s->rule ? s->rule : "");
    tp_strbuf_puts(&sb, " on ");
    tp_escape_text(&sb, s->subject ? s->subject : "");
    tp_strbuf_printf(&sb, ": %s\n  in ", verdict_text(s->verdict));
    tp_escape_text(&sb, s->input ? s->input : "");
    if (s->input_line)
        tp_strbuf_printf(&sb, ":%u", s->input_line);
    if (s->pointer && *s->pointer) {
        tp_strbuf_puts(&sb, " at ");
        tp_escape_text(&sb, s->pointer);
    }
    tp_strbuf_putc(&sb, '\n');
    for (size_t i = 0; i < s->nclauses; i++)
        clause(&sb, &s->clauses[i]);
    int rc = sb.failed ? TP_ENOMEM : 0;
    if (rc == 0 && fwrite(sb.data, 1, sb.len, stream) != sb.len)
        rc = TP_EIO;
    tp_strbuf_free(&sb);
    return rc;
}
