/* SHA-256 (FIPS 180-4), for fingerprints and redaction tags. */
#ifndef TP_SHA256_H
#define TP_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct tp_sha256 {
    uint32_t h[8];
    uint64_t total;
    unsigned char block[64];
    size_t used;
} tp_sha256;

void tp_sha256_init(tp_sha256 *s);
void tp_sha256_update(tp_sha256 *s, const void *data, size_t len);
void tp_sha256_final(tp_sha256 *s, unsigned char out[32]);
/* Lower-case hex of the first `nbytes` of the digest of data into hex (2*nbytes+1 bytes). */
void tp_sha256_hex(const void *data, size_t len, size_t nbytes, char *hex);

#endif
