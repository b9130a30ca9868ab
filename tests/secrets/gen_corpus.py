#!/usr/bin/env python3
"""Generates tests/secrets/corpus/: one fake credential of every kind of docs/credentials.md and
the files that place them in every position a credential can reach an output from.

The credentials are random bytes in each provider's documented shape, from a fixed seed, so the
corpus is the same on every run. Each one draws from a generator of its own, seeded with the seed
and the credential's key (seeded()), so adding, removing or changing a credential leaves every
other as it was. None is real; GitHub and npm checksums are not computed, so the providers' own
scanners do not take them for live tokens.

Usage: gen_corpus.py [OUTDIR]   (default: the corpus directory next to this script)
"""

import base64
import hashlib
import json
import os
import random
import string
import sys

SEED = 20261127
rng = None  # the generator of the credential being made: seeded() sets it
KEYS = set()
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "_-"
B64 = ALNUM + "+/"
UPPER_DIGIT = string.ascii_uppercase + "234567"
BASE32_LOWER = string.ascii_lowercase + "234567"


def seeded(key, make):
    """What make() returns, drawing from a generator seeded with SEED and `key`, one per value."""
    global rng
    assert key not in KEYS, f"two credentials seeded with {key!r}"
    KEYS.add(key)
    rng = random.Random(f"{SEED}/{key}")
    return make()


def pick(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def mixed(alphabet, n):
    """n characters of alphabet with upper case, lower case and a digit, as random keys have."""
    while True:
        s = pick(alphabet, n)
        if any(c.isupper() for c in s) and any(c.islower() for c in s) and any(c.isdigit() for c in s):
            return s


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def pem(label, first):
    body = base64.b64encode(first + bytes(rng.randrange(256) for _ in range(330))).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


def jwt(middle=""):
    """A signed JWT; `middle` is written in the middle of its signature."""
    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    payload = b64url(json.dumps({"sub": pick(ALNUM, 12), "iat": 1764230400}).encode())
    half = (43 - len(middle)) // 2
    return f"{header}.{payload}.{pick(URLSAFE, half)}{middle}{pick(URLSAFE, 43 - len(middle) - half)}"


def azure_new():
    s = pick(ALNUM, 52) + "JQQJ99" + pick(ALNUM, 18)
    return s + "AZDO" + pick(ALNUM, 4)


# (kind, secret): each is masked wherever it stands. `secret` is what must never be printed.
# A row is (kind, key, make): the key seeds the row's own generator (seeded()), so a new row needs
# a key of its own and changes no other row.
CATALOGUE = [(kind, seeded(key, make)) for kind, key, make in [
    ("github-token", "ghp", lambda: "ghp_" + pick(ALNUM, 36)),
    ("github-token", "github_pat", lambda: "github_pat_" + pick(ALNUM, 22) + "_" + pick(ALNUM, 59)),
    ("github-token", "ghs", lambda: "ghs_" + pick(ALNUM, 36)),
    ("gitlab-token", "glpat", lambda: "glpat-" + pick(URLSAFE, 20)),
    ("gitlab-token", "glrt", lambda: "glrt-" + pick(URLSAFE, 20)),
    ("gitlab-token", "GR1348941", lambda: "GR1348941" + pick(URLSAFE, 20)),
    ("slack-token", "xoxb", lambda: "xoxb-" + pick(string.digits, 12) + "-" + pick(string.digits, 13) + "-" + pick(ALNUM, 24)),
    ("slack-token", "xapp", lambda: "xapp-1-A0" + pick(UPPER_DIGIT, 9) + "-" + pick(string.digits, 13) + "-" + pick("0123456789abcdef", 64)),
    ("google-api-key", "AIza", lambda: "AIza" + pick(URLSAFE, 35)),
    ("google-oauth-token", "ya29.a0", lambda: "ya29.a0" + pick(URLSAFE, 160)),
    ("google-oauth-token", "ya29.c", lambda: "ya29.c." + pick(URLSAFE, 90) + "." + pick(URLSAFE, 40)),
    ("stripe-live-key", "sk_live", lambda: "sk_live_" + pick(ALNUM, 32)),
    ("stripe-live-key", "rk_live", lambda: "rk_live_" + pick(ALNUM, 32)),
    ("stripe-test-key", "sk_test", lambda: "sk_test_" + pick(ALNUM, 32)),
    ("stripe-webhook-secret", "whsec", lambda: "whsec_" + pick(ALNUM, 32)),
    ("npm-token", "npm", lambda: "npm_" + pick(ALNUM, 36)),
    ("pypi-token", "pypi", lambda: "pypi-AgEIcHlwaS5vcmc" + pick(URLSAFE, 64)),
    ("azure-devops-pat", "azure-base32", lambda: pick(string.ascii_lowercase, 2) + pick(BASE32_LOWER, 48) + "27"),
    ("azure-devops-pat", "azure-84", azure_new),
    ("aws-access-key-id", "AKIA", lambda: "AKIA" + pick(UPPER_DIGIT, 16)),
    ("aws-secret-key", "aws-secret", lambda: mixed(B64, 40)),
    ("hex-secret", "hex", lambda: pick("0123456789abcdef", 40)),
    ("jwt", "jwt", lambda: jwt()),
    ("private-key", "pem-rsa", lambda: pem("RSA PRIVATE KEY", b"\x30\x82\x04\xa4")),
    ("private-key", "pem-openssh", lambda: pem("OPENSSH PRIVATE KEY", b"openssh-key-v1\x00")),
    # A '-' before a digit: written unquoted in a policy, the lexer splits the token there and the
    # piece after it ("9K7...") is a malformed duration that no longer looks like a credential.
    ("google-oauth-token", "ya29.a0-digit", lambda: "ya29.a0" + pick(URLSAFE, 30) + "-9" + pick(URLSAFE, 60)),
    ("gitlab-token", "glpat-digit", lambda: "glpat-" + pick(URLSAFE, 8) + "-9" + pick(URLSAFE, 12)),
    ("slack-token", "xoxb-digit", lambda: "xoxb-" + pick(string.digits, 12) + "-" + pick(string.digits, 13) + "-9" + pick(ALNUM, 23)),
    ("google-api-key", "AIza-digit", lambda: "AIza" + pick(URLSAFE, 10) + "-1" + pick(URLSAFE, 23)),
    ("pypi-token", "pypi-digit", lambda: "pypi-AgEIcHlwaS5vcmc" + pick(URLSAFE, 30) + "-7" + pick(URLSAFE, 32)),
    ("jwt", "jwt-digit", lambda: jwt("-6")),
    # a digit first: the lexer reads a malformed duration, which its message cuts to 40 bytes
    ("azure-devops-pat", "azure-base32-digit", lambda: "7" + pick(BASE32_LOWER, 51)),
]]

WEBHOOK_PATH = seeded("slack-webhook", lambda: "T0" + pick(UPPER_DIGIT, 8) + "/B0" + pick(UPPER_DIGIT, 8) + "/" + pick(ALNUM, 24))
URL_PASSWORD = seeded("url-password", lambda: mixed(ALNUM, 14) + "!-" + pick(ALNUM, 4))
BEARER = seeded("bearer", lambda: mixed(URLSAFE, 32))
BASIC = seeded("basic", lambda: base64.b64encode(("ci-bot:" + mixed(ALNUM, 16)).encode()).decode())
PARAM_PASSWORD = seeded("DB_PASSWORD", lambda: mixed(ALNUM, 18))
FIELD_PASSWORD = seeded("field-password", lambda: "correct horse battery " + pick(string.ascii_lowercase, 8))
SQL_PASSWORD = seeded("MYSQL_PWD", lambda: mixed(ALNUM, 16))
ODBC_PASSWORD = seeded("odbc-pwd", lambda: mixed(ALNUM, 14))
SAS_SIGNATURE = seeded("sas-sig", lambda: mixed(ALNUM, 20) + "%2B" + mixed(ALNUM, 20) + "%3D")
SPACED_PASSWORD = seeded("spaced-password", lambda: "staple battery " + mixed(ALNUM, 12))
PASS = seeded("pass", lambda: mixed(ALNUM, 14))
FLAG_PASSWORD = seeded("--password", lambda: mixed(ALNUM, 16))
ENCODED_PASSWORD = seeded("password%3D", lambda: mixed(ALNUM, 12) + "%21" + mixed(ALNUM, 6))
OLD_PASSWORD = seeded("DB_PASSWORD_OLD", lambda: mixed(ALNUM, 16))
COOKIE = seeded("Cookie", lambda: mixed(URLSAFE, 32))
FIELD_PASS = seeded("field-pass", lambda: mixed(ALNUM, 12))
FIELD_PIN = seeded("field-pin", lambda: pick(string.digits, 10))
FIELD_PASSCODE = seeded("field-passcode", lambda: mixed(ALNUM, 10))
FIELD_PASSWORD_2 = seeded("field-password_2", lambda: "tulip meadow " + pick(string.ascii_lowercase, 10))
FIELD_OLD_PASSWORD = seeded("field-db_password_old", lambda: mixed(ALNUM, 15))
FIELD_COOKIE = seeded("field-session_cookie", lambda: mixed(URLSAFE, 28))
FIELD_ASSERTION = seeded("field-client_assertion", lambda: mixed(URLSAFE, 48))

# (kind, template, secret): credentials only their surroundings give away; `{}` is the secret.
CONTEXT = [
    ("slack-webhook", "https://hooks.slack.com/services/{}", WEBHOOK_PATH),
    ("url-password", "https://deploy:{}@git.acme.example/app.git", URL_PASSWORD),
    ("bearer-token", "Authorization: Bearer {}", BEARER),
    ("bearer-token", "Authorization: Basic {}", BASIC),
    ("redacted", "DB_PASSWORD={}", PARAM_PASSWORD),
    ("redacted", "field:password={}", FIELD_PASSWORD),
    ("redacted", "MYSQL_PWD={} mysql -u app", SQL_PASSWORD),
    ("redacted", "Server=db.acme.example;Uid=app;Pwd={};Database=app", ODBC_PASSWORD),
    ("redacted", "https://acme.blob.core.windows.net/c/b.txt?sv=2022-11-02&sp=r&sig={}&spr=https",
     SAS_SIGNATURE),
    ("redacted", "Server=db.acme.example;Uid=app; Password={};Encrypt=yes", SPACED_PASSWORD),
    ("redacted", "pass={} ./deploy.sh", PASS),
    ("redacted", "mysqldump --password {} app", FLAG_PASSWORD),
    ("redacted", "https://sso.acme.example/login?next=%2Fapp%3Fuser%3Dci%26password%3D{}%26x%3D1",
     ENCODED_PASSWORD),
    ("redacted", "DB_PASSWORD_OLD={}", OLD_PASSWORD),
    ("redacted", "Cookie: theme=dark; session={}; lang=en", COOKIE),
    ("redacted", "field:pass={}", FIELD_PASS),
    ("redacted", "field:user_pin={}", FIELD_PIN),
    ("redacted", "field:passcode={}", FIELD_PASSCODE),
    ("redacted", "field:password_2={}", FIELD_PASSWORD_2),
    ("redacted", "field:db_password_old={}", FIELD_OLD_PASSWORD),
    ("redacted", "field:session_cookie={}", FIELD_COOKIE),
    ("redacted", "field:client_assertion={}", FIELD_ASSERTION),
]


def fields():
    """The fields of the `field:NAME={}` rows, each holding its credential."""
    return {t[len("field:"):t.index("=")]: secret for kind, t, secret in CONTEXT if t.startswith("field:")}


def placed(template, secret):
    return template.replace("{}", secret)


def url_safe(secret):
    return "\n" not in secret and "/" not in secret and "+" not in secret


def around(secret, k):
    """The text positions of the issue: whole, prefix, suffix, middle, URL, Bearer, key=value."""
    forms = [
        secret,
        f"CI key {secret}",
        f"{secret} (rotated)",
        f"old {secret} new",
        f"token={secret}",
        f"Bearer {secret}",
        f'{{"note": "{secret}"}}',
    ]
    if url_safe(secret):
        forms += [f"git push https://oauth2:{secret}@github.com/acme/app.git",
                  f"https://api.example.com/v1?access_token={secret}&page=2"]
    return forms[k % len(forms)]


def context_texts():
    return [placed(t, s) for kind, t, s in CONTEXT if not t.startswith("field:")]


def inventory():
    tokens, bindings = [], []
    texts = context_texts()
    for k, (kind, secret) in enumerate(CATALOGUE):
        tokens.append({
            "id": secret,
            "kind": "api",
            "access": "read_write",
            "owner": secret,
            "label": around(secret, k),
            "project": f"p-{k}",
            "created_at": "2020-01-01T00:00:00Z",
            "last_used_at": None,
            "secret": [secret],
            **fields(),
            "token": secret,
            "value": secret,
            "api_key": secret,
            "credentials": {"pat": secret, "nested": [{"deep": secret}]},
            "meta": {"notes": [around(secret, k + 1)], "headers": {"Authorization": "Bearer " + secret},
                     "context": texts[k % len(texts)]},
            "labels": {secret: "a key that is a credential"},
        })
        bindings.append({"token": secret, "service": around(secret, k + 2), "env": "ci"})
        bindings.append({"token": secret, "service": texts[k % len(texts)], "env": "test"})
    return {
        "format": "tokpol/v1",
        "generated_at": "2026-11-27T09:00:00Z",
        "team": {"id": "170312", "name": "Acme " + CATALOGUE[0][1], "plan": "Free"},
        "users": [{"id": "u-owner", "email": "owner@acme.example", "role": "owner"}],
        "tokens": tokens,
        "bindings": bindings,
    }


def tpol_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("{", "{{").replace("}", "}}") + '"'


def policy():
    out = ["# Every way a policy can print a value, and credentials written into the policy itself.",
           f"param note = {tpol_string(CATALOGUE[1][1])}",
           "",
           "rule S.fields { severity high for t in tokens deny true",
           '  message "{t.id} {t.label} {t.owner} {t.secret} ' + " ".join("{t.%s}" % f for f in fields()) +
           ' {t.token} {t.value} {t.api_key} {t.credentials} {t.meta} {note}" }',
           "rule S.object { for t in tokens subject t.label deny true",
           '  message "{t} {join(values(t), ", ")} {keys(t.labels)} {string(t.meta)}" }',
           "rule S.bindings { for b in bindings subject b.service deny true",
           '  message "{b.service} uses {b.token}" remediation "rotate {b.token}" }',
           "rule S.team { subject team.name deny true message \"{team}\" }",
           "# Subjects whose JSON pointer goes through a key that is a credential.",
           "let labels = [values(t.labels) for t in tokens]",
           "rule S.keyed { for l in flatten(labels) deny true message \"label {l}\" }",
           "# A password given as a param named plainly (run.sh passes one): a subject built as an",
           "# object whose key says what its value is, and a field of such an object read by name.",
           'param pw = "unset"',
           'rule S.shaped { subject {"password": pw} deny true message "a password" }',
           'rule S.mapped { for p in [{"password": pw}] deny p.password != "" message "{p.password}" }',
           ""]
    for k, (kind, secret) in enumerate(CATALOGUE + [(kind, placed(t, s)) for kind, t, s in CONTEXT
                                                    if not t.startswith("field:")]):
        lit = tpol_string(secret)
        out.append(f"rule L.{k} {{ title {lit} deny true subject {lit}")
        out.append(f"  message {tpol_string('literal ' + secret)} remediation {lit} }}")
    # Rule ids are printed everywhere; an id may have a credential's shape.
    for secret in rule_ids():
        out.append(f"rule {secret} {{ deny true message \"an id\" }}")
    return "\n".join(out) + "\n"


def waivers():
    out = ["# Waivers whose subjects, reasons, owners and tickets hold credentials."]
    for k, (kind, secret) in enumerate(CATALOGUE):
        label = around(secret, k)
        expires = "@2030-01-01" if k % 2 == 0 else "@2020-01-01"
        out.append("waive S.object {")
        out.append(f"  subjects [{tpol_string(label)}]")
        out.append(f"  reason {tpol_string('rotated after ' + secret + ' leaked')}")
        out.append(f"  owner {tpol_string(secret)}")
        out.append(f"  ticket {tpol_string('SEC-1 ' + secret)}")
        out.append(f"  expires {expires}")
        out.append("}")
    return "\n".join(out) + "\n"


def nested_keys():
    """Chains of nested keys that spell a credential only together: each JSON pointer segment
    alone is harmless, the pointer of a leaf (a finding's pointer and subject, a schema error's
    place) is not. One object per chain."""
    def chain(segments):
        node = {"ref": "main"}
        for seg in reversed(segments):
            node = {seg: node}
        return node
    user, host = placed("deploy:{}@git.acme.example", URL_PASSWORD), "app.git"
    team, bot, path = WEBHOOK_PATH.split("/")
    return [chain(segments) for segments in (["https:", "", user, host, "main"],
                                             ["hooks.slack.com", "services", team, bot, path],
                                             ["DB_PASSWORD=", PARAM_PASSWORD, "a", "b", "c"],
                                             ["Authorization: Bearer ", BEARER, "a", "b", "c"])]


def nested_schema():
    """Five levels of objects whose leaves must be strings: the leaf of each chain of
    nested_keys() is an object, so the schema error names its pointer."""
    s = {"type": "string"}
    for _ in range(5):
        s = {"type": "object", "additionalProperties": s}
    return s


# Every leaf of nested_keys(), named by its pointer (it has no id).
NESTED_POLICY = (
    "let leaves = [e for a in values(input) for b in values(a) for c in values(b)\n"
    "  for d in values(c) for e in values(d)]\n"
    "rule N.leaf { for e in leaves deny true message \"a leaf\" }\n")


def rule_ids():
    """The credentials of the catalogue that leak.tpol also uses as rule ids."""
    return [secret for kind, secret in CATALOGUE
            if secret[0].isalpha() and all(c in ALNUM + "_.-" for c in secret)]


def baseline():
    """An earlier report (as --baseline reads it) of rules that still run (the rule ids of
    leak.tpol that are credentials) whose findings are fixed since (no fingerprint matches),
    each holding a credential in every field a report lists a fixed finding by. run.sh puts the
    input's name in place of @INPUT@: a fixed finding is one of the same input."""
    findings = []
    ids = rule_ids()
    texts = [(kind, placed(t, s)) for kind, t, s in CONTEXT if not t.startswith("field:")]
    for k, (kind, secret) in enumerate(CATALOGUE + texts):
        one_line = secret.replace("\n", " ")
        findings.append({"rule": ids[k % len(ids)], "title": "title " + one_line,
                         "severity": "high", "status": "fail", "input": "@INPUT@",
                         "subject": one_line, "message": "message " + one_line,
                         "fingerprint": hashlib.md5(secret.encode()).hexdigest()})
    return {"$schema": "https://tokpol.dev/schema/report-v1.json",
            "tool": {"name": "tokpol", "version": "0"}, "findings": findings}


def bad_policy():
    """One syntax error per line, each line quoting a credential: diagnostics show the line."""
    out = []
    for k, (kind, secret) in enumerate(CATALOGUE):
        one_line = secret.replace("\n", " ")
        out.append(f"rule B{k} {{ deny t.x == {tpol_string(one_line)} = }}")
    return "\n".join(out) + "\n"


def unquoted():
    """The credentials as they may be pasted into a policy without quotes, on one line."""
    return [(kind, secret.replace("\n", " ")) for kind, secret in CATALOGUE] + \
        [(kind, placed(t, s)) for kind, t, s in CONTEXT if not t.startswith("field:")]


def bad_unquoted():
    """Credentials written unquoted where an expression goes on: the lexer splits them (at '-',
    '.', '+', '/', a '-' before a digit starting a malformed duration) and the parser or the lexer
    quotes a piece. One error per line."""
    out = []
    for k, (kind, secret) in enumerate(unquoted()):
        out.append(f"rule U{k} {{ for t in tokens deny (t.id == 1 {secret}) }}")
    return "\n".join(out) + "\n"


def bad_unquoted_names(secret):
    """A credential written unquoted as a name, a field and a function of a policy checked against
    a schema: when it lexes, the checker quotes its pieces (unknown name, field, function)."""
    return ('pack u { schema "tokpol/v1" }\n'
            f"rule U {{ for t in tokens deny t.id == {secret} or t.id == t.{secret} or {secret}(1) }}\n")


def bad_waivers():
    out = []
    for k, (kind, secret) in enumerate(CATALOGUE):
        one_line = secret.replace("\n", " ")
        out.append(f"waive NOPE{k} {{ reason {tpol_string(one_line)} expires @2030-01-01 "
                   f"owner {tpol_string(one_line)} = }}")
    return "\n".join(out) + "\n"


def duplicate_key(secret):
    s = json.dumps(secret)
    return '{"tokens": [{"id": "x", ' + s + ': 1, ' + s + ': 2}]}\n'


def schema_inventory(secret):
    """A field the schema does not allow, named by a credential: schema errors name fields."""
    return {"tokens": [{"id": "t1", secret: True}]}


# A policy that fits SCHEMA, so that the inventory is validated against it.
SCHEMA_POLICY = "rule SCHEMA { for t in tokens require has(t.id) }\n"

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "tokens": {"type": "array", "items": {
            "type": "object", "properties": {"id": {"type": "string"}},
            "additionalProperties": False}},
    },
}


def manifest():
    rows = ["# kind\tposition (anywhere, or the text around it)\tcredential (\\n: a line break)",
            "# No 8-character piece of a credential may reach any output; the -----BEGIN/END lines",
            "# of a private key name its format and are not part of the secret."]
    for kind, secret in CATALOGUE:
        rows.append(kind + "\tanywhere\t" + secret.replace("\n", "\\n"))
    for kind, template, secret in CONTEXT:
        rows.append(f"{kind}\t{template}\t{secret}")
    return "\n".join(rows) + "\n"


def params():
    lines = [f"note={secret}" for kind, secret in CATALOGUE if "\n" not in secret]
    return "\n".join(lines) + "\n"


def write(outdir, name, text):
    path = os.path.join(outdir, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    write(outdir, "credentials.tsv", manifest())
    write(outdir, "inventory.json", json.dumps(inventory(), indent=1) + "\n")
    write(outdir, "leak.tpol", policy())
    write(outdir, "waivers.tpol", waivers())
    write(outdir, "bad-policy.tpol", bad_policy())
    write(outdir, "bad-waivers.tpol", bad_waivers())
    write(outdir, "bad-unquoted.tpol", bad_unquoted())
    write(outdir, "params.txt", params())
    write(outdir, "schema.json", json.dumps(SCHEMA, indent=1) + "\n")
    write(outdir, "schema.tpol", SCHEMA_POLICY)
    chains = nested_keys()
    write(outdir, "nested-keys.json", json.dumps({k: v for c in chains for k, v in c.items()},
                                                 indent=1) + "\n")
    write(outdir, "baseline.json", json.dumps(baseline(), indent=1) + "\n")
    write(outdir, "nested-keys.schema.json", json.dumps(nested_schema(), indent=1) + "\n")
    for k, c in enumerate(chains):
        write(outdir, f"nested-keys/{k}.json", json.dumps(c) + "\n")
    write(outdir, "nested-keys.tpol", NESTED_POLICY)
    for k, (kind, secret) in enumerate(CATALOGUE):
        write(outdir, f"duplicate-key/{k:02d}-{kind}.json", duplicate_key(secret))
        write(outdir, f"schema-key/{k:02d}-{kind}.json", json.dumps(schema_inventory(secret)) + "\n")
    for k, (kind, secret) in enumerate(unquoted()):
        write(outdir, f"bad-unquoted/{k:02d}-{kind}.tpol", bad_unquoted_names(secret))


if __name__ == "__main__":
    main()
