/* Finding and reading the project file .tokpol.json: cJSON parses it; json_position.c adds what
 * cJSON does not keep, the position of an error and of each top-level key. */
#define _XOPEN_SOURCE 700 /* getcwd */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "json_position.h"

/* The project file's name, looked for in the working directory and each one above it. */
static const char config_name[] = ".tokpol.json";

const char *cli_config_keep(cli_config *c, char *s)
{
    char **p = s ? realloc(c->owned, (c->nowned + 1) * sizeof *p) : NULL;
    if (!p) {
        fputs("tokpol: out of memory\n", stderr);
        exit(EXIT_USAGE);
    }
    p[c->nowned++] = s;
    c->owned = p;
    return s;
}

void cli_config_free(cli_config *c)
{
    for (size_t i = 0; i < c->nowned; i++)
        free(c->owned[i]);
    free(c->owned);
    cJSON_Delete(c->root);
    free(c->text);
    free(c->path);
    free(c->dir);
    memset(c, 0, sizeof *c);
}

void cli_config_key_position(const cli_config *c, const char *key, unsigned *line, unsigned *col)
{
    size_t at, value;
    *line = *col = 0;
    if (cli_json_find(c->text, &key, 1, &at, &value) == 0)
        cli_json_line_col(c->text, at, line, col);
}

/* The nearest .tokpol.json from the working directory up, malloc'd, or NULL. */
static char *find_upwards(void)
{
    char dir[4096];
    if (!getcwd(dir, sizeof dir - sizeof config_name - 1))
        return NULL;
    for (;;) {
        size_t len = strlen(dir);
        char *path = malloc(len + sizeof config_name + 1);
        if (!path)
            return NULL;
        snprintf(path, len + sizeof config_name + 1, "%s%s%s", dir, dir[len - 1] == '/' ? "" : "/",
                 config_name);
        if (access(path, F_OK) == 0)
            return path;
        free(path);
        char *slash = strrchr(dir, '/');
        if (!slash || len == 1)
            return NULL;
        slash[slash == dir] = '\0'; /* /a -> / */
    }
}

static char *read_all(FILE *f)
{
    size_t size = 0, cap = 4096;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + size, 1, cap - size, f)) > 0) {
        size += got;
        if (size == cap) {
            char *more = cap < (1u << 24) ? realloc(buf, cap * 2 + 1) : NULL;
            if (!more) {
                free(buf);
                return NULL;
            }
            buf = more;
            cap *= 2;
        }
    }
    if (buf)
        buf[size] = '\0';
    return buf;
}

int cli_config_load(cli_config *c, int no_config)
{
    memset(c, 0, sizeof *c);
    const char *off = getenv("TOKPOL_NO_CONFIG");
    if (no_config || (off && *off && strcmp(off, "0") != 0)) {
        /* settings then come from options, TOKPOL_* variables and defaults */
        c->skipped = no_config ? "--no-config" : "TOKPOL_NO_CONFIG";
        return 0;
    }
    const char *given = getenv("TOKPOL_CONFIG");
    if (given && *given) {
        c->path = strdup(given);
        if (c->path && access(c->path, F_OK) != 0)
            return cli_usage_error("TOKPOL_CONFIG=%s: %s", given, strerror(errno));
    } else
        c->path = find_upwards();
    if (!c->path)
        return 0;
    /* A FIFO or a device would block or never end: only a regular file is a project file. */
    struct stat st;
    if (stat(c->path, &st) != 0)
        return cli_usage_error("%s: %s", c->path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return cli_usage_error("%s: not a regular file; a project file must be one", c->path);
    FILE *f = fopen(c->path, "rb");
    if (!f)
        return cli_usage_error("%s: %s", c->path, strerror(errno));
    c->text = read_all(f);
    fclose(f);
    if (!c->text)
        return cli_usage_error("%s: cannot read it (too large, or out of memory)", c->path);
    const char *slash = strrchr(c->path, '/');
    c->dir = slash ? strndup(c->path, (size_t)(slash - c->path) + (slash == c->path)) : NULL;
    const char *end = NULL;
    c->root = cJSON_ParseWithOpts(c->text, &end, 1);
    unsigned line, col;
    if (!c->root) {
        /* cJSON stops at the first byte it cannot take. */
        size_t at = end ? (size_t)(end - c->text) : strlen(c->text);
        cli_json_line_col(c->text, at, &line, &col);
        return cli_usage_error("%s:%u:%u: error: not valid JSON here", c->path, line, col);
    }
    if (!cJSON_IsObject(c->root)) {
        cli_json_line_col(c->text, strspn(c->text, " \t\r\n"), &line, &col);
        return cli_usage_error("%s:%u:%u: error: the configuration is a JSON object "
                               "({\"policies\": [...], ...})",
                               c->path, line, col);
    }
    return 0;
}
