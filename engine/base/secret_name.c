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
    unsigned char cls;        /* tp_secret_name */
    unsigned char anywhere;   /* also glued to the word before it (PGPASSWORD, DBPASSWD) */
    unsigned char unnumbered; /* not followed by a number: `auth0`, `auth2` name a product or a
                                 protocol's version, not a second credential */
} word;
#define WORD(s, cls, anywhere, unnumbered)                                                         \
    {                                                                                              \
        s, sizeof s - 1, cls, anywhere, unnumbered                                                 \
    }
#define ALWAYS(s) WORD(s, TP_SECRET_NAME_ALWAYS, 0, 0)
#define GLUED(s) WORD(s, TP_SECRET_NAME_ALWAYS, 1, 0)
#define OPAQUE(s) WORD(s, TP_SECRET_NAME_IF_OPAQUE, 0, 0)
#define UNNUMBERED(s) WORD(s, TP_SECRET_NAME_ALWAYS, 0, 1)

/* `pass` and `pin` only as words of their own (`DB_PASS`, `user_pin`; not `bypass`, `spin`);
 * `cookie`: a session cookie is a bearer credential. */
static const word ending_d[] = {GLUED("password"), GLUED("passwd"), ALWAYS("pwd")};
static const word ending_e[] = {ALWAYS("passphrase"), ALWAYS("secretvalue"), ALWAYS("tokenvalue"),
                                ALWAYS("passcode"),   ALWAYS("pincode"),     ALWAYS("cookie")};
/* `sig`: an Azure shared access signature's (`&sig=` in its URL). */
static const word ending_g[] = {ALWAYS("keystring"), OPAQUE("sig")};
static const word ending_h[] = {UNNUMBERED("auth")};
static const word ending_l[] = {ALWAYS("credential")};
static const word ending_n[] = {
    ALWAYS("apitoken"),      ALWAYS("accesstoken"),     ALWAYS("refreshtoken"),
    ALWAYS("authtoken"),     ALWAYS("sessiontoken"),    ALWAYS("idtoken"),
    ALWAYS("bearertoken"),   ALWAYS("privatetoken"),    ALWAYS("authorization"),
    ALWAYS("gitlabsession"), ALWAYS("clientassertion"), ALWAYS("pin"),
    OPAQUE("token")};
static const word ending_s[] = {ALWAYS("passwords"),   ALWAYS("secrets"), ALWAYS("apikeys"),
                                ALWAYS("credentials"), ALWAYS("cookies"), ALWAYS("pass")};
static const word ending_t[] = {ALWAYS("secret"), ALWAYS("pat")};
static const word ending_y[] = {
    ALWAYS("secretkey"),  ALWAYS("secretaccesskey"), ALWAYS("privatekey"), ALWAYS("apikey"),
    ALWAYS("signingkey"), ALWAYS("encryptionkey"),   ALWAYS("masterkey"),  OPAQUE("key")};

/* Words after a credential word that name another value of the same credential: a rotation's
 * (`db_password_old`, `secret_next`) or a form's (`password_confirmation`). Only these: most
 * words after it say something about the credential, not what it is (`password_hash`,
 * `secret_name`, `private_key_id`, `pin_count`). */
static const char *const same_credential[] = {"old",  "new",    "prev",    "previous",    "current",
                                              "next", "backup", "confirm", "confirmation"};

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

/* Whether a word starts at s[i] of the name s[0, len), after a separator, at a
 * lower-to-upper step (clientSecret), at the last capital of an acronym (APIKey). */
static bool word_starts_at(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    if (i == 0 || !tp_sc_alnum(u[i - 1]))
        return true;
    return tp_sc_upper(u[i]) && (tp_sc_lower(u[i - 1]) ||
                                 (tp_sc_upper(u[i - 1]) && i + 1 < len && tp_sc_lower(u[i + 1])));
}

/* The name's letters and digits in lower case, and where each word starts (word_starts_at). */
typedef struct norm_name {
    char c[NAME_MAX_BYTES];
    bool start[NAME_MAX_BYTES];
    size_t len;
} norm_name;

static void normalize(const char *name, size_t len, norm_name *out)
{
    size_t from = len > NAME_MAX_BYTES ? len - NAME_MAX_BYTES : 0;
    out->len = 0;
    for (size_t i = from; i < len; i++) {
        if (!tp_sc_alnum((unsigned char)name[i]))
            continue;
        out->c[out->len] = (char)tp_sc_lower_of((unsigned char)name[i]);
        out->start[out->len] = i == from || word_starts_at(name, len, i);
        out->len++;
    }
}

static bool ends_with_word(const norm_name *n, const word *w)
{
    if (w->len > n->len)
        return false;
    size_t at = n->len - w->len;
    return (n->start[at] || w->anywhere) && memcmp(n->c + at, w->text, w->len) == 0;
}

static bool separator(unsigned char c)
{
    return c == '_' || c == '-' || c == '.';
}

/* A number after a credential word names a second one (`password2`, `password_2`, `PIN_1`); a
 * longer run of digits is no such number. */
enum { NUMBER_MAX_DIGITS = 8 };

/* Where the name s[0, end) ends without the number after it and the separators around it; `end`
 * when it ends with no number. Reads back from `end` only over digits and separators. */
static size_t before_number(const char *s, size_t end)
{
    while (end > 0 && separator((unsigned char)s[end - 1]))
        end--;
    size_t k = end;
    while (k > 0 && end - k < NUMBER_MAX_DIGITS && tp_sc_digit((unsigned char)s[k - 1]))
        k--;
    if (k == end || k == 0 || tp_sc_digit((unsigned char)s[k - 1]))
        return end;
    while (k > 0 && separator((unsigned char)s[k - 1]))
        k--;
    return k;
}

/* Whether a listed word ends in the lower-case letters c2 c; with c2 0, in the letter c. */
static bool listed_word_ends_with(unsigned char c2, unsigned char c)
{
    if (!tp_sc_lower(c))
        return false;
    for (size_t i = 0; i < by_last[c - 'a'].count; i++) {
        const word *w = &by_last[c - 'a'].words[i];
        if (!c2 || w->text[w->len - 2] == (char)c2) /* every listed word has 3 letters or more */
            return true;
    }
    return false;
}

/* Whether a word of same_credential[] ends in the lower-case letter c. */
static bool same_credential_ends_with(unsigned char c)
{
    for (size_t i = 0; i < sizeof same_credential / sizeof same_credential[0]; i++)
        if (same_credential[i][strlen(same_credential[i]) - 1] == (char)c)
            return true;
    return false;
}

bool tp_secret_name_may_end(const char *s, size_t end)
{
    end = before_number(s, end);
    if (!end)
        return false;
    unsigned char c = tp_sc_lower_of((unsigned char)s[end - 1]);
    return listed_word_ends_with(0, c) || same_credential_ends_with(c);
}

/* Where the name s[0, end) ends without a word of same_credential[] as its last word
 * (`db_password_old`, `secretNext`), else `end`. */
static size_t before_same_credential(const char *s, size_t end)
{
    for (size_t i = 0; i < sizeof same_credential / sizeof same_credential[0]; i++) {
        size_t n = strlen(same_credential[i]);
        if (end <= n || !word_starts_at(s, end, end - n))
            continue;
        size_t k = 0;
        while (k < n && tp_sc_lower_of((unsigned char)s[end - n + k]) == same_credential[i][k])
            k++;
        if (k == n)
            return end - n;
    }
    return end;
}

/* The class of the name s[0, end) by its last word: a listed word, not followed by a number
 * when it is `unnumbered` (`numbered`: the name had a number after s[end]); `value` when it is
 * the whole name. */
static tp_secret_name class_of_words(const char *name, size_t end, bool numbered, bool whole)
{
    /* Most names end in a letter no listed word ends in: no need to look further. */
    size_t last = end;
    while (last > 0 && !tp_sc_alnum((unsigned char)name[last - 1]))
        last--;
    if (!last)
        return TP_SECRET_NAME_PLAIN;
    unsigned char c = tp_sc_lower_of((unsigned char)name[last - 1]);
    /* Nor in a letter before it that they end in ("title": no listed word ends in "le"), which
     * keeps most names (a JSON report's keys before each `:`) from being normalized. */
    size_t prev = last - 1;
    while (prev > 0 && !tp_sc_alnum((unsigned char)name[prev - 1]))
        prev--;
    if (!prev || !listed_word_ends_with(tp_sc_lower_of((unsigned char)name[prev - 1]), c))
        return TP_SECRET_NAME_PLAIN;
    norm_name n;
    normalize(name, last, &n);
    for (size_t i = 0; i < by_last[c - 'a'].count; i++) {
        const word *w = &by_last[c - 'a'].words[i];
        if (ends_with_word(&n, w))
            return numbered && w->unnumbered ? TP_SECRET_NAME_PLAIN : (tp_secret_name)w->cls;
    }
    if (whole && n.len == 5 && memcmp(n.c, "value", 5) == 0)
        return TP_SECRET_NAME_IF_OPAQUE;
    return TP_SECRET_NAME_PLAIN;
}

tp_secret_name tp_secret_name_class(const char *name, size_t len)
{
    while (len > 0 && !tp_sc_alnum((unsigned char)name[len - 1]))
        len--;
    size_t end = before_number(name, len);
    tp_secret_name cls = class_of_words(name, end, end < len, end == len);
    if (cls != TP_SECRET_NAME_PLAIN || !end ||
        !same_credential_ends_with(tp_sc_lower_of((unsigned char)name[end - 1])))
        return cls;
    size_t core = before_same_credential(name, end);
    if (core == end)
        return TP_SECRET_NAME_PLAIN;
    while (core > 0 && separator((unsigned char)name[core - 1]))
        core--;
    size_t core_end = before_number(name, core);
    return class_of_words(name, core_end, core_end < core, false);
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
