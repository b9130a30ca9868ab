/* Byte classes of the credential scanner (ASCII only: every format of the catalogue is ASCII),
 * from one table so that the scanner's inner loops cost a load and a test per byte. */
#ifndef TP_SECRET_CHARS_H
#define TP_SECRET_CHARS_H

#include <stdbool.h>

enum {
    TP_SC_DIGIT = 1,
    TP_SC_UPPER = 2,
    TP_SC_LOWER = 4,
    TP_SC_B64SYM = 8,  /* + / */
    TP_SC_URLSYM = 16, /* _ - */
    TP_SC_MARK = 32,   /* : = - / + [ where a span or a mask may start */
    TP_SC_SPACE = 64,
    TP_SC_BLANK = 128, /* space and tab */
};

#define TP_SC_CLASS(c)                                                                             \
    (((c) >= '0' && (c) <= '9'   ? TP_SC_DIGIT                                                     \
      : (c) >= 'A' && (c) <= 'Z' ? TP_SC_UPPER                                                     \
      : (c) >= 'a' && (c) <= 'z' ? TP_SC_LOWER                                                     \
      : (c) == '+' || (c) == '/' ? TP_SC_B64SYM                                                    \
      : (c) == '_' || (c) == '-' ? TP_SC_URLSYM                                                    \
                                 : 0) |                                                            \
     ((c) == ':' || (c) == '=' || (c) == '-' || (c) == '/' || (c) == '+' || (c) == '['             \
          ? TP_SC_MARK                                                                             \
          : 0) |                                                                                   \
     ((c) == ' ' || ((c) >= '\t' && (c) <= '\r') ? TP_SC_SPACE : 0) |                              \
     ((c) == ' ' || (c) == '\t' ? TP_SC_BLANK : 0))
#define TP_SC_4(c) TP_SC_CLASS(c), TP_SC_CLASS(c + 1), TP_SC_CLASS(c + 2), TP_SC_CLASS(c + 3)
#define TP_SC_16(c) TP_SC_4(c), TP_SC_4(c + 4), TP_SC_4(c + 8), TP_SC_4(c + 12)
#define TP_SC_64(c) TP_SC_16(c), TP_SC_16(c + 16), TP_SC_16(c + 32), TP_SC_16(c + 48)

static const unsigned char tp_sc_class[256] = {TP_SC_64(0), TP_SC_64(64), TP_SC_64(128),
                                               TP_SC_64(192)};

static inline bool tp_sc_is(unsigned char c, unsigned mask)
{
    return (tp_sc_class[c] & mask) != 0;
}

static inline bool tp_sc_digit(unsigned char c)
{
    return tp_sc_is(c, TP_SC_DIGIT);
}

static inline bool tp_sc_upper(unsigned char c)
{
    return tp_sc_is(c, TP_SC_UPPER);
}

static inline bool tp_sc_lower(unsigned char c)
{
    return tp_sc_is(c, TP_SC_LOWER);
}

static inline bool tp_sc_alpha(unsigned char c)
{
    return tp_sc_is(c, TP_SC_UPPER | TP_SC_LOWER);
}

static inline bool tp_sc_alnum(unsigned char c)
{
    return tp_sc_is(c, TP_SC_DIGIT | TP_SC_UPPER | TP_SC_LOWER);
}

static inline bool tp_sc_hex(unsigned char c)
{
    return tp_sc_digit(c) || (unsigned)((c | 32) - 'a') < 6u;
}

/* The standard base64 alphabet, without padding. */
static inline bool tp_sc_b64(unsigned char c)
{
    return tp_sc_is(c, TP_SC_DIGIT | TP_SC_UPPER | TP_SC_LOWER | TP_SC_B64SYM);
}

/* The base64url alphabet (JWTs, Google keys, PyPI macaroons). */
static inline bool tp_sc_urlsafe(unsigned char c)
{
    return tp_sc_is(c, TP_SC_DIGIT | TP_SC_UPPER | TP_SC_LOWER | TP_SC_URLSYM);
}

static inline bool tp_sc_blank(unsigned char c)
{
    return tp_sc_is(c, TP_SC_BLANK);
}

static inline bool tp_sc_space(unsigned char c)
{
    return tp_sc_is(c, TP_SC_SPACE);
}

static inline unsigned char tp_sc_lower_of(unsigned char c)
{
    return tp_sc_upper(c) ? (unsigned char)(c + 32) : c;
}

#endif
