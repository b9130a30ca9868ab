/* The packs and schemas compiled into the library (cmake/embed_files.cmake), by name. */
#include <string.h>

#include "driver/builtin_files.h"

const struct tp_builtin_file *tp_builtin_file_find(const char *name)
{
    for (const struct tp_builtin_file *p = tp_builtin_files; p->name; p++)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}
