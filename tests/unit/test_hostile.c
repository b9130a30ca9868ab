/*
 * The catalogue of hostile inputs: each case is a file (or a few) and a command line, with the
 * exact exit code, a message that must be on stderr, and what stdout must hold: nothing at all
 * for usage, policy and input errors, so that no pipeline mistakes a refusal for a clean report.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

static const char dir[] = HOSTILE_DIR;

static void put(const char *name, const char *data, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    fwrite(data, 1, len, f);
    fclose(f);
}

static void puts_file(const char *name, const char *text)
{
    put(name, text, strlen(text));
}

/* A valid tokpol/v1 inventory whose first token has extra fields `token_extra` (inserted as is)
 * and whose created_at is `created`. */
static void inventory(const char *name, const char *token_extra, const char *created)
{
    char buf[4096];
    snprintf(buf, sizeof buf,
             "{\"format\": \"tokpol/v1\", \"team\": {\"id\": \"1\", \"name\": \"A\", \"plan\": "
             "\"Pro\"},\n"
             " \"users\": [{\"id\": \"u\", \"email\": \"u@x\", \"role\": \"member\"}],\n"
             " \"tokens\": [{\"id\": \"t1\", \"kind\": \"api\", \"access\": \"read_only\", "
             "\"owner\": \"u\",\n"
             "   \"created_at\": \"%s\", \"last_used_at\": \"2026-11-20T00:00:00Z\"%s}],\n"
             " \"bindings\": [{\"token\": \"t1\", \"service\": \"s\", \"env\": \"production\"}]}\n",
             created, token_extra);
    puts_file(name, buf);
}

/* {"tokens": [{"id": "t", "label": LABEL, "pattern": PATTERN}]} with LABEL `n` copies of `unit`
 * and then `tail`. */
static void regex_inventory(const char *name, const char *unit, size_t n, const char *tail,
                            const char *pattern)
{
    size_t u = strlen(unit);
    char *inv = malloc(n * u + strlen(tail) + strlen(pattern) + 128);
    size_t off = (size_t)sprintf(inv, "{\"tokens\": [{\"id\": \"t\", \"label\": \"");
    for (size_t i = 0; i < n; i++, off += u)
        memcpy(inv + off, unit, u);
    off += (size_t)sprintf(inv + off, "%s\", \"pattern\": \"%s\"}]}", tail, pattern);
    put(name, inv, off);
    free(inv);
}

/* Regular expressions that blow up glibc's matcher at compile time or match time, as literals and
 * as data (issue 11). */
static void regex_files(void)
{
    puts_file("regex-huge.tpol",
              "rule RH { for t in tokens deny matches(t.label, \"(.{{1,32767}}){{1,32767}}\") }\n");
    puts_file("regex-nested.tpol", "rule RN { for t in tokens deny matches(t.label, "
                                   "\"((a{{1,255}}){{1,255}}){{1,255}}\") }\n");
    puts_file("regex-repeats.tpol",
              "rule RR { for t in tokens deny matches(t.label, \"(a{{0,100}}){{0,100}}$\") }\n");
    puts_file("regex-plus.tpol",
              "rule RP { for t in tokens deny matches(t.label, \"^(a+)+$\") }\n");
    puts_file("regex-rescan.tpol",
              "rule RS { for t in tokens deny matches(t.label, \"[a-z]*[0-9]\") }\n");
    puts_file("regex-data.tpol", "rule RD { for t in tokens deny matches(t.label, t.pattern) }\n");
    puts_file("regex-capture.tpol",
              "rule RC { for t in tokens deny capture(t.label, t.pattern) == \"x\" }\n");
    regex_inventory("regex-ab.json", "ab", 8191, "", "(a{0,100}){0,100}$");
    regex_inventory("regex-a.json", "a", 16383, "!", "^(a+)+$");
    regex_inventory("regex-huge.json", "a", 10, "", "(.{1,32767}){1,32767}");
    regex_inventory("regex-backref.json", "a", 10, "", "(a*)*\\\\1$");
    regex_inventory("regex-invalid.json", "a", 10, "", "(?<");
    regex_inventory("regex-30.json", "a", 30, "", "(a{0,100}){0,100}b");
}

/* Policies of many declarations, each of which a quadratic step in the compiler would turn into
 * minutes (issue 11): rules, rules that differ only in a number, params, waivers. */
static void many_rules_files(void)
{
    size_t n = 100000;
    char *pol = malloc(n * 128);
    size_t off = 0;
    for (size_t i = 0; i < n; i++)
        off += (size_t)sprintf(pol + off,
                               "rule R%06zu { for t in tokens deny t.id == \"n%06zu\" }\n", i, i);
    put("100k-rules.tpol", pol, off);
    n = 20000;
    off = 0;
    for (size_t i = 0; i < n; i++)
        off += (size_t)sprintf(pol + off, "rule N%06zu { for t in tokens deny len(t.id) == %zu }\n",
                               i, i + 100);
    put("20k-numbers.tpol", pol, off);
    off = 0;
    for (size_t i = 0; i < n; i++)
        off += (size_t)sprintf(pol + off, "param p%06zu = %zu\n", i, i + 100);
    for (size_t i = 0; i < n; i++)
        off += (size_t)sprintf(pol + off,
                               "rule P%06zu { for t in tokens deny len(t.id) == p%06zu }\n", i, i);
    put("20k-params.tpol", pol, off);
    off = 0;
    for (size_t i = 0; i < n; i++)
        off += (size_t)sprintf(pol + off,
                               "rule W%06zu { for t in tokens deny t.id == \"t1\" and "
                               "t.kind != \"k%06zu\" }\n"
                               "waive W%06zu { subjects [\"t1\"] reason \"fixture %zu\" "
                               "expires @2030-01-01 }\n",
                               i, i, i, i);
    put("20k-waivers.tpol", pol, off);
    free(pol);
}

/* A tokpol/v1 inventory of n tokens and n bindings for the built-in pack, where an id repeats
 * (issue 11: 10,000 tokens of one id took 31.7 s): every token has the id "t" (one_token), or
 * every user the id "u" and the role `role` (one_user). */
static void one_id_inventory(const char *name, size_t n, int one_token, const char *role)
{
    char *inv = malloc(n * 400 + 512);
    size_t off = (size_t)sprintf(inv, "{\"format\": \"tokpol/v1\", \"team\": {\"id\": \"1\", "
                                      "\"name\": \"A\", \"plan\": \"Pro\"},\n \"users\": [");
    for (size_t i = 0; i < (one_token ? 1 : n); i++)
        off +=
            (size_t)sprintf(inv + off, "%s{\"id\": \"u\", \"email\": \"u%zu@x\", \"role\": \"%s\"}",
                            i ? ", " : "", i, role);
    off += (size_t)sprintf(inv + off, "],\n \"tokens\": [");
    for (size_t i = 0; i < n; i++)
        off +=
            (size_t)sprintf(inv + off,
                            "%s{\"id\": \"t%.0zu\", \"kind\": \"api\", \"access\": \"read_write\", "
                            "\"owner\": \"u\", \"created_at\": \"2026-11-01T00:00:00Z\", "
                            "\"last_used_at\": \"2026-11-20T00:00:00Z\"}",
                            i ? ", " : "", one_token ? 0 : i + 1);
    off += (size_t)sprintf(inv + off, "],\n \"bindings\": [");
    for (size_t i = 0; i < n; i++)
        off += (size_t)sprintf(inv + off,
                               "%s{\"token\": \"t%.0zu\", \"service\": \"s\", \"env\": \"ci\"}",
                               i ? ", " : "", one_token ? 0 : i + 1);
    off += (size_t)sprintf(inv + off, "]}\n");
    put(name, inv, off);
    free(inv);
}

/* Files made once for the whole catalogue, in the build tree (a marker says they are complete;
 * each case runs in a process of its own). Change the marker's version with the files. */
#define MARKER ".complete-9"
static void setup(void)
{
    char marker[256];
    snprintf(marker, sizeof marker, "%s/" MARKER, dir);
    if (access(marker, F_OK) == 0)
        return;
    mkdir(dir, 0700);
    puts_file("empty.json", "");
    puts_file("blank.json", " \n\t \r\n");
    put("bom-only.json", "\xEF\xBB\xBF", 3);
    inventory("clean.json", "", "2026-11-01T00:00:00Z");
    char bom[4096] = "\xEF\xBB\xBF";
    {
        char path[256];
        snprintf(path, sizeof path, "%s/clean.json", dir);
        char *c = read_file(path, NULL);
        strncat(bom, c, sizeof bom - 4);
        free(c);
        puts_file("bom.json", bom);
    }
    inventory("utf8-value.json", ", \"label\": \"caf\xc3\x28\"", "2026-11-01T00:00:00Z");
    puts_file("utf8-key.json", "{\"tok\xffns\": []}");
    put("nul-string.json", "{\"tokens\": [{\"id\": \"a\0b\"}]}", 27);
    put("nul-outside.json", "{\"tokens\": []}\0", 15);
    puts_file("trailing.json", "{\"tokens\": []} {\"tokens\": []}");
    /* 10,000 levels of nesting */
    {
        size_t n = 10000;
        char *deep = malloc(2 * n + 1);
        memset(deep, '[', n);
        memset(deep + n, ']', n);
        put("deep.json", deep, 2 * n);
        free(deep);
    }
    /* a 100 MB string in a token label */
    {
        size_t n = 100u << 20;
        char *big = malloc(n + 512);
        size_t off = (size_t)sprintf(
            big, "{\"team\": {\"id\": \"1\", \"name\": \"A\", \"plan\": \"Pro\"}, "
                 "\"users\": [], \"bindings\": [], \"tokens\": [{\"id\": \"t\", \"label\": \"");
        memset(big + off, 'x', n);
        off += n;
        off += (size_t)sprintf(big + off, "\"}]}");
        put("big-string.json", big, off);
        free(big);
    }
    inventory("inf.json", ", \"n\": 1e999", "2026-11-01T00:00:00Z");
    inventory("negzero.json", ", \"n\": -0, \"m\": 9007199254740993", "2026-11-01T00:00:00Z");
    puts_file("dup-top.json", "{\"tokens\": [],\n \"tokens\": []}");
    inventory("dup-token.json", ", \"owner\": \"other\"", "2026-11-01T00:00:00Z");
    puts_file("dup-binding.json", "{\"tokens\": [], \"bindings\": [{\"token\": \"a\",\n  \"env\": "
                                  "\"ci\", \"env\": \"test\"}]}");
    puts_file("dup-deep.json", "{\"a\": {\"b\": {\"c\": [{\"d\": 1, \"e\": 2, \"d\": 3}]}}}");
    puts_file("scalar.json", "42");
    puts_file("tokens-object.json",
              "{\"format\": \"tokpol/v1\", \"team\": {\"id\": \"1\", \"name\": \"A\", \"plan\": "
              "\"Pro\"}, \"users\": [], \"bindings\": [], \"tokens\": {\"id\": \"x\"}}");
    inventory("leap.json", "", "2016-12-31T23:59:60Z");
    inventory("h24.json", "", "2026-01-01T24:00:00Z");
    inventory("plus14.json", "", "2026-11-01T13:59:59+14:00");
    inventory("minus12.json", "", "2026-10-31T12:00:00-12:00");
    inventory("frac7.json", "", "2026-11-01T00:00:00.1234567Z");
    inventory("lower-tz.json", "", "2026-11-01t00:00:00z");
    inventory("nozone.json", "", "2026-11-01T00:00:00");
    /* Issue #11: a value that would clear the screen, set the terminal's title, ring its bell,
     * start a new line with a GitHub workflow command; bidi controls; a noncharacter XML forbids;
     * characters that show as nothing (a zero-width space, a byte order mark); a subject that
     * starts with a workflow command. LOK001 prints the services. */
    puts_file("inject.json",
              "{\"format\": \"tokpol/v1\", \"team\": {\"id\": \"1\", \"name\": \"A\\u202e\", "
              "\"plan\": \"Pro\"},\n"
              " \"users\": [{\"id\": \"u\", \"email\": \"u@x\", \"role\": \"member\"}],\n"
              " \"tokens\": [{\"id\": \"::warning::t1\\u0085\", \"kind\": \"api\", \"access\": "
              "\"read_only\", \"owner\": \"u\",\n"
              "   \"created_at\": \"2026-11-01T00:00:00Z\", \"last_used_at\": "
              "\"2026-11-20T00:00:00Z\"}],\n"
              " \"bindings\": [{\"token\": \"::warning::t1\\u0085\", \"service\": "
              "\"x\\u001b[2J\\u001b]0;pwned\\u0007\\r\\n::error::injected\", \"env\": \"ci\"},\n"
              "   {\"token\": \"::warning::t1\\u0085\", \"service\": "
              "\"y\\ufffe\\u2066z\\u007f\\u200bw\\ufeff\", "
              "\"env\": \"ci\"}]}\n");
    inventory("secret.json", ", \"secret\": \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\"",
              "2026-11-01T00:00:00Z");
    /* policies */
    {
        size_t n = 1u << 20;
        char *pol = malloc(n + 64);
        size_t off = 0;
        while (off + 80 < n)
            off += (size_t)sprintf(pol + off, "# %070d\n", 0);
        off += (size_t)sprintf(pol + off, "rule BIG { require true }\n");
        put("1mb.tpol", pol, off);
        free(pol);
    }
    {
        char *pol = malloc(10000 * 48);
        size_t off = 0;
        for (int i = 0; i < 10000; i++)
            off += (size_t)sprintf(pol + off, "rule R%05d { for t in tokens require true }\n", i);
        put("10k-rules.tpol", pol, off);
        free(pol);
    }
    {
        size_t n = 10000;
        char *pol = malloc(2 * n + 64);
        size_t off = (size_t)sprintf(pol, "rule D { require ");
        for (size_t i = 0; i < n; i++)
            pol[off++] = '(';
        pol[off++] = '1';
        for (size_t i = 0; i < n; i++)
            pol[off++] = ')';
        off += (size_t)sprintf(pol + off, " == 1 }\n");
        put("deep-expr.tpol", pol, off);
        free(pol);
    }
    {
        size_t n = 100000;
        char *pol = malloc(n * 3 + 64);
        size_t off = (size_t)sprintf(pol, "rule I { deny true message \"");
        for (size_t i = 0; i < n; i++)
            off += (size_t)sprintf(pol + off, "{1}");
        off += (size_t)sprintf(pol + off, "\" }\n");
        put("interp.tpol", pol, off);
        free(pol);
    }
    puts_file("redos.tpol",
              "rule RE { for t in tokens require not matches(t.label, \"(a|aa)*c\") }\n");
    puts_file("backref.tpol",
              "rule BR { for t in tokens require matches(t.label, \"^(a*)\\\\1$\") }\n");
    {
        size_t n = 20000;
        char *inv = malloc(n + 128);
        size_t off = (size_t)sprintf(inv, "{\"tokens\": [{\"id\": \"a\", \"label\": \"");
        memset(inv + off, 'a', n);
        off += n;
        off += (size_t)sprintf(inv + off, "\"}, {\"id\": \"b\", \"label\": \"%.*s\"}]}", 5000,
                               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        put("redos.json", inv, off);
        free(inv);
    }
    puts_file("empty.tpol", "# nothing here\n");
    put("nul.tpol", "rule A { require\0 true }\n", 25);
    puts_file("badutf8.tpol", "rule A { require \xff }\n");
    {
        char *pol = malloc(3000);
        size_t off = (size_t)sprintf(pol, "rule B { require ");
        for (int i = 0; i < 300; i++)
            pol[off++] = '{';
        off += (size_t)sprintf(pol + off, " }\n");
        put("braces.tpol", pol, off);
        free(pol);
    }
    puts_file("waivers-with-rule.tpol", "rule X { require true }\n");
    puts_file("zwsp.tpol", "rule Z { for t in tokens\xe2\x80\x8b require true }\n");
    puts_file("cyrillic.tpol",
              "rule L { for t in tokens where t.id == \"t1\" deny t.k\xd0\xb0nd == \"api\" }\n");
    puts_file("quotes.tpol",
              "rule Q { for t in tokens deny t.id == \xe2\x80\x9ct1\xe2\x80\x9d }\n");
    puts_file("bom.tpol",
              "\xef\xbb\xbfrule L { for t in tokens where t.id == \"t1\" deny true }\n");
    puts_file("bom-inside.tpol", "rule L { for t in tokens deny true }\n\xef\xbb\xbf\n");
    puts_file("bidi-string.tpol",
              "rule B { for t in tokens deny t.id == \"adm\xe2\x80\xaein\" }\n");
    puts_file("bidi-comment.tpol",
              "rule B { for t in tokens deny t.id == \"x\" } # \xe2\x81\xa6 not what it seems\n");
    puts_file("escape.tpol", "rule E { deny true } \x1b]0;pwned\x07\x1b[2J\n");
    puts_file("zwsp-string.tpol", "rule Z { for t in tokens deny t.id == \"t1\xe2\x80\x8b\" }\n");
    puts_file("blank-reason.tpol",
              "rule L { for t in tokens deny t.id == \"t1\" }\n"
              "waive L { subjects [\"t1\"] reason \" \\t \" expires @2030-01-01 }\n");
    puts_file("waive-all.tpol", "rule L { for t in tokens deny t.id == \"t1\" }\n"
                                "waive L { where true reason \"later\" expires @2036-01-01 }\n");
    regex_files();
    many_rules_files();
    one_id_inventory("10k-one-token-id.json", 10000, 1, "member");
    one_id_inventory("10k-one-user-id.json", 10000, 0, "owner");
    puts_file("low.tpol",
              "rule L { severity low for t in tokens where t.id == \"t1\" deny true }\n");
    char path[256];
    snprintf(path, sizeof path, "%s/fifo.json", dir);
    mkfifo(path, 0600);
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0700);
    /* a FIFO as a policy, as a policy in a directory, as waivers and as a schema */
    snprintf(path, sizeof path, "%s/fifo.tpol", dir);
    mkfifo(path, 0600);
    snprintf(path, sizeof path, "%s/fifodir", dir);
    mkdir(path, 0700);
    puts_file("fifodir/a.tpol", "rule A { require true }\n");
    snprintf(path, sizeof path, "%s/fifodir/b.tpol", dir);
    mkfifo(path, 0600);
    puts_file(MARKER, "");
}

typedef struct hostile {
    const char *name;
    const char *args; /* %s is the case directory */
    int code;
    const char *err; /* must be on stderr; NULL: anything */
    const char *out; /* must be on stdout; "" : stdout must be empty; NULL: anything */
} hostile;

#define NOW "check --now 2026-11-27T09:00:00Z --color never "

static hostile cases[] = {
    /* empty and blank */
    {"empty file", NOW "%s/empty.json", 4,
     "empty.json:1:1: error: empty input: expected a JSON value", ""},
    {"only whitespace", NOW "%s/blank.json", 4, "empty input: expected a JSON value", ""},
    {"a BOM and nothing", NOW "%s/bom-only.json", 4, "empty input", ""},
    {"a BOM before a clean inventory", NOW "%s/bom.json", 0, NULL, "PASS: 1 input"},
    {"a clean inventory", NOW "%s/clean.json", 0, NULL, "PASS: 1 input"},
    /* encoding */
    {"invalid UTF-8 in a string", NOW "%s/utf8-value.json", 4, "invalid UTF-8 (byte 0xc3)", ""},
    {"invalid UTF-8 in a key", NOW "%s/utf8-key.json", 4,
     "utf8-key.json:1:6: error: invalid UTF-8 (byte 0xff)", ""},
    {"NUL inside a string", NOW "%s/nul-string.json", 4,
     "nul-string.json:1:22: error: NUL byte in a string", ""},
    {"NUL after the value", NOW "%s/nul-outside.json", 4, "unexpected text after the JSON value",
     ""},
    {"trailing garbage", NOW "%s/trailing.json", 4,
     "trailing.json:1:16: error: unexpected text after the JSON value", ""},
    /* size and depth */
    {"10,000 levels of nesting", NOW "%s/deep.json", 4,
     "deep.json:1:513: error: JSON nested deeper than 512 levels (raise it with --max-json-depth, "
     "at most 999)",
     ""},
    {"a 100 MB string", NOW "-p %s/low.tpol %s/big-string.json", 0, NULL, "PASS: 1 input"},
    {"an input over --max-input-bytes", NOW "--max-input-bytes 100 %s/clean.json", 4,
     "is over the limit of 100 bytes (raise it with --max-input-bytes)", ""},
    /* numbers */
    {"1e999", NOW "%s/inf.json", 4, "number out of range: 1e999", ""},
    {"-0 and 2^53+1 are numbers", NOW "%s/negzero.json", 0, NULL, "PASS"},
    /* duplicate keys at every level */
    {"duplicate top-level key", NOW "%s/dup-top.json", 4,
     "dup-top.json:2:2: error: duplicate key \"tokens\" (first at 1:2)", ""},
    {"duplicate key in a token", NOW "%s/dup-token.json", 4,
     "dup-token.json:4:82: error: duplicate key \"owner\"", ""},
    {"duplicate key in a binding", NOW "%s/dup-binding.json", 4,
     "dup-binding.json:2:16: error: duplicate key \"env\"", ""},
    {"duplicate key four levels down", NOW "%s/dup-deep.json", 4,
     "dup-deep.json:1:37: error: duplicate key \"d\"", ""},
    /* shapes */
    {"a top-level scalar", NOW "%s/scalar.json", 4,
     "a number, but the schema wants an object (schema tokpol/v1, rule 'type')", ""},
    {"a top-level scalar, unvalidated", NOW "--no-validate %s/scalar.json", 5, NULL,
     "'tokens' is absent from the input"},
    {"tokens as an object", NOW "%s/tokens-object.json", 4,
     "/tokens: an object, but the schema wants a list", ""},
    {"tokens as an object, unvalidated", NOW "--no-validate %s/tokens-object.json", 5, NULL,
     "'for' needs a list, but tokens is an object"},
    /* timestamps */
    {"a leap second", NOW "%s/leap.json", 1, NULL, "LOK006 t1"},
    {"24:00", NOW "%s/h24.json", 4, "/tokens/0/created_at: not a valid date-time", ""},
    {"24:00, unvalidated", NOW "--no-validate %s/h24.json", 5, NULL,
     "age() cannot read t.created_at (\"2026-01-01T24:00:00Z\") as a time"},
    {"offset +14:00", NOW "%s/plus14.json", 0, NULL, "PASS"},
    {"offset -12:00", NOW "%s/minus12.json", 0, NULL, "PASS"},
    {"seven fraction digits", NOW "%s/frac7.json", 0, NULL, "PASS"},
    {"lower-case t and z", NOW "%s/lower-tz.json", 0, NULL, "PASS"},
    {"no zone", NOW "%s/nozone.json", 4, "not a valid date-time", ""},
    {"no zone, unvalidated", NOW "--no-validate %s/nozone.json", 5, NULL,
     "expected RFC 3339 (with an offset)"},
    /* secrets */
    {"a secret value is reported, never printed", NOW "%s/secret.json", 1, NULL, "LOK010 t1"},
    /* policies */
    {"a policy of 1 MB", NOW "-p %s/1mb.tpol %s/clean.json", 0, NULL, "PASS: 1 input, 1 rules"},
    {"10,000 rules", NOW "-p %s/10k-rules.tpol %s/clean.json", 0, NULL,
     "PASS: 1 input, 10000 rules"},
    /* repeated join keys cost what distinct ones do (issue 11: 31.7 s for the first) */
    {"10,000 tokens of one id", NOW "%s/10k-one-token-id.json", 1, NULL,
     "high     LOK011 ids\n           ids used by more than one record: tokens [t], users []"},
    {"10,000 users of one id, all owners", NOW "--max-findings 5 %s/10k-one-user-id.json", 1, NULL,
     "80002 subjects checked, 20001 failed"},
    /* compiling takes time linear in the rules (issue 11: 100,000 took 72 s) */
    {"100,000 rules", NOW "-p %s/100k-rules.tpol %s/clean.json", 0, NULL,
     "PASS: 1 input, 100000 rules"},
    {"20,000 rules that differ in a number", NOW "-p %s/20k-numbers.tpol %s/clean.json", 0, NULL,
     "PASS: 1 input, 20000 rules"},
    {"20,000 params", NOW "-p %s/20k-params.tpol %s/clean.json", 0, NULL,
     "PASS: 1 input, 20000 rules"},
    {"20,000 waivers", NOW "--max-findings 3 -p %s/20k-waivers.tpol %s/clean.json", 0, NULL,
     "0 failed, 20000 waived"},
    {"expression nesting 10,000 deep", NOW "-p %s/deep-expr.tpol %s/clean.json", 3,
     "error: expression nested too deeply", ""},
    {"100,000 interpolations", NOW "-p %s/interp.tpol %s/clean.json", 1, NULL, "I input"},
    {"a regex over the input limit", NOW "-p %s/redos.tpol %s/redos.json", 5, NULL,
     "matches() input of 20000 bytes is over the limit of 16384 (raise it with --max-regex-input)"},
    /* regular expressions (issue 11): glibc took 24 GB to compile the first two and minutes to
       run the next ones */
    {"a regex that compiles to gigabytes", NOW "-p %s/regex-huge.tpol %s/clean.json", 3,
     "regex-huge.tpol:1:49: error: regular expression is too large: it compiles to more than "
     "PCRE2 can hold (lower its repeat counts)",
     ""},
    {"nested bounded repeats", NOW "-p %s/regex-nested.tpol %s/clean.json", 3,
     "regular expression is too large", ""},
    {"a regex that backtracks without end", NOW "-p %s/regex-repeats.tpol %s/regex-ab.json", 5,
     NULL,
     "matches(): the regular expression was stopped after 1000000 steps on this string (the "
     "budget of one match)"},
    {"nested plus on 16 KiB", NOW "-p %s/regex-plus.tpol %s/regex-a.json", 5, NULL,
     "stopped after 1000000 steps"},
    {"a repeat that rescans the string", NOW "-p %s/regex-rescan.tpol %s/regex-a.json", 5, NULL,
     "stopped after 1000000 steps"},
    {"nested repeats on 30 bytes (3.7 s with glibc)", NOW "-p %s/regex-data.tpol %s/regex-30.json",
     0, NULL, "PASS"},
    {"a backtracking pattern from the input", NOW "-p %s/regex-data.tpol %s/regex-a.json", 5, NULL,
     "stopped after 1000000 steps"},
    {"the same in capture()", NOW "-p %s/regex-capture.tpol %s/regex-ab.json", 5, NULL,
     "capture(): the regular expression was stopped after 1000000 steps"},
    {"a huge pattern from the input", NOW "-p %s/regex-data.tpol %s/regex-huge.json", 5, NULL,
     "regular expression is too large"},
    {"a backreference from the input", NOW "-p %s/regex-data.tpol %s/regex-backref.json", 5, NULL,
     "backreferences (like \\1) are not allowed in regular expressions"},
    {"an invalid pattern from the input", NOW "-p %s/regex-data.tpol %s/regex-invalid.json", 5,
     NULL, "invalid regular expression"},
    {"a backreference", NOW "-p %s/backref.tpol %s/clean.json", 3,
     "backreferences (like \\1) are not allowed in regular expressions", ""},
    {"a policy with no rules", NOW "-p %s/empty.tpol %s/clean.json", 3,
     "no rules: the policies define nothing to check", ""},
    {"a directory with no policies", NOW "-p %s/sub %s/clean.json", 3, "no rules", ""},
    {"a NUL in a policy", NOW "-p %s/nul.tpol %s/clean.json", 3,
     "nul.tpol:1:17: error: unexpected character U+0000 NULL", ""},
    {"invalid UTF-8 in a policy", NOW "-p %s/badutf8.tpol %s/clean.json", 3,
     "badutf8.tpol:1:18: error: invalid UTF-8 (byte 0xff)", ""},
    /* characters that do not show, or pass for others (issue 11) */
    {"a zero-width space in a policy", NOW "-p %s/zwsp.tpol %s/clean.json", 3,
     "zwsp.tpol:1:25: error: unexpected character U+200B ZERO WIDTH SPACE", ""},
    {"a Cyrillic letter in a name", NOW "-p %s/cyrillic.tpol %s/clean.json", 3,
     "cyrillic.tpol:1:53: error: unexpected character U+0430 CYRILLIC SMALL LETTER A", ""},
    {"a Cyrillic letter in a name: the hint", NOW "-p %s/cyrillic.tpol %s/clean.json", 3,
     "= help: it looks like the ASCII 'a'", ""},
    {"curly quotes", NOW "-p %s/quotes.tpol %s/clean.json", 3,
     "unexpected character U+201C LEFT DOUBLE QUOTATION MARK", ""},
    {"a byte order mark before a policy", NOW "-p %s/bom.tpol %s/clean.json", 1, NULL, "L t1"},
    {"a byte order mark inside a policy", NOW "-p %s/bom-inside.tpol %s/clean.json", 3,
     "unexpected character U+FEFF ZERO WIDTH NO-BREAK SPACE", ""},
    {"a right-to-left override in a string (Trojan Source)",
     NOW "-p %s/bidi-string.tpol %s/clean.json", 3,
     "bidi-string.tpol:1:43: error: bidirectional control character U+202E RIGHT-TO-LEFT "
     "OVERRIDE in a string",
     ""},
    {"an isolate in a comment", NOW "-p %s/bidi-comment.tpol %s/clean.json", 3,
     "bidirectional control character U+2066 LEFT-TO-RIGHT ISOLATE in a comment", ""},
    {"terminal escapes in a policy are shown escaped", NOW "-p %s/escape.tpol %s/clean.json", 3,
     "    1 | rule E { deny true } \\u{1B}]0;pwned\\u{7}\\u{1B}[2J", ""},
    {"a zero-width space in a string", NOW "-p %s/zwsp-string.tpol %s/clean.json", 0,
     "warning: invisible character U+200B ZERO WIDTH SPACE in a string", "PASS"},
    {"a blank waiver reason", NOW "-p %s/blank-reason.tpol %s/clean.json", 3,
     "error: the reason of the waiver for L is blank", ""},
    {"a waiver of every subject for ten years", NOW "-p %s/waive-all.tpol %s/clean.json", 0,
     "warning: the waiver for L covers every subject of the rule until 2036-01-01T00:00:00Z",
     "PASS"},
    {"300 nested braces", NOW "-p %s/braces.tpol %s/clean.json", 3,
     "brackets nested deeper than 256", ""},
    {"a rule in a --waivers file", NOW "--waivers %s/waivers-with-rule.tpol %s/clean.json", 3,
     "a --waivers file holds only waivers", ""},
    {"a missing policy", NOW "-p %s/nope.tpol %s/clean.json", 3,
     "nope.tpol: error: No such file or directory", ""},
    /* files that are not files */
    {"a directory as input", NOW "%s/sub", 4,
     "sub: error: the directory holds no .json or .csv file", ""},
    {"a FIFO nobody writes to", NOW "%s/fifo.json", 4, "empty input", ""},
    {"a FIFO as a policy", NOW "-p %s/fifo.tpol %s/clean.json", 3,
     "fifo.tpol: error: is a FIFO, not a regular file: policies are read from files", ""},
    {"a FIFO in a policy directory", NOW "-p %s/fifodir %s/clean.json", 3,
     "fifodir/b.tpol: error: is a FIFO, not a regular file", ""},
    {"a FIFO as waivers", NOW "--waivers %s/fifo.tpol %s/clean.json", 3,
     "fifo.tpol: error: is a FIFO, not a regular file", ""},
    {"a FIFO as a schema", NOW "--schema input=%s/fifo.tpol %s/clean.json", 3,
     "fifo.tpol: is a FIFO, not a regular file", ""},
    {"a device as a policy", NOW "-p /dev/zero %s/clean.json", 3,
     "/dev/zero: error: is a character device, not a regular file", ""},
    {"a missing input", NOW "%s/nope.json", 4,
     "nope.json: error: cannot open: No such file or directory", ""},
    {"a path through a file", NOW "%s/clean.json/x", 4, "cannot open: Not a directory", ""},
    {"a missing --input file", NOW "--input users=%s/nope.json %s/clean.json", 4, "cannot open",
     ""},
    {"one bad input among good ones", NOW "%s/clean.json %s/empty.json", 4, "empty input", ""},
    /* usage */
    {"no input", NOW "", 2, "no input", ""},
    {"an unknown flag", NOW "--frobnicate %s/clean.json", 2, "unknown option '--frobnicate'", ""},
    {"a bad --now", "check --now 2026-13-01 %s/clean.json", 2, "--now '2026-13-01' is not a time",
     ""},
    {"a bad --fail-on", NOW "--fail-on severe %s/clean.json", 2, "unknown --fail-on 'severe'", ""},
    {"a bad --param", NOW "--param max_age %s/clean.json", 2, "--param takes NAME=VALUE", ""},
    {"a negative limit", NOW "--max-findings -1 %s/clean.json", 2,
     "--max-findings takes a positive number", ""},
    {"a bad --input", NOW "--input =x %s/clean.json", 2, "--input takes NAME=FILE", ""},
    {"a bad --warn-expiring", NOW "--warn-expiring soon %s/clean.json", 2,
     "--warn-expiring takes a duration", ""},
    {"a report to a directory", NOW "-o json:%s/sub %s/clean.json", 2, "is a directory", ""},
    /* raising a limit lets a big input through */
    {"--max-json-depth raised", NOW "--max-json-depth 999 %s/clean.json", 0, NULL, "PASS"},
    {"--max-expr-depth raised, still capped",
     NOW "--max-expr-depth 100000 -p %s/deep-expr.tpol %s/clean.json", 3, "nested too deeply", ""},
    {"--max-regex-input raised", NOW "--max-regex-input 30000 -p %s/redos.tpol %s/redos.json", 0,
     NULL, "PASS"},
};

static size_t case_index[sizeof cases / sizeof cases[0]];

ParameterizedTestParameters(hostile, catalogue)
{
    for (size_t i = 0; i < sizeof case_index / sizeof case_index[0]; i++)
        case_index[i] = i;
    return cr_make_param_array(size_t, case_index, sizeof case_index / sizeof case_index[0]);
}

ParameterizedTest(size_t *index, hostile, catalogue, .init = setup, .timeout = 120)
{
    const hostile *h = &cases[*index];
    char args[2048];
    snprintf(args, sizeof args, h->args, dir, dir, dir);
    static run_out r;
    run_tokpol(&r, SOURCE_DIR, TOKPOL_BIN, args);
    cr_expect_eq(r.code, h->code, "%s: exit %d, wanted %d\nstdout: %.500s\nstderr: %.500s", h->name,
                 r.code, h->code, r.out, r.err);
    if (h->err)
        cr_expect(strstr(r.err, h->err) != NULL, "%s: stderr lacks '%s':\n%.2000s", h->name, h->err,
                  r.err);
    /* A usage error prints no report; a policy or input error prints the report that says so. */
    const char *verdict = h->code == 3 ? "POLICY ERROR: " : h->code == 4 ? "INPUT ERROR: " : NULL;
    if (h->out && !*h->out && verdict)
        cr_expect(strstr(r.out, verdict) != NULL, "%s: stdout lacks '%s':\n%.2000s", h->name,
                  verdict, r.out);
    else if (h->out && !*h->out)
        cr_expect_str_eq(r.out, "", "%s: nothing may reach stdout", h->name);
    else if (h->out)
        cr_expect(strstr(r.out, h->out) != NULL, "%s: stdout lacks '%s':\n%.2000s", h->name, h->out,
                  r.out);
    cr_expect_null(strstr(r.out, "ghp_abcdefghij"), "%s: a secret reached stdout", h->name);
    /* No colours are asked for: nothing may reach the terminal as an escape sequence. */
    cr_expect_null(strchr(r.out, '\x1b'), "%s: a raw ESC reached stdout", h->name);
    cr_expect_null(strchr(r.err, '\x1b'), "%s: a raw ESC reached stderr", h->name);
    cr_expect_null(strstr(r.err, "ghp_abcdefghij"), "%s: a secret reached stderr", h->name);
}

/* The first byte of s that no report may hold raw, or NULL: C0 controls but line feed and tab,
 * DEL, C1 controls, bidi controls (U+202A-U+202E, U+2066-U+2069), U+FFFE, U+FFFF, and the
 * characters that show as nothing: U+00AD, U+200B-U+200D, U+2060-U+2064, U+FEFF. */
static const unsigned char *raw_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F)
            return p;
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            return p;
        if (p[0] == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
                             (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)))
            return p;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            return p;
        if ((p[0] == 0xC2 && p[1] == 0xAD) ||
            (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x8B && p[2] <= 0x8D) ||
            (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA0 && p[2] <= 0xA4) ||
            (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF))
            return p;
    }
    return NULL;
}

/* A line of `s` that starts (after blanks) with "::" and is not one of tokpol's own workflow
 * commands in the github format; NULL when there is none. */
static const char *command_line(const char *s, int github)
{
    static const char *const own[] = {"::error ", "::warning ", "::notice ",
                                      "::group::", "::endgroup::"};
    for (const char *line = s; line && *line;
         line = strchr(line, '\n'), line = line ? line + 1 : 0) {
        const char *p = line + strspn(line, " \t");
        if (strncmp(p, "::", 2) != 0)
            continue;
        int ours = 0;
        for (size_t i = 0; github && i < sizeof own / sizeof own[0]; i++)
            ours |= strncmp(p, own[i], strlen(own[i])) == 0;
        if (!ours)
            return line;
    }
    return NULL;
}

/* Issue #11: a value that clears the screen, rings the bell, breaks the line and issues
 * `::error::`, bidi controls and U+FFFE, rendered in every format: nothing raw, no line a CI runs
 * as a workflow command, and the text shown, visibly escaped. */
Test(hostile, no_value_injects_through_any_report, .init = setup, .timeout = 120)
{
    static const char *const formats[] = {"text",   "json",   "sarif",    "junit",
                                          "gitlab", "github", "markdown", "html"};
    size_t n = sizeof formats / sizeof formats[0];
    char args[4096];
    size_t off = (size_t)snprintf(args, sizeof args, NOW);
    for (size_t i = 0; i < n; i++)
        off += (size_t)snprintf(args + off, sizeof args - off, "-o %s:%s/inject-out.%s ",
                                formats[i], dir, formats[i]);
    snprintf(args + off, sizeof args - off, "%s/inject.json", dir);
    static run_out r;
    run_tokpol(&r, SOURCE_DIR, TOKPOL_BIN, args);
    cr_assert_eq(r.code, 1, "exit %d: %s", r.code, r.err);
    cr_expect_null(raw_control(r.err), "stderr holds a raw control character");
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/inject-out.%s", dir, formats[i]);
        char *got = read_file(path, NULL);
        cr_assert_not_null(got, "%s", path);
        const unsigned char *bad = raw_control(got);
        cr_expect_null(bad, "%s: a raw 0x%02X near \"%.40s\"", formats[i], bad ? *bad : 0,
                       bad ? (const char *)bad : "");
        int github = strcmp(formats[i], "github") == 0;
        const char *cmd = command_line(got, github);
        cr_expect_null(cmd, "%s: a line GitHub runs as a workflow command: %.80s", formats[i],
                       cmd ? cmd : "");
        /* The hostile text is shown, escaped, not dropped. */
        int json = strstr(formats[i], "json") || strcmp(formats[i], "sarif") == 0 ||
                   strcmp(formats[i], "gitlab") == 0;
        const char *esc = json ? "\\u001b" : "\\x1B";
        cr_expect(strstr(got, esc) != NULL, "%s: the service is not shown as %s", formats[i], esc);
        const char *zwsp = json ? "\\u200b" : "\\u200B";
        cr_expect(strstr(got, zwsp) != NULL, "%s: the zero-width space is not shown as %s",
                  formats[i], zwsp);
        free(got);
    }
}

/* Nested generators multiply their lists' lengths: 30^5 elements for each subject would run for
 * minutes; the step budget stops each subject after 10,000,000 with an error finding (exit 5). */
Test(hostile, nested_generators_stop_at_the_step_budget)
{
    tp_plan *p;
    tp_result *r = check_src(
        "let L = "
        "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29]\n"
        "rule N { for t in tokens require count([a for a in L for b in L for c in L for d in L "
        "for e in L where a == 99]) == 0 }",
        "{\"tokens\": [{\"id\": \"t1\"}, {\"id\": \"t2\"}]}", &p);
    cr_assert_not_null(r);
    cr_assert_eq(tp_result_finding_count(r), 1, "one grouped error");
    const tp_finding *f = tp_result_finding(r, 0);
    cr_expect_eq(f->status, TP_FINDING_ERROR);
    cr_expect(strstr(f->message, "went over the budget of 10000000 elements") != NULL, "%s",
              f->message);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_ERROR);
    tp_result_free(r);
    tp_plan_free(p);
}

/* The budgets are the caller's to set (tp_eval_options, version 5); UINT64_MAX is no limit. Each
 * subject visits 10 + 100 elements. */
Test(hostile, step_budgets_are_options)
{
    tp_plan *p = compile_src("let L = [0,1,2,3,4,5,6,7,8,9]\n"
                             "rule N { for t in tokens require count([a for a in L for b in L "
                             "where a + b == t.n]) < 100 }",
                             NULL);
    tp_document *doc = NULL;
    const char inv[] = "{\"tokens\": [{\"id\": \"t1\", \"n\": 1}, {\"id\": \"t2\", \"n\": 2}, "
                       "{\"id\": \"t3\", \"n\": 3}]}";
    cr_assert_eq(tp_document_parse(&doc, inv, sizeof inv - 1, NULL, NULL), 0);
    tp_binding b = {NULL, doc};
    struct {
        uint64_t subject, all;
        const char *message; /* of the one error finding; NULL: none */
        const char *subject_ids;
    } budgets[] = {
        {0, 0, NULL, NULL},
        {109, 0,
         "went over the budget of 109 elements for one subject (raise it with "
         "--max-subject-steps)",
         "t1"},
        {0, 300,
         "went over the budget of 300 elements for one evaluation (raise it with "
         "--max-steps)",
         "t3"},
        {110, 330, NULL, NULL},
        {UINT64_MAX, UINT64_MAX, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof budgets / sizeof budgets[0]; i++) {
        for (unsigned threads = 1; threads <= 3; threads += 2) {
            tp_eval_options o = TP_EVAL_OPTIONS_INIT;
            o.max_subject_steps = budgets[i].subject;
            o.max_steps = budgets[i].all;
            o.threads = threads;
            tp_result *r = NULL;
            cr_assert_eq(tp_result_new(&r, NULL), 0);
            cr_assert_eq(tp_evaluate(r, p, "in.json", &b, 1, &o), 0);
            size_t errors = count_findings(r, "N", TP_FINDING_ERROR);
            cr_expect_eq(errors, budgets[i].message ? 1 : 0, "case %zu, %u threads", i, threads);
            if (budgets[i].message && errors) {
                const tp_finding *f = find_finding(r, "N", budgets[i].subject_ids);
                cr_assert_not_null(f, "case %zu: the error's first subject", i);
                cr_expect(strstr(f->message, budgets[i].message) != NULL, "case %zu: %s", i,
                          f->message);
            }
            tp_result_free(r);
        }
    }
    tp_document_free(doc);
    tp_plan_free(p);
}
