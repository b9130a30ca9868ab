/* Names that hold credentials: JSON member names, `name=value` parameters, header names.
 * docs/credentials.md lists the names and why `token`, `key` and `value` are ambiguous. */
#ifndef TP_SECRET_NAME_H
#define TP_SECRET_NAME_H

#include <stdbool.h>
#include <stddef.h>

typedef enum tp_secret_name {
    TP_SECRET_NAME_PLAIN = 0,
    /* Every value under it, of any type and depth, is a credential: password, api_key,
     * clientSecret, X-Api-Key, AWS_SECRET_ACCESS_KEY, credentials, auth, pat, ... */
    TP_SECRET_NAME_ALWAYS,
    /* `token`, `key` (and names ending in them) and `value`: a credential when the string looks
     * opaque (tp_secret_opaque), since a token *id* is often called token. */
    TP_SECRET_NAME_IF_OPAQUE,
} tp_secret_name;

/* The class of the name (any case; words split at `_ - .`, spaces and camelCase, so
 * `clientSecret`, `client_secret` and `CLIENT-SECRET` are one name). A name is a credential
 * name when it is, or ends with, a word sequence of the list: `db_password` and `GITHUB_PAT` are,
 * `password_hash`, `credential_id` and `oauth` are not. A number after it (`password2`,
 * `password_2`) or a word naming another value of the same credential (`db_password_old`,
 * `secret_next`, `password_confirmation`) does not change the class. Only the last 32 bytes
 * (before that number and word) are read. */
tp_secret_name tp_secret_name_class(const char *name, size_t len);
/* Whether the name that ends at s[end] (read backwards from there, never before s) may be a
 * credential name: false means tp_secret_name_class says TP_SECRET_NAME_PLAIN of it, wherever
 * it starts. Cheaper than finding where it starts. */
bool tp_secret_name_may_end(const char *s, size_t end);

/* A string shaped like an opaque credential rather than an id or a phrase: 16 bytes or more,
 * no white space. */
bool tp_secret_opaque(const char *s, size_t len);

/* Whether a string read under member `name` is a credential: ALWAYS names, or IF_OPAQUE names
 * with an opaque value. Callers apply it to strings at any depth below an ALWAYS name. */
bool tp_secret_field(const char *name, size_t nlen, const char *s, size_t slen);

#endif
