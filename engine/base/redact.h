/* Redaction: the one place that decides what looks like a credential and how it is shown. */
#ifndef TP_REDACT_H
#define TP_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

/* Whether string s read from field `key` must be redacted: always under names that hold
 * credentials (secret, password, private_key, api_key, ...); under the ambiguous `token` and
 * `value` (a token *id* is often called token) when s looks opaque: 16+ bytes, no spaces. */
bool tp_redact_field(const char *key, size_t klen, const char *s, size_t slen);

/* A string with the shape of a known credential: 40-hex Lokalise tokens, ghp_/github_pat_,
 * glpat-, xox?- Slack tokens, AWS secret keys, JWTs, PEM private keys. */
bool tp_redact_looks_secret(const char *s, size_t len);

/* Appends "[redacted sha256:abcd1234]" for the value s. */
void tp_redact_append(tp_strbuf *sb, const char *s, size_t len);

#endif
