/* The bytes JSON string text treats apart: '"', '\\', control characters and the bytes of
 * multi-byte UTF-8 characters; reports escape DEL too. The reader (input/json_string.c) and the
 * report writer (report/escape.c) pass the other bytes through 8 at a time. */
#ifndef TP_JSON_BYTES_H
#define TP_JSON_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Whether a report copies c into a JSON string as it is: printable ASCII but '"' and '\\'. */
static inline bool tp_json_plain(unsigned char c)
{
    return (unsigned)(c - 0x20) < 0x7F - 0x20 && c != '"' && c != '\\';
}

/* Index of the first of the 8 bytes at s that is '"', '\\', below 0x20, 0x80 or above, or (when
 * `del`, for reports) DEL; 8 when there is none. Each term sets the top bit of such a byte; the
 * borrows and carries that flag other bytes start at a flagged byte and only reach bytes after
 * it, so the first flag is exact. Inline, `del` a constant: the reader pays nothing for it. */
static inline size_t tp_json_special8(const unsigned char *s, bool del)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0x80;
    uint64_t v;
    memcpy(&v, s, sizeof v);
    uint64_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
    uint64_t m = ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((v - ones * 0x20) & ~v) | v;
    if (del)
        m |= v + ones; /* 0x7F + 1 sets the top bit */
    m &= highs;
    return m ? (size_t)__builtin_ctzll(m) >> 3 : 8;
#else
    for (size_t k = 0; k < 8; k++)
        if (s[k] == '"' || s[k] == '\\' || s[k] < 0x20 || s[k] >= 0x80 || (del && s[k] == 0x7F))
            return k;
    return 8;
#endif
}

#endif
