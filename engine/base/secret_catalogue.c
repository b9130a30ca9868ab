#include "base/secret_catalogue.h"

#include <stdint.h>
#include <string.h>

#include "base/secret_chars.h"

/* What may follow a prefix. */
enum body_set {
    BODY_ALNUM,       /* npm, Stripe */
    BODY_WORD,        /* GitHub: [A-Za-z0-9_] */
    BODY_URLSAFE,     /* Google, PyPI, GitLab runner registration */
    BODY_DOTTED,      /* [A-Za-z0-9_.-]: GitLab's routable tokens, Google's OAuth tokens */
    BODY_UPPER_DIGIT, /* AWS access key ids */
};

static bool in_body(unsigned char set, unsigned char c)
{
    switch (set) {
    case BODY_ALNUM:
        return tp_sc_alnum(c);
    case BODY_WORD:
        return tp_sc_alnum(c) || c == '_';
    case BODY_URLSAFE:
        return tp_sc_urlsafe(c);
    case BODY_DOTTED:
        return tp_sc_urlsafe(c) || c == '.';
    default:
        return tp_sc_upper(c) || tp_sc_digit(c);
    }
}

/* A token made of a fixed prefix and a body of at least `min` bytes of `set` (exactly `min`, and
 * not followed by a letter or digit, when `exact`). The whole run of body bytes is masked. */
typedef struct prefix_rule {
    const char *prefix;
    unsigned char len, set, exact;
    unsigned short min;
    tp_secret_kind kind;
} prefix_rule;

#define RULE(p, set, min, kind)                                                                    \
    {                                                                                              \
        p, sizeof p - 1, set, 0, min, TP_SECRET_##kind                                             \
    }
#define EXACT(p, set, min, kind)                                                                   \
    {                                                                                              \
        p, sizeof p - 1, set, 1, min, TP_SECRET_##kind                                             \
    }

/* GitHub: 36 characters after the prefix today; GitHub asks integrators to accept up to 255. */
static const prefix_rule rules_g[] = {
    RULE("ghp_", BODY_WORD, 36, GITHUB_TOKEN),
    RULE("gho_", BODY_WORD, 36, GITHUB_TOKEN),
    RULE("ghu_", BODY_WORD, 36, GITHUB_TOKEN),
    RULE("ghs_", BODY_WORD, 36, GITHUB_TOKEN),
    RULE("ghr_", BODY_WORD, 36, GITHUB_TOKEN),
    RULE("github_pat_", BODY_WORD, 36, GITHUB_TOKEN),
    RULE("glpat-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("gloas-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("gldt-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("glrtr-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("glrt-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("glcbt-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("glptt-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("glft-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("glimt-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("glagent-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("glsoat-", BODY_DOTTED, 20, GITLAB_TOKEN),
    RULE("glffct-", BODY_DOTTED, 20, GITLAB_TOKEN),
};
static const prefix_rule rules_G[] = {RULE("GR1348941", BODY_URLSAFE, 20, GITLAB_TOKEN)};
/* The access key ids first: the look for a key id next to a secret key reads only them. */
static const prefix_rule rules_A[] = {
    EXACT("AKIA", BODY_UPPER_DIGIT, 16, AWS_ACCESS_KEY_ID),
    EXACT("ASIA", BODY_UPPER_DIGIT, 16, AWS_ACCESS_KEY_ID),
    EXACT("ABIA", BODY_UPPER_DIGIT, 16, AWS_ACCESS_KEY_ID),
    EXACT("ACCA", BODY_UPPER_DIGIT, 16, AWS_ACCESS_KEY_ID),
    RULE("AIza", BODY_URLSAFE, 35, GOOGLE_API_KEY),
};
enum { AWS_KEY_ID_RULES = 4 };
static const prefix_rule rules_s[] = {RULE("sk_live_", BODY_ALNUM, 10, STRIPE_LIVE_KEY),
                                      RULE("sk_test_", BODY_ALNUM, 10, STRIPE_TEST_KEY)};
static const prefix_rule rules_r[] = {RULE("rk_live_", BODY_ALNUM, 10, STRIPE_LIVE_KEY),
                                      RULE("rk_test_", BODY_ALNUM, 10, STRIPE_TEST_KEY)};
static const prefix_rule rules_w[] = {RULE("whsec_", BODY_ALNUM, 20, STRIPE_WEBHOOK_SECRET)};
static const prefix_rule rules_n[] = {RULE("npm_", BODY_ALNUM, 36, NPM_TOKEN)};
static const prefix_rule rules_p[] = {RULE("pypi-", BODY_URLSAFE, 50, PYPI_TOKEN)};
/* Google OAuth 2.0 access tokens: `ya29.` and up to 2 KiB; a service account's carry dots. */
static const prefix_rule rules_y[] = {RULE("ya29.", BODY_DOTTED, 20, GOOGLE_OAUTH_TOKEN)};

#define COUNT(a) (sizeof a / sizeof a[0])

/* The prefix rules by the first byte of their prefix. */
static const struct {
    const prefix_rule *rules;
    size_t count;
} by_first[128] = {
    ['g'] = {rules_g, COUNT(rules_g)}, ['G'] = {rules_G, COUNT(rules_G)},
    ['A'] = {rules_A, COUNT(rules_A)}, ['s'] = {rules_s, COUNT(rules_s)},
    ['r'] = {rules_r, COUNT(rules_r)}, ['w'] = {rules_w, COUNT(rules_w)},
    ['n'] = {rules_n, COUNT(rules_n)}, ['p'] = {rules_p, COUNT(rules_p)},
    ['y'] = {rules_y, COUNT(rules_y)},
};

static bool prefix_at(const char *s, size_t n, size_t i, const prefix_rule *list, size_t count,
                      tp_secret_span *out)
{
    for (size_t r = 0; r < count; r++) {
        const prefix_rule *rule = &list[r];
        if (n - i < (size_t)rule->len + rule->min || s[i + 1] != rule->prefix[1] ||
            memcmp(s + i, rule->prefix, rule->len) != 0)
            continue;
        size_t b = i + rule->len, e = b;
        while (e < n && in_body(rule->set, (unsigned char)s[e]))
            e++;
        if (rule->set == BODY_DOTTED)
            while (e > b && s[e - 1] == '.')
                e--; /* the end of a sentence */
        if (e - b < rule->min)
            continue;
        if (rule->exact && (e - b != rule->min || (e < n && tp_sc_alnum((unsigned char)s[e]))))
            continue;
        *out = (tp_secret_span){i, e - i, rule->kind};
        return true;
    }
    return false;
}

/* The end of the run of bytes of the classes in `mask` that starts at i. */
static size_t run_of(const char *s, size_t n, size_t i, unsigned mask)
{
    size_t e = i;
    while (e < n && tp_sc_is((unsigned char)s[e], mask))
        e++;
    return e;
}

enum {
    ALNUM = TP_SC_DIGIT | TP_SC_UPPER | TP_SC_LOWER,
    URLSAFE = ALNUM | TP_SC_URLSYM,
    B64 = ALNUM | TP_SC_B64SYM,
};

static size_t slack_body_end(const char *s, size_t n, size_t i)
{
    while (i < n && (tp_sc_alnum((unsigned char)s[i]) || s[i] == '-'))
        i++;
    return i;
}

/* xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxe-, xoxc-, xoxd- (any lower-case letter), rotating
 * `xoxe.xoxp-` tokens, and xapp- app-level tokens. */
static bool slack_at(const char *s, size_t n, size_t i, tp_secret_span *out)
{
    size_t b = 0, left = n - i;
    if (left >= 5 && memcmp(s + i, "xox", 3) == 0 && tp_sc_lower((unsigned char)s[i + 3]) &&
        s[i + 4] == '-')
        b = i + 5;
    else if (left >= 10 && memcmp(s + i, "xoxe.xox", 8) == 0 &&
             tp_sc_lower((unsigned char)s[i + 8]) && s[i + 9] == '-')
        b = i + 10;
    else if (left >= 5 && memcmp(s + i, "xapp-", 5) == 0)
        b = i + 5;
    if (!b)
        return false;
    size_t e = slack_body_end(s, n, b);
    if (e - b < 10)
        return false;
    *out = (tp_secret_span){i, e - i, TP_SECRET_SLACK_TOKEN};
    return true;
}

/* https://hooks.slack.com/services/T.../B.../XXXX: the path is the secret; the host stays. */
static bool slack_webhook_at(const char *s, size_t n, size_t i, tp_secret_span *out)
{
    static const char host[] = "hooks.slack.com/";
    static const char *const kinds[] = {"services/", "workflows/", "triggers/"};
    size_t h = sizeof host - 1;
    if (n - i < h || memcmp(s + i, host, h) != 0)
        return false;
    for (size_t k = 0; k < COUNT(kinds); k++) {
        size_t kl = strlen(kinds[k]), b = i + h + kl;
        if (n - i - h < kl || memcmp(s + i + h, kinds[k], kl) != 0)
            continue;
        size_t e = run_of(s, n, b, URLSAFE | TP_SC_B64SYM);
        if (e - b < 20)
            return false;
        *out = (tp_secret_span){b, e - b, TP_SECRET_SLACK_WEBHOOK};
        return true;
    }
    return false;
}

/* header.payload.signature in base64url, the header a JSON object ("eyJ" is `{"`); JWE adds two
 * more parts. An unsecured JWT has an empty signature, and a JWT cut short (a truncated message)
 * still counts when its payload is a JSON object too. */
static bool jwt_at(const char *s, size_t n, size_t from, size_t i, tp_secret_span *out)
{
    if (n - i < 3 || memcmp(s + i, "eyJ", 3) != 0 ||
        (i > from && tp_sc_urlsafe((unsigned char)s[i - 1])))
        return false;
    size_t e = run_of(s, n, i, URLSAFE);
    if (e - i < 10 || e >= n || s[e] != '.')
        return false;
    size_t p = run_of(s, n, e + 1, URLSAFE);
    if (p - (e + 1) < 2)
        return false;
    if (p >= n || s[p] != '.') {
        if (p - (e + 1) < 10 || memcmp(s + e + 1, "eyJ", 3) != 0)
            return false;
        *out = (tp_secret_span){i, p - i, TP_SECRET_JWT};
        return true;
    }
    e = run_of(s, n, p + 1, URLSAFE);
    for (int part = 4; part <= 5 && e + 1 < n && s[e] == '.'; part++) {
        size_t q = run_of(s, n, e + 1, URLSAFE);
        if (q == e + 1)
            break;
        e = q;
    }
    *out = (tp_secret_span){i, e - i, TP_SECRET_JWT};
    return true;
}

static size_t find(const char *s, size_t from, size_t to, const char *needle, size_t len)
{
    while (from + len <= to) {
        const char *p = memchr(s + from, needle[0], to - from - len + 1);
        if (!p)
            return SIZE_MAX;
        size_t at = (size_t)(p - s);
        if (memcmp(p, needle, len) == 0)
            return at;
        from = at + 1;
    }
    return SIZE_MAX;
}

static size_t line_end(const char *s, size_t from, size_t n)
{
    const char *nl = memchr(s + from, '\n', n - from);
    return nl ? (size_t)(nl - s) : n;
}

/* -----BEGIN ... PRIVATE KEY----- (PKCS#1, PKCS#8, SEC 1, OpenSSH, encrypted) or PRIVATE KEY
 * BLOCK (OpenPGP) through its END line; without an END line, through the end of the text. The
 * body may sit on real lines or behind `\n` escapes: only the markers are looked for. */
static bool pem_at(const char *s, size_t n, size_t i, tp_secret_span *out)
{
    static const char begin[] = "-----BEGIN ";
    size_t b = sizeof begin - 1;
    if (n - i < b || memcmp(s + i, begin, b) != 0)
        return false;
    size_t label_end = find(s, i + b, i + b + 64 < n ? i + b + 64 : n, "-----", 5);
    if (label_end == SIZE_MAX)
        return false;
    const char *label = s + i + b;
    size_t len = label_end - (i + b);
    static const char key[] = "PRIVATE KEY", block[] = "PRIVATE KEY BLOCK";
    bool is_key =
        len >= sizeof key - 1 && memcmp(label + len - (sizeof key - 1), key, sizeof key - 1) == 0;
    bool is_block = len >= sizeof block - 1 &&
                    memcmp(label + len - (sizeof block - 1), block, sizeof block - 1) == 0;
    if (!is_key && !is_block)
        return false;
    size_t end = n, at = find(s, label_end + 5, n, "-----END ", 9);
    if (at != SIZE_MAX) {
        size_t eol = line_end(s, at, n);
        size_t close = find(s, at + 9, eol, "-----", 5);
        end = close == SIZE_MAX ? eol : close + 5;
    }
    *out = (tp_secret_span){i, end - i, TP_SECRET_PRIVATE_KEY};
    return true;
}

/* Runs of letters and digits: 40 hexadecimal digits (Lokalise API tokens, and any SHA-1: a
 * commit id is masked too; not the key id at the end of a Google Cloud service account key's
 * name, `projects/P/serviceAccounts/A/keys/ID`, which the console and gcloud list openly and a
 * finding must name), Azure DevOps PATs (52 characters of lower-case base32, or 84 characters
 * with AZDO at offset 76). */
static bool alnum_run_at(const char *s, size_t i, size_t e, tp_secret_span *out)
{
    size_t len = e - i;
    tp_secret_kind kind = TP_SECRET_NONE;
    if (len == 40) {
        size_t k = i;
        while (k < e && tp_sc_hex((unsigned char)s[k]))
            k++;
        bool gcp_key_name = i >= 6 && memcmp(s + i - 6, "/keys/", 6) == 0;
        if (k == e && !gcp_key_name)
            kind = TP_SECRET_HEX_SECRET;
    } else if (len == 52) {
        bool digit = false;
        size_t k = i;
        for (; k < e; k++) {
            unsigned char c = (unsigned char)s[k];
            if (c >= '2' && c <= '7')
                digit = true;
            else if (!tp_sc_lower(c))
                break;
        }
        if (k == e && digit)
            kind = TP_SECRET_AZURE_DEVOPS_PAT;
    } else if (len == 84 && memcmp(s + i + 76, "AZDO", 4) == 0) {
        kind = TP_SECRET_AZURE_DEVOPS_PAT;
    }
    if (kind == TP_SECRET_NONE)
        return false;
    *out = (tp_secret_span){i, len, kind};
    return true;
}

static bool aws_key_id_in(const char *s, size_t n)
{
    for (size_t i = 0; i + 20 <= n; i++) {
        const char *a = memchr(s + i, 'A', n - i - 19);
        if (!a)
            return false;
        i = (size_t)(a - s);
        tp_secret_span sp;
        if (prefix_at(s, n, i, rules_A, AWS_KEY_ID_RULES, &sp))
            return true;
    }
    return false;
}

/* An AWS secret access key: exactly 40 base64 characters. With upper case, lower case and a digit
 * it is masked anywhere; otherwise only when it is the whole text or the text also holds an
 * access key id (docs/credentials.md weighs this). */
static bool aws_secret_at(const char *s, size_t n, size_t i, signed char *aws_key_id,
                          tp_secret_span *out)
{
    size_t e = run_of(s, n, i, B64);
    while (i < e && s[i] == '/')
        i++; /* https://KEY@, a/KEY/ */
    while (e > i && s[e - 1] == '/')
        e--;
    if (e - i != TP_SECRET_AWS_SECRET_LEN)
        return false;
    bool upper = false, lower = false, digit = false, sym = false;
    for (size_t k = i; k < e; k++) {
        unsigned char c = (unsigned char)s[k];
        upper |= tp_sc_upper(c);
        lower |= tp_sc_lower(c);
        digit |= tp_sc_digit(c);
        sym |= c == '+' || c == '/';
    }
    bool found = upper && lower && digit;
    if (!found && (upper || digit || sym)) {
        if (i == 0 && e == n) {
            found = true;
        } else {
            if (*aws_key_id < 0)
                *aws_key_id = aws_key_id_in(s, n) ? 1 : 0;
            found = *aws_key_id == 1;
        }
    }
    if (!found)
        return false;
    *out = (tp_secret_span){i, TP_SECRET_AWS_SECRET_LEN, TP_SECRET_AWS_SECRET_KEY};
    return true;
}

bool tp_secret_catalogue_at(const char *s, size_t n, size_t from, size_t i, signed char *aws_key_id,
                            tp_secret_span *out)
{
    unsigned char c = (unsigned char)s[i];
    bool found = false;
    switch (c) {
    case 'x':
        found = slack_at(s, n, i, out);
        break;
    case 'h':
        found = slack_webhook_at(s, n, i, out);
        break;
    case 'e':
        found = jwt_at(s, n, from, i, out);
        break;
    case '-':
        found = pem_at(s, n, i, out);
        break;
    default:
        found = c < 128 && by_first[c].count &&
                prefix_at(s, n, i, by_first[c].rules, by_first[c].count, out);
        break;
    }
    if (found)
        return true;
    /* Runs: only lengths 40, 52 and 84 can be one; a base64 run is the run of letters and digits
     * unless a `+` or `/` starts or continues it. */
    size_t e = run_of(s, n, i, ALNUM), len = e - i;
    if ((len == 40 || len == 52 || len == 84) &&
        (i == from || !tp_sc_alnum((unsigned char)s[i - 1])) && alnum_run_at(s, i, e, out))
        return true;
    bool b64_more = e < n && (s[e] == '+' || s[e] == '/');
    return (len == 40 || len == 0 || b64_more) && tp_sc_b64(c) &&
           (i == from || !tp_sc_b64((unsigned char)s[i - 1])) &&
           aws_secret_at(s, n, i, aws_key_id, out);
}

tp_secret_kind tp_secret_catalogue_whole(const char *s, size_t n)
{
    signed char aws_key_id = -1;
    tp_secret_span sp;
    if (n == 0 || !tp_secret_catalogue_at(s, n, 0, 0, &aws_key_id, &sp))
        return TP_SECRET_NONE;
    return sp.start == 0 && sp.len == n ? sp.kind : TP_SECRET_NONE;
}
