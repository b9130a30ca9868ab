/* Positions in JSON text (json_position.h): a walk over text already known to be valid JSON,
 * skipping the values it does not descend into. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "json_position.h"

static const char *space(const char *s)
{
    return s + strspn(s, " \t\r\n");
}

/* The end of the JSON string starting at s (at its opening quote): past the closing quote. */
static const char *skip_string(const char *s)
{
    for (s++; *s && *s != '"'; s++)
        if (*s == '\\' && s[1])
            s++;
    return *s ? s + 1 : s;
}

/* Whether the key [p, end) (a JSON string, quotes included) is `step`, which is unescaped: as
 * cJSON, which parsed the text and gave the step its name, undoes the key's escapes ("na\u006de"
 * is "name"). */
static int key_is(const char *p, const char *end, const char *step, size_t len)
{
    size_t n = (size_t)(end - p);
    if (!memchr(p, '\\', n))
        return n == len + 2 && memcmp(p + 1, step, len) == 0;
    cJSON *key = cJSON_ParseWithLength(p, n);
    int same = cJSON_IsString(key) && strcmp(key->valuestring, step) == 0;
    cJSON_Delete(key);
    return same;
}

/* Past the value starting at s. */
static const char *skip_value(const char *s)
{
    if (*s == '"')
        return skip_string(s);
    if (*s != '{' && *s != '[')
        return s + strcspn(s, ",]} \t\r\n");
    int depth = 0;
    do {
        if (*s == '"') {
            s = skip_string(s);
            continue;
        }
        depth += (*s == '{' || *s == '[') - (*s == '}' || *s == ']');
        s++;
    } while (*s && depth > 0);
    return s;
}

/* In the object or array at s, the member `step` names: s moved to its value, *key to where it
 * starts; -1 when there is none. */
static int find_member(const char **s, const char *step, const char **key)
{
    const char *p = *s;
    if (*p != '{' && *p != '[')
        return -1;
    int object = *p == '{';
    size_t len = strlen(step);
    unsigned long index = object ? 0 : strtoul(step, NULL, 10);
    p = space(p + 1);
    for (unsigned long i = 0; *p && *p != '}' && *p != ']'; i++) {
        const char *start = p;
        int match = i == index;
        if (object) {
            const char *end = skip_string(p);
            match = key_is(p, end, step, len);
            p = space(space(end) + 1); /* past the ':' */
        }
        if (match) {
            *key = start;
            *s = p;
            return 0;
        }
        p = space(skip_value(p));
        if (*p == ',')
            p = space(p + 1);
    }
    return -1;
}

int cli_json_find(const char *text, const char *const *path, size_t n, size_t *key, size_t *value)
{
    const char *s = space(text), *member = s;
    for (size_t i = 0; i < n; i++)
        if (find_member(&s, path[i], &member) != 0)
            return -1;
    *key = (size_t)(member - text);
    *value = (size_t)(s - text);
    return 0;
}

void cli_json_line_col(const char *text, size_t offset, unsigned *line, unsigned *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset && text[i]; i++) {
        if (text[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) /* a character, not a byte */
            ++*col;
    }
}
