/* UTF-8 validation and decoding, and characters a policy source should not hold, or not show as
 * they are: the names of the invisible, bidirectional, control and look-alike characters that
 * diagnostics name (U+200B ZERO WIDTH SPACE) instead of printing. */
#ifndef TP_UNICODE_H
#define TP_UNICODE_H

#include <stddef.h>
#include <stdint.h>

/* Length of the UTF-8 sequence at p of at most n bytes that starts with a byte of 0xC2 or above
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or 0 when it is not one.
 * Every reader validates text with it. */
size_t tp_utf8_len(const unsigned char *p, size_t n);

/* The code point of the UTF-8 sequence at p (of at most n bytes) in *cp, and its length; 0 when
 * it is not one. */
size_t tp_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

/* Bidirectional controls, which can make text display in another order than it is read (Trojan
 * Source, CVE-2021-42574): U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C. */
int tp_unicode_is_bidi(uint32_t cp);

/* Characters that show as nothing or as a plain space: zero-width ones, the byte order mark, the
 * soft hyphen, and spaces other than U+0020. */
int tp_unicode_is_invisible(uint32_t cp);

/* Whether text shown to a person writes cp as an escape rather than as it is: controls (C0, DEL,
 * C1), bidirectional controls, invisible characters, line and paragraph separators. */
int tp_unicode_is_hidden(uint32_t cp);

/* The Unicode name of a character tokpol names in its diagnostics (the hidden ones, and letters
 * that look like ASCII letters), or NULL. */
const char *tp_unicode_name(uint32_t cp);

/* The ASCII character cp looks like (Cyrillic 'а' looks like 'a', '“' like '"'), or 0. */
char tp_unicode_lookalike(uint32_t cp);

#endif
