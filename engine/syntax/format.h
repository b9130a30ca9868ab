/* The formatter: prints a policy source in the canonical layout (docs/language.md#layout). */
#ifndef TP_FORMAT_H
#define TP_FORMAT_H

#include "base/strbuf.h"
#include "syntax/format_scan.h"

/* Appends the canonical layout of the scanned tokens to out. The caller formats only sources
 * that parse; 0 or TP_ENOMEM. */
int tp_format_tokens(tp_strbuf *out, const tp_ftoks *toks);

#endif
