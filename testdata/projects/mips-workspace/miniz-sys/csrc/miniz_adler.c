#include "miniz.h"

uint32_t mz_adler32(uint32_t adler, const unsigned char *ptr, size_t len)
{
    uint32_t s1 = adler & 0xffff, s2 = adler >> 16;
    size_t i;
    for (i = 0; i < len; i++) {
        s1 = (s1 + ptr[i]) % 65521u;
        s2 = (s2 + s1) % 65521u;
    }
    return (s2 << 16) | s1;
}
