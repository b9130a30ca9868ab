/* Lexer and parser: what is accepted, and the one message a syntax error gets. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "helpers.h"

TestSuite(syntax);

Test(syntax, accepts_every_construct_of_the_language)
{
    const char *src =
        "# a comment\n"
        "pack demo { title \"Demo\" version \"1.0.0\" description \"all of it\" }\n"
        "param max_age = 90d\n"
        "param envs = [\"ci\", \"test\",]\n"
        "param since = @2026-01-31T12:00:00Z\n"
        "let obj = {a: 1, \"odd-key\": [1, 2.5, -3], in: true}\n"
        "rule gh.pat-expiry {\n"
        "  title \"t\" severity low\n"
        "  for t in tokens\n"
        "  let xs = [b.service for b in bindings where b.token == t.id and not (b.env in envs)]\n"
        "  let n = count(x for x in xs) + len(t[\"label\"]) * 2 / 1 - 0\n"
        "  let p = tokens[*].owner\n"
        "  where t.kind != null and t.kind not in [\"x\"] or false\n"
        "  where (t.created_at ?? \"2026-01-01\") != \"\"\n"
        "  require age(t.created_at) <= max_age + 1w - 2h or days(1d) >= 1 and now > since\n"
        "  subject \"{t.id}:{t.kind}\"\n"
        "  message \"literal {{braces}} and {join(xs, \", \")} \\u{1F600}\\t\\\"\\\\\"\n"
        "  remediation \"fix {t.id}\"\n"
        "}\n"
        "rule R2 { deny true }\n";
    tp_compiler *c = NULL;
    tp_plan *p = compile_src(src, &c);
    cr_assert_eq(tp_plan_rule_count(p), 2);
    tp_rule_info info;
    cr_assert_eq(tp_plan_rule(&info, p, 1), 0);
    cr_expect_str_eq(info.id, "gh.pat-expiry");
    cr_expect_eq(info.severity, TP_SEVERITY_LOW);
    cr_expect_eq(info.line, 7);
    cr_expect_str_eq(info.remediation, "fix {t.id}");
    tp_plan_free(p);
    tp_compiler_free(c);
}

Test(syntax, rule_ids_take_dots_and_dashes)
{
    tp_plan *p = compile_src("rule GL-EXPIRY.v2 { require true }", NULL);
    tp_rule_info info;
    tp_plan_rule(&info, p, 0);
    cr_expect_str_eq(info.id, "GL-EXPIRY.v2");
    tp_plan_free(p);
}

Test(syntax, keywords_are_field_names_after_a_dot)
{
    tp_plan *p;
    tp_result *r = check_src("rule A { require input.in == 1 and input.for == 2 }",
                             "{\"in\": 1, \"for\": 2}", &p);
    cr_expect_eq(tp_result_finding_count(r), 0);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(syntax, a_syntax_error_names_what_was_expected)
{
    assert_diag("rule A {\n  require t.x == = 3\n}\n", 2, 18,
                "unexpected '=', expected an expression");
    assert_diag("rule A {\n  for t tokens\n  require true\n}\n", 2, 9,
                "unexpected identifier 'tokens', expected 'in'");
    assert_diag("rule A { require true", 1, 22, "unexpected end of file");
    assert_diag("rule A {\n", 2, 1,
                "unexpected end of file, expected one of: 'let', 'for', 'where', 'require', "
                "'deny', identifier, '}'");
}

/* `if C then A else B` binds loosest: its `else` takes the `or` after it. Read the other way,
 * `(if true then false else false) or true` would pass. */
Test(syntax, a_conditional_binds_loosest_of_all)
{
    EXPECT("if true then false else false or true", "{}", 'f');
    EXPECT("if false then false else 1 + 2 * 3 == 7", "{}", 'p');
    EXPECT("(if true then 1 else 2) + 1 == 2", "{}", 'p');
    /* An else-if chain, and a conditional in each part of another. */
    EXPECT(
        "(if input.n < 0 then \"neg\" else if input.n == 0 then \"zero\" else \"pos\") == \"zero\"",
        "{\"n\": 0}", 'p');
    EXPECT("if if input.n > 0 then true else false then if true then false else true else true",
           "{\"n\": 1}", 'f');
    /* Inside brackets, calls, generators, objects and interpolations. */
    EXPECT("[if x > 1 then \"big\" else \"small\" for x in [1, 2]] == [\"small\", \"big\"]", "{}",
           'p');
    EXPECT("len(if true then \"ab\" else \"\") == 2 and {k: if true then 1 else 2}.k == 1", "{}",
           'p');
    EXPECT("\"{if true then \"y\" else \"n\"}\" == \"y\"", "{}", 'p');
}

Test(syntax, if_then_and_else_are_keywords_but_still_field_names)
{
    tp_plan *p;
    tp_result *r =
        check_src("rule A { require input.then == 1 and input[\"else\"] == 2 and {if: 3}.if == 3 }",
                  "{\"then\": 1, \"else\": 2}", &p);
    cr_expect_eq(tp_result_finding_count(r), 0);
    tp_result_free(r);
    tp_plan_free(p);
    assert_diag("let then = 1\nrule A { require true }", 1, 5,
                "unexpected 'then', expected identifier");
}

/* A conditional that lacks a part says which; one used as an operand says to parenthesize it. */
Test(syntax, a_conditional_without_a_part_says_which)
{
    char h[256];
    const char *no_else = "rule A {\n  require if input.x then true\n  message \"m\"\n}\n";
    assert_diag(no_else, 3, 3, "unexpected identifier 'message', expected 'else'");
    cr_expect_str_eq(first_error_hint(no_else, h, sizeof h),
                     "a conditional has three parts: if COND then A else B");
    assert_diag("rule A {\n  require if input.x true else false\n}\n", 2, 22,
                "unexpected 'true', expected 'then'");
    assert_diag("rule A {\n  require if input.x then true\n}\n", 3, 1,
                "unexpected '}', expected 'else'");
    const char *operand = "rule A {\n  require 1 + if input.x then 1 else 2 == 2\n}\n";
    assert_diag(operand, 2, 15, "unexpected 'if', expected an operand");
    cr_expect_str_eq(first_error_hint(operand, h, sizeof h),
                     "a conditional is an operand only in parentheses: (if COND then A else B)");
    const char *stray = "rule A {\n  require input.x else false\n}\n";
    assert_diag(stray, 2, 19, "unexpected 'else'");
    cr_expect_str_eq(first_error_hint(stray, h, sizeof h),
                     "'then' and 'else' belong to a conditional, if COND then A else B; a rule "
                     "has one 'require' or 'deny'");
}

Test(syntax, one_error_per_mistake_and_later_rules_are_still_checked)
{
    const char *src = "rule A {\n"
                      "  require t.x == = 3\n"
                      "}\n"
                      "rule B {\n"
                      "  require lenght(1)\n"
                      "}\n";
    tp_compiler *c = NULL;
    cr_assert_eq(compile_status(src, &c), TP_EPOLICY);
    cr_assert_eq(tp_compiler_diag_count(c), 2);
    cr_expect_eq(tp_compiler_diag(c, 0)->line, 2);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->code, "E-SYNTAX");
    cr_expect_eq(tp_compiler_diag(c, 1)->line, 5);
    cr_expect_str_eq(tp_compiler_diag(c, 1)->message, "unknown function 'lenght'");
    tp_compiler_free(c);
}

Test(syntax, lexical_errors_are_reported_once)
{
    assert_diag("rule A {\n  message \"unterminated\n  require true\n}\n", 2, 11,
                "unterminated string: a string ends on the line it starts");
    assert_diag("rule A { require 90days > 1d }", 1, 18,
                "malformed duration '90days': write a number and a unit w, d, h, m or s, like 90d");
    assert_diag("rule A { require now > @2026-13-01 }", 1, 24,
                "malformed timestamp '@2026-13-01': write @YYYY-MM-DD or an RFC 3339 time like "
                "@2026-01-31T12:00:00Z");
    assert_diag("rule A { require 1 $ 2 }", 1, 20, "unexpected character '$'");
    assert_diag("rule A { message \"a } b\" require true }", 1, 21,
                "a lone '}' in a string: write '}}' for a literal brace");
    tp_compiler *c = NULL;
    compile_status("rule A { require 1 $ 2 }", &c);
    cr_expect_eq(tp_compiler_diag_count(c), 1, "the parser must not repeat the lexer's error");
    tp_compiler_free(c);
}

Test(syntax, deep_nesting_is_an_error_not_a_crash)
{
    size_t depth = 10000;
    char *src = malloc(depth * 2 + 64);
    strcpy(src, "rule A { require ");
    size_t off = strlen(src);
    for (size_t i = 0; i < depth; i++)
        src[off++] = '(';
    src[off++] = '1';
    for (size_t i = 0; i < depth; i++)
        src[off++] = ')';
    strcpy(src + off, " == 1 }");
    tp_compiler *c = NULL;
    cr_expect_eq(compile_status(src, &c), TP_EPOLICY);
    cr_assert_geq(tp_compiler_diag_count(c), 1);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->code, "E-DEPTH");
    tp_compiler_free(c);
    /* A long flat chain is fine for the parser but too deep to check safely. */
    char *chain = malloc(depth * 4 + 64);
    strcpy(chain, "rule A { require 1");
    off = strlen(chain);
    for (size_t i = 0; i < depth; i++) {
        memcpy(chain + off, " + 1", 4);
        off += 4;
    }
    strcpy(chain + off, " > 0 }");
    compile_status(chain, &c);
    cr_assert_geq(tp_compiler_diag_count(c), 1);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->code, "E-DEPTH");
    tp_compiler_free(c);
    free(src);
    free(chain);
}

Test(syntax, caret_rendering_matches_a_compiler)
{
    tp_compiler *c = NULL;
    compile_status("rule A {\n  require lenght(t.label) > 0\n}\n", &c);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    tp_compiler_write_diags(c, f, 0);
    fclose(f);
    cr_expect_str_eq(out, "test.tpol:2:11: error: unknown function 'lenght'\n"
                          "    2 |   require lenght(t.label) > 0\n"
                          "      |           ^~~~~~\n"
                          "      = help: did you mean 'len'?\n");
    free(out);
    tp_compiler_free(c);
}

/* Compiles src with --max-errors `max` (0: the default); the diagnostics as printed go to *text
 * (freed by the caller). */
static tp_compiler *compile_capped(const char *src, unsigned max, char **text)
{
    tp_compiler_options o = TP_COMPILER_OPTIONS_INIT;
    o.max_errors = max;
    tp_compiler *c = NULL;
    cr_assert_eq(tp_compiler_new(&c, &o), 0);
    cr_assert_eq(tp_compiler_add_source(c, "test.tpol", src, strlen(src)), 0);
    tp_plan *p = NULL;
    tp_compiler_compile(&p, c);
    tp_plan_free(p);
    size_t len = 0;
    FILE *f = open_memstream(text, &len);
    tp_compiler_write_diags(c, f, 0);
    fclose(f);
    return c;
}

/* n copies of fmt (one %d: the copy's number), each followed by sep. */
static char *repeat(const char *fmt, const char *sep, int n)
{
    size_t size = (size_t)n * (strlen(fmt) + strlen(sep) + 12) + 1, len = 0;
    char *s = malloc(size);
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(s + len, size - len, fmt, i);
        len += (size_t)snprintf(s + len, size - len, "%s", sep);
    }
    return s;
}

Test(syntax, every_kind_of_error_counts_toward_max_errors)
{
    /* Two lexical errors, then fifty patterns that do not compile (the checker's errors). */
    char *rules = repeat("rule R%d { for t in input require matches(t.x, \"(\") }", "\n", 50);
    char *src = malloc(strlen(rules) + 128);
    sprintf(src, "rule S1 { require 1 $ 2 }\nrule S2 { require 1 $ 2 }\n%s", rules);
    char *text = NULL;
    tp_compiler *c = compile_capped(src, 5, &text);
    cr_assert_eq(tp_compiler_diag_count(c), 5);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->code, "E-LEX");
    cr_expect_str_eq(tp_compiler_diag(c, 1)->code, "E-LEX");
    cr_expect_str_eq(tp_compiler_diag(c, 4)->code, "E-REGEX");
    cr_expect(strstr(text, "\ntokpol: test.tpol: 47 more errors not shown (at most 5 of each per "
                           "file: raise it with --max-errors)\n") != NULL,
              "%s", text);
    /* The JSON counts every error, those left out too. */
    char *json = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&json, &len);
    tp_compiler_write_diags_json(c, f);
    fclose(f);
    cr_expect(strstr(json, "\"errors\": 52, \"warnings\": 0}") != NULL, "%s", json);
    free(json);
    free(text);
    tp_compiler_free(c);
    /* The default is 20 per file. */
    c = compile_capped(src, 0, &text);
    cr_expect_eq(tp_compiler_diag_count(c), 20);
    cr_expect(strstr(text, "tokpol: test.tpol: 32 more errors not shown (at most 20") != NULL);
    free(text);
    tp_compiler_free(c);
    free(src);
    free(rules);
}

Test(syntax, warnings_are_capped_apart_from_errors)
{
    /* Thirty unused lets: warnings, capped at 3 of them, which never take an error's place. */
    char *src = repeat("rule R%1$d { let unused = 1 require input.x == %1$d }", "\n", 30);
    char *text = NULL;
    tp_compiler *c = compile_capped(src, 3, &text);
    cr_assert_eq(tp_compiler_diag_count(c), 3);
    cr_expect_str_eq(tp_compiler_diag(c, 2)->code, "W-UNUSED");
    cr_expect(strstr(text, "tokpol: test.tpol: 27 more warnings not shown") != NULL, "%s", text);
    free(text);
    tp_compiler_free(c);
    free(src);
}

Test(syntax, a_long_line_is_quoted_around_its_caret)
{
    /* Five thousand patterns that do not compile, on one line of 279 KB. */
    char *src = repeat("rule R%d { for t in input require matches(t.x, \"(\") }", " ", 5000);
    char *text = NULL;
    tp_compiler *c = compile_capped(src, 0, &text);
    cr_expect_lt(strlen(text), 8000,
                 "20 diagnostics of a few lines each, not 20 copies of the line");
    /* The third: 120 bytes from 40 before its column, cut at both ends, the caret under it. */
    const tp_diag *d = tp_compiler_diag(c, 2);
    cr_assert_eq(d->column, 153);
    const char *third = strstr(text, "test.tpol:1:153: ");
    cr_assert_not_null(third);
    const char *want = "test.tpol:1:153: error: invalid regular expression: missing closing "
                       "parenthesis (at byte 1 of the pattern)\n"
                       "    1 | \xE2\x80\xA6"
                       "2 { for t in input require matches(t.x, \"(\") } rule R3 { for t in input "
                       "require matches(t.x, \"(\") } rule R4 { for t in i\xE2\x80\xA6\n"
                       "      |                                          ^~~\n";
    cr_expect_eq(strncmp(third, want, strlen(want)), 0, "%.600s", third);
    free(text);
    tp_compiler_free(c);
    free(src);
}

Test(syntax, a_cut_line_shows_a_credential_across_the_cut_as_its_mask)
{
    /* The window starts 40 bytes before lenght, inside the token: the token is scanned whole. */
    const char *token = "ghp_Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789";
    char src[1024];
    int pad = 200;
    snprintf(src, sizeof src, "rule A { require \"%*s%s\" == \"\" and lenght(1) > 0 }\n", pad, "",
             token);
    char *text = NULL;
    tp_compiler *c = compile_capped(src, 0, &text);
    cr_assert_geq(tp_compiler_diag_count(c), 1);
    cr_expect_str_eq(tp_compiler_diag(c, 0)->code, "E-UNKNOWN-FUNC");
    /* No 8 characters of the token are printed, and the caret still points at lenght. */
    for (size_t i = 0; i + 8 <= strlen(token); i++)
        cr_expect_eq(memmem(text, strlen(text), token + i, 8), NULL, "%s", text);
    cr_expect(strstr(text, "[github-token sha256:") != NULL, "%s", text);
    const char *line = strstr(text, "    1 | ");
    const char *caret = strstr(text, "      | ");
    cr_assert(line && caret);
    line += 8;
    caret += 8;
    size_t spaces = strspn(caret, " ");
    /* Columns: the ellipsis counts one, the mask its bytes. */
    const char *at = line;
    for (size_t col = 0; col < spaces; col++)
        at += (unsigned char)*at == 0xE2 ? 3 : 1;
    cr_expect_eq(strncmp(at, "lenght(", 7), 0, "%s", text);
    free(text);
    tp_compiler_free(c);
}

Test(syntax, a_number_no_double_holds_is_an_error)
{
    const char *large = "number out of range: larger than a number can be (about 1.8e308)";
    const char *small =
        "number out of range: closer to 0 than a number can be (about 4.9e-324): it would be 0";
    assert_diag("rule A { require input.n < 1E400 }", 1, 28, large);
    assert_diag("rule A { require input.n > 1e-400 }", 1, 28, small);
    assert_diag("rule A { require input.n > 0.00001e-320 }", 1, 28, small);
    assert_diag("rule A { message \"{2e-999}\" require true }", 1, 20, small);
    /* Zero written any way, the largest double and the smallest one are numbers. */
    EXPECT("0e-400 == 0 and 0.000e999 == 0 and 1.7976931348623157e308 > 1e308", "{}", 'p');
    EXPECT("4.9e-324 > 0", "{}", 'p');
}

Test(syntax, a_param_value_no_double_holds_is_an_error)
{
    const char *src = "param limit = 5\nrule A { require input.n < limit }";
    const char *values[] = {"1E400", "-1e-400"};
    const char *want[] = {"--param limit=1E400: number out of range: larger than a number can be "
                          "(about 1.8e308)",
                          "--param limit=-1e-400: number out of range: closer to 0 than a number "
                          "can be (about 4.9e-324): it would be 0"};
    for (int i = 0; i < 2; i++) {
        tp_compiler *c = NULL;
        tp_compiler_new(&c, NULL);
        tp_compiler_add_source(c, "p.tpol", src, strlen(src));
        cr_assert_eq(tp_compiler_set_param(c, "limit", values[i]), 0);
        tp_plan *p = NULL;
        cr_expect_eq(tp_compiler_compile(&p, c), TP_EPOLICY);
        cr_assert_eq(tp_compiler_diag_count(c), 1, "one error, not a second about a string");
        cr_expect_str_eq(tp_compiler_diag(c, 0)->code, "E-PARAM");
        cr_expect_str_eq(tp_compiler_diag(c, 0)->message, want[i]);
        tp_compiler_free(c);
    }
}
