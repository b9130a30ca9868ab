/* The tp_*_options_init functions, what a binding calls instead of a TP_*_OPTIONS_INIT macro, and
 * the bytes each version of an options struct holds, which they and the functions reading the
 * structs go by. */
#ifndef TP_OPTIONS_H
#define TP_OPTIONS_H

#include <stddef.h>
#include <string.h>

#include "tokpol.h"

/* The bytes each version of a struct holds, indexed by version (0: a version the library does
 * not take). Every version's struct is a prefix of the current one, and ends where its last field
 * ends: not where the next version's first field starts, which alignment may put past the end of
 * the older, smaller struct (version 1 of tp_report_options is 20 bytes, version 2's srcroot is
 * at 24). Defined in options.c. */
extern const size_t tp_compiler_options_bytes[TP_COMPILER_OPTIONS_VERSION + 1];
extern const size_t tp_document_options_bytes[TP_DOCUMENT_OPTIONS_VERSION + 1];
extern const size_t tp_result_options_bytes[TP_RESULT_OPTIONS_VERSION + 1];
extern const size_t tp_eval_options_bytes[TP_EVAL_OPTIONS_VERSION + 1];
extern const size_t tp_report_options_bytes[TP_REPORT_OPTIONS_VERSION + 1];

/* The bytes a caller's struct of `version` holds, from one of the tables above (`current`: its
 * last version); 0 for a version the library does not take. */
static inline size_t tp_options_bytes(const size_t *bytes, unsigned current, unsigned version)
{
    return version <= current ? bytes[version] : 0;
}

/* Defines tp_NAME_options_init(opts, version): the defaults of INIT for the struct of `version`,
 * written up to its end and no further, so that a caller built against an older header gets its
 * smaller struct filled; TP_EINVAL for a version the library does not take (VERSION: the
 * current one). */
#define TP_DEFINE_OPTIONS_INIT(name, INIT, VERSION)                                                \
    int tp_##name##_options_init(tp_##name##_options *opts, unsigned version)                      \
    {                                                                                              \
        tp_##name##_options defaults = INIT;                                                       \
        size_t bytes = tp_options_bytes(tp_##name##_options_bytes, (VERSION), version);            \
        if (!opts || !bytes)                                                                       \
            return TP_EINVAL;                                                                      \
        defaults.version = version;                                                                \
        memcpy(opts, &defaults, bytes);                                                            \
        return 0;                                                                                  \
    }

#endif
