/* SHA-256 against known answers: FIPS 180-4's examples, and messages whose padding falls on
 * each side of a block boundary (55, 56, 63, 64, 119, 120 bytes; digests from Python's hashlib),
 * fed whole and byte by byte. Fingerprints and redaction tags are its output: a wrong digest
 * would change every baseline. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/sha256.h"
#include "base/sha256_block.h"

static void hex_of(const unsigned char *data, size_t len, size_t step, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    tp_sha256 s;
    unsigned char out[32];
    tp_sha256_init(&s);
    for (size_t i = 0; i < len; i += step)
        tp_sha256_update(&s, data + i, len - i < step ? len - i : step);
    tp_sha256_final(&s, out);
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[out[i] >> 4];
        hex[2 * i + 1] = digits[out[i] & 15];
    }
    hex[64] = '\0';
}

static void expect_digest(const unsigned char *data, size_t len, const char *want)
{
    char hex[65];
    size_t steps[] = {len ? len : 1, 1, 7, 64};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        hex_of(data, len, steps[k], hex);
        cr_expect_str_eq(hex, want, "%zu bytes in pieces of %zu", len, steps[k]);
    }
}

Test(sha256, fips_examples)
{
    expect_digest((const unsigned char *)"", 0,
                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_digest((const unsigned char *)"abc", 3,
                  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect_digest((const unsigned char *)two, strlen(two),
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, padding_at_block_boundaries)
{
    static const struct {
        size_t len;
        const char *digest;
    } cases[] = {
        {55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"},
        {56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"},
        {63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"},
        {64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"},
        {119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"},
        {120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"},
    };
    unsigned char data[120];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i % 251);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        expect_digest(data, cases[k].len, cases[k].digest);
}

Test(sha256, hex_prefix)
{
    char hex[65];
    tp_sha256_hex("abc", 3, 4, hex);
    cr_expect_str_eq(hex, "ba7816bf");
    tp_sha256_hex("abc", 3, 40, hex); /* more than the digest: all of it */
    cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* The rounds in the CPU's SHA instructions give the portable rounds' state, block for block,
 * from states and messages of every bit pattern (a lane or byte order mix-up changes them). */
Test(sha256, native_rounds_match_the_portable_ones)
{
    tp_sha256_block_fn *native = tp_sha256_block_native();
    if (!native)
        cr_skip_test("this CPU has no SHA instructions: the portable rounds run");
    uint64_t x = UINT64_C(0x9e3779b97f4a7c15);
    for (int round = 0; round < 1000; round++) {
        uint32_t a[8], b[8];
        unsigned char block[64];
        for (int i = 0; i < 8; i++) {
            x = x * UINT64_C(6364136223846793005) + 1442695040888963407u;
            a[i] = b[i] = (uint32_t)(x >> 32);
        }
        for (int i = 0; i < 64; i++) {
            x = x * UINT64_C(6364136223846793005) + 1442695040888963407u;
            block[i] = (unsigned char)(x >> 56);
        }
        tp_sha256_block_portable(a, block);
        native(b, block);
        cr_assert_arr_eq(a, b, sizeof a, "block %d", round);
    }
}
