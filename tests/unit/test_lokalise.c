/* The shipped Lokalise pack: every rule passes, fails and errors where it should. */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

static tp_plan *lokalise(const char *param, const char *value)
{
    tp_compiler *c = NULL;
    tp_compiler_new(&c, NULL);
    cr_assert_eq(tp_compiler_add_builtin(c, "lokalise"), 0);
    if (param)
        cr_assert_eq(tp_compiler_set_param(c, param, value), 0);
    tp_plan *p = NULL;
    cr_assert_eq(tp_compiler_compile(&p, c), 0);
    tp_compiler_free(c);
    return p;
}

/* An inventory with the given tokens and bindings and a fixed team of three users. */
static tp_result *inventory(const tp_plan *p, const char *tokens, const char *bindings)
{
    char json[8192];
    snprintf(json, sizeof json,
             "{\"format\": \"tokpol/v1\", \"team\": {\"id\": \"1\", \"name\": \"Acme\", \"plan\": "
             "\"Pro\"},"
             " \"users\": [{\"id\": \"o\", \"email\": \"o@x\", \"role\": \"owner\"},"
             " {\"id\": \"a\", \"email\": \"a@x\", \"role\": \"admin\"},"
             " {\"id\": \"m\", \"email\": \"m@x\", \"role\": \"member\"}],"
             " \"tokens\": [%s], \"bindings\": [%s]}",
             tokens, bindings);
    return eval_json(p, json, NULL);
}

/* A read-only API token of the member, fresh and in use, unless overridden by `extra`. */
#define TOKEN(id, extra)                                                                           \
    "{\"id\": \"" id "\", \"kind\": \"api\", \"access\": \"read_only\", \"owner\": \"m\", "        \
    "\"created_at\": \"2026-11-01T00:00:00Z\", \"last_used_at\": \"2026-11-26T00:00:00Z\"" extra   \
    "}"
#define BIND(tok, svc, env)                                                                        \
    "{\"token\": \"" tok "\", \"service\": \"" svc "\", \"env\": \"" env "\"}"

static void expect(const tp_result *r, const char *rule, const char *subject, int status)
{
    const tp_finding *f = find_finding(r, rule, subject);
    if (status < 0) {
        cr_expect_null(f, "%s %s: unexpected finding: %s", rule, subject, f ? f->message : "");
        return;
    }
    cr_expect_not_null(f, "%s %s: no finding", rule, subject);
    if (f)
        cr_expect_eq(f->status, (tp_finding_status)status, "%s %s: %s", rule, subject, f->message);
}

#define PASS -1

TestSuite(lokalise);

Test(lokalise, a_clean_inventory_has_no_findings)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = inventory(p, TOKEN("t1", ""), BIND("t1", "svc", "production"));
    cr_expect_eq(tp_result_finding_count(r), 0);
    cr_expect_eq(tp_result_verdict(r), TP_VERDICT_PASS);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK001_one_service_per_token)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = inventory(
        p, TOKEN("t1", "") "," TOKEN("t2", "") "," TOKEN("t3", ""),
        BIND("t1", "a", "production") "," BIND("t1", "b", "production") "," BIND(
            "t2", "a", "production") "," BIND("t2", "a",
                                              "production") ","
                                                            "{\"token\": \"t3\", \"env\": \"ci\"}");
    expect(r, "LOK001", "t1", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK001", "t1")->message,
                     "token t1 is shared by 2 services: a, b");
    expect(r, "LOK001", "t2", PASS);
    expect(r, "LOK001", "t3", TP_FINDING_ERROR);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK002_one_environment_per_token)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = inventory(
        p, TOKEN("t1", "") "," TOKEN("t2", "") "," TOKEN("t3", ""),
        BIND("t1", "a", "test") "," BIND("t1", "a", "production") "," BIND(
            "t2", "a", "ci") "," BIND("t2", "b", "ci") ","
                                                       "{\"token\": \"t3\", \"service\": \"s\"}");
    expect(r, "LOK002", "t1", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK002", "t1")->message,
                     "token t1 is deployed in 2 environments: test, production");
    expect(r, "LOK002", "t2", PASS);
    expect(r, "LOK002", "t3", TP_FINDING_ERROR);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK003_tokens_in_tests_are_read_only)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r =
        inventory(p,
                  TOKEN("rw", ", \"x\": 1") "," TOKEN(
                      "ro", "") ","
                                "{\"id\": \"sdk\", \"kind\": \"sdk\", \"owner\": \"m\", "
                                "\"created_at\": \"2026-11-01\", \"last_used_at\": null},"
                                "{\"id\": \"noacc\", \"kind\": \"api\", \"owner\": \"m\", "
                                "\"created_at\": \"2026-11-01\", \"last_used_at\": \"2026-11-20\"}",
                  BIND("rw", "e2e", "test") "," BIND("ro", "e2e2", "test") "," BIND(
                      "sdk", "app", "test") "," BIND("noacc", "e2e3", "test"));
    expect(r, "LOK003", "ro", PASS);
    expect(r, "LOK003", "sdk", PASS);
    expect(r, "LOK003", "noacc", TP_FINDING_FAIL); /* no declared access: not read-only */
    tp_result_free(r);
    tp_plan_free(p);
    /* read_write in test fails; the param widens what counts as a test environment. */
    p = lokalise("test_envs", "[\"test\", \"qa\"]");
    r = inventory(
        p,
        "{\"id\": \"rw\", \"kind\": \"api\", \"access\": \"read_write\", \"owner\": \"m\", "
        "\"created_at\": \"2026-11-01\", \"last_used_at\": \"2026-11-20\"}",
        BIND("rw", "e2e", "qa"));
    expect(r, "LOK003", "rw", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK003", "rw")->message,
                     "token rw is used by tests but has read_write access");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK004_no_owner_tokens_in_ci)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = inventory(
        p,
        "{\"id\": \"own\", \"kind\": \"api\", \"access\": \"read_only\", \"owner\": \"o\", "
        "\"created_at\": \"2026-11-01\", \"last_used_at\": \"2026-11-20\"}," TOKEN(
            "mem", "") ","
                       "{\"id\": \"orphan\", \"kind\": \"api\", \"access\": \"read_only\", "
                       "\"owner\": \"gone\", "
                       "\"created_at\": \"2026-11-01\", \"last_used_at\": \"2026-11-20\"}",
        BIND("own", "ci1", "ci") "," BIND("mem", "ci2", "ci") "," BIND("orphan", "ci3", "ci"));
    expect(r, "LOK004", "own", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK004", "own")->message,
                     "token own belongs to team owner o@x and is used in CI");
    expect(r, "LOK004", "mem", PASS);
    /* One problem, one finding: an orphan is LOK008's, not an error everywhere. */
    expect(r, "LOK004", "orphan", PASS);
    expect(r, "LOK005", "orphan", PASS);
    expect(r, "LOK008", "orphan", TP_FINDING_FAIL);
    tp_result_free(r);
    tp_plan_free(p);
}

/* Dirty data must not open the gate: a second record with the owner's id listed first, and
 * environment or role names written in another case. */
Test(lokalise, LOK004_LOK005_resist_duplicate_users_and_case)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = eval_json(
        p,
        "{\"format\": \"tokpol/v1\", \"team\": {\"id\": \"1\", \"name\": \"Acme\", "
        "\"plan\": \"Pro\"},"
        " \"users\": [{\"id\": \"o\", \"email\": \"shadow@x\", \"role\": \"member\"},"
        " {\"id\": \"o\", \"email\": \"o@x\", \"role\": \"owner\"},"
        " {\"id\": \"m\", \"email\": \"m@x\", \"role\": \"member\"}],"
        " \"tokens\": [{\"id\": \"own\", \"kind\": \"api\", \"access\": \"read_only\", "
        "\"owner\": \"o\", \"created_at\": \"2026-11-01\", \"last_used_at\": \"2026-11-20\"},"
        " {\"id\": \"upper\", \"kind\": \"api\", \"access\": \"read_write\", \"owner\": "
        "\"m\", \"created_at\": \"2026-11-01\", \"last_used_at\": \"2026-11-20\"}],"
        " \"bindings\": [" BIND("own", "deploy", "CI") "," BIND("upper", "e2e", "Test") "]}",
        NULL);
    expect(r, "LOK004", "own", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK004", "own")->message,
                     "token own belongs to team owner o@x and is used in CI");
    expect(r, "LOK005", "own", TP_FINDING_FAIL);
    expect(r, "LOK003", "upper", TP_FINDING_FAIL);
    expect(r, "LOK011", "ids", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK011", "ids")->message,
                     "ids used by more than one record: tokens [], users [o]");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK011_duplicate_token_ids)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = inventory(p, TOKEN("t1", "") "," TOKEN("t1", "") "," TOKEN("t2", ""), "");
    expect(r, "LOK011", "ids", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK011", "ids")->message,
                     "ids used by more than one record: tokens [t1], users []");
    tp_result_free(r);
    r = inventory(p, TOKEN("t1", "") "," TOKEN("t2", ""), "");
    expect(r, "LOK011", "ids", PASS);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK005_deployed_tokens_belong_to_restricted_users)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = inventory(
        p,
        "{\"id\": \"adm\", \"kind\": \"api\", \"access\": \"read_only\", \"owner\": \"a\", "
        "\"created_at\": \"2026-11-01\", \"last_used_at\": \"2026-11-20\"},"
        "{\"id\": \"idle-adm\", \"kind\": \"api\", \"access\": \"read_only\", \"owner\": \"a\", "
        "\"created_at\": \"2026-11-01\", \"last_used_at\": \"2026-11-20\"}," TOKEN("mem", ""),
        BIND("adm", "s1", "production") "," BIND("mem", "s2", "production"));
    expect(r, "LOK005", "adm", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK005", "adm")->message,
                     "token adm is deployed but belongs to a@x, a team admin");
    expect(r, "LOK005", "idle-adm", PASS);
    expect(r, "LOK005", "mem", PASS);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK006_rotation_threshold_is_strict)
{
    tp_plan *p = lokalise(NULL, NULL);
    /* now is 2026-11-27T09:00:00Z; exactly 90 days before is 2026-08-29T09:00:00Z. */
    tp_result *r = inventory(
        p,
        "{\"id\": \"d90\", \"kind\": \"api\", \"access\": \"read_only\", \"owner\": \"m\", "
        "\"created_at\": \"2026-08-29T09:00:00Z\", \"last_used_at\": \"2026-11-20\"},"
        "{\"id\": \"d90s\", \"kind\": \"api\", \"access\": \"read_only\", \"owner\": \"m\", "
        "\"created_at\": \"2026-08-29T08:59:59Z\", \"last_used_at\": \"2026-11-20\"},"
        "{\"id\": \"sdk\", \"kind\": \"sdk\", \"owner\": \"m\", \"created_at\": \"2020-01-01\", "
        "\"last_used_at\": \"2026-11-20\"},"
        "{\"id\": \"nocreated\", \"kind\": \"api\", \"access\": \"read_only\", \"owner\": \"m\", "
        "\"last_used_at\": \"2026-11-20\"}",
        "");
    expect(r, "LOK006", "d90", PASS);
    expect(r, "LOK006", "d90s", TP_FINDING_FAIL);
    cr_expect_str_eq(
        find_finding(r, "LOK006", "d90s")->message,
        "token d90s is 90 days old (created 2026-08-29T08:59:59Z); rotate it every 90d");
    expect(r, "LOK006", "sdk", PASS);
    expect(r, "LOK006", "nocreated", TP_FINDING_ERROR);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK007_unused_tokens)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = inventory(
        p,
        TOKEN(
            "idle90",
            ", \"x\": 0") "," /* in use */
                          "{\"id\": \"idle\", \"kind\": \"sdk\", \"owner\": \"m\", \"created_at\": "
                          "\"2026-01-01\", \"last_used_at\": \"2026-08-29T08:59:59Z\"},"
                          "{\"id\": \"edge\", \"kind\": \"sdk\", \"owner\": \"m\", \"created_at\": "
                          "\"2026-01-01\", \"last_used_at\": \"2026-08-29T09:00:00Z\"},"
                          "{\"id\": \"new\", \"kind\": \"sdk\", \"owner\": \"m\", \"created_at\": "
                          "\"2026-10-28T09:00:00Z\", \"last_used_at\": null},"
                          "{\"id\": \"stale\", \"kind\": \"sdk\", \"owner\": \"m\", "
                          "\"created_at\": \"2026-10-28T08:59:59Z\", \"last_used_at\": null},"
                          "{\"id\": \"nofield\", \"kind\": \"sdk\", \"owner\": \"m\", "
                          "\"created_at\": \"2026-10-28\"},"
                          "{\"id\": \"notime\", \"kind\": \"sdk\", \"owner\": \"m\", "
                          "\"created_at\": \"2026-10-28\", \"last_used_at\": 12.5e99}",
        "");
    expect(r, "LOK007", "idle90", PASS);
    expect(r, "LOK007", "idle", TP_FINDING_FAIL);
    expect(r, "LOK007", "edge", PASS);
    expect(r, "LOK007", "new", PASS);
    expect(r, "LOK007", "stale", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK007", "stale")->message,
                     "token stale was last used never (created 2026-10-28T08:59:59Z)");
    expect(r, "LOK007", "nofield", TP_FINDING_ERROR);
    expect(r, "LOK007", "notime", TP_FINDING_ERROR);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK008_owners_are_members)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = inventory(
        p,
        TOKEN("ok", "") ","
                        "{\"id\": \"gone\", \"kind\": \"sdk\", \"owner\": \"x\", \"created_at\": "
                        "\"2026-11-01\", \"last_used_at\": \"2026-11-20\"},"
                        "{\"id\": \"noowner\", \"kind\": \"sdk\", \"created_at\": \"2026-11-01\", "
                        "\"last_used_at\": \"2026-11-20\"}",
        "");
    expect(r, "LOK008", "ok", PASS);
    expect(r, "LOK008", "gone", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK008", "gone")->message,
                     "token gone was generated by user x, who is not a member of the team");
    expect(r, "LOK008", "noowner", TP_FINDING_ERROR);
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK009_plan_includes_api_access)
{
    tp_plan *p = lokalise(NULL, NULL);
    const char *free_plan = "{\"team\": {\"id\": \"9\", \"name\": \"Tiny\", \"plan\": \"Free\"}, "
                            "\"users\": [], \"bindings\": [],"
                            " \"tokens\": [{\"id\": \"t\", \"kind\": \"api\", \"access\": "
                            "\"read_only\", \"owner\": \"u\","
                            " \"created_at\": \"2026-11-01\", \"last_used_at\": \"2026-11-20\"}]}";
    tp_result *r = eval_json(p, free_plan, NULL);
    expect(r, "LOK009", "team 9", TP_FINDING_FAIL);
    cr_expect_str_eq(find_finding(r, "LOK009", "team 9")->message,
                     "team Tiny is on the Free plan, which has no API access, yet the inventory "
                     "lists API tokens");
    tp_result_free(r);
    r = eval_json(p, "{\"users\": [], \"bindings\": [], \"tokens\": [{\"kind\": \"api\"}]}", NULL);
    expect(r, "LOK009", "input", TP_FINDING_ERROR);
    tp_result_free(r);
    r = eval_json(
        p, "{\"team\": {\"id\": \"9\", \"plan\": \"Free\"}, \"tokens\": [{\"kind\": \"sdk\"}]}",
        NULL);
    cr_expect_eq(count_findings(r, "LOK009", TP_FINDING_FAIL) +
                     count_findings(r, "LOK009", TP_FINDING_ERROR),
                 0, "no API tokens: the plan does not matter");
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, LOK010_no_secret_values_and_never_shown)
{
    tp_plan *p = lokalise(NULL, NULL);
    tp_result *r = inventory(
        p,
        TOKEN("leak", ", \"secret\": \"s3cr3t-v4lue\"") "," TOKEN(
            "leak2",
            ", \"token\": \"abc\"") "," TOKEN("empty",
                                              ", \"value\": \"\"") "," TOKEN("nul",
                                                                             ", \"secret\": null"),
        "");
    expect(r, "LOK010", "leak", TP_FINDING_FAIL);
    expect(r, "LOK010", "leak2", TP_FINDING_FAIL);
    expect(r, "LOK010", "empty", PASS);
    expect(r, "LOK010", "nul", PASS);
    cr_expect_str_eq(find_finding(r, "LOK010", "leak")->message,
                     "token leak carries a secret value in field secret (the value is not shown)");
    for (size_t i = 0; i < tp_result_finding_count(r); i++)
        cr_expect_null(strstr(tp_result_finding(r, i)->message, "s3cr3t"));
    tp_result_free(r);
    tp_plan_free(p);
}

Test(lokalise, every_rule_is_documented_for_auditors)
{
    tp_plan *p = lokalise(NULL, NULL);
    cr_assert_eq(tp_plan_rule_count(p), 11);
    static const char *const ids[] = {"LOK001", "LOK002", "LOK003", "LOK004", "LOK005", "LOK006",
                                      "LOK007", "LOK008", "LOK009", "LOK010", "LOK011"};
    static const tp_severity sev[] = {TP_SEVERITY_HIGH,     TP_SEVERITY_HIGH,   TP_SEVERITY_MEDIUM,
                                      TP_SEVERITY_CRITICAL, TP_SEVERITY_MEDIUM, TP_SEVERITY_MEDIUM,
                                      TP_SEVERITY_LOW,      TP_SEVERITY_HIGH,   TP_SEVERITY_LOW,
                                      TP_SEVERITY_CRITICAL, TP_SEVERITY_HIGH};
    for (size_t i = 0; i < 11; i++) {
        tp_rule_info info;
        tp_plan_rule(&info, p, i);
        cr_expect_str_eq(info.id, ids[i]);
        cr_expect_eq(info.severity, sev[i], "%s", ids[i]);
        cr_expect_str_neq(info.title, info.id, "%s has a title", ids[i]);
        cr_expect_not_null(info.remediation, "%s has a remediation", ids[i]);
    }
    tp_plan_free(p);
}
