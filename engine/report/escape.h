/* Escaping for the report formats. Every value a report prints (subjects, messages, reasons, file
 * names) comes from inputs and policies that may be hostile: no value may start a line, move a
 * terminal's cursor, reorder text (bidi controls) or issue a CI workflow command, and no XML
 * report may hold a character XML 1.0 forbids. */
#ifndef TP_REPORT_ESCAPE_H
#define TP_REPORT_ESCAPE_H

#include "base/strbuf.h"
#include "tokpol.h"

/* Text for a line-oriented format (the text report): control characters (C0, DEL, C1), line and
 * paragraph separators, bidi controls and the noncharacters U+FFFE, U+FFFF appear as visible
 * escapes (\n, \r, \t, \x1B, \u202E); invalid UTF-8 as \xHH; a value whose first non-blank
 * characters are "::" starts with \x3A instead, so that it is no workflow command even where the
 * layout puts it at the start of a line. */
void tp_escape_text(tp_strbuf *sb, const char *s);
/* XML/HTML text and attribute values: & < > " ' as entities, line breaks and tabs as character
 * references (the raw file never breaks a line inside a value), the characters tp_escape_text
 * shows as escapes shown the same way, invalid UTF-8 as U+FFFD, a leading "::" as "&#58;:". */
void tp_escape_xml(tp_strbuf *sb, const char *s);
/* The body of a JSON string: what JSON requires escaped, and the characters tp_escape_text shows
 * as escapes as \uXXXX (a report cat'ed to a terminal stays inert); invalid UTF-8 as \ufffd. */
void tp_escape_json(tp_strbuf *sb, const char *s);
/* A JSON string, quotes included. */
void tp_escape_json_string(tp_strbuf *sb, const char *s);
/* The same for a finding's text that is masked already (its title, subject, pointer, message,
 * remediation and evidence values: eval/result.h says why): escaped, not scanned again. The scan
 * is most of the cost of a large report. */
void tp_escape_json_shown(tp_strbuf *sb, const char *s);

/* The JSON string of the last string escaped through it: what a report repeats in finding after
 * finding (a rule id, an input's name, a policy file), one pointer for all of them, is scanned
 * and escaped once per run of equal pointers, then copied. */
typedef struct tp_escape_memo {
    const char *key;
    tp_strbuf json;
} tp_escape_memo;

void tp_escape_memo_init(tp_escape_memo *m, const tp_mem *mem);
void tp_escape_memo_free(tp_escape_memo *m);
/* tp_escape_json_string(sb, s), copied from the memo when s is the string it last saw. */
void tp_escape_json_memo(tp_strbuf *sb, tp_escape_memo *m, const char *s);
/* A URI reference for a file name: unreserved characters and '/' kept, the rest %-encoded;
 * an absolute path becomes a file:// URI. */
void tp_escape_uri(tp_strbuf *sb, const char *s);
/* A URL as a Markdown link's destination: what URLs may hold kept, the rest (spaces,
 * parentheses, angle brackets, non-ASCII) %-encoded. */
void tp_escape_url(tp_strbuf *sb, const char *s);
/* A Markdown table cell: as tp_escape_text, with '|' and the characters Markdown or HTML give a
 * meaning ('<', '[', ']', '*', '_', '`', '\') escaped. */
void tp_escape_md_cell(tp_strbuf *sb, const char *s);
/* A GitHub Actions workflow command: data (message) or property (file, title). Line breaks are
 * %0A/%0D as GitHub requires (they stay inside the annotation); other unsafe characters as
 * tp_escape_text shows them. */
void tp_escape_gh(tp_strbuf *sb, const char *s, int property);

#endif
