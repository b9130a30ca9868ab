#include "base/secret_name.h"

#include <string.h>

#include "base/secret_chars.h"

/* Word sequences, written without separators, that make a name a credential name when the name
 * is or ends with them at a word start, by their last letter (a name is looked up by its own).
 * Collected from the exports and configuration formats tokpol reads (GitHub, GitLab, AWS, GCP,
 * Azure DevOps, Docker, Slack, env files, HTTP headers). `token` and `key` are ambiguous
 * (`ci_token` may hold an id), and come after the longer words that end with them; so is `value`,
 * as the whole name only (tp_secret_name_class). */
typedef struct word {
    const char *text;
    unsigned char len;
    unsigned char cls;      /* tp_secret_name */
    unsigned char anywhere; /* also glued to the word before it (PGPASSWORD, DBPASSWD) */
} word;
#define ALWAYS(s)                                                                                  \
    {                                                                                              \
        s, sizeof s - 1, TP_SECRET_NAME_ALWAYS, 0                                                  \
    }
#define GLUED(s)                                                                                   \
    {                                                                                              \
        s, sizeof s - 1, TP_SECRET_NAME_ALWAYS, 1                                                  \
    }
#define OPAQUE(s)                                                                                  \
    {                                                                                              \
        s, sizeof s - 1, TP_SECRET_NAME_IF_OPAQUE, 0                                               \
    }

static const word ending_d[] = {GLUED("password"), GLUED("passwd"), ALWAYS("pwd")};
static const word ending_e[] = {ALWAYS("passphrase"), ALWAYS("secretvalue"), ALWAYS("tokenvalue")};
/* `sig`: an Azure shared access signature's (`&sig=` in its URL). */
static const word ending_g[] = {ALWAYS("keystring"), OPAQUE("sig")};
static const word ending_h[] = {ALWAYS("auth")};
static const word ending_l[] = {ALWAYS("credential")};
static const word ending_n[] = {
    ALWAYS("apitoken"),      ALWAYS("accesstoken"),  ALWAYS("refreshtoken"),
    ALWAYS("authtoken"),     ALWAYS("sessiontoken"), ALWAYS("idtoken"),
    ALWAYS("bearertoken"),   ALWAYS("privatetoken"), ALWAYS("authorization"),
    ALWAYS("gitlabsession"), OPAQUE("token")};
static const word ending_s[] = {ALWAYS("passwords"), ALWAYS("secrets"), ALWAYS("apikeys"),
                                ALWAYS("credentials")};
static const word ending_t[] = {ALWAYS("secret"), ALWAYS("pat")};
static const word ending_y[] = {
    ALWAYS("secretkey"),  ALWAYS("secretaccesskey"), ALWAYS("privatekey"), ALWAYS("apikey"),
    ALWAYS("signingkey"), ALWAYS("encryptionkey"),   ALWAYS("masterkey"),  OPAQUE("key")};

#define LIST(a)                                                                                    \
    {                                                                                              \
        a, sizeof a / sizeof a[0]                                                                  \
    }
static const struct {
    const word *words;
    size_t count;
} by_last[26] = {
    ['d' - 'a'] = LIST(ending_d), ['e' - 'a'] = LIST(ending_e), ['g' - 'a'] = LIST(ending_g),
    ['h' - 'a'] = LIST(ending_h), ['l' - 'a'] = LIST(ending_l), ['n' - 'a'] = LIST(ending_n),
    ['s' - 'a'] = LIST(ending_s), ['t' - 'a'] = LIST(ending_t), ['y' - 'a'] = LIST(ending_y),
};

/* Enough for the longest word sequence of the lists and its separators: a longer name is read
 * from its end, and the cut is never where a listed word would have to start. */
enum { NAME_MAX_BYTES = 32 };

/* The name's letters and digits in lower case, and where each word starts: after a separator,
 * at a lower-to-upper step (clientSecret), at the last capital of an acronym (APIKey). */
typedef struct norm_name {
    char c[NAME_MAX_BYTES];
    bool start[NAME_MAX_BYTES];
    size_t len;
} norm_name;

static void normalize(const char *name, size_t len, norm_name *out)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t from = len > NAME_MAX_BYTES ? len - NAME_MAX_BYTES : 0;
    out->len = 0;
    bool word_start = true;
    for (size_t i = from; i < len; i++) {
        if (!tp_sc_alnum(s[i])) {
            word_start = true;
            continue;
        }
        if (i > from && tp_sc_alnum(s[i - 1]) && tp_sc_upper(s[i]) &&
            (tp_sc_lower(s[i - 1]) ||
             (tp_sc_upper(s[i - 1]) && i + 1 < len && tp_sc_lower(s[i + 1]))))
            word_start = true;
        out->c[out->len] = (char)tp_sc_lower_of(s[i]);
        out->start[out->len] = word_start;
        out->len++;
        word_start = false;
    }
}

static bool ends_with_word(const norm_name *n, const word *w)
{
    if (w->len > n->len)
        return false;
    size_t at = n->len - w->len;
    return (n->start[at] || w->anywhere) && memcmp(n->c + at, w->text, w->len) == 0;
}

bool tp_secret_name_may_end(unsigned char c)
{
    c = tp_sc_lower_of(c);
    return tp_sc_lower(c) && by_last[c - 'a'].count > 0;
}

tp_secret_name tp_secret_name_class(const char *name, size_t len)
{
    /* Most names end in a letter no listed word ends in: no need to look further. */
    size_t last = len;
    while (last > 0 && !tp_sc_alnum((unsigned char)name[last - 1]))
        last--;
    if (!last || !tp_secret_name_may_end((unsigned char)name[last - 1]))
        return TP_SECRET_NAME_PLAIN;
    unsigned char c = tp_sc_lower_of((unsigned char)name[last - 1]);
    /* Nor in a letter before it that they end in ("title": no listed word ends in "le"), which
     * keeps most names (a JSON report's keys before each `:`) from being normalized. */
    size_t prev = last - 1;
    while (prev > 0 && !tp_sc_alnum((unsigned char)name[prev - 1]))
        prev--;
    unsigned char c2 = prev ? tp_sc_lower_of((unsigned char)name[prev - 1]) : 0;
    bool may_end = false;
    for (size_t i = 0; i < by_last[c - 'a'].count && !may_end; i++) {
        const word *w = &by_last[c - 'a'].words[i];
        may_end = w->text[w->len - 2] == (char)c2; /* every listed word has 3 letters or more */
    }
    if (!may_end)
        return TP_SECRET_NAME_PLAIN;
    norm_name n;
    normalize(name, len, &n);
    for (size_t i = 0; i < by_last[c - 'a'].count; i++)
        if (ends_with_word(&n, &by_last[c - 'a'].words[i]))
            return (tp_secret_name)by_last[c - 'a'].words[i].cls;
    if (n.len == 5 && memcmp(n.c, "value", 5) == 0)
        return TP_SECRET_NAME_IF_OPAQUE;
    return TP_SECRET_NAME_PLAIN;
}

bool tp_secret_opaque(const char *s, size_t len)
{
    if (len < 16)
        return false;
    for (size_t i = 0; i < len; i++)
        if (tp_sc_space((unsigned char)s[i]))
            return false;
    return true;
}

bool tp_secret_field(const char *name, size_t nlen, const char *s, size_t slen)
{
    switch (tp_secret_name_class(name, nlen)) {
    case TP_SECRET_NAME_ALWAYS:
        return true;
    case TP_SECRET_NAME_IF_OPAQUE:
        return tp_secret_opaque(s, slen);
    default:
        return false;
    }
}
