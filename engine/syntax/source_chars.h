/* What the lexer says about characters a policy should not hold: bytes that are not UTF-8,
 * control characters, bidirectional controls (Trojan Source), invisible characters and letters
 * that pass for ASCII ones. Each is named (U+200B ZERO WIDTH SPACE), never echoed. */
#ifndef TP_SOURCE_CHARS_H
#define TP_SOURCE_CHARS_H

#include <stddef.h>

#include "syntax/parse_ctx.h"

/* Where text was found. */
typedef enum tp_text_place { TP_TEXT_STRING, TP_TEXT_COMMENT } tp_text_place;

/* Checks the text of a string or comment at line:col: bidirectional controls, control
 * characters (tab, and a carriage return ending a comment, excepted) and bytes that are not UTF-8
 * are errors; an invisible character in a string is a warning. */
void tp_source_check_text(tp_parse_ctx *ctx, unsigned line, unsigned col, const char *text,
                          size_t len, tp_text_place place);

/* Reports the character (or byte) `text` of `len` bytes at `span`, found where the language
 * takes no such character. */
void tp_source_bad_char(tp_parse_ctx *ctx, tp_span span, const char *text, size_t len);

#endif
