/* With glibc's headers, -O2 -D_FORTIFY_SOURCE=2 turns these calls into __memcpy_chk and
 * __printf_chk, which only glibc defines. musl's headers leave them alone. */
#include <stdio.h>
#include <string.h>

int scale(int x, int n) {
    char label[16];
    memcpy(label, "scale-factor", (size_t)n);
    label[n] = 0;
    printf("%s %d\n", label, x * n);
    return x * n;
}
