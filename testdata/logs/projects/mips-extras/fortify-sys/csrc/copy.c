/* Compiled against glibc's headers with _FORTIFY_SOURCE: memcpy into a buffer of
   known size becomes a call to glibc's __memcpy_chk, which musl does not have. */
#include <string.h>

static char buf[16];

unsigned int copy_first(const char *src, unsigned int len)
{
    memcpy(buf, src, len);
    return (unsigned char)buf[0];
}

void copy_halt(unsigned int code)
{
    volatile unsigned int sink = code;
    (void)sink;
    for (;;) {
    }
}
