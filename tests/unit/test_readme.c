/*
 * The README's embedding snippet, compiled exactly as README.md writes it (tests/readme/
 * snippet.cmake), run in examples/ on inventory.json: with no clock set it evaluates at the
 * current time, never the epoch, so it finds what `tokpol check` finds at that clock.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

/* "RULE MESSAGE\n" for every finding of a JSON report, in report order. */
static char *findings_of(const char *report_path)
{
    char *json = read_file(report_path, NULL);
    cr_assert_not_null(json, "no report at %s", report_path);
    cJSON *doc = cJSON_Parse(json);
    cr_assert_not_null(doc, "the report is not JSON: %s", json);
    size_t cap = strlen(json) + 1, len = 0;
    char *out = calloc(1, cap);
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(doc, "findings"))
    {
        len += (size_t)snprintf(out + len, cap - len, "%s %s\n",
                                cJSON_GetObjectItem(f, "rule")->valuestring,
                                cJSON_GetObjectItem(f, "message")->valuestring);
    }
    cJSON_Delete(doc);
    free(json);
    return out;
}

Test(readme, the_embedding_snippet_finds_what_the_cli_finds_at_the_same_clock)
{
    static run_out snippet, cli;
    time_t before, after;
    int tries = 0;
    do { /* the snippet's clock is the current second: run it within one */
        before = time(NULL);
        run_tokpol(&snippet, SOURCE_DIR "/examples", README_SNIPPET, "");
        after = time(NULL);
    } while (before != after && ++tries < 5);
    cr_assert_eq(before, after, "the snippet never ran within one second");
    cr_assert_eq(snippet.code, 0, "the snippet failed: %s", snippet.err);

    char now[32], report[512], args[1024];
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&before));
    temp_file(report, sizeof report);
    snprintf(args, sizeof args, "check --now %s -o json:%s inventory.json", now, report);
    run_tokpol(&cli, SOURCE_DIR "/examples", TOKPOL_BIN, args);
    cr_assert(cli.code == 0 || cli.code == 1, "tokpol check: %d %s", cli.code, cli.err);
    char *expected = findings_of(report);
    remove(report);
    cr_expect_str_eq(snippet.out, expected, "the snippet at the current time differs from the CLI");
    /* The example's old tokens fail the age rules at any clock since 2026: an epoch clock would
     * have lost them. */
    cr_expect(strstr(snippet.out, "LOK006 ") != NULL, "%s", snippet.out);
    free(expected);
}
