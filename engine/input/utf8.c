#include "input/utf8.h"

size_t tp_utf8_len(const unsigned char *p, size_t n)
{
    unsigned char b = p[0];
    size_t need = b >= 0xC2 && b <= 0xDF   ? 2
                  : b >= 0xE0 && b <= 0xEF ? 3
                  : b >= 0xF0 && b <= 0xF4 ? 4
                                           : 0;
    if (!need || need > n)
        return 0;
    for (size_t k = 1; k < need; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    if ((b == 0xE0 && p[1] < 0xA0) || (b == 0xED && p[1] > 0x9F) || (b == 0xF0 && p[1] < 0x90) ||
        (b == 0xF4 && p[1] > 0x8F))
        return 0;
    return need;
}
