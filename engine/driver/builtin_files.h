/* Files compiled into the library: the policy packs and their schemas (cmake/embed_files.cmake). */
#ifndef TP_BUILTIN_FILES_H
#define TP_BUILTIN_FILES_H

#include <stddef.h>

struct tp_builtin_file {
    const char *name; /* "builtin:lokalise.tpol", "builtin:tokpol-v1.json" */
    const char *source;
    size_t length;
};

/* Terminated by an entry whose name is NULL. */
extern const struct tp_builtin_file tp_builtin_files[];

/* The embedded file named `name` ("builtin:lokalise.tpol"), or NULL (packs.c). */
const struct tp_builtin_file *tp_builtin_file_find(const char *name);

#endif
