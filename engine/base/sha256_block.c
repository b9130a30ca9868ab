/* SHA-256's compression function: the portable rounds, the rounds in the x86 SHA extensions
 * (Intel since Goldmont and Ice Lake, AMD since Zen; a fingerprint is one block, and these take
 * a fraction of the time), and the choice between them, made once by CPUID when the library is
 * loaded (a GNU indirect function: no state of the library's own). */
#include "base/sha256_block.h"

#include <stdbool.h>
#include <stddef.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define BSIG0(a) (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22))
#define BSIG1(e) (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25))
#define CH(e, f, g) ((g) ^ ((e) & ((f) ^ (g))))
#define MAJ(a, b, c) (((a) & (b)) | ((c) & ((a) | (b))))

/* One round, with the working variables renamed instead of moved: the round after it is
 * ROUND(h, a, b, c, d, e, f, g, i + 1). */
#define ROUND(a, b, c, d, e, f, g, h, i)                                                           \
    do {                                                                                           \
        uint32_t t1 = (h) + BSIG1(e) + CH(e, f, g) + K[i] + w[i];                                  \
        (d) += t1;                                                                                 \
        (h) = t1 + BSIG0(a) + MAJ(a, b, c);                                                        \
    } while (0)

void tp_sha256_block_portable(uint32_t state[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; i += 8) {
        ROUND(a, b, c, d, e, f, g, h, i);
        ROUND(h, a, b, c, d, e, f, g, i + 1);
        ROUND(g, h, a, b, c, d, e, f, i + 2);
        ROUND(f, g, h, a, b, c, d, e, i + 3);
        ROUND(e, f, g, h, a, b, c, d, i + 4);
        ROUND(d, e, f, g, h, a, b, c, i + 5);
        ROUND(c, d, e, f, g, h, a, b, i + 6);
        ROUND(b, c, d, e, f, g, h, a, i + 7);
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

#if defined(__x86_64__) && defined(__GLIBC__) && defined(__ELF__) &&                               \
    (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* What runs before the sanitizers' runtimes are set up must not call them. */
#if defined(__has_attribute) && __has_attribute(disable_sanitizer_instrumentation)
#define NOT_INSTRUMENTED __attribute__((disable_sanitizer_instrumentation))
#else
#define NOT_INSTRUMENTED __attribute__((no_sanitize("address", "undefined", "thread")))
#endif

/* Four rounds with message words w[4i, 4i + 4): sha256rnds2 does two rounds and returns the new
 * A,B,E,F; the old A,B,E,F are the new C,D,G,H. */
SHA_TARGET static inline void rounds4(__m128i *abef, __m128i *cdgh, __m128i w, int i)
{
    __m128i wk = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&K[4 * i]));
    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(wk, 0x0E));
}

SHA_TARGET static void block_native(uint32_t h[8], const unsigned char *p)
{
    /* Each 32-bit word byte-reversed: the message is big-endian. */
    const __m128i be = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    /* The instructions keep the state as A,B,E,F and C,D,G,H (A in the highest lane). */
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1);    /* b a d c */
    __m128i cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B); /* h g f e */
    __m128i abef = _mm_alignr_epi8(t, cdgh, 8); /* lanes f e b a */
    cdgh = _mm_blend_epi16(cdgh, t, 0xF0);      /* lanes h g d c */
    const __m128i abef0 = abef, cdgh0 = cdgh;
    __m128i w[16];
    for (int i = 0; i < 4; i++)
        w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), be);
    /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four words at a time. */
    for (int i = 4; i < 16; i++)
        w[i] = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w[i - 4], w[i - 3]),
                                                  _mm_alignr_epi8(w[i - 1], w[i - 2], 4)),
                                    w[i - 1]);
    for (int i = 0; i < 16; i++)
        rounds4(&abef, &cdgh, w[i], i);
    abef = _mm_add_epi32(abef, abef0);
    cdgh = _mm_add_epi32(cdgh, cdgh0);
    t = _mm_shuffle_epi32(abef, 0x1B);                                  /* a b e f */
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1);                               /* g h c d */
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, cdgh, 0xF0)); /* a b c d */
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(cdgh, t, 8));    /* e f g h */
}

/* CPUID: SHA, SSE4.1 and SSSE3. Also run by the indirect function's resolver, before the
 * sanitizers are set up: the asm macros only, nothing instrumented. */
NOT_INSTRUMENTED static bool cpu_has_sha(void)
{
    unsigned a, b, c, d;
    __cpuid(0, a, b, c, d);
    if (a < 7)
        return false;
    __cpuid(1, a, b, c, d);
    if (!(c & bit_SSE4_1) || !(c & bit_SSSE3))
        return false;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & bit_SHA) != 0;
}

tp_sha256_block_fn *tp_sha256_block_native(void)
{
    return cpu_has_sha() ? block_native : NULL;
}

__attribute__((used)) NOT_INSTRUMENTED static tp_sha256_block_fn *choose_block(void)
{
    return cpu_has_sha() ? block_native : tp_sha256_block_portable;
}

void tp_sha256_block(uint32_t h[8], const unsigned char *block)
    __attribute__((ifunc("choose_block")));

#else

tp_sha256_block_fn *tp_sha256_block_native(void)
{
    return NULL;
}

void tp_sha256_block(uint32_t h[8], const unsigned char *block)
{
    tp_sha256_block_portable(h, block);
}

#endif
