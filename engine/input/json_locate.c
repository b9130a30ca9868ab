#include "input/json_locate.h"

#include <stdlib.h>
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

/* Copies pointer segment [p, end) into buf with ~1 and ~0 unescaped; 0 or -1 if too long. */
static int segment(const char *p, const char *end, char *buf, size_t size)
{
    size_t n = 0;
    for (; p < end; p++) {
        char c = *p;
        if (c == '~' && p + 1 < end && (p[1] == '0' || p[1] == '1'))
            c = *++p == '0' ? '~' : '/';
        if (n + 1 >= size)
            return -1;
        buf[n++] = c;
    }
    buf[n] = '\0';
    return 0;
}

long tp_json_pointer_offset(const char *t, size_t len, const char *pointer)
{
    size_t i = skip_ws(t, len, 0);
    const char *p = pointer;
    while (*p == '/') {
        const char *end = strchr(p + 1, '/');
        if (!end)
            end = p + strlen(p);
        char seg[256];
        if (segment(p + 1, end, seg, sizeof seg) != 0 || i >= len)
            return -1;
        tp_json_step st = {NULL, 0, 1};
        if (t[i] == '{') {
            st.key = seg;
        } else if (t[i] == '[') {
            char *stop;
            st.index = strtoul(seg, &stop, 10);
            if (*stop || !*seg)
                return -1;
        } else {
            return -1;
        }
        long at = tp_json_locate(t + i, len - i, &st, 1);
        if (at < 0)
            return -1;
        i += (size_t)at;
        if (st.key) {
            /* tp_json_locate stops at the key of a last step: move on to its value. */
            i = skip_ws(t, len, skip_string(t, len, i));
            i = skip_ws(t, len, i + 1);
        }
        p = end;
    }
    return *p ? -1 : (long)i;
}

size_t tp_json_array_offsets(const char *t, size_t len, size_t at, size_t *out, size_t max)
{
    if (at >= len || t[at] != '[')
        return 0;
    size_t i = skip_ws(t, len, at + 1), n = 0;
    while (i < len && t[i] != ']') {
        if (n < max)
            out[n] = i;
        n++;
        i = skip_ws(t, len, skip_value(t, len, i));
        if (i < len && t[i] == ',')
            i = skip_ws(t, len, i + 1);
    }
    return n;
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
