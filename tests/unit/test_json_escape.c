/* JSON string escaping (report/escape.c), which copies plain bytes 8 at a time: a character that
 * must be escaped, at any offset of strings of any length (inside the 8-byte steps, in the last
 * few bytes, straddling both), comes out escaped, and the output parses back (cJSON) to the text
 * it was given. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "report/escape.h"

static const char *const specials[] = {
    "\"", "\\", "\n", "\t", "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xe2\x80\xae", "\xc2\x85", "/",
};

/* Escapes s, checks that no byte below 0x20 or DEL is left raw, and that it parses back to s. */
static void round_trip(const char *s, const char *what)
{
    tp_mem mem;
    tp_mem_init(&mem, NULL);
    tp_strbuf sb;
    tp_strbuf_init(&sb, &mem);
    tp_escape_json_shown(&sb, s);
    cr_assert(!sb.failed);
    const char *out = tp_strbuf_cstr(&sb);
    for (const char *p = out; *p; p++)
        cr_assert((unsigned char)*p >= 0x20 && *p != 0x7f, "%s: raw byte 0x%02x in %s", what,
                  (unsigned char)*p, out);
    cJSON *j = cJSON_Parse(out);
    cr_assert(j && cJSON_IsString(j), "%s: not a JSON string: %s", what, out);
    cr_assert_str_eq(j->valuestring, s, "%s", what);
    cJSON_Delete(j);
    tp_strbuf_free(&sb);
}

Test(json_escape, a_special_character_at_every_offset_of_every_length)
{
    char s[64], what[96];
    for (size_t k = 0; k < sizeof specials / sizeof specials[0]; k++)
        for (size_t len = 0; len <= 40; len++)
            for (size_t at = 0; at <= len; at++) {
                memset(s, 'a', len);
                size_t sl = strlen(specials[k]);
                memmove(s + at + sl, s + at, len - at);
                memcpy(s + at, specials[k], sl);
                s[len + sl] = '\0';
                snprintf(what, sizeof what, "special %zu at %zu of %zu", k, at, len + sl);
                round_trip(s, what);
            }
}

Test(json_escape, two_specials_apart)
{
    char s[64], what[64];
    for (size_t a = 0; a < 30; a++)
        for (size_t b = a + 1; b < 30; b++) {
            memset(s, 'x', 30);
            s[30] = '\0';
            s[a] = '\n';
            s[b] = '"';
            snprintf(what, sizeof what, "newline at %zu, quote at %zu", a, b);
            round_trip(s, what);
        }
}
