/* The redaction step every output goes through. What is a credential is decided by the scanner
 * (secret_scan.h: the catalogue of docs/credentials.md) and the field-name classes
 * (secret_name.h); this file applies them where text leaves the library: values as messages show
 * them, report values before they are escaped, diagnostics and input errors before they are cut
 * to their buffers, and the CLI's stderr through tp_redact. */
#ifndef TP_REDACT_H
#define TP_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

/* Whether string s read from field `key` must be redacted: tp_secret_field (always under names
 * that hold credentials: secret, password, private_key, api_key, clientSecret, ...; under the
 * ambiguous `token`, `key` and `value` when s looks opaque: 16+ bytes, no white space). */
bool tp_redact_field(const char *key, size_t klen, const char *s, size_t slen);

/* Whether every value under field `key`, of any type and depth, is a credential (`password`,
 * `secret`, `credentials`, ...: tp_secret_name_class says ALWAYS). */
bool tp_redact_field_always(const char *key, size_t klen);

/* A string that is, as a whole, a credential of the catalogue (tp_secret_whole: 40-hex Lokalise
 * tokens, GitHub, GitLab, Slack, Google, Stripe, npm, PyPI, Azure DevOps and AWS credentials,
 * JWTs), or that holds a PEM private key block. */
bool tp_redact_looks_secret(const char *s, size_t len);

/* Appends the mask of a whole value known to be a credential (read under a credential name):
 * the catalogue kind's mask when it has a known shape ("[github-token sha256:1a2b3c4d]"), else
 * "[redacted]" (no hash: it may be a password a person chose). */
void tp_redact_append(tp_strbuf *sb, const char *s, size_t len);

/* Appends s with every credential-shaped span masked (tp_secret_mask). */
void tp_redact_text(tp_strbuf *sb, const char *s, size_t len);

/* s[0, len) as it may be shown: s itself when it holds no credential (no copy), else the masked
 * text, written into `tmp` (reset first). *shown_len gets its length. On an allocation failure
 * the result is "[redacted]": never the unmasked text. */
const char *tp_redact_view(tp_strbuf *tmp, const char *s, size_t len, size_t *shown_len);

/* Writes s[0, len) masked into dst (`size` bytes, always NUL-terminated when size > 0), cut at
 * a UTF-8 character boundary when it does not fit: masking comes before the cut, so a cut never
 * leaves a piece of a credential the scanner could no longer recognise. Returns the length of the
 * whole masked text. Allocates nothing. */
size_t tp_redact_copy(char *dst, size_t size, const char *s, size_t len);

#endif
