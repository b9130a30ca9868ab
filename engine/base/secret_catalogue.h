/* The credential formats the providers document (docs/credentials.md), recognised at one position
 * of a text. secret_scan.c walks the text and adds what only context reveals (URL passwords,
 * Authorization values, credential-named parameters). */
#ifndef TP_SECRET_CATALOGUE_H
#define TP_SECRET_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/secret_chars.h"
#include "base/secret_scan.h"

/* An AWS secret access key: this many base64 characters. */
enum { TP_SECRET_AWS_SECRET_LEN = 40 };

/* Whether the base64 run (letters, digits, + and /) at s[0, avail) is long enough to hold an AWS
 * secret access key. */
static inline bool tp_secret_aws_secret_fits(const char *s, size_t avail)
{
    if (avail < TP_SECRET_AWS_SECRET_LEN)
        return false;
    for (size_t i = 0; i < TP_SECRET_AWS_SECRET_LEN; i++)
        if (!tp_sc_b64((unsigned char)s[i]))
            return false;
    return true;
}

/* A catalogue credential starting at s[i] (a Slack webhook's secret path starts a little after
 * i), within the whole text s[0, n). Bytes before `from` (where the last span ended) count as a
 * word boundary, so that what follows a masked credential is read as masking left it.
 * `aws_key_id` caches whether the text holds an AWS access key id (-1: not looked for yet); only
 * a 40-character base64 run asks. Reads at most the run at i, except for PEM blocks (up to their
 * END line) and that one look for a key id. */
bool tp_secret_catalogue_at(const char *s, size_t n, size_t from, size_t i, signed char *aws_key_id,
                            tp_secret_span *out);

/* Whether a credential of the catalogue may start at the word of letters and digits w[0, len),
 * with `avail` bytes from w to the end of the text: its first letters are a prefix's, its length
 * a run's, or the base64 run it begins is long enough for an AWS secret key. False means
 * tp_secret_catalogue_at finds nothing there. Inline: the scanner asks it of every word. */
static inline bool tp_secret_catalogue_may_start(const char *w, size_t len, size_t avail)
{
    char next = len < avail ? w[len] : 0;
    if (len == 40 || len == 52 || len == 84)
        return true; /* hex, Azure DevOps, AWS secret keys */
    if ((next == '+' || next == '/') && tp_secret_aws_secret_fits(w, avail))
        return true; /* an AWS secret key with + or / in it */
    char c1 = len > 1 ? w[1] : 0;
    switch (w[0]) {
    case 'g': /* gh?_, github_pat_, gl...- */
        return (next == '_' && ((len == 3 && c1 == 'h') || len == 6)) || (c1 == 'l' && next == '-');
    case 'G': /* GR1348941 */
        return c1 == 'R';
    case 'A': /* AIza, AKIA, ASIA, ABIA, ACCA */
        return c1 == 'I' || c1 == 'K' || c1 == 'S' || c1 == 'B' || c1 == 'C';
    case 's': /* sk_ */
    case 'r': /* rk_ */
        return len == 2 && c1 == 'k' && next == '_';
    case 'w': /* whsec_ */
        return len == 5 && next == '_';
    case 'n': /* npm_ */
        return len == 3 && next == '_';
    case 'p': /* pypi- */
        return len == 4 && next == '-';
    case 'y': /* ya29. */
        return len == 4 && next == '.';
    case 'x': /* xox?-, xoxe.xox?-, xapp- */
        return len == 4 && (next == '-' || next == '.');
    case 'h': /* hooks.slack.com */
        return len == 5 && next == '.';
    case 'e': /* eyJ */
        return c1 == 'y';
    default:
        return false;
    }
}

/* The same for the mark s[0] (one of `- / + : =`), with `avail` bytes to the end of the text:
 * only a PEM block starts at a `-` (`-----BEGIN`), only an AWS secret key's base64 run at a `/` or
 * `+`, nothing at a separator. Dates, times, ids and paths are full of these marks. */
static inline bool tp_secret_catalogue_may_start_at_mark(const char *s, size_t avail)
{
    switch (s[0]) {
    case ':':
    case '=':
        return false;
    case '-':
        return avail > 1 && s[1] == '-';
    case '/':
    case '+':
        return tp_secret_aws_secret_fits(s, avail);
    default:
        return true;
    }
}

/* The kind when all of s[0, n) is one catalogue credential, else TP_SECRET_NONE. */
tp_secret_kind tp_secret_catalogue_whole(const char *s, size_t n);

#endif
