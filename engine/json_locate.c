#include "json_locate.h"

#include <string.h>

static size_t skip_ws(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    return i;
}

/* i at an opening quote; returns the index after the closing quote. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (t[i] == '\\')
            i++;
        else if (t[i] == '"')
            return i + 1;
    }
    return len;
}

/* i at the start of a value; returns the index after it. Iterative: depth is only counted. */
static size_t skip_value(const char *t, size_t len, size_t i)
{
    size_t depth = 0;
    do {
        if (i >= len)
            return len;
        char c = t[i];
        if (c == '"') {
            i = skip_string(t, len, i);
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            if (depth > 0)
                depth--;
            i++;
        } else if (depth > 0) {
            i++;
        } else {
            while (i < len && !strchr(",}] \t\r\n", t[i]))
                i++;
        }
    } while (depth > 0);
    return i;
}

/* Compares the raw JSON string at t[i] (quote included) with key; handles simple escapes. */
static int key_equals(const char *t, size_t len, size_t i, const char *key)
{
    size_t k = 0;
    for (i++; i < len && t[i] != '"'; i++) {
        char c = t[i];
        if (c == '\\' && i + 1 < len) {
            char e = t[++i];
            c = e == 'n'   ? '\n'
                : e == 't' ? '\t'
                : e == 'r' ? '\r'
                : e == 'b' ? '\b'
                : e == 'f' ? '\f'
                           : e;
            if (e == 'u')
                return 0; /* rare in keys: treat as different */
        }
        if (key[k] != c)
            return 0;
        k++;
    }
    return key[k] == '\0';
}

long tp_json_locate(const char *t, size_t len, const tp_json_step *steps, size_t nsteps)
{
    size_t i = skip_ws(t, len, 0);
    for (size_t s = 0; s < nsteps; s++) {
        const tp_json_step *st = &steps[s];
        if (i >= len || t[i] != (st->key ? '{' : '['))
            return -1;
        i = skip_ws(t, len, i + 1);
        size_t n = 0;
        unsigned seen = 0;
        for (;;) {
            if (i >= len || t[i] == '}' || t[i] == ']')
                return -1;
            if (st->key) {
                size_t key_at = i;
                int match = t[i] == '"' && key_equals(t, len, i, st->key);
                i = skip_ws(t, len, skip_string(t, len, i));
                i = skip_ws(t, len, i + 1); /* ':' */
                if (match && ++seen == st->occurrence) {
                    if (s + 1 == nsteps)
                        return (long)key_at;
                    break;
                }
            } else if (n++ == st->index) {
                break;
            }
            i = skip_ws(t, len, skip_value(t, len, i));
            if (i < len && t[i] == ',')
                i = skip_ws(t, len, i + 1);
        }
    }
    return (long)i;
}

void tp_json_line_col(const char *text, size_t len, size_t offset, unsigned *line, unsigned *col)
{
    unsigned l = 1;
    size_t start = 0;
    for (size_t i = 0; i < offset && i < len; i++)
        if (text[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = (unsigned)(offset - start + 1);
}
