/* The settings a project file or TOKPOL_* variables can give, applying them under the options,
 * and tokpol config, which prints them with where each came from. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "command.h"
#include "config.h"

typedef enum kind {
    LIST,   /* a string or a list of strings; in a variable, separated by ':' */
    MAP,    /* an object of NAME: value, given to the command as NAME=VALUE */
    STRING, /* a string */
    SWITCH  /* true or false; in a variable, 1/true/yes or 0/false/no */
} kind;

static const struct setting {
    const char *key;  /* in .tokpol.json */
    const char *flag; /* the option of check that gives it */
    const char *env;  /* the variable, or NULL */
    kind kind;
    int paths;                 /* its values are file names (relative to the file) */
    const char *const *values; /* the values it takes, or NULL */
    const char *fallback;      /* what the command does without it, for tokpol config */
} settings[CLI_NSETTINGS] = {
    [CLI_SET_POLICIES] = {"policies", "--policy", "TOKPOL_POLICY", LIST, 1, NULL,
                          "the built-in Lokalise pack"},
    [CLI_SET_WAIVERS] = {"waivers", "--waivers", "TOKPOL_WAIVERS", LIST, 1, NULL, "none"},
    [CLI_SET_SCHEMAS] = {"schemas", "--schema", NULL, MAP, 1, NULL, "none"},
    [CLI_SET_PARAMS] = {"params", "--param", NULL, MAP, 0, NULL, "the policies' defaults"},
    [CLI_SET_FAIL_ON] = {"fail-on", "--fail-on", "TOKPOL_FAIL_ON", STRING, 0, cli_severity_values,
                         "low"},
    [CLI_SET_FORMAT] = {"format", "--format", "TOKPOL_FORMAT", STRING, 0, cli_format_values,
                        "text"},
    [CLI_SET_OUTPUTS] = {"outputs", "--output", "TOKPOL_OUTPUT", LIST, 1, NULL, "standard output"},
    [CLI_SET_NOW] = {"now", "--now", "TOKPOL_NOW", STRING, 0, NULL, "the current time (UTC)"},
    [CLI_SET_COLOR] = {"color", "--color", "TOKPOL_COLOR", STRING, 0, cli_color_values, "auto"},
    [CLI_SET_STRICT] = {"strict", "--strict", "TOKPOL_STRICT", SWITCH, 0, NULL, "off"},
};

/* A usage error about the file's key `key` (or, with key NULL, the variable `env`). */
static int bad(const cli_config *c, const struct setting *s, int from_env, const char *fmt,
               const char *arg)
{
    char what[512];
    snprintf(what, sizeof what, fmt, arg);
    if (from_env)
        return cli_usage_error("%s: %s", s->env, what);
    unsigned line, col;
    cli_config_key_position(c, s->key, &line, &col);
    return cli_usage_error("%s:%u:%u: error: '%s': %s", c->path, line, col, s->key, what);
}

/* A file name of the project file, relative to its directory. */
static const char *resolve(cli_config *c, const char *path)
{
    if (!c->dir || path[0] == '/' || strcmp(path, "-") == 0)
        return cli_config_keep(c, strdup(path));
    size_t len = strlen(c->dir) + strlen(path) + 2;
    char *full = malloc(len);
    if (full)
        snprintf(full, len, "%s/%s", c->dir, path);
    return cli_config_keep(c, full);
}

/* An -o value of the file: its FORMAT: prefix kept, the file resolved. */
static const char *resolve_output(cli_config *c, const char *spec)
{
    const char *colon = strchr(spec, ':');
    char prefix[32];
    tp_format f;
    if (!colon || (size_t)(colon - spec) >= sizeof prefix)
        return resolve(c, spec);
    snprintf(prefix, sizeof prefix, "%.*s", (int)(colon - spec), spec);
    if (tp_format_parse(&f, prefix) != 0)
        return resolve(c, spec);
    const char *file = resolve(c, colon + 1);
    size_t len = strlen(prefix) + strlen(file) + 2;
    char *full = malloc(len);
    if (full)
        snprintf(full, len, "%s:%s", prefix, file);
    return cli_config_keep(c, full);
}

static int known_value(const struct setting *s, const char *v)
{
    for (size_t i = 0; s->values && s->values[i]; i++)
        if (strcmp(s->values[i], v) == 0)
            return 1;
    return !s->values;
}

static int check_value(const cli_config *c, const struct setting *s, int from_env, const char *v)
{
    if (known_value(s, v))
        return 0;
    size_t n = 0;
    while (s->values[n])
        n++;
    const char *near = tp_suggest(v, s->values, n);
    char msg[128];
    snprintf(msg, sizeof msg, near ? "did you mean '%s'?" : "see tokpol %s --help",
             near ? near : "check");
    char what[256];
    snprintf(what, sizeof what, "unknown value '%s'; %s", v, msg);
    return bad(c, s, from_env, "%s", what);
}

/* From TOKPOL_*: 0, 1 when it is not set, or a usage error. */
static int apply_env(cli_config *c, const struct setting *s, const cli_target *t)
{
    const char *v = s->env ? getenv(s->env) : NULL;
    if (!v || !*v)
        return 1;
    if (s->kind == SWITCH) {
        int on = !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes");
        if (!on && strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "no"))
            return bad(c, s, 1, "takes 1, true, yes, 0, false or no, not '%s'", v);
        *t->on = on;
    } else if (s->kind == STRING) {
        if (check_value(c, s, 1, v))
            return EXIT_USAGE;
        *t->value = v;
    } else /* LIST: names separated by ':', as in PATH */
        for (const char *p = v; *p;) {
            size_t len = strcspn(p, ":");
            if (len)
                cli_push(t->items, t->n, cli_config_keep(c, strndup(p, len)));
            p += len + (p[len] == ':');
        }
    return 0;
}

/* A map entry NAME: value as NAME=VALUE; a value that is not a string is written as JSON. */
static int map_entry(cli_config *c, const struct setting *s, const cJSON *e, const cli_target *t)
{
    const char *value = cJSON_IsString(e) ? e->valuestring : NULL;
    char *printed = value ? NULL : cJSON_PrintUnformatted(e);
    if (!value && !printed)
        return bad(c, s, 0, "%s", "out of memory");
    if (!value)
        value = cli_config_keep(c, printed);
    if (s->paths && !cJSON_IsString(e))
        return bad(c, s, 0, "takes file names as values, not %s", value);
    if (s->paths)
        value = resolve(c, value);
    size_t len = strlen(e->string) + strlen(value) + 2;
    char *pair = malloc(len);
    if (pair)
        snprintf(pair, len, "%s=%s", e->string, value);
    cli_push(t->items, t->n, cli_config_keep(c, pair));
    return 0;
}

/* From the file: 0, 1 when it does not say, or a usage error. */
static int apply_file(cli_config *c, const struct setting *s, const cli_target *t)
{
    const cJSON *v = c->root ? cJSON_GetObjectItemCaseSensitive(c->root, s->key) : NULL;
    if (!v)
        return 1;
    switch (s->kind) {
    case SWITCH:
        if (!cJSON_IsBool(v))
            return bad(c, s, 0, "%s", "takes true or false");
        *t->on = cJSON_IsTrue(v);
        return 0;
    case STRING:
        if (!cJSON_IsString(v))
            return bad(c, s, 0, "%s", "takes a string");
        if (check_value(c, s, 0, v->valuestring))
            return EXIT_USAGE;
        *t->value = v->valuestring;
        return 0;
    case MAP:
        if (!cJSON_IsObject(v))
            return bad(c, s, 0, "%s", "takes an object of NAME: value");
        for (const cJSON *e = v->child; e; e = e->next)
            if (map_entry(c, s, e, t))
                return EXIT_USAGE;
        return 0;
    case LIST:
        if (!cJSON_IsString(v) && !cJSON_IsArray(v))
            return bad(c, s, 0, "%s", "takes a string or a list of strings");
        for (const cJSON *e = cJSON_IsArray(v) ? v->child : v; e;
             e = cJSON_IsArray(v) ? e->next : NULL) {
            if (!cJSON_IsString(e))
                return bad(c, s, 0, "%s", "takes a string or a list of strings");
            const char *item = s == &settings[CLI_SET_OUTPUTS] ? resolve_output(c, e->valuestring)
                               : s->paths                      ? resolve(c, e->valuestring)
                                                               : e->valuestring;
            cli_push(t->items, t->n, item);
        }
        return 0;
    }
    return 0;
}

/* Keys of the file that are no setting: an error, with the closest setting. */
static int unknown_keys(const cli_config *c)
{
    const char *keys[CLI_NSETTINGS];
    for (size_t i = 0; i < CLI_NSETTINGS; i++)
        keys[i] = settings[i].key;
    for (const cJSON *e = c->root ? c->root->child : NULL; e; e = e->next) {
        size_t i = 0;
        while (i < CLI_NSETTINGS && strcmp(keys[i], e->string) != 0)
            i++;
        if (i < CLI_NSETTINGS)
            continue;
        unsigned line, col;
        cli_config_key_position(c, e->string, &line, &col);
        const char *near = tp_suggest(e->string, keys, CLI_NSETTINGS);
        if (near)
            return cli_usage_error("%s:%u:%u: error: unknown setting '%s'; did you mean '%s'?",
                                   c->path, line, col, e->string, near);
        return cli_usage_error("%s:%u:%u: error: unknown setting '%s' (see docs/configuration.md)",
                               c->path, line, col, e->string);
    }
    return 0;
}

/* Whether the options gave the setting. */
static int is_set(const cli_target *t)
{
    return t->items ? *t->n > 0 : t->value ? *t->value != NULL : *t->on != 0;
}

int cli_config_apply(cli_config *c, const cli_target targets[CLI_NSETTINGS])
{
    int code = unknown_keys(c);
    for (size_t i = 0; code == 0 && i < CLI_NSETTINGS; i++) {
        const cli_target *t = &targets[i];
        c->from[i] = CLI_FROM_DEFAULT;
        if (!t->items && !t->value && !t->on)
            continue;
        if (is_set(t)) {
            c->from[i] = CLI_FROM_FLAG;
            continue;
        }
        int rc = apply_env(c, &settings[i], t);
        if (rc == 0)
            c->from[i] = CLI_FROM_ENV;
        else if (rc == 1 && (rc = apply_file(c, &settings[i], t)) == 0)
            c->from[i] = CLI_FROM_FILE;
        if (rc > 1)
            code = rc;
    }
    return code;
}

static void policy_targets(cli_target t[CLI_NSETTINGS], cli_policy_opts *p, int all)
{
    memset(t, 0, CLI_NSETTINGS * sizeof *t);
    t[CLI_SET_POLICIES] = (cli_target){&p->policies, &p->npolicies, NULL, NULL};
    t[CLI_SET_PARAMS] = (cli_target){&p->params, &p->nparams, NULL, NULL};
    if (!all)
        return;
    t[CLI_SET_WAIVERS] = (cli_target){&p->waivers, &p->nwaivers, NULL, NULL};
    t[CLI_SET_SCHEMAS] = (cli_target){&p->schemas, &p->nschemas, NULL, NULL};
    t[CLI_SET_STRICT] = (cli_target){NULL, NULL, NULL, &p->limits.strict};
}

static void check_targets(cli_target t[CLI_NSETTINGS], check_opts *o)
{
    policy_targets(t, &o->pol, 1);
    t[CLI_SET_FAIL_ON] = (cli_target){NULL, NULL, &o->fail_on, NULL};
    t[CLI_SET_FORMAT] = (cli_target){NULL, NULL, &o->format, NULL};
    t[CLI_SET_OUTPUTS] = (cli_target){&o->outputs, &o->noutputs, NULL, NULL};
    t[CLI_SET_NOW] = (cli_target){NULL, NULL, &o->now, NULL};
    t[CLI_SET_COLOR] = (cli_target){NULL, NULL, &o->color, NULL};
}

int cli_config_policies(cli_config *c, cli_policy_opts *p, int all)
{
    cli_target t[CLI_NSETTINGS];
    policy_targets(t, p, all);
    int code = cli_config_load(c, p->no_config);
    return code ? code : cli_config_apply(c, t);
}

void cli_config_note(const cli_config *c)
{
    char keys[256] = "", vars[256] = "";
    size_t nk = 0, nv = 0;
    for (int i = 0; i < CLI_NSETTINGS; i++) {
        if (c->from[i] == CLI_FROM_FILE && nk < sizeof keys)
            nk += (size_t)snprintf(keys + nk, sizeof keys - nk, "%s%s", nk ? ", " : "",
                                   settings[i].key);
        else if (c->from[i] == CLI_FROM_ENV && nv < sizeof vars)
            nv += (size_t)snprintf(vars + nv, sizeof vars - nv, "%s%s", nv ? ", " : "",
                                   settings[i].env);
    }
    if (nk)
        cli_fprintf(stderr, "tokpol: settings from %s: %s\n", c->path, keys);
    if (nv)
        cli_fprintf(stderr, "tokpol: settings from the environment: %s\n", vars);
}

int cli_config_check(cli_config *c, check_opts *o)
{
    cli_target t[CLI_NSETTINGS];
    check_targets(t, o);
    int code = cli_config_load(c, o->pol.no_config);
    return code ? code : cli_config_apply(c, t);
}

/* One setting's value as tokpol config prints it. */
static void print_value(const struct setting *s, const cli_target *t, cli_from from)
{
    if (from == CLI_FROM_DEFAULT) {
        printf("%s", s->fallback);
        return;
    }
    if (t->on)
        printf("%s", *t->on ? "on" : "off");
    else if (t->value)
        printf("%s", *t->value);
    else
        for (size_t i = 0; i < *t->n; i++)
            printf("%s%s", i ? ", " : "", (*t->items)[i]);
}

static const cli_option config_options[] = {
    CLI_OPTION_HELP,
};

const cli_command cli_config_command_table = {
    "config",
    "[check options]",
    "print the effective settings and where each came from",
    "Prints the settings tokpol check would run with, and where each came from: an option,\n"
    "a TOKPOL_* variable, the project file (FILE:LINE) or the default. Options win over\n"
    "variables, variables over the file. The project file is $TOKPOL_CONFIG, else the\n"
    ".tokpol.json of the working directory or of the nearest directory above it\n"
    "(docs/configuration.md). It takes the options of tokpol check.\n\n",
    config_options,
    sizeof config_options / sizeof config_options[0],
    NULL,
    cli_config_command,
    CLI_COMPLETE_NONE,
    NULL,
    0,
};

int cli_config_command(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        cli_print_help(&cli_config_command_table, stdout);
        return EXIT_PASS;
    }
    check_opts o;
    memset(&o, 0, sizeof o);
    cli_policy_opts_init(&o.pol);
    cli_config c;
    int code = check_parse_args(&o, argc, argv);
    if (code == 0)
        code = cli_config_check(&c, &o);
    else
        memset(&c, 0, sizeof c);
    if (code == 0) {
        cli_target t[CLI_NSETTINGS];
        check_targets(t, &o);
        if (c.path)
            printf("%-9s %s\n", "file", c.path);
        else if (c.skipped)
            printf("%-9s none (%s)\n", "file", c.skipped);
        else
            printf("%-9s %s\n", "file", "none (no .tokpol.json here or above)");
        for (size_t i = 0; i < CLI_NSETTINGS; i++) {
            printf("%-9s ", settings[i].key);
            print_value(&settings[i], &t[i], c.from[i]);
            if (c.from[i] == CLI_FROM_FILE) {
                unsigned line, col;
                cli_config_key_position(&c, settings[i].key, &line, &col);
                printf("  (%s:%u)\n", c.path, line);
            } else
                printf("  (%s)\n", c.from[i] == CLI_FROM_FLAG  ? settings[i].flag
                                   : c.from[i] == CLI_FROM_ENV ? settings[i].env
                                                               : "default");
        }
    }
    cli_config_free(&c);
    check_opts_free(&o);
    return code < 0 ? EXIT_PASS : code;
}
