#include "base/redact.h"

#include "base/secret_name.h"
#include "base/secret_scan.h"
#include "base/sha256.h"

bool tp_redact_field(const char *key, size_t klen, const char *s, size_t slen)
{
    return tp_secret_field(key, klen, s, slen);
}

bool tp_redact_looks_secret(const char *s, size_t len)
{
    if (tp_secret_whole(s, len) != TP_SECRET_NONE)
        return true;
    /* A private key block anywhere: the rest of the string is its wrapping. */
    tp_secret_scan sc;
    tp_secret_span sp;
    tp_secret_scan_init(&sc, s, len);
    while (tp_secret_scan_next(&sc, &sp))
        if (sp.kind == TP_SECRET_PRIVATE_KEY)
            return true;
    return false;
}

void tp_redact_append(tp_strbuf *sb, const char *s, size_t len)
{
    char hex[9];
    tp_sha256_hex(s, len, 4, hex);
    tp_strbuf_printf(sb, "[redacted sha256:%s]", hex);
}
