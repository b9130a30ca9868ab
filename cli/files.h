/* Files the subcommands work on: the paths named on the command line, directories listed or
 * searched for a suffix, whole-file reads and in-place rewrites. */
#ifndef TOKPOL_CLI_FILES_H
#define TOKPOL_CLI_FILES_H

#include <stddef.h>

typedef struct cli_files {
    char **paths; /* malloc'd */
    size_t n, cap;
} cli_files;

/* Adds `path`: a file as given ("-" too), or every file below a directory whose name ends in
 * `suffix`, in sorted order. 0, or -1 with the reason printed (a path that cannot be read). */
int cli_files_add(cli_files *f, const char *path, const char *suffix);
void cli_files_free(cli_files *f);

/* Adds DIR/NAME for the entries of one directory (not below it; no hidden ones) that `keep`
 * accepts (NULL: all), sorted by name. 0, or -1 with errno set when it cannot be read. */
int cli_files_list(cli_files *f, const char *dir, int (*keep)(const char *path));

/* Reads a whole file ("-": standard input) into a malloc'd, NUL-terminated buffer; NULL with
 * errno set when it cannot. */
char *cli_read_all(const char *path, size_t *len);

/* Replaces the file's contents atomically (a temporary file in its directory, renamed over it),
 * keeping its permissions; 0, or -1 with errno set. */
int cli_replace_file(const char *path, const char *text, size_t len);

/* The directory part of `path` ("." when it has none) into buf. */
void cli_dirname(const char *path, char *buf, size_t size);

#endif
