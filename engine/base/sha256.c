#include "base/sha256.h"

#include <string.h>

#include "base/sha256_block.h"

void tp_sha256_init(tp_sha256 *s)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->total = 0;
    s->used = 0;
}

void tp_sha256_update(tp_sha256 *s, const void *data, size_t len)
{
    const unsigned char *p = data;
    s->total += len;
    while (len > 0) {
        size_t take = 64 - s->used < len ? 64 - s->used : len;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        len -= take;
        if (s->used == 64) {
            tp_sha256_block(s->h, s->block);
            s->used = 0;
        }
    }
}

void tp_sha256_final(tp_sha256 *s, unsigned char out[32])
{
    uint64_t bits = s->total * 8;
    /* 0x80, zeros up to 56 bytes into a block (into the next one when fewer than 8 are left),
     * then the length in bits, big-endian. */
    s->block[s->used++] = 0x80;
    if (s->used > 56) {
        memset(s->block + s->used, 0, 64 - s->used);
        tp_sha256_block(s->h, s->block);
        s->used = 0;
    }
    memset(s->block + s->used, 0, 56 - s->used);
    for (int i = 0; i < 8; i++)
        s->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    tp_sha256_block(s->h, s->block);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(s->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void tp_sha256_hex(const void *data, size_t len, size_t nbytes, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    tp_sha256 s;
    unsigned char out[32];
    tp_sha256_init(&s);
    tp_sha256_update(&s, data, len);
    tp_sha256_final(&s, out);
    for (size_t i = 0; i < nbytes && i < 32; i++) {
        hex[2 * i] = digits[out[i] >> 4];
        hex[2 * i + 1] = digits[out[i] & 15];
    }
    hex[2 * (nbytes < 32 ? nbytes : 32)] = '\0';
}
