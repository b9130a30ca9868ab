/* The project file (.tokpol.json) and TOKPOL_* variables: settings a command takes when its
 * options do not give them. Options win over variables, variables over the file. */
#ifndef TOKPOL_CLI_CONFIG_H
#define TOKPOL_CLI_CONFIG_H

#include <cjson/cJSON.h>

#include "cli.h"

/* Where a setting's value came from. */
typedef enum cli_from { CLI_FROM_DEFAULT, CLI_FROM_FLAG, CLI_FROM_ENV, CLI_FROM_FILE } cli_from;

/* The settings, in the order tokpol config prints them (config.c has their names). */
enum cli_setting_id {
    CLI_SET_POLICIES,
    CLI_SET_WAIVERS,
    CLI_SET_SCHEMAS,
    CLI_SET_PARAMS,
    CLI_SET_FAIL_ON,
    CLI_SET_FORMAT,
    CLI_SET_OUTPUTS,
    CLI_SET_NOW,
    CLI_SET_COLOR,
    CLI_SET_STRICT,
    CLI_NSETTINGS
};

/* Where a command keeps one setting: a list (items, n), a string (value) or a switch (on).
 * All NULL: the command does not take it. */
typedef struct cli_target {
    const char ***items;
    size_t *n;
    const char **value;
    int *on;
} cli_target;

typedef struct cli_config {
    char *path;          /* the project file, or NULL when there is none */
    const char *skipped; /* why none was looked for: "--no-config", "TOKPOL_NO_CONFIG"; or NULL */
    char *dir;           /* its directory: relative paths in it are relative to the file */
    char *text;          /* its contents */
    cJSON *root;
    char **owned; /* strings made for the command's options (paths, NAME=VALUE), freed with it */
    size_t nowned;
    cli_from from[CLI_NSETTINGS];
} cli_config;

/* config_file.c: finds the project file ($TOKPOL_CONFIG, else .tokpol.json in the working
 * directory or the nearest one above it) and parses it; no file is no error, and none is read
 * with `no_config` (--no-config) or TOKPOL_NO_CONFIG set (not empty, not 0). 0, or EXIT_USAGE
 * after printing FILE:LINE:COL and why. */
int cli_config_load(cli_config *c, int no_config);
void cli_config_free(cli_config *c);
/* Line and column of the top-level key `key` in the file (1-based; 0 when absent). */
void cli_config_key_position(const cli_config *c, const char *key, unsigned *line, unsigned *col);
/* Keeps `s` (malloc'd) until cli_config_free and returns it; exits on allocation failure. */
const char *cli_config_keep(cli_config *c, char *s);

/* config.c: fills every target the options left unset from TOKPOL_* variables, then from the
 * file, recording where each value came from. 0, or EXIT_USAGE after printing why (an unknown
 * key or a value of the wrong type or not among the known ones, with its position). */
int cli_config_apply(cli_config *c, const cli_target targets[CLI_NSETTINGS]);

/* Loads the configuration and applies it to the options of check (every setting), or of a
 * command that only loads policies (policies and params; with `all`, also waivers, schemas and
 * strict). 0 or EXIT_USAGE; free `c` in every case. */
struct check_opts;
int cli_config_check(cli_config *c, struct check_opts *o);
int cli_config_policies(cli_config *c, cli_policy_opts *p, int all);

/* One line each on stderr naming the settings a run took from the project file and from
 * TOKPOL_* variables, so that a file in some parent directory cannot change a gate unseen. */
void cli_config_note(const cli_config *c);

/* tokpol config: the effective settings of check and where each came from. */
int cli_config_command(int argc, char **argv);

#endif
