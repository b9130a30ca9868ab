/* The library's version and what its status codes mean. */
#include "tokpol.h"

const char *tp_version(void)
{
    return TP_VERSION;
}

const char *tp_status_str(int status)
{
    switch (status) {
    case TP_OK:
        return "success";
    case TP_ENOMEM:
        return "out of memory";
    case TP_EINVAL:
        return "invalid argument";
    case TP_EPOLICY:
        return "the policy does not compile";
    case TP_EINPUT:
        return "malformed input";
    case TP_EIO:
        return "cannot read a file";
    case TP_ELIMIT:
        return "a limit was exceeded";
    case TP_ECANCELED:
        return "stopped by a callback";
    default:
        return "unknown status";
    }
}
