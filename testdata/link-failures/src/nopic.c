/* Taking an address: `movl $total, %eax` (R_X86_64_32) without -fPIC. */
static int total;
__attribute__((noinline)) int *total_addr(void) { return &total; }
int scale(int x, int n) {
    *total_addr() += x * n;
    return x * n;
}
