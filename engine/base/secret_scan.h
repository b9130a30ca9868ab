/* Credential-shaped text anywhere in a string: the catalogue of docs/credentials.md.
 *
 * One pass over the bytes, no allocation, no regular expressions; each byte is looked at a
 * bounded number of times, so the cost is linear in the text whatever it holds. A span is what
 * must not be shown; the text around it (a URL's scheme, user and host, the `password=` of a
 * parameter, the `Bearer ` of a header) stays, so a reader can still tell one finding from another.
 *
 * Run it on text before it is escaped for an output format (JSON, XML, HTML): escaping can hide
 * the end of a value. It also works on JSON text, where quoted values end at `"` or `\"`. */
#ifndef TP_SECRET_SCAN_H
#define TP_SECRET_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

/* X(ID, mask name, hashed): `hashed` kinds are random tokens issued by a provider; their mask
 * carries 32 bits of the value's SHA-256 so two of them can be told apart. The other kinds may be
 * chosen by a person (a password in a URL, `Basic` credentials, any value under a credential
 * name), and a short hash of a weak password would let anyone confirm a guess, so they get none. */
#define TP_SECRET_KIND_LIST(X)                                                                     \
    X(GITHUB_TOKEN, "github-token", 1)                                                             \
    X(GITLAB_TOKEN, "gitlab-token", 1)                                                             \
    X(SLACK_TOKEN, "slack-token", 1)                                                               \
    X(SLACK_WEBHOOK, "slack-webhook", 1)                                                           \
    X(GOOGLE_API_KEY, "google-api-key", 1)                                                         \
    X(GOOGLE_OAUTH_TOKEN, "google-oauth-token", 1)                                                 \
    X(STRIPE_LIVE_KEY, "stripe-live-key", 1)                                                       \
    X(STRIPE_TEST_KEY, "stripe-test-key", 1)                                                       \
    X(STRIPE_WEBHOOK_SECRET, "stripe-webhook-secret", 1)                                           \
    X(NPM_TOKEN, "npm-token", 1)                                                                   \
    X(PYPI_TOKEN, "pypi-token", 1)                                                                 \
    X(AZURE_DEVOPS_PAT, "azure-devops-pat", 1)                                                     \
    X(AWS_ACCESS_KEY_ID, "aws-access-key-id", 1)                                                   \
    X(AWS_SECRET_KEY, "aws-secret-key", 1)                                                         \
    X(HEX_SECRET, "hex-secret", 1)                                                                 \
    X(JWT, "jwt", 1)                                                                               \
    X(PRIVATE_KEY, "private-key", 1)                                                               \
    X(URL_PASSWORD, "url-password", 0)                                                             \
    X(BEARER_TOKEN, "bearer-token", 0)                                                             \
    X(REDACTED, "redacted", 0)

typedef enum tp_secret_kind {
    TP_SECRET_NONE = 0,
#define TP_SECRET_ENUM(id, name, hashed) TP_SECRET_##id,
    TP_SECRET_KIND_LIST(TP_SECRET_ENUM)
#undef TP_SECRET_ENUM
        TP_SECRET_KIND_COUNT
} tp_secret_kind;

/* The bytes s[start, start + len) hold a credential of this kind. */
typedef struct tp_secret_span {
    size_t start, len;
    tp_secret_kind kind;
} tp_secret_span;

/* An iteration over the spans of one text, in order, never overlapping. Plain data: no cleanup. */
typedef struct tp_secret_scan {
    const char *s;
    size_t len, pos;
    /* Where the last span ended: what follows is read as if the span were already masked. */
    size_t floor;
    /* A URL password seen ahead (at its `://`), reported when the scan reaches it, after any
     * credential in the URL's user part. */
    size_t pending_start, pending_len;
    tp_secret_kind pending_kind;
    /* Whether the text holds an AWS access key id: -1 until a 40-character candidate asks. */
    signed char aws_key_id;
} tp_secret_scan;

void tp_secret_scan_init(tp_secret_scan *sc, const char *s, size_t len);
/* The next span, or false at the end of the text. */
bool tp_secret_scan_next(tp_secret_scan *sc, tp_secret_span *out);

/* The spans of a text, asked for at increasing positions (what a line shows, byte by byte). */
typedef struct tp_secret_cursor {
    tp_secret_scan sc;
    tp_secret_span sp;
    bool have;
} tp_secret_cursor;

void tp_secret_cursor_init(tp_secret_cursor *c, const char *s, size_t len);
/* The first span that ends after byte i (around i, or the next one after it); NULL when none is
 * left. Call it with i increasing. */
const tp_secret_span *tp_secret_cursor_at(tp_secret_cursor *c, size_t i);

/* "github-token"; NULL for TP_SECRET_NONE or an unknown kind. */
const char *tp_secret_kind_name(tp_secret_kind kind);

/* The longest mask, its NUL included: "[stripe-webhook-secret sha256:1a2b3c4d]". */
#define TP_SECRET_MASK_MAX 48

/* Writes the mask for the value s of this kind into buf (TP_SECRET_MASK_MAX bytes) and returns
 * its length; what tp_secret_append_mask appends. */
size_t tp_secret_format_mask(char *buf, tp_secret_kind kind, const char *s, size_t len);

/* Appends the mask for the value s of this kind: "[github-token sha256:1a2b3c4d]", or
 * "[url-password]" for kinds without a hash. */
void tp_secret_append_mask(tp_strbuf *sb, tp_secret_kind kind, const char *s, size_t len);

/* Appends s with every span replaced by its mask; returns how many spans were masked. Masks in
 * the input are kept as they are, so masking twice gives the text of masking once; but a mask of
 * a kind without a hash that carries one (`[redacted sha256:abcd1234]`, as versions before
 * 2026-12-01 wrote) is a span, masked again without it. */
size_t tp_secret_mask(tp_strbuf *sb, const char *s, size_t len);

/* Whether s holds at least one span. */
bool tp_secret_contains(const char *s, size_t len);

/* Whether s holds a mask without a hash ("[redacted]", "[url-password]", "[bearer-token]"): two
 * texts may then read alike though their credentials differ. */
bool tp_secret_has_plain_mask(const char *s, size_t len);

/* The kind when the whole of s (leading and trailing white space aside) is one credential of the
 * catalogue, else TP_SECRET_NONE. As a whole value, 40 base64 characters that are not all lower
 * case are an AWS secret access key even without a key id next to them. */
tp_secret_kind tp_secret_whole(const char *s, size_t len);

#endif
