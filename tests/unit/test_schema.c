/* Schemas: the supported JSON Schema subset, policy paths checked against it at compile time,
 * and inputs validated with it. The provider schemas are excerpts written in their style. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define SCHEMAS SOURCE_DIR "/tests/schemas/"

static tp_plan *compile_with(const char *src, const char *schema, tp_compiler **out, int *status)
{
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    if (schema)
        cr_assert_eq(tp_compiler_add_schema(c, "input", schema), 0);
    tp_compiler_add_source(c, "s.tpol", src, strlen(src));
    tp_plan *p = NULL;
    *status = tp_compiler_compile(&p, c);
    *out = c;
    return p;
}

/* "L:C CODE message | hint" of every diagnostic. */
static char *diags(const char *src, const char *schema)
{
    tp_compiler *c;
    int st;
    tp_plan *p = compile_with(src, schema, &c, &st);
    char *out = calloc(1, 8192);
    for (size_t i = 0; i < tp_compiler_diag_count(c); i++) {
        const tp_diag *d = tp_compiler_diag(c, i);
        size_t n = strlen(out);
        snprintf(out + n, 8192 - n, "%u:%u %s %s | %s\n", d->line, d->column, d->code, d->message,
                 d->hint ? d->hint : "");
    }
    tp_plan_free(p);
    tp_compiler_free(c);
    return out;
}

static int validate(const char *schema, const char *json, tp_input_error *err)
{
    tp_compiler *c;
    int st;
    tp_plan *p = compile_with("rule R { require true }", schema, &c, &st);
    cr_assert_eq(st, 0);
    tp_document *doc = NULL;
    cr_assert_eq(tp_document_parse(&doc, json, strlen(json), NULL, NULL), 0, "%s", json);
    int rc = tp_plan_validate(p, NULL, doc, err);
    tp_document_free(doc);
    tp_plan_free(p);
    tp_compiler_free(c);
    return rc;
}

TestSuite(schema);

Test(schema, unknown_fields_and_names_with_suggestions)
{
    char *d = diags("rule A { for t in tokens require t.acess == \"read_only\" }", "tokpol/v1");
    cr_expect_str_eq(
        d, "1:36 E-SCHEMA-FIELD unknown field 'acess' (the schema #/properties/tokens/items "
           "has no such field) | did you mean 'access'?\n"
           "1:14 NOTE 't' is bound here | \n");
    free(d);
    d = diags("rule A { for t in tokenz require true }", "tokpol/v1");
    cr_expect_str_eq(
        d, "1:19 E-SCHEMA-NAME unknown name 'tokenz' (the input schema has no such field) | "
           "did you mean 'tokens'?\n");
    free(d);
}

Test(schema, paths_are_followed_through_lets_generators_first_and_projections)
{
    char *d = diags("rule A { for t in tokens\n"
                    "  let owner = first(u for u in users where u.id == t.owner)\n"
                    "  where any(b.envv == \"ci\" for b in bindings where b.token == t.id)\n"
                    "  deny (owner.rol ?? \"x\") == \"owner\" }\n"
                    "rule B { require count(tokens[*].ownr) > 0 }\n",
                    "tokpol/v1");
    cr_expect(strstr(d, "3:15 E-SCHEMA-FIELD unknown field 'envv'") != NULL, "%s", d);
    cr_expect(strstr(d, "did you mean 'env'?") != NULL, "%s", d);
    cr_expect(strstr(d, "4:15 E-SCHEMA-FIELD unknown field 'rol'") != NULL, "%s", d);
    cr_expect(strstr(d, "did you mean 'role'?") != NULL, "%s", d);
    cr_expect(strstr(d, "5:34 E-SCHEMA-FIELD unknown field 'ownr'") != NULL, "%s", d);
    free(d);
}

Test(schema, types_enums_and_dates)
{
    char *d = diags("rule A { for t in tokens require t.access == 1 or t.kind == \"apii\" }\n"
                    "rule B { for u in users require u.role in [\"owner\", \"owners\"] }\n"
                    "rule C { for t in tokens require age(t.label ?? \"\") < 1d }\n",
                    "tokpol/v1");
    cr_expect(strstr(d, "E-TYPE comparing a string with a number is always false") != NULL, "%s",
              d);
    cr_expect(
        strstr(
            d,
            "E-SCHEMA-ENUM 'apii' is not a value t.kind can have | t.kind is one of: api, sdk") !=
            NULL,
        "%s", d);
    cr_expect(strstr(d, "2:53 E-SCHEMA-ENUM 'owners' is not a value u.role can have | u.role is "
                        "one of: owner, admin, member, biller") != NULL,
              "%s", d);
    cr_expect(strstr(d, "E-SCHEMA-FORMAT age() reads a time, but the schema says the value is") ==
                  NULL,
              "%s", d);
    free(d);
    d = diags("rule C { for t in tokens where has(t.label) require age(t.label) < 1d }\n",
              "tokpol/v1");
    cr_expect(strstr(d, "E-SCHEMA-FORMAT age() reads a time, but the schema says t.label is a "
                        "string with no date format") != NULL,
              "%s", d);
    free(d);
}

Test(schema, optional_fields_need_a_guard)
{
    char *d = diags("rule A { for t in tokens require t.access == \"read_only\" }", "tokpol/v1");
    cr_expect_str_eq(
        d, "1:34 W-OPTIONAL 'access' is optional in the schema: when it is missing, the rule "
           "errs | guard it: has(t.access), or t.access ?? a default\n");
    free(d);
    d = diags("rule A { for t in tokens require (t.access ?? \"none\") == \"read_only\" }\n"
              "rule B { for t in tokens require not has(t.access) or t.access == \"read_only\" }\n"
              "rule C { for t in tokens where has(t.access) require t.access == \"read_only\" }\n"
              "rule D { for t in tokens require has(t.access) and t.access == \"read_only\" }\n",
              "tokpol/v1");
    cr_expect(strstr(d, "rule B") == NULL && strstr(d, "1:") == NULL && strstr(d, "3:") == NULL &&
                  strstr(d, "4:") == NULL,
              "only B's 'or' is not a guard: %s", d);
    free(d);
}

/* A conditional guards its `then` as `and` guards its right: not its `else`. */
Test(schema, a_conditional_guards_its_then_branch)
{
    char *d =
        diags("rule A { for t in tokens require if has(t.access) then t.access == \"read_only\" "
              "else false }\n"
              "rule B { for t in tokens require if has(t.access) then true else t.access == "
              "\"read_only\" }\n",
              "tokpol/v1");
    cr_expect_str_eq(
        d, "2:66 W-OPTIONAL 'access' is optional in the schema: when it is missing, the rule "
           "errs | guard it: has(t.access), or t.access ?? a default\n");
    free(d);
}

Test(schema, a_provider_openapi_schema_loads_as_it_is)
{
    const char *gl = "rule GL-EXPIRY {\n"
                     "  title \"GitLab tokens must expire within a year\" severity high\n"
                     "  for t in input\n"
                     "  where t.active\n"
                     "  require has(t.expires_at) and t.expires_at != null and time(t.expires_at) "
                     "- time(t.created_at) <= 365d\n"
                     "  message \"token {t.name} (id {t.id}) of user {t.user_id} expires "
                     "{t.expires_at ?? \"never\"}\"\n"
                     "}\n"
                     "rule GL-SCOPE { for t in input deny \"apii\" in t.scopes }\n";
    char *d = diags(gl, SCHEMAS "gitlab-pat.openapi.json");
    cr_expect_str_eq(
        d, "8:37 E-SCHEMA-ENUM 'apii' is not a value an element of it can have | an element "
           "of it is one of: api, read_api, read_user, read_repository, write_repository\n");
    free(d);
    tp_input_error err;
    cr_expect_eq(validate(SCHEMAS "gitlab-pat.openapi.json",
                          "[{\"id\": 1, \"name\": \"ci\", \"active\": true, \"user_id\": 7, "
                          "\"scopes\": [\"api\"],"
                          " \"created_at\": \"2026-01-01T00:00:00Z\", \"expires_at\": null, "
                          "\"last_used_at\": null}]",
                          &err),
                 0, "%s", err.message);
    cr_expect_eq(validate(SCHEMAS "gitlab-pat.openapi.json",
                          "[{\"id\": 1, \"name\": \"ci\", \"active\": true, \"user_id\": 7, "
                          "\"scopes\": [\"apii\"],"
                          " \"created_at\": \"2026-01-01T00:00:00Z\"}]",
                          &err),
                 TP_EINPUT);
    cr_expect_str_eq(err.message, "/0/scopes/0: a value the schema does not allow (schema "
                                  "gitlab-pat.openapi.json, rule 'enum')");
    cr_expect_eq(
        validate(
            SCHEMAS "gitlab-pat.openapi.json",
            "[{\"id\": 1.5, \"name\": \"ci\", \"active\": true, \"user_id\": 7, \"scopes\": [],"
            " \"created_at\": \"2026-01-01T00:00:00Z\"}]",
            &err),
        TP_EINPUT);
    cr_expect(strstr(err.message,
                     "/0/id: a number with a fraction, but the schema wants an integer") != NULL,
              "%s", err.message);
    cr_expect_eq(
        validate(
            SCHEMAS "gitlab-pat.openapi.json",
            "[{\"id\": 1, \"name\": \"ci\", \"active\": true, \"user_id\": 7, \"scopes\": [],"
            " \"created_at\": \"2026-01-01T00:00:00Z\", \"expires_at\": \"2026-01-01T00:00:00Z\"}]",
            &err),
        TP_EINPUT, "a date-time where a date is wanted");
    cr_expect(strstr(err.message, "/0/expires_at: not a valid date") != NULL, "%s", err.message);
}

Test(schema, closed_objects_one_of_and_type_arrays)
{
    tp_input_error err;
    const char *ok =
        "[{\"login\": \"a\", \"credential_id\": 1, \"credential_type\": \"SSH key\","
        " \"credential_authorized_at\": \"2026-01-01T00:00:00Z\", \"credential_accessed_at\": null,"
        " \"fingerprint\": null}]";
    cr_expect_eq(validate(SCHEMAS "github-credentials.json", ok, &err), 0, "%s", err.message);
    cr_expect_eq(
        validate(SCHEMAS "github-credentials.json",
                 "[{\"login\": \"a\", \"credential_id\": 1, \"credential_type\": \"SSH key\","
                 " \"credential_authorized_at\": \"2026-01-01T00:00:00Z\", \"token\": \"x\"}]",
                 &err),
        TP_EINPUT);
    cr_expect(strstr(err.message, "/0: the field \"token\" is not allowed") != NULL, "%s",
              err.message);
    cr_expect_eq(err.line, 1);
    cr_expect_eq(err.column, 2);
    cr_expect_eq(
        validate(SCHEMAS "github-credentials.json",
                 "[{\"login\": \"a\", \"credential_id\": 1, \"credential_type\": \"SSH key\","
                 " \"credential_authorized_at\": \"2026-01-01T00:00:00Z\", \"fingerprint\": 3}]",
                 &err),
        TP_EINPUT);
    cr_expect(strstr(err.message,
                     "/0/fingerprint: matches 0 of the oneOf alternatives, not exactly one") !=
                  NULL,
              "%s", err.message);
    char *d = diags("rule A { for c in input require c.credential_typ != \"SSH key\" }",
                    SCHEMAS "github-credentials.json");
    cr_expect(strstr(d, "did you mean 'credential_type'?") != NULL, "%s", d);
    free(d);
}

Test(schema, schema_errors_are_diagnostics)
{
    char path[512];
    temp_file(path, sizeof path);
    FILE *f = fopen(path, "w");
    fputs("{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/$defs/missing\"}}}", f);
    fclose(f);
    char *d = diags("rule A { require true }", path);
    cr_expect(
        strstr(
            d,
            "E-SCHEMA $ref '#/$defs/missing' at #/properties/a does not resolve in the schema") !=
            NULL,
        "%s", d);
    free(d);
    d = diags("rule A { require true }", "/tmp/no-such-schema.json");
    cr_expect(
        strstr(
            d,
            "E-SCHEMA schema /tmp/no-such-schema.json: cannot open: No such file or directory") !=
            NULL,
        "%s", d);
    free(d);
    remove(path);
}

Test(schema, nullable_fields_need_a_null_check_before_functions)
{
    char *d = diags(
        "rule A { for t in tokens require age(t.last_used_at) < 1d }\n"
        "rule B { for t in tokens require t.last_used_at != null and age(t.last_used_at) < 1d }\n"
        "rule C { for t in tokens where t.last_used_at != null require age(t.last_used_at) < 1d "
        "}\n",
        "tokpol/v1");
    cr_expect_str_eq(
        d, "1:38 W-NULLABLE t.last_used_at may be null in the schema, and age() fails on null"
           " | check it first: t.last_used_at != null and ...\n");
    free(d);
}

/* A pack's default subject names fields of several kinds of elements: a rule is fine when its
 * elements have one of them, and an error when their schema has none. */
Test(schema, a_default_subject_needs_one_field_the_elements_have)
{
    char *d = diags("pack p { subject credential_id, id }\n"
                    "rule A { for t in tokens require true }\n"
                    "rule B { for b in bindings require true }\n"
                    "rule C { for b in bindings subject b.token require true }\n",
                    "tokpol/v1");
    cr_expect_str_eq(d,
                     "3:19 E-SCHEMA-FIELD the elements of rule B have none of the pack's subject "
                     "fields (credential_id, id): the schema (#/properties/bindings/items) has "
                     "no such field | give the rule its own 'subject', or add a field its "
                     "elements have to the pack's 'subject'\n"
                     "1:18 NOTE the pack's default subject is here | \n");
    free(d);
}

/* `n` credential records with the same keys in the same order, the last one given as `last`. */
static char *records_then(int n, const char *last)
{
    text_buf t = {0};
    text_printf(&t, "[");
    for (int i = 0; i < n; i++)
        text_printf(&t,
                    "{\"login\": \"u%d\", \"credential_id\": %d, \"credential_type\": \"SSH key\", "
                    "\"credential_authorized_at\": \"2026-01-01T00:00:00Z\", \"fingerprint\": "
                    "%s}, ",
                    i, i, i % 2 ? "null" : "\"ab\"");
    text_printf(&t, "%s]", last);
    return t.s;
}

Test(schema, objects_that_share_their_keys_are_each_checked_in_full)
{
    /* Records with the same keys are checked through one map of keys to schemas: what the map
     * cannot tell (a value, a missing or refused field in a record with other keys) is still
     * found in the record after a hundred good ones. */
    static const struct {
        const char *last, *message;
    } cases[] = {
        {"{\"login\": \"x\", \"credential_id\": \"7\", \"credential_type\": \"SSH key\", "
         "\"credential_authorized_at\": \"2026-01-01T00:00:00Z\", \"fingerprint\": null}",
         "/100/credential_id: a string, but the schema wants a number"},
        {"{\"login\": \"x\", \"credential_id\": 7, \"credential_type\": \"SSH key\", "
         "\"credential_authorized_at\": \"yesterday\", \"fingerprint\": null}",
         "/100/credential_authorized_at: not a valid date-time"},
        {"{\"login\": \"x\", \"credential_id\": 7, \"credential_type\": \"SSH key\", "
         "\"credential_authorized_at\": \"2026-01-01T00:00:00Z\", \"fingerprint\": 3}",
         "/100/fingerprint: matches 0 of the oneOf alternatives"},
        {"{\"login\": \"x\", \"credential_id\": 7, \"credential_type\": \"SSH key\", "
         "\"fingerprint\": null}",
         "/100: the required field \"credential_authorized_at\" is missing"},
        {"{\"login\": \"x\", \"credential_id\": 7, \"credential_type\": \"SSH key\", "
         "\"credential_authorized_at\": \"2026-01-01T00:00:00Z\", \"fingerprint\": null, "
         "\"secret\": \"s\"}",
         "/100: the field \"secret\" is not allowed"},
        {"{\"credential_id\": 7, \"login\": \"x\", \"credential_type\": \"GPG key\", "
         "\"credential_authorized_at\": \"2026-01-01T00:00:00Z\", \"fingerprint\": null}",
         "/100/credential_type: a value the schema does not allow"},
    };
    tp_input_error err;
    char *good = records_then(100, "{\"credential_id\": 7, \"login\": \"x\", \"credential_type\": "
                                   "\"SSH key\", \"credential_authorized_at\": \"2026-01-01\"}");
    cr_expect_eq(validate(SCHEMAS "github-credentials.json", good, &err), TP_EINPUT);
    cr_expect(strstr(err.message, "/100/credential_authorized_at: not a valid date-time"), "%s",
              err.message);
    free(good);
    good =
        records_then(100, "{\"credential_id\": 7, \"login\": \"x\", \"credential_type\": "
                          "\"SSH key\", \"credential_authorized_at\": \"2026-01-01T09:00:00Z\"}");
    cr_expect_eq(validate(SCHEMAS "github-credentials.json", good, &err), 0, "%s", err.message);
    free(good);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *json = records_then(100, cases[i].last);
        cr_expect_eq(validate(SCHEMAS "github-credentials.json", json, &err), TP_EINPUT, "%zu", i);
        cr_expect(strstr(err.message, cases[i].message) != NULL, "%zu: %s", i, err.message);
        free(json);
    }
}

Test(schema, nested_objects_of_many_shapes_do_not_change_how_their_parent_is_checked)
{
    /* Each record holds an object of one of 16 key sets (more shapes than the maps kept at
     * once), checked before the record's next fields: whatever map a nested object takes, the
     * fields after it are checked against their own schemas. */
    static const char schema[] =
        "{\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"meta\", \"n\"], "
        "\"properties\": {\"meta\": {\"type\": \"object\", \"additionalProperties\": {\"type\": "
        "\"boolean\"}}, \"n\": {\"type\": \"integer\"}, \"s\": {\"type\": \"string\"}}, "
        "\"additionalProperties\": false}}";
    char path[512];
    temp_file(path, sizeof path);
    write_file(path, schema, strlen(schema));
    for (int bad = 0; bad < 3; bad++) {
        text_buf t = {0};
        text_printf(&t, "[");
        for (int i = 0; i < 300; i++) {
            text_printf(&t, "%s{\"meta\": {", i ? ", " : "");
            for (int b = 0, first = 1; b < 6; b++)
                if ((i % 64 | 3) >> b & 1) { /* two keys or more */
                    text_printf(&t, "%s\"k%d\": true", first ? "" : ", ", b);
                    first = 0;
                }
            int wrong = bad && i == 299;
            text_printf(&t, "}, \"n\": %s, \"s\": %s}", wrong && bad == 1 ? "\"1\"" : "1",
                        wrong && bad == 2 ? "2" : "\"x\"");
        }
        text_printf(&t, "]");
        tp_input_error err;
        int rc = validate(path, t.s, &err);
        if (!bad)
            cr_expect_eq(rc, 0, "%s", err.message);
        else {
            cr_expect_eq(rc, TP_EINPUT);
            cr_expect(strstr(err.message, bad == 1 ? "/299/n: a string" : "/299/s: a number"), "%s",
                      err.message);
        }
        free(t.s);
    }
    remove(path);
}
