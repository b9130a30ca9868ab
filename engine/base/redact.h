/* Redaction of whole values, as the readers and the evaluator use it today. The catalogue, the
 * scanner for credentials inside text and the field-name classes live in secret_scan.h and
 * secret_name.h; these wrappers keep their first callers working. */
#ifndef TP_REDACT_H
#define TP_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

/* Whether string s read from field `key` must be redacted: tp_secret_field (always under names
 * that hold credentials: secret, password, private_key, api_key, clientSecret, ...; under the
 * ambiguous `token`, `key` and `value` when s looks opaque: 16+ bytes, no white space). */
bool tp_redact_field(const char *key, size_t klen, const char *s, size_t slen);

/* A string that is, as a whole, a credential of the catalogue (tp_secret_whole: 40-hex Lokalise
 * tokens, GitHub, GitLab, Slack, Google, Stripe, npm, PyPI, Azure DevOps and AWS credentials,
 * JWTs), or that holds a PEM private key block. */
bool tp_redact_looks_secret(const char *s, size_t len);

/* Appends "[redacted sha256:abcd1234]" for the value s. */
void tp_redact_append(tp_strbuf *sb, const char *s, size_t len);

#endif
