/* The tp_*_options_init functions: what a binding calls instead of a TP_*_OPTIONS_INIT macro. */
#ifndef TP_OPTIONS_H
#define TP_OPTIONS_H

#include "tokpol.h"

/* Defines tp_NAME_options_init(opts, version): *opts = INIT, or TP_EINVAL when `version` is not
 * VERSION (a caller built against another layout of the struct). */
#define TP_DEFINE_OPTIONS_INIT(name, INIT, VERSION)                                                \
    int tp_##name##_options_init(tp_##name##_options *opts, unsigned version)                      \
    {                                                                                              \
        tp_##name##_options defaults = INIT;                                                       \
        if (!opts || version != (VERSION))                                                         \
            return TP_EINVAL;                                                                      \
        *opts = defaults;                                                                          \
        return 0;                                                                                  \
    }

#endif
