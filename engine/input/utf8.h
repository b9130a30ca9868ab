/* UTF-8 validation, shared by every reader. */
#ifndef TP_INPUT_UTF8_H
#define TP_INPUT_UTF8_H

#include <stddef.h>

/* Length of the UTF-8 sequence at p of at most n bytes (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 when it is not one. */
size_t tp_utf8_len(const unsigned char *p, size_t n);

#endif
