/* The files the driver reads (policies, waivers, schemas) are regular files: a FIFO or a device
 * could block the compile or never end. */
#include <sys/stat.h>

#include "driver/compiler.h"

const char *tp_driver_not_regular(mode_t mode)
{
    return S_ISREG(mode)    ? NULL
           : S_ISDIR(mode)  ? "a directory"
           : S_ISFIFO(mode) ? "a FIFO"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a regular file";
}
