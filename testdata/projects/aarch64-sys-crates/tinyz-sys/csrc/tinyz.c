/* A tiny zlib stand-in: adler32. */
#include <stddef.h>
#include <stdint.h>

uint32_t tinyz_adler32(uint32_t adler, const unsigned char *p, size_t len)
{
    uint32_t a = adler & 0xffff, b = adler >> 16;
    size_t i;
    for (i = 0; i < len; i++) {
        a = (a + p[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}
