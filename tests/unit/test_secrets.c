/* Secrets never leave: an inventory full of credentials, rendered in every format, through every
 * way a policy can show a value, must not print one byte sequence of any of them. */
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "helpers.h"

static const char *const secrets[] = {
    "0123456789abcdef0123456789abcdef01234567", /* Lokalise API token (40 hex) */
    "ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789", /* GitHub classic */
    "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
    "glpat-AbCdEfGhIjKlMnOpQrSt",                                    /* GitLab */
    "xoxb-1234567890-0987654321-AbCdEfGhIjKl",                       /* Slack */
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",                      /* AWS secret access key */
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl", /* JWT */
    "hunter2-but-longer",    /* only its field name says secret */
    "correct horse battery", /* a password with spaces */
};

static const char policy[] =
    "rule S1 { severity critical for t in tokens deny true\n"
    "  message \"{t.id} {t.label} {t.owner} {t.secret} {t.password} {t.token} {t.value} "
    "{t.nested}\" }\n"
    "rule S2 { for t in tokens subject t.label deny true\n"
    "  message \"{t} {join(values(t), \", \")} {lower(t.secret)} {string(t.password)} {t.list}\" "
    "}\n"
    "rule S3 { for t in tokens deny true message \"{keys(t)} {[t.api_key, t.private_key]}\" }\n"
    "rule S4 { for t in tokens require t.id == 1 }\n"
    "waive S4 { subjects [\"nothing\"] reason \"none\" expires @2030-01-01 }\n";

static char *inventory(void)
{
    char *json = malloc(8192);
    snprintf(
        json, 8192,
        "{\"tokens\": [{\"id\": \"%s\", \"label\": \"%s\", \"owner\": \"%s\", \"secret\": \"%s\","
        " \"password\": \"%s\", \"token\": \"%s\", \"value\": \"%s\", \"api_key\": \"%s\","
        " \"private_key\": \"%s\", \"nested\": {\"client_secret\": \"%s\"}, \"list\": [\"%s\"]}]}",
        secrets[0], secrets[1], secrets[4], secrets[7], secrets[8], secrets[3], secrets[2],
        secrets[5], secrets[6], secrets[7], secrets[2]);
    return json;
}

Test(secrets, no_format_prints_a_secret)
{
    tp_plan *p = compile_src(policy, NULL);
    char *json = inventory();
    tp_result *r = eval_json(p, json, NULL);
    cr_assert_gt(tp_result_finding_count(r), 3);
    for (int f = TP_FORMAT_TEXT; f <= TP_FORMAT_HTML; f++) {
        size_t needed = 0;
        tp_report_render(NULL, 0, &needed, r, (tp_format)f, NULL);
        char *out = malloc(needed);
        cr_assert_eq(tp_report_render(out, needed, NULL, r, (tp_format)f, NULL), 0);
        /* Markdown escapes the brackets of what would read as a link. */
        const char *mask = f == TP_FORMAT_MARKDOWN ? "\\[redacted\\]" : "[redacted]";
        cr_expect(strstr(out, mask) != NULL, "format %d shows redactions", f);
        for (size_t s = 0; s < sizeof secrets / sizeof secrets[0]; s++) {
            /* Nor 32 bits of its SHA-256, with which a guess could be confirmed, unless a
             * provider issued it (its mask names its kind: 120 bits of randomness or more). */
            char hex[9];
            tp_sha256_hex(secrets[s], strlen(secrets[s]), 4, hex);
            char unnamed[40];
            snprintf(unnamed, sizeof unnamed, "[redacted sha256:%s]", hex);
            cr_expect_null(strstr(out, unnamed), "format %d shows %s for secret %zu", f, unnamed,
                           s);
            /* Not the secret, nor any 12-byte piece of it. */
            size_t len = strlen(secrets[s]);
            for (size_t i = 0; i + 12 <= len; i++) {
                char piece[13];
                memcpy(piece, secrets[s] + i, 12);
                piece[12] = '\0';
                if (strstr(out, piece)) {
                    cr_expect_fail("format %d leaks '%s' of secret %zu", f, piece, s);
                    break;
                }
            }
        }
        free(out);
    }
    tp_result_free(r);
    tp_plan_free(p);
    free(json);
}

Test(secrets, diagnostics_mask_credentials_in_policy_lines)
{
    tp_compiler *c = NULL;
    compile_status("rule A { require t.token == \"ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789\" = }\n",
                   &c);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    tp_compiler_write_diags(c, f, 0);
    fclose(f);
    cr_expect_null(strstr(out, "Ab3dEfGhIjKl"), "%s", out);
    const char *line = strstr(out, "    1 | rule A { require t.token == \"[github-token sha256:");
    cr_assert_not_null(line, "the line shows the credential's mask: %s", out);
    /* The caret points at the '=' after the mask, where the error is. */
    const char *eq = strstr(line, "\" = }");
    const char *carets = strchr(line, '\n');
    cr_assert(eq && carets, "%s", out);
    const char *caret = strchr(carets + 1, '^');
    cr_assert_not_null(caret, "%s", out);
    cr_expect_eq(caret - (carets + 1), eq + 2 - line, "%s", out);
    free(out);
    tp_compiler_free(c);
}

/* A credential written unquoted in a policy is split by the lexer (at '-', '.', '/', and where a
 * '-' before a digit starts a malformed duration), and a message quoting one piece quotes what
 * the scanner no longer knows alone: it shows the credential's mask, as the quoted line does. */
Test(secrets, diagnostics_mask_a_piece_of_an_unquoted_credential)
{
    static const char schema[] = "pack k { schema \"tokpol/v1\" }\n";
    static const struct {
        const char *pre, *credential, *post; /* the line: pre, credential, post */
        const char *piece;                   /* the lexeme the message quotes */
        const char *mask;                    /* NULL: the credential's own mask */
        const char *message;                 /* %s: the mask */
    } cases[] = {
        {"rule A { for t in tokens deny t.x == ", "ya29.a0AfB_x-9K7abcdefghijklmnopqrstuvwxyzAB",
         " }", "9K7abcdefghijklmnopqrstuvwxyzAB", NULL,
         "malformed duration '%s': write a number and a unit w, d, h, m or s, like 90d"},
        {"rule A { for t in tokens deny t.x == ", "glpat-AbCdEfGh-9IjKlMnOpQrSt", " }",
         "9IjKlMnOpQrSt", NULL,
         "malformed duration '%s': write a number and a unit w, d, h, m or s, like 90d"},
        /* the lexer cuts what it quotes to 40 bytes, and 40 of these 52 are no PAT */
        {"rule A { for t in tokens deny t.x == ",
         "7abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs", " }",
         "7abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs", NULL,
         "malformed duration '%s': write a number and a unit w, d, h, m or s, like 90d"},
        /* the parser cuts too: 29 bytes after github_pat_ are no token */
        {"rule A { for t in tokens deny (t.id == 1 ",
         "github_pat_11ABCDEFG0123456789abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ",
         ") }", "github_pat_", NULL, "unexpected identifier '%s'"},
        {"rule A { for t in tokens deny (t.id == Bearer ", "jqdzteW744tOiHMJyIWs4rrtwNxSsE0r",
         ") }", "jqdzteW744tOiHMJyIWs4rrtwNxSsE0r", "[bearer-token]", "unexpected identifier '%s'"},
        /* the checker */
        {"rule A { for t in tokens deny t.id == ", "xoxb-1234567890-0987654321-AbCdEfGhIjKl", " }",
         "AbCdEfGhIjKl", NULL, "unknown name '%s' (the input schema has no such field)"},
        {"rule A { for t in tokens deny t.id == ", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", " }",
         "wJalrXUtnFEMI", NULL, "unknown name '%s' (the input schema has no such field)"},
        {"rule A { for t in tokens deny t.id == ", "xoxb-1234567890-0987654321-AbCdEfGhIjKl",
         "(1) }", "AbCdEfGhIjKl", NULL, "unknown function '%s'"},
        {"rule A { for t in tokens deny t.id == t.", "ya29.a0AfB_xyzabcdefghijklmnopqrstuvw", " }",
         "ya29", NULL,
         "unknown field '%s' (the schema #/properties/tokens/items has no such field)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char src[512], mask[64], message[256];
        int n = snprintf(src, sizeof src, "%s%s%s%s\n", schema, cases[i].pre, cases[i].credential,
                         cases[i].post);
        cr_assert_lt((size_t)n, sizeof src);
        if (cases[i].mask)
            snprintf(mask, sizeof mask, "%s", cases[i].mask);
        else
            cr_assert_lt(tp_redact(mask, sizeof mask, cases[i].credential), sizeof mask);
        cr_assert_eq(mask[0], '[', "%s is a credential", cases[i].credential);
        snprintf(message, sizeof message, cases[i].message, mask);
        const char *line = src + strlen(schema);
        unsigned col = (unsigned)(strstr(line, cases[i].piece) - line) + 1;
        assert_diag(src, 2, col, message);
    }
}

/* What a message quotes that is no part of a credential stays as it is, also on a line that
 * holds one. */
Test(secrets, diagnostics_quote_other_lexemes_as_written)
{
    assert_diag("rule A { for t in tokens deny t.x == \"ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789\" "
                "or t.y == 9x }\n",
                1, 91,
                "malformed duration '9x': write a number and a unit w, d, h, m or s, like 90d");
    assert_diag("pack k { schema \"tokpol/v1\" }\n"
                "rule A { for t in tokens deny t.id == \"glpat-AbCdEfGhIjKlMnOpQrSt\" or nope }\n",
                2, 71, "unknown name 'nope' (the input schema has no such field)");
    /* a field or a name that reads like a credential's: the message holds no value of it */
    assert_diag("pack k { schema \"tokpol/v1\" }\n"
                "rule A { for t in tokens deny t.secret == \"glpat-AbCdEfGhIjKlMnOpQrSt\" }\n",
                2, 33,
                "unknown field 'secret' (the schema #/properties/tokens/items has no such "
                "field)");
    assert_diag("pack k { schema \"tokpol/v1\" }\nrule A { for p in password deny p == 1 }\n", 2,
                19, "unknown name 'password' (the input schema has no such field)");
    /* a piece before the credential on its line */
    assert_diag(
        "rule A { for t in tokens deny t.x == 9x and t.y == glpat-AbCdEfGh-9IjKlMnOpQrSt }\n", 1,
        38, "malformed duration '9x': write a number and a unit w, d, h, m or s, like 90d");
}

Test(secrets, every_value_under_a_credential_name_is_masked)
{
    tp_plan *p;
    tp_result *r = check_src(
        "rule A { for t in tokens deny true message \"{t.credentials} | {t.credentials.pat} | "
        "{t.credentials.pin} | {t.secret} | {t.secret[0]} | {t.secret[1].x} | "
        "{values(t.credentials)} | {t.label}\" }",
        "{\"tokens\": [{\"id\": \"a\", \"credentials\": {\"pat\": \"plain-words\", \"pin\": "
        "918273}, \"secret\": [\"hunter2\", {\"x\": \"swordfish\"}], \"label\": \"CI key "
        "ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789 (git push "
        "https://oauth2:s3cr3t-pa55@github.com/acme/app.git)\"}]}",
        &p);
    const char *msg = tp_result_finding(r, 0)->message;
    static const char *const hidden[] = {"plain-words", "918273",   "hunter2",
                                         "swordfish",   "Ab3dEfGh", "s3cr3t-pa55"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        cr_expect_null(strstr(msg, hidden[i]), "'%s' shows in %s", hidden[i], msg);
    /* Containers and numbers read "[redacted]"; a label keeps its words and names the kinds. */
    const char *masks = "[redacted] | [redacted] | [redacted] | [redacted] | [redacted] | "
                        "[redacted] | [redacted] | CI key [github-token sha256:";
    cr_expect(strncmp(msg, masks, strlen(masks)) == 0, "%s", msg);
    const char *hash = strstr(msg, "sha256:");
    cr_expect(hash && hash == strstr(msg, "[github-token sha256:") + 14 &&
                  !strstr(hash + 1, "sha256:"),
              "only the GitHub token's mask has a hash: %s", msg);
    cr_expect(strstr(msg, "CI key [github-token sha256:") != NULL, "%s", msg);
    cr_expect(strstr(msg, "https://oauth2:[url-password]@github.com/acme/app.git") != NULL, "%s",
              msg);
    tp_result_free(r);
    tp_plan_free(p);
}

/* Functions that change a credential's shape (case, pieces, captures) cannot unmask it: what
 * they make from a string holding one is masked whole. */
Test(secrets, transformed_credentials_stay_masked)
{
    tp_plan *p;
    tp_result *r = check_src(
        "rule A { for t in tokens deny true message \"{upper(t.label)} | {lower(t.env)} | "
        "{split(t.label, \"_\")} | {capture(t.label, \"ghp_(\\\\w+)\")} | "
        "{capture(t.url, \"://(.*)@\")} | {split(t.env, \".\")[1]} | {t.id}\" }",
        "{\"tokens\": [{\"id\": \"a\", \"label\": \"ci ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789\", "
        "\"env\": "
        "\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_"
        "XgL0n3I9PlFUP0THsR8U\", "
        "\"url\": \"https://deploy:SuperS3cretPassw0rd@git.acme.example/app.git\"}]}",
        &p);
    cr_assert_not_null(r);
    const char *msg = tp_result_finding(r, 0)->message;
    static const char *const hidden[] = {"AB3DEFGH", "Ab3dEfGh", "eyjhbgci", "eyJzdWIi",
                                         "SuperS3c", "dozjgNry", "eyjzdwii"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        cr_expect_null(strstr(msg, hidden[i]), "'%s' shows in %s", hidden[i], msg);
    cr_expect(strstr(msg, "| a") != NULL, "what holds no credential shows: %s", msg);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(secrets, tp_redact_masks_text_for_embedders)
{
    const char *text = "--param max_age=ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789 é";
    char buf[128];
    size_t n = tp_redact(buf, sizeof buf, text);
    cr_expect_eq(n, strlen(buf));
    cr_expect(strncmp(buf, "--param max_age=[github-token sha256:", 37) == 0, "%s", buf);
    cr_expect(strcmp(buf + n - 4, "] \xc3\xa9") == 0, "%s", buf);
    /* Cut to the buffer after masking, never inside a character; the length is the whole. */
    char small[40];
    cr_expect_eq(tp_redact(small, sizeof small, text), n);
    cr_expect_eq(strlen(small), sizeof small - 1);
    cr_expect_null(strstr(small, "Ab3d"));
    char tiny[n];
    tp_redact(tiny, n, text); /* one byte short: the 2-byte é does not fit */
    cr_expect_eq(strlen(tiny), n - 2, "%s", tiny);
    cr_expect_eq(tp_redact(NULL, 0, text), n);
}

/* What an embedder reads from a tp_finding is masked when the finding is recorded: a title and a
 * remediation the policy wrote with a token in them, a subject and a JSON pointer through a key
 * that is a credential (an AWS secret access key is only recognised as a key on its own). */
Test(secrets, finding_text_is_masked_for_embedders)
{
    tp_plan *p;
    tp_result *r = check_src(
        "let labels = [values(t.labels) for t in tokens]\n"
        "rule K { title \"leaked ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789\" for l in "
        "flatten(labels) deny true message \"label {l}\" remediation \"revoke "
        "ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789\" }",
        "{\"tokens\": [{\"id\": \"a\", \"labels\": {\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\": "
        "\"x\"}}]}",
        &p);
    cr_assert_eq(tp_result_finding_count(r), 1);
    const tp_finding *f = tp_result_finding(r, 0);
    const char *text[] = {f->title, f->subject, f->pointer, f->message, f->remediation};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        cr_expect_null(strstr(text[i], "Ab3dEfGh"), "%s", text[i]);
        cr_expect_null(strstr(text[i], "wJalrXUt"), "%s", text[i]);
    }
    cr_expect(strncmp(f->title, "leaked [github-token sha256:", 28) == 0, "%s", f->title);
    cr_expect(strncmp(f->pointer, "/tokens/0/labels/[aws-secret-key sha256:", 40) == 0, "%s",
              f->pointer);
    cr_expect_str_eq(f->subject, f->pointer);
    tp_result_free(r);
    tp_plan_free(p);
}

/* Keys that spell a credential only together: the pointer through them is read as one text, as
 * every report shows it, so no report (JSON and SARIF, which do not scan a finding again, least
 * of all) shows the password of a URL cut into keys, nor the token after a key `Authorization:
 * Bearer `. */
Test(secrets, pointer_keys_that_spell_a_credential_together)
{
    tp_plan *p;
    tp_result *r = check_src(
        "let urls = [c for a in values(routes) for b in values(a) for c in values(b)]\n"
        "let auth = [b for a in values(headers) for b in values(a)]\n"
        "rule U { for l in urls deny true message \"url\" }\n"
        "rule H { for l in auth deny true message \"header\" }",
        "{\"routes\": {\"https:\": {\"\": {\"deploy:Sup3rS3cretPass@git.example\": {\"r\": 1}}}},"
        " \"headers\": {\"Authorization: Bearer \": {\"Zq8vR2mX7pL4tN9kW3sB\": {\"r\": 1}}}}",
        &p);
    cr_assert_eq(tp_result_finding_count(r), 2);
    for (size_t i = 0; i < 2; i++) {
        const tp_finding *f = tp_result_finding(r, i);
        const char *expect = strcmp(f->rule, "U") == 0
                                 ? "/routes/https://deploy:[url-password]@git.example"
                                 : "/headers/Authorization: Bearer [bearer-token]";
        cr_expect_str_eq(f->pointer, expect);
        cr_expect_str_eq(f->subject, f->pointer);
    }
    tp_result_free(r);
    tp_plan_free(p);
}

/* An object the policy builds says what its values are as a document does: a value under
 * `password` is masked whether it is read by its name, shown with its object (a subject) or
 * kept as evidence. */
Test(secrets, policy_objects_mask_values_under_credential_names)
{
    tp_plan *p;
    tp_result *r = check_src("param pw = \"plain-looking-9\"\n"
                             "rule M { for p in [{\"password\": pw, \"name\": \"ci\"}]\n"
                             "  deny p.password != \"\" subject {\"password\": p.password}\n"
                             "  message \"{p.name} {p.password}\" }",
                             "{}", &p);
    cr_assert_eq(tp_result_finding_count(r), 1);
    const tp_finding *f = tp_result_finding(r, 0);
    cr_expect_str_eq(f->message, "ci [redacted]");
    /* Its place keeps it apart from another subject whose mask reads the same. */
    cr_expect_str_eq(f->subject, "{\"password\": \"[redacted]\"} at #0");
    cr_assert_eq(f->nevidence, 2); /* what the rule read: p.password, p.name */
    cr_expect_str_eq(f->evidence[0].name, "password");
    cr_expect_str_eq(f->evidence[0].value, "[redacted]");
    tp_result_free(r);
    tp_plan_free(p);
}

/* An evaluation error's text is cut to its buffer (400 bytes) after it is masked: a credential
 * the cut went through (here a key the policy names) would no longer have its shape. */
Test(secrets, evaluation_errors_are_masked_before_they_are_cut)
{
    static const char token[] = "ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789";
    for (int n = 300; n < 400; n++) {
        char var[400], src[1024];
        memset(var, 'v', (size_t)n);
        var[n] = '\0';
        snprintf(src, sizeof src, "rule E { for %s in tokens deny %s.labels[\"%s\"] == 1 }", var,
                 var, token);
        tp_plan *p;
        tp_result *r = check_src(src, "{\"tokens\": [{\"id\": \"a\", \"labels\": {}}]}", &p);
        cr_assert_eq(tp_result_finding_count(r), 1);
        const char *message = tp_result_finding(r, 0)->message;
        for (size_t i = 0; i + 8 <= strlen(token); i++) {
            char piece[9];
            memcpy(piece, token + i, 8);
            piece[8] = '\0';
            cr_assert_null(strstr(message, piece), "n=%d: %s", n, message);
        }
        tp_result_free(r);
        tp_plan_free(p);
    }
}

/* A waiver finding's message names the waiver's owner, however long: masked whole, never cut
 * first (it was cut at 768 bytes, through a credential at the end of a long owner). */
Test(secrets, waiver_findings_are_masked_before_any_cut)
{
    static const char token[] = "ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789";
    for (int n = 700; n < 780; n += 3) {
        char pad[800], src[1200];
        memset(pad, 'o', (size_t)n);
        pad[n] = '\0';
        snprintf(src, sizeof src,
                 "rule R { for t in tokens deny false }\n"
                 "waive R { subjects [\"x\"] reason \"r\" owner \"%s %s\" expires @2030-01-01 }",
                 pad, token);
        tp_plan *p;
        tp_result *r = check_src(src, "{\"tokens\": []}", &p);
        cr_assert_eq(tp_result_finding_count(r), 1);
        const char *message = tp_result_finding(r, 0)->message;
        cr_expect(strstr(message, "[github-token sha256:") != NULL, "n=%d: %s", n, message);
        cr_expect_null(strstr(message, "Ab3dEfGh"), "n=%d: %s", n, message);
        tp_result_free(r);
        tp_plan_free(p);
    }
}

/* No 8-character piece of a corpus credential in the fields docs/api.md promises masked. */
static void expect_fields_masked(const tp_result *r, const corpus_credential *creds, size_t n,
                                 const char *which)
{
    char piece[9];
    cr_assert_gt(tp_result_finding_count(r), 0, "%s", which);
    for (size_t i = 0; i < tp_result_finding_count(r); i++) {
        const tp_finding *f = tp_result_finding(r, i);
        const char *fields[4 + 2 * 16] = {f->title, f->subject, f->pointer, f->message};
        size_t nf = 4;
        if (f->remediation)
            fields[nf++] = f->remediation;
        for (size_t e = 0; e < f->nevidence && e < 16; e++)
            fields[nf++] = f->evidence[e].value;
        for (size_t k = 0; k < nf; k++)
            for (size_t c = 0; c < n; c++)
                cr_expect_null(corpus_piece_in(creds[c].secret, fields[k], piece),
                               "%s: %s of rule %s shows '%s' of a %s: %s", which,
                               k < 4 ? (const char *[]){"title", "subject", "pointer", "message"}[k]
                                     : "remediation or evidence",
                               f->rule, piece, creds[c].kind, fields[k]);
    }
}

/* What an embedder reads from a tp_finding, through the public API, over the leak corpus
 * (credentials in values, keys, titles, messages, waivers, policy-built objects, evaluation
 * errors): the masked fields hold no credential in a result, in a merge of two, and after
 * max_findings pruned them (the JSON and SARIF reports print these fields without scanning). */
Test(secrets, the_corpus_reaches_no_promised_finding_field)
{
    static corpus_credential creds[64];
    size_t n = corpus_credentials(creds, 64);
    static const char extra[] =
        "rule X.err1 { for t in tokens deny time(t.label) > @2020-01-01 message \"x\" }\n"
        "rule X.err2 { for t in tokens deny t.labels.nope == \"x\" message \"x\" }\n"
        "rule X.map { for t in tokens let m = {\"password\": t.label} deny true subject m "
        "message \"{m} {m.password}\" }\n";
    tp_compiler *c;
    tp_plan *plan;
    cr_assert_eq(tp_compiler_new(&c, NULL), 0);
    cr_assert_eq(tp_compiler_add_path(c, SOURCE_DIR "/tests/secrets/corpus/leak.tpol"), 0);
    cr_assert_eq(tp_compiler_add_waivers(c, SOURCE_DIR "/tests/secrets/corpus/waivers.tpol"), 0);
    cr_assert_eq(tp_compiler_add_source(c, "extra.tpol", extra, strlen(extra)), 0);
    cr_assert_eq(tp_compiler_compile(&plan, c), 0);
    tp_document *doc;
    cr_assert_eq(
        tp_document_load(&doc, SOURCE_DIR "/tests/secrets/corpus/inventory.json", NULL, NULL), 0);
    tp_eval_options eo = TP_EVAL_OPTIONS_INIT;
    eo.now_us = 1795770000LL * 1000000;              /* 2026-11-27 */
    eo.warn_expiring_us = 36500LL * 86400 * 1000000; /* every waiver is about to expire */
    tp_binding b = {NULL, doc};
    tp_result *one, *two;
    cr_assert_eq(tp_result_new(&one, NULL), 0);
    cr_assert_eq(tp_result_new(&two, NULL), 0);
    tp_evaluate(one, plan, "a", &b, 1, &eo);
    expect_fields_masked(one, creds, n, "one result");
    tp_evaluate(two, plan, "b", &b, 1, &eo);
    cr_assert_eq(tp_result_merge(one, two), 0);
    expect_fields_masked(one, creds, n, "merged");
    tp_result_options ro = TP_RESULT_OPTIONS_INIT;
    ro.max_findings = 40;
    tp_result *pruned;
    cr_assert_eq(tp_result_new(&pruned, &ro), 0);
    tp_evaluate(pruned, plan, "c", &b, 1, &eo);
    expect_fields_masked(pruned, creds, n, "pruned");
    tp_result_free(one);
    tp_result_free(two);
    tp_result_free(pruned);
    tp_document_free(doc);
    tp_plan_free(plan);
    tp_compiler_free(c);
}

/* A password as a subject reads "[redacted]" whoever it belongs to: its place keeps two apart, so
 * that a baseline entry for one cannot hide the other (fingerprints are of the subject). */
Test(secrets, subjects_masked_alike_are_told_apart_by_their_place)
{
    tp_plan *p;
    tp_result *r = check_src("rule P { for t in tokens subject t.password deny true }",
                             "{\"tokens\": [{\"password\": \"hunter2\"}, {\"password\": "
                             "\"swordfish\"}]}",
                             &p);
    cr_assert_eq(tp_result_finding_count(r), 2);
    const tp_finding *a = tp_result_finding(r, 0), *b = tp_result_finding(r, 1);
    cr_expect_str_eq(a->subject, "[redacted] at /tokens/0");
    cr_expect_str_eq(b->subject, "[redacted] at /tokens/1");
    cr_expect_str_neq(a->fingerprint, b->fingerprint);
    tp_result_free(r);
    /* A place alone would name whatever comes next at it: a new token where an old one was is
     * not the old one's baseline entry when the element has an id of its own. */
    char first[2][80];
    const char *inventories[] = {"{\"tokens\": [{\"id\": \"old\", \"password\": \"hunter2\"}]}",
                                 "{\"tokens\": [{\"id\": \"new\", \"password\": \"hunter2\"}]}"};
    for (int i = 0; i < 2; i++) {
        r = eval_json(p, inventories[i], NULL);
        cr_assert_eq(tp_result_finding_count(r), 1);
        snprintf(first[i], sizeof first[i], "%s", tp_result_finding(r, 0)->fingerprint);
        cr_expect_str_eq(tp_result_finding(r, 0)->subject,
                         i ? "[redacted] of new at /tokens/0" : "[redacted] of old at /tokens/0");
        tp_result_free(r);
    }
    cr_expect_str_neq(first[0], first[1]);
    tp_plan_free(p);
}
