/* A command's help and its option errors, both read from the command's table (command.h). */
#include <string.h>

#include "command.h"

/* Options start at column 2; their help at HELP_COLUMN, or after two spaces when longer. */
enum { HELP_COLUMN = 26 };

static void print_option(const cli_option *opt, FILE *out)
{
    char head[96];
    if (opt->short_name)
        snprintf(head, sizeof head, "  -%c, --%s%s%s", opt->short_name, opt->name,
                 opt->arg ? " " : "", opt->arg ? opt->arg : "");
    else
        snprintf(head, sizeof head, "      --%s%s%s", opt->name, opt->arg ? " " : "",
                 opt->arg ? opt->arg : "");
    int len = (int)strlen(head);
    fputs(head, out);
    fprintf(out, "%*s", len < HELP_COLUMN ? HELP_COLUMN - len : 2, "");
    for (const char *line = opt->help; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        fprintf(out, "%.*s\n", (int)n, line);
        line += n + (end != NULL);
        if (*line)
            fprintf(out, "%*s", HELP_COLUMN, "");
    }
}

void cli_print_help(const cli_command *cmd, FILE *out)
{
    fprintf(out, "usage: tokpol %s%s%s\n\n", cmd->name, cmd->args ? " " : "",
            cmd->args ? cmd->args : "");
    if (cmd->about)
        fprintf(out, "%s\n", cmd->about);
    for (size_t i = 0; i < cmd->noptions; i++) {
        if (cmd->options[i].group)
            fprintf(out, "\n%s\n", cmd->options[i].group);
        print_option(&cmd->options[i], out);
    }
    if (cmd->epilog)
        fprintf(out, "\n%s", cmd->epilog);
}

void cli_getopt_table(const cli_command *cmd, struct option *longs, char *shorts)
{
    size_t k = 0;
    shorts[k++] = ':';
    for (size_t i = 0; i < cmd->noptions; i++) {
        const cli_option *o = &cmd->options[i];
        longs[i] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->id};
        if (o->short_name) {
            shorts[k++] = o->short_name;
            if (o->arg)
                shorts[k++] = ':';
        }
    }
    longs[cmd->noptions] = (struct option){0, 0, 0, 0};
    shorts[k] = '\0';
}

const cli_option *cli_find_option(const cli_command *cmd, const char *name)
{
    for (size_t i = 0; i < cmd->noptions; i++)
        if (strcmp(cmd->options[i].name, name) == 0)
            return &cmd->options[i];
    return NULL;
}

/* The closest long option to `word` (without dashes), or NULL. */
static const char *closest_option(const cli_command *cmd, const char *word)
{
    const char *names[CLI_MAX_OPTIONS];
    size_t n = 0;
    for (size_t i = 0; i < cmd->noptions && n < CLI_MAX_OPTIONS; i++)
        names[n++] = cmd->options[i].name;
    return tp_suggest(word, names, n);
}

int cli_bad_option(const cli_command *cmd, int c, char **argv)
{
    const char *arg = argv[optind - 1];
    int is_long = strncmp(arg, "--", 2) == 0;
    char word[64];
    snprintf(word, sizeof word, "%.*s", is_long ? (int)strcspn(arg + 2, "=") : 0, arg + 2);
    const cli_option *known = is_long ? cli_find_option(cmd, word) : NULL;
    if (c == ':' && known)
        return cli_usage_error("option '--%s' needs a value (%s)", word, known->arg);
    if (c == ':')
        return cli_usage_error("option -%c needs a value; see tokpol %s --help", optopt, cmd->name);
    if (known) /* "--strict=yes": getopt refuses a value for a switch */
        return cli_usage_error("option '--%s' takes no value", word);
    if (!is_long)
        return cli_usage_error("unknown option -%c; see tokpol %s --help", optopt, cmd->name);
    /* getopt_long takes unique prefixes; a prefix of several is ambiguous, not unknown. */
    size_t matches = 0;
    for (size_t i = 0; i < cmd->noptions; i++)
        matches += *word && strncmp(cmd->options[i].name, word, strlen(word)) == 0;
    if (matches > 1)
        return cli_usage_error("option '--%s' is ambiguous; see tokpol %s --help", word, cmd->name);
    const char *near = closest_option(cmd, word);
    if (near)
        return cli_usage_error("unknown option '--%s'; did you mean '--%s'?", word, near);
    return cli_usage_error("unknown option '--%s' for tokpol %s; see tokpol %s --help", word,
                           cmd->name, cmd->name);
}

int cli_bad_value(const char *what, const char *value, const char *const *values)
{
    size_t n = 0;
    while (values[n])
        n++;
    char list[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 i == 0       ? ""
                 : i + 1 == n ? " or "
                              : ", ",
                 values[i]);
    const char *near = tp_suggest(value, values, n);
    if (near)
        return cli_usage_error("unknown %s '%s'; did you mean '%s'? (use %s)", what, value, near,
                               list);
    return cli_usage_error("unknown %s '%s': use %s", what, value, list);
}
