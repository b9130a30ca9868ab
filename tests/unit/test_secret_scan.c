/* The credential scanner (engine/base/secret_scan.h): every credential of the corpus manifest
 * (tests/secrets/corpus/credentials.tsv) is found in every position a report can put it, its mask
 * names its kind, and no 8-character piece of it survives; look-alikes stay as they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/redact.h"
#include "base/secret_name.h"
#include "base/secret_scan.h"
#include "helpers.h"

static corpus_credential rows[64];
static size_t nrows;
static tp_mem mem;

static void setup(void)
{
    tp_mem_init(&mem, NULL);
    nrows = corpus_credentials(rows, sizeof rows / sizeof rows[0]);
    cr_assert_gt(nrows, 20);
}

TestSuite(secret_scan, .init = setup);

/* The masked copy of text; free() it. */
static char *masked(const char *text, size_t *count)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, &mem);
    size_t n = tp_secret_mask(&sb, text, strlen(text));
    if (count)
        *count = n;
    cr_assert_not(sb.failed);
    char *out = strdup(tp_strbuf_cstr(&sb));
    tp_strbuf_free(&sb);
    return out;
}

static char *fill(const char *tmpl, const char *secret)
{
    size_t len = strlen(tmpl) + strlen(secret) + 1;
    char *s = malloc(len);
    const char *hole = strstr(tmpl, "{}");
    cr_assert_not_null(hole, "template without {}: %s", tmpl);
    snprintf(s, len, "%.*s%s%s", (int)(hole - tmpl), tmpl, secret, hole + 2);
    return s;
}

/* Masks text, expects a mask naming `kind`, no piece of the secret, and a second masking that
 * changes nothing. */
static void expect_masked(const char *text, const char *secret, const char *kind)
{
    char *out = masked(text, NULL);
    char want[48], piece[9];
    snprintf(want, sizeof want, "[%s", kind);
    cr_expect(strstr(out, want) != NULL, "no %s mask in\n  %s\n->%s", kind, text, out);
    const char *p = corpus_piece_in(secret, out, piece);
    cr_expect_null(p, "'%s' of the %s survives in\n  %s\n->%s", p, kind, text, out);
    char *again = masked(out, NULL);
    cr_expect_str_eq(again, out, "masking twice changes\n  %s\n->%s", out, again);
    free(again);
    free(out);
}

static bool catalogue_kind(const char *name)
{
    return strcmp(name, "url-password") != 0 && strcmp(name, "bearer-token") != 0 &&
           strcmp(name, "redacted") != 0;
}

Test(secret_scan, the_corpus_has_a_credential_of_every_catalogue_kind)
{
    for (int k = TP_SECRET_NONE + 1; k < TP_SECRET_KIND_COUNT; k++) {
        const char *name = tp_secret_kind_name((tp_secret_kind)k);
        if (!catalogue_kind(name))
            continue;
        bool found = false;
        for (size_t r = 0; r < nrows && !found; r++)
            found = strcmp(rows[r].kind, name) == 0;
        cr_expect(found, "no credential of kind %s in the corpus manifest", name);
    }
}

Test(secret_scan, every_catalogue_credential_is_one_whole_value)
{
    for (size_t r = 0; r < nrows; r++) {
        if (strcmp(rows[r].position, "anywhere") != 0)
            continue;
        const char *s = rows[r].secret;
        tp_secret_kind kind = tp_secret_whole(s, strlen(s));
        cr_expect_str_eq(tp_secret_kind_name(kind) ? tp_secret_kind_name(kind) : "(none)",
                         rows[r].kind, "%s", s);
        cr_expect(tp_redact_looks_secret(s, strlen(s)), "%s", s);
    }
}

/* Where a report can put a credential: alone, around other words, after `:` `@` `=`, quoted,
 * in JSON text, across lines, after Bearer, as a URL parameter, password or user. */
static const char *const positions[] = {
    "{}",
    "{} (rotated)",
    "CI key {}",
    "old {} new",
    "label:{}",
    "label: {}",
    "ci@{}",
    "x={}",
    "'{}'",
    "\"{}\"",
    "({})",
    "[{}]",
    "<{}>",
    "{\"label\": \"{}\", \"n\": 1}",
    "line one\n{}\nline three",
    "Bearer {}",
    "Authorization: Bearer {}",
    "token={}",
    "key: {}",
    "https://api.example.com/v1?page=2&key={}&sort=asc",
    "git push https://oauth2:{}@github.com/acme/app.git",
    "https://{}@github.com/acme/app.git",
};

static bool fits(const char *tmpl, const char *secret)
{
    /* A PEM block has spaces and line breaks: it cannot be part of a URL. */
    return !(strstr(tmpl, "://") && strpbrk(secret, " \n"));
}

Test(secret_scan, every_catalogue_credential_is_masked_in_every_position)
{
    for (size_t r = 0; r < nrows; r++) {
        if (strcmp(rows[r].position, "anywhere") != 0)
            continue;
        for (size_t p = 0; p < sizeof positions / sizeof positions[0]; p++) {
            if (!fits(positions[p], rows[r].secret))
                continue;
            char *text = fill(positions[p], rows[r].secret);
            expect_masked(text, rows[r].secret, rows[r].kind);
            free(text);
        }
    }
}

static const char *const surroundings[] = {"{}", "see {} now", "{\"note\": \"{}\"}", "a\n{}\nb"};

Test(secret_scan, credentials_known_by_their_context_are_masked)
{
    for (size_t r = 0; r < nrows; r++) {
        if (strcmp(rows[r].position, "anywhere") == 0 ||
            strncmp(rows[r].position, "field:", 6) == 0)
            continue;
        char *inner = fill(rows[r].position, rows[r].secret);
        for (size_t p = 0; p < sizeof surroundings / sizeof surroundings[0]; p++) {
            char *text = fill(surroundings[p], inner);
            expect_masked(text, rows[r].secret, rows[r].kind);
            free(text);
        }
        free(inner);
    }
}

Test(secret_scan, values_under_credential_names_are_credentials)
{
    for (size_t r = 0; r < nrows; r++) {
        if (strncmp(rows[r].position, "field:", 6) != 0)
            continue;
        const char *name = rows[r].position + 6;
        size_t nlen = strcspn(name, "=");
        cr_expect(tp_secret_field(name, nlen, rows[r].secret, strlen(rows[r].secret)), "%s",
                  rows[r].position);
        cr_expect(tp_redact_field(name, nlen, rows[r].secret, strlen(rows[r].secret)));
        /* The same pair written as JSON text or as a parameter. */
        char text[4096];
        snprintf(text, sizeof text, "{\"%.*s\": \"%s\", \"id\": \"t1\"}", (int)nlen, name,
                 rows[r].secret);
        expect_masked(text, rows[r].secret, "redacted");
        snprintf(text, sizeof text, "%.*s: %s", (int)nlen, name, rows[r].secret);
        expect_masked(text, rows[r].secret, "redacted");
    }
}

/* Identifiers a report is full of, and near misses of the catalogue: none is touched. */
static const char *const look_alikes[] = {
    "LOK004",
    "gh.pat-expiry",
    "rule GL-EXPIRY failed for token lok-1",
    "123e4567-e89b-12d3-a456-426614174000",
    "2026-11-27T09:00:00Z",
    "@2026-01-31T14:00:00+02:00 and 12:30:00",
    "maria@acme.example, ci-bot@acme.example",
    "ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz012345678", /* 35 after the prefix */
    "glpat-AbCdEfGhIjKlMnOpQrS",               /* 19 */
    "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv",  /* 34 */
    "xoxb-12345",
    "sk_live_short and pk_live_51Habcdefghijklmnopqrstuvwxyz0123456789",
    "npm_abcdefghijklmnopqrstuvwxyz012345678", /* 35 */
    "pypi-AgEIcHlwaS5vcmc",
    "ya29.short and {\"sig\": \"v1\"}", /* 5 after the prefix; a signature's version, not opaque */
    "docker run -v $PWD:/src -w /src node:20 npm test", /* a shell variable, not `PWD: value` */
    "AKIAIOSFODNN7EXAMPL and AKIAIOSFODNN7EXAMPLES",
    "eyJhbGciOiJIUzI1NiJ9 alone",
    "0123456789abcdef0123456789abcdef0123456",   /* 39 hex */
    "0123456789abcdef0123456789abcdef012345678", /* 41 hex */
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    ("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC "
     "KEY-----"),
    "-----BEGIN CERTIFICATE-----",
    "ssh://git@github.com/acme/app.git and https://github.com/acme/app.git",
    "https://maria@acme.example/ and https://host:8080/path",
    "Basic Authentication is off; Bearer token-based auth; Bearer tokens",
    "token: lok-1 belongs to team owner",
    "token=lok-1, key=primary, value=5",
    "t.password == \"\" and a >= b and x::y and a != b",
    "a ReleasePipelineForTheIosAppInProductionX label",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmn",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "fix: Create a restricted user for CI. at builtin:lokalise.tpol:47:1",
    "token lok-4 carries a secret value in field secret (the value is not shown)",
    "credential_id: 12345678901234567890, token_last_eight: 1a2b3c4d",
    "[redacted] [github-token sha256:1a2b3c4d] [url-password] [bearer-token]",
    /* flags, names and percent-encoded parameters that hold no credential */
    "tokpol check -p policy.tpol --param max_age=90",
    "--password --verbose and --password-file /etc/pw and --token lok-1",
    "x--password y, ---password z, --password",
    "bypass=1 compass=north pin_count=3 pinned=true cookie_name=sid",
    "a%3Db 50%3D100 %3Dx title%3Dhello",
    "auth0=acme oauth2=on",
    /* a Google Cloud key's id, in its resource name: an identifier the finding must show */
    "projects/p/serviceAccounts/ci@p.iam.gserviceaccount.com/keys/"
    "995390052e4a93c3343a82024b99e9eccc2bde0e",
};

Test(secret_scan, look_alikes_are_left_alone)
{
    for (size_t i = 0; i < sizeof look_alikes / sizeof look_alikes[0]; i++) {
        size_t count = 0;
        char *out = masked(look_alikes[i], &count);
        cr_expect_str_eq(out, look_alikes[i]);
        cr_expect_eq(count, 0);
        free(out);
        cr_expect_not(tp_secret_contains(look_alikes[i], strlen(look_alikes[i])), "%s",
                      look_alikes[i]);
    }
}

Test(secret_scan, masks_tell_credentials_apart_but_not_passwords)
{
    char *a = masked("ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789", NULL);
    char *b = masked("ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456780", NULL);
    char *a2 = masked("again ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789", NULL);
    cr_expect(strncmp(a, "[github-token sha256:", 21) == 0 && strlen(a) == 30, "%s", a);
    cr_expect_str_neq(a, b);
    cr_expect_str_eq(a2 + 6, a, "the same token, the same mask");
    char *p = masked("https://deploy:hunter2@git.acme.example/app.git", NULL);
    cr_expect_str_eq(p, "https://deploy:[url-password]@git.acme.example/app.git");
    char *q = masked("password=hunter2&user=bob", NULL);
    cr_expect_str_eq(q, "password=[redacted]&user=bob");
    free(a), free(b), free(a2), free(p), free(q);
}

/* Before 2026-12-01 a value under a credential name was masked `[redacted sha256:f52fbd32]`: 32
 * bits of the SHA-256 of `hunter2`. Text that still holds such a mask (a baseline report, a
 * policy's waiver naming a subject) is masked again without it; a provider's token keeps its. */
Test(secret_scan, a_hash_on_a_mask_that_has_none_is_masked_away)
{
    const char *text = "a [redacted sha256:f52fbd32] b https://ci:[url-password sha256:0a1b2c3d]@h "
                       "[github-token sha256:1a2b3c4d]";
    size_t count = 0;
    char *out = masked(text, &count);
    cr_expect_str_eq(out,
                     "a [redacted] b https://ci:[url-password]@h [github-token sha256:1a2b3c4d]");
    cr_expect_eq(count, 2);
    cr_expect(tp_secret_contains(text, strlen(text)));
    char *again = masked(out, &count);
    cr_expect_str_eq(again, out, "masking twice is masking once");
    cr_expect_eq(count, 0);
    char cut[16];
    tp_redact_copy(cut, sizeof cut, text, strlen(text));
    cr_expect_str_eq(cut, "a [redacted] b ");
    free(out), free(again);
}

Test(secret_scan, the_text_around_a_credential_stays)
{
    char *out = masked("git push https://oauth2:ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789"
                       "@github.com/acme/app.git",
                       NULL);
    cr_expect(strncmp(out, "git push https://oauth2:[github-token sha256:", 45) == 0, "%s", out);
    cr_expect(strstr(out, "]@github.com/acme/app.git") != NULL, "%s", out);
    free(out);
    out = masked("Authorization: Basic dXNlcjpwYXNzd29yZA== from ci", NULL);
    cr_expect_str_eq(out, "Authorization: Basic [bearer-token]");
    free(out);
    out = masked("https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX ok", NULL);
    cr_expect(strncmp(out, "https://hooks.slack.com/services/[slack-webhook sha256:", 55) == 0,
              "%s", out);
    cr_expect(strstr(out, "] ok") != NULL, "%s", out);
    free(out);
}

Test(secret_scan, values_of_any_shape_under_credential_names_in_json_text)
{
    char *out = masked("{\"secret\": [\"a1\", {\"b\": 2}], \"credentials\": {\"pat\": \"x\"}, "
                       "\"pin_count\": 3, \"pin\": 1234, \"password\": 987654, \"id\": \"t1\"}",
                       NULL);
    cr_expect_str_eq(out, "{\"secret\": [redacted], \"credentials\": [redacted], \"pin_count\": 3, "
                          "\"pin\": [redacted], \"password\": [redacted], \"id\": \"t1\"}");
    free(out);
}

/* Each text masked as the second of its pair shows. */
static void expect_masked_as(const char *const (*pairs)[2], size_t count)
{
    for (size_t i = 0; i < count; i++) {
        char *out = masked(pairs[i][0], NULL);
        cr_expect_str_eq(out, pairs[i][1], "%s", pairs[i][0]);
        free(out);
    }
}

/* A flag and its value, a Cookie header, parameters percent-encoded in a URL, names with a
 * number or a word after the credential word; and a quoted name before its value, which tokpol's
 * own messages no longer write (`unknown field 'secret' (…)`), is still a name and its value. */
Test(secret_scan, names_and_their_values_in_text)
{
    static const char *const cases[][2] = {
        {"'secret': hunter2", "'secret': [redacted]"},
        {"{'password': 'hunter2'}", "{'password': '[redacted]'}"},
        {"mysqldump --password hunter2 app", "mysqldump --password [redacted] app"},
        {"deploy --db-pass 'a b c' now", "deploy --db-pass '[redacted]' now"},
        {"pass=hunter2 ./deploy.sh", "pass=[redacted] ./deploy.sh"},
        {"DB_PASSWORD_OLD=hunter2 PIN=1234", "DB_PASSWORD_OLD=[redacted] PIN=[redacted]"},
        {"Cookie: theme=dark; session=abc123; lang=en", "Cookie: [redacted]"},
        {"{\"Set-Cookie\": \"id=a3fWa; Path=/\"}", "{\"Set-Cookie\": \"[redacted]\"}"},
        {"/login?next=%2Fapp%3Fuser%3Dci%26password%3Dhunter2%26x%3D1",
         "/login?next=%2Fapp%3Fuser%3Dci%26password%3D[redacted]%26x%3D1"},
        {"?u=https%3A%2F%2Fa.example%2Fb%3Fsp%3Dr%26sig%3Dabc%252Bdef",
         "?u=https%3A%2F%2Fa.example%2Fb%3Fsp%3Dr%26sig%3D[redacted]"},
    };
    expect_masked_as(cases, sizeof cases / sizeof cases[0]);
}

Test(secret_scan, an_aws_secret_key_without_a_digit_needs_its_key_id)
{
    const char *key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";  /* has a 7 */
    const char *bare = "wJalrXUtnFEMIxKxMDENGxbPxRfiCYEXAMPLEKEY"; /* letters only */
    char text[256];
    snprintf(text, sizeof text, "key %s here", key);
    expect_masked(text, key, "aws-secret-key");
    snprintf(text, sizeof text, "key %s here", bare);
    char *out = masked(text, NULL);
    cr_expect_str_eq(out, text, "alone, mixed-case letters are not enough");
    free(out);
    snprintf(text, sizeof text, "AKIAIOSFODNN7EXAMPLE / %s", bare);
    expect_masked(text, bare, "aws-secret-key");
    cr_expect_eq(tp_secret_whole(bare, strlen(bare)), TP_SECRET_AWS_SECRET_KEY, "a whole value");
}

Test(secret_scan, spans_come_in_order_and_point_at_the_secret)
{
    const char *text = "a=1 https://u:ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789@h/x "
                       "token=[redacted] Bearer abcDEF123456ghiJKL789 AKIAIOSFODNN7EXAMPLE";
    tp_secret_scan sc;
    tp_secret_span sp;
    tp_secret_scan_init(&sc, text, strlen(text));
    const char *want[][2] = {{"github-token", "ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789"},
                             {"bearer-token", "abcDEF123456ghiJKL789"},
                             {"aws-access-key-id", "AKIAIOSFODNN7EXAMPLE"}};
    size_t k = 0, last_end = 0;
    while (tp_secret_scan_next(&sc, &sp)) {
        cr_assert_lt(k, 3, "an extra span at %zu", sp.start);
        cr_expect_geq(sp.start, last_end);
        cr_expect_str_eq(tp_secret_kind_name(sp.kind), want[k][0]);
        cr_expect_eq(sp.len, strlen(want[k][1]));
        cr_expect(strncmp(text + sp.start, want[k][1], sp.len) == 0);
        last_end = sp.start + sp.len;
        k++;
    }
    cr_expect_eq(k, 3);
}

Test(secret_scan, a_private_key_is_masked_to_its_end_line_or_to_the_end)
{
    char *out = masked("k: -----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIBbLa\\n"
                       "-----END EC PRIVATE KEY-----\\n tail",
                       NULL);
    cr_expect(strstr(out, "[private-key sha256:") && strstr(out, "]\\n tail"), "%s", out);
    free(out);
    out = masked("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\ncut here", NULL);
    cr_expect(strncmp(out, "[private-key sha256:", 20) == 0 && strlen(out) == 29, "%s", out);
    free(out);
}

Test(secret_scan, field_names)
{
    static const struct {
        const char *name;
        tp_secret_name cls;
    } names[] = {
        {"password", TP_SECRET_NAME_ALWAYS},
        {"db_password", TP_SECRET_NAME_ALWAYS},
        {"PGPASSWORD", TP_SECRET_NAME_ALWAYS},
        {"dbpasswd", TP_SECRET_NAME_ALWAYS},
        {"Passwd", TP_SECRET_NAME_ALWAYS},
        {"clientSecret", TP_SECRET_NAME_ALWAYS},
        {"CLIENT-SECRET", TP_SECRET_NAME_ALWAYS},
        {"client_secret", TP_SECRET_NAME_ALWAYS},
        {"secret", TP_SECRET_NAME_ALWAYS},
        {"secrets", TP_SECRET_NAME_ALWAYS},
        {"api_key", TP_SECRET_NAME_ALWAYS},
        {"apiKey", TP_SECRET_NAME_ALWAYS},
        {"APIKey", TP_SECRET_NAME_ALWAYS},
        {"X-Api-Key", TP_SECRET_NAME_ALWAYS},
        {"AWS_SECRET_ACCESS_KEY", TP_SECRET_NAME_ALWAYS},
        {"private_key", TP_SECRET_NAME_ALWAYS},
        {"access_token", TP_SECRET_NAME_ALWAYS},
        {"refreshToken", TP_SECRET_NAME_ALWAYS},
        {"PRIVATE-TOKEN", TP_SECRET_NAME_ALWAYS},
        {"token_value", TP_SECRET_NAME_ALWAYS},
        {"credentials", TP_SECRET_NAME_ALWAYS},
        {"credential", TP_SECRET_NAME_ALWAYS},
        {"auth", TP_SECRET_NAME_ALWAYS},
        {"basic_auth", TP_SECRET_NAME_ALWAYS},
        {"Authorization", TP_SECRET_NAME_ALWAYS},
        {"pat", TP_SECRET_NAME_ALWAYS},
        {"GITHUB_PAT", TP_SECRET_NAME_ALWAYS},
        {"keyString", TP_SECRET_NAME_ALWAYS},
        {"--password", TP_SECRET_NAME_ALWAYS},
        {"MYSQL_PWD", TP_SECRET_NAME_ALWAYS},
        {"Pwd", TP_SECRET_NAME_ALWAYS},
        {"DbPwd", TP_SECRET_NAME_ALWAYS},
        /* words of their own, not glued to the word before them */
        {"pass", TP_SECRET_NAME_ALWAYS},
        {"DB_PASS", TP_SECRET_NAME_ALWAYS},
        {"userPass", TP_SECRET_NAME_ALWAYS},
        {"--pass", TP_SECRET_NAME_ALWAYS},
        {"passcode", TP_SECRET_NAME_ALWAYS},
        {"pin", TP_SECRET_NAME_ALWAYS},
        {"PIN", TP_SECRET_NAME_ALWAYS},
        {"user_pin", TP_SECRET_NAME_ALWAYS},
        {"pinCode", TP_SECRET_NAME_ALWAYS},
        {"pin_code", TP_SECRET_NAME_ALWAYS},
        {"cookie", TP_SECRET_NAME_ALWAYS},
        {"Set-Cookie", TP_SECRET_NAME_ALWAYS},
        {"session_cookie", TP_SECRET_NAME_ALWAYS},
        {"cookies", TP_SECRET_NAME_ALWAYS},
        {"client_assertion", TP_SECRET_NAME_ALWAYS},
        {"clientAssertion", TP_SECRET_NAME_ALWAYS},
        /* a second credential: numbered, or another value of the same one */
        {"password2", TP_SECRET_NAME_ALWAYS},
        {"password_2", TP_SECRET_NAME_ALWAYS},
        {"PIN_1", TP_SECRET_NAME_ALWAYS},
        {"db_password_old", TP_SECRET_NAME_ALWAYS},
        {"dbPasswordOld", TP_SECRET_NAME_ALWAYS},
        {"DB_PASSWORD_OLD", TP_SECRET_NAME_ALWAYS},
        {"password2_old", TP_SECRET_NAME_ALWAYS},
        {"password_confirmation", TP_SECRET_NAME_ALWAYS},
        {"secret_next", TP_SECRET_NAME_ALWAYS},
        {"api_key_backup", TP_SECRET_NAME_ALWAYS},
        {"token_2", TP_SECRET_NAME_IF_OPAQUE},
        {"token_old", TP_SECRET_NAME_IF_OPAQUE},
        {"sig", TP_SECRET_NAME_IF_OPAQUE},
        {"HmacSig", TP_SECRET_NAME_IF_OPAQUE},
        {"token", TP_SECRET_NAME_IF_OPAQUE},
        {"ci_token", TP_SECRET_NAME_IF_OPAQUE},
        {"continuationToken", TP_SECRET_NAME_IF_OPAQUE},
        {"key", TP_SECRET_NAME_IF_OPAQUE},
        {"value", TP_SECRET_NAME_IF_OPAQUE},
        {"tokens", TP_SECRET_NAME_PLAIN},
        {"keys", TP_SECRET_NAME_PLAIN},
        {"token_id", TP_SECRET_NAME_PLAIN},
        {"token_last_eight", TP_SECRET_NAME_PLAIN},
        {"credential_id", TP_SECRET_NAME_PLAIN},
        {"authorized_credential_id", TP_SECRET_NAME_PLAIN},
        {"AccessKeyId", TP_SECRET_NAME_PLAIN},
        {"authorizationId", TP_SECRET_NAME_PLAIN},
        {"password_hash", TP_SECRET_NAME_PLAIN},
        {"oauth", TP_SECRET_NAME_PLAIN},
        {"path", TP_SECRET_NAME_PLAIN},
        {"patTokens", TP_SECRET_NAME_PLAIN},
        {"monkey", TP_SECRET_NAME_PLAIN},
        {"keyType", TP_SECRET_NAME_PLAIN},
        {"id", TP_SECRET_NAME_PLAIN},
        {"label", TP_SECRET_NAME_PLAIN},
        {"secret_name", TP_SECRET_NAME_PLAIN},
        {"OLDPWD", TP_SECRET_NAME_PLAIN},
        {"pwd_hash", TP_SECRET_NAME_PLAIN},
        {"signature", TP_SECRET_NAME_PLAIN},
        {"sig_version", TP_SECRET_NAME_PLAIN},
        {"bypass", TP_SECRET_NAME_PLAIN},
        {"compass", TP_SECRET_NAME_PLAIN},
        {"passenger", TP_SECRET_NAME_PLAIN},
        {"passed", TP_SECRET_NAME_PLAIN},
        {"pass_count", TP_SECRET_NAME_PLAIN},
        {"pinned", TP_SECRET_NAME_PLAIN},
        {"spin", TP_SECRET_NAME_PLAIN},
        {"pin_count", TP_SECRET_NAME_PLAIN},
        {"pins", TP_SECRET_NAME_PLAIN},
        {"keyboard", TP_SECRET_NAME_PLAIN},
        {"cookie_name", TP_SECRET_NAME_PLAIN},
        {"private_key_id", TP_SECRET_NAME_PLAIN},
        {"client_assertion_type", TP_SECRET_NAME_PLAIN},
        {"auth0", TP_SECRET_NAME_PLAIN},
        {"oauth2", TP_SECRET_NAME_PLAIN},
        {"password_hash2", TP_SECRET_NAME_PLAIN},
        {"secret_name_old", TP_SECRET_NAME_PLAIN},
        {"passwordold", TP_SECRET_NAME_PLAIN},
        {"value2", TP_SECRET_NAME_PLAIN},
        {"old", TP_SECRET_NAME_PLAIN},
        {"sha256", TP_SECRET_NAME_PLAIN},
        {"", TP_SECRET_NAME_PLAIN},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        cr_expect_eq(tp_secret_name_class(names[i].name, strlen(names[i].name)), names[i].cls, "%s",
                     names[i].name);
}

Test(secret_scan, ambiguous_names_hold_credentials_only_when_opaque)
{
    cr_expect_not(tp_redact_field("token", 5, "lok-1", 5));
    cr_expect(tp_redact_field("token", 5, "2f1e0c9b8a7d6e5f4a3b", 20));
    cr_expect_not(tp_redact_field("value", 5, "a sentence with spaces in it", 28));
    cr_expect(tp_redact_field("clientSecret", 12, "x", 1));
    cr_expect_not(tp_redact_field("credential_id", 13, "12345678901234567890", 20));
}

/* Inputs built to make a naive scanner go back and forth: each must simply finish. */
Test(secret_scan, pathological_inputs_finish)
{
    static const char *const units[] = {"a=",      "password=", "eyJ",         "eyJaaaaaaaaaa.",
                                        "://",     "x://a:",    "-----BEGIN ", "[redacted",
                                        "Bearer ", "ghp_",      "@",           "\"k\":",
                                        "--pass ", "--pass x ", "a%3D",        "%26sig%3D"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t ul = strlen(units[u]), n = 200000 / ul;
        char *text = malloc(n * ul + 1);
        for (size_t i = 0; i < n; i++)
            memcpy(text + i * ul, units[u], ul);
        text[n * ul] = '\0';
        tp_strbuf sb;
        tp_strbuf_init(&sb, &mem);
        tp_secret_mask(&sb, text, n * ul);
        cr_expect_not(sb.failed);
        tp_strbuf_free(&sb);
        free(text);
    }
}
