/* Escaping for the report formats, and the mappings several formats share. */
#ifndef TP_REPORT_ESCAPE_H
#define TP_REPORT_ESCAPE_H

#include "base/strbuf.h"
#include "tokpol.h"

/* XML/HTML text and attribute values: & < > " ' escaped; control characters dropped. */
void tp_escape_xml(tp_strbuf *sb, const char *s);
/* A JSON string, quotes included. */
void tp_escape_json_string(tp_strbuf *sb, const char *s);
/* A URI reference for a file name: unreserved characters and '/' kept, the rest %-encoded;
 * an absolute path becomes a file:// URI. */
void tp_escape_uri(tp_strbuf *sb, const char *s);
/* A Markdown table cell: '|' escaped, newlines as spaces. */
void tp_escape_md_cell(tp_strbuf *sb, const char *s);
/* A GitHub Actions workflow command: data (message) or property (file, title). */
void tp_escape_gh(tp_strbuf *sb, const char *s, int property);

#endif
