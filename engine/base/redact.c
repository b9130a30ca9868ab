#include "base/redact.h"

#include <string.h>
#include <strings.h>

#include "base/sha256.h"

bool tp_redact_field(const char *key, size_t klen, const char *s, size_t slen)
{
    /* Called for every string read from an object: reject most keys by length first. */
    static const struct {
        const char *name;
        size_t len;
    } always[] = {{"secret", 6},        {"password", 8},      {"passwd", 6},
                  {"private_key", 11},  {"api_key", 7},       {"apikey", 6},
                  {"access_token", 12}, {"client_secret", 13}, {"secret_key", 10},
                  {"token_value", 11},  {"credential", 10},   {"credentials", 11}};
    if (klen < 5 || klen > 13)
        return false;
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
        if (always[i].len == klen && strncasecmp(key, always[i].name, klen) == 0)
            return true;
    if (klen == 5 && (strncasecmp(key, "token", 5) == 0 || strncasecmp(key, "value", 5) == 0)) {
        if (slen < 16)
            return false;
        return memchr(s, ' ', slen) == NULL;
    }
    return false;
}

static bool all_of(const char *s, size_t len, const char *set)
{
    for (size_t i = 0; i < len; i++)
        if (!s[i] || !strchr(set, s[i]))
            return false;
    return true;
}

static bool has_prefix(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len > n && memcmp(s, prefix, n) == 0;
}

#define HEX "0123456789abcdefABCDEF"
#define B64URL "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#define B64 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

static bool looks_jwt(const char *s, size_t len)
{
    if (!has_prefix(s, len, "eyJ"))
        return false;
    size_t dots = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.')
            dots++;
        else if (!strchr(B64URL "=", s[i]) || !s[i])
            return false;
    }
    return dots == 2 && len >= 24;
}

bool tp_redact_looks_secret(const char *s, size_t len)
{
    if (len == 40 && all_of(s, len, HEX))
        return true; /* Lokalise API tokens; also AWS-like hex secrets */
    if ((has_prefix(s, len, "ghp_") || has_prefix(s, len, "gho_") || has_prefix(s, len, "ghs_") ||
         has_prefix(s, len, "ghu_") || has_prefix(s, len, "ghr_")) &&
        len >= 36 && all_of(s + 4, len - 4, B64URL))
        return true;
    if (has_prefix(s, len, "github_pat_") && len >= 40)
        return true;
    if (has_prefix(s, len, "glpat-") && len >= 26)
        return true;
    if (len >= 15 && s[0] == 'x' && s[1] == 'o' && s[2] == 'x' && strchr("abprs", s[3]) &&
        s[4] == '-')
        return true;
    if (len == 40 && all_of(s, len, B64) && !all_of(s, len, "abcdefghijklmnopqrstuvwxyz-_"))
        return true; /* AWS secret access key shape */
    if (looks_jwt(s, len))
        return true;
    static const char pem[] = "PRIVATE KEY-----";
    for (size_t i = 0; len >= sizeof pem - 1 && i <= len - (sizeof pem - 1); i++)
        if (memcmp(s + i, pem, sizeof pem - 1) == 0)
            return true;
    return false;
}

void tp_redact_append(tp_strbuf *sb, const char *s, size_t len)
{
    char hex[17];
    tp_sha256_hex(s, len, 4, hex);
    tp_strbuf_printf(sb, "[redacted sha256:%s]", hex);
}
