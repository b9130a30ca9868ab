/* SHA-256's compression function, one 64-byte block into the state h: the rounds in the CPU's
 * SHA instructions where it has them, else the portable ones (sha256_block.c). */
#ifndef TP_SHA256_BLOCK_H
#define TP_SHA256_BLOCK_H

#include <stdint.h>

void tp_sha256_block(uint32_t h[8], const unsigned char *block);

/* Each implementation, for the tests that compare them: */
typedef void tp_sha256_block_fn(uint32_t h[8], const unsigned char *block);
void tp_sha256_block_portable(uint32_t h[8], const unsigned char *block);
/* NULL when this CPU (or this build's compiler or architecture) has no SHA instructions. */
tp_sha256_block_fn *tp_sha256_block_native(void);

#endif
