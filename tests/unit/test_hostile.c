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

/* Files made once for the whole catalogue, in the build tree (a marker says they are complete;
 * each case runs in a process of its own). Change the marker's version with the files. */
#define MARKER ".complete-3"
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
    puts_file("low.tpol",
              "rule L { severity low for t in tokens where t.id == \"t1\" deny true }\n");
    char path[256];
    snprintf(path, sizeof path, "%s/fifo.json", dir);
    mkfifo(path, 0600);
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0700);
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
     "age() cannot read t.created_at as a time"},
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
    {"expression nesting 10,000 deep", NOW "-p %s/deep-expr.tpol %s/clean.json", 3,
     "error: expression nested too deeply", ""},
    {"100,000 interpolations", NOW "-p %s/interp.tpol %s/clean.json", 1, NULL, "I input"},
    {"a regex over the input limit", NOW "-p %s/redos.tpol %s/redos.json", 5, NULL,
     "matches() input of 20000 bytes is over the limit of 16384 (raise it with --max-regex-input)"},
    {"a backreference", NOW "-p %s/backref.tpol %s/clean.json", 3,
     "backreferences ('\\1') are not allowed in matches()", ""},
    {"a policy with no rules", NOW "-p %s/empty.tpol %s/clean.json", 3,
     "no rules: the policies define nothing to check", ""},
    {"a directory with no policies", NOW "-p %s/sub %s/clean.json", 3, "no rules", ""},
    {"a NUL in a policy", NOW "-p %s/nul.tpol %s/clean.json", 3,
     "nul.tpol:1:17: error: unexpected character '?'", ""},
    {"invalid UTF-8 in a policy", NOW "-p %s/badutf8.tpol %s/clean.json", 3,
     "badutf8.tpol:1:18: error: unexpected character '?'", ""},
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
    {"a report to a directory", NOW "-o %s/sub %s/clean.json", 2, "cannot write the report to", ""},
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
    if (h->out && !*h->out)
        cr_expect_str_eq(r.out, "", "%s: nothing may reach stdout", h->name);
    else if (h->out)
        cr_expect(strstr(r.out, h->out) != NULL, "%s: stdout lacks '%s':\n%.2000s", h->name, h->out,
                  r.out);
    cr_expect_null(strstr(r.out, "ghp_abcdefghij"), "%s: a secret reached stdout", h->name);
    cr_expect_null(strstr(r.err, "ghp_abcdefghij"), "%s: a secret reached stderr", h->name);
}
