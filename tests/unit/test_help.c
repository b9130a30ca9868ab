/* tokpol's help and its "did you mean": run as a user would. */
#include <string.h>

#include "helpers.h"

static run_out R;

static void run(run_out *r, const char *args)
{
    run_tokpol(r, SOURCE_DIR, TOKPOL_BIN, args);
}

#define EXPECT_ERR(args, text)                                                                     \
    do {                                                                                           \
        run(&R, args);                                                                             \
        cr_expect_eq(R.code, 2, "%s: exit %d", args, R.code);                                      \
        cr_expect(strstr(R.err, text) != NULL, "%s: %s", args, R.err);                             \
        cr_expect_str_eq(R.out, "", "%s: nothing on stdout", args);                                \
    } while (0)

TestSuite(help);

Test(help, help_command_prints_that_commands_help)
{
    static char general[65536];
    run(&R, "help");
    cr_assert_eq(R.code, 0);
    strcpy(general, R.out);
    cr_expect(strstr(general, "  check ") && strstr(general, "  lint ") &&
                  strstr(general, "  rules "),
              "%s", general);
    const char *cmds[][2] = {
        {"check", "--fail-on SEVERITY"}, {"rules", "--docs DIR"}, {"lint", "--strict"}};
    for (size_t i = 0; i < 3; i++) {
        char args[64];
        snprintf(args, sizeof args, "help %s", cmds[i][0]);
        run(&R, args);
        cr_expect_eq(R.code, 0, "%s", args);
        static char by_help[65536];
        strcpy(by_help, R.out);
        cr_expect(strstr(by_help, cmds[i][1]) != NULL, "%s: %s", args, by_help);
        char usage[64];
        snprintf(usage, sizeof usage, "usage: tokpol %s ", cmds[i][0]);
        cr_expect(strncmp(by_help, usage, strlen(usage)) == 0, "%s: %s", args, by_help);
        cr_expect(strcmp(by_help, general) != 0, "%s is not the general help", args);
        snprintf(args, sizeof args, "%s --help", cmds[i][0]);
        run(&R, args);
        cr_expect_eq(R.code, 0, "%s", args);
        cr_expect_str_eq(R.out, by_help, "'%s' and 'help %s' print the same", args, cmds[i][0]);
    }
    run(&R, "--help");
    cr_expect_str_eq(R.out, general);
}

Test(help, misspelt_commands_and_options_get_a_suggestion)
{
    EXPECT_ERR("chek x.json", "unknown command 'chek'; did you mean 'tokpol check'?");
    EXPECT_ERR("help lnit", "unknown command 'lnit'; did you mean 'tokpol lint'?");
    EXPECT_ERR("check --fial-on high examples/inventory.json",
               "unknown option '--fial-on'; did you mean '--fail-on'?");
    EXPECT_ERR("check --fial-on=high examples/inventory.json",
               "unknown option '--fial-on'; did you mean '--fail-on'?");
    EXPECT_ERR("check --skip-rules X examples/inventory.json", "did you mean '--skip-rule'?");
    EXPECT_ERR("rules --dcos x", "unknown option '--dcos'; did you mean '--docs'?");
    EXPECT_ERR("check --max 3 examples/inventory.json", "option '--max' is ambiguous");
    EXPECT_ERR("lint --stirct", "unknown option '--stirct'; did you mean '--strict'?");
    EXPECT_ERR("check --frobnicate examples/inventory.json",
               "unknown option '--frobnicate' for tokpol check; see tokpol check --help");
}

Test(help, misspelt_values_get_a_suggestion)
{
    EXPECT_ERR("check --format jsno examples/inventory.json",
               "unknown --format 'jsno'; did you mean 'json'? (use text, json, sarif");
    EXPECT_ERR("check --fail-on hihg examples/inventory.json",
               "unknown --fail-on 'hihg'; did you mean 'high'?");
    EXPECT_ERR("check --input-format cvs examples/inventory.json",
               "unknown --input-format 'cvs'; did you mean 'csv'?");
    EXPECT_ERR("check -o sarfi:out.sarif examples/inventory.json",
               "-o 'sarfi:out.sarif': unknown format 'sarfi'; did you mean 'sarif:out.sarif'?");
    EXPECT_ERR("lint --format jsn", "unknown --format 'jsn'; did you mean 'json'?");
    EXPECT_ERR("check --color blue examples/inventory.json",
               "unknown --color 'blue': use auto, always or never");
}

Test(help, options_without_their_value_say_which_value)
{
    EXPECT_ERR("check examples/inventory.json --now", "option '--now' needs a value (TIME)");
    EXPECT_ERR("check examples/inventory.json -p", "option -p needs a value");
    EXPECT_ERR("check --strict=yes examples/inventory.json", "option '--strict' takes no value");
    EXPECT_ERR("check -Z examples/inventory.json", "unknown option -Z");
}
