/* 64-bit atomics: a mips32 compiler calls libatomic's __atomic_fetch_add_8. */
unsigned long long calls;
int scale(int x, int n) {
    __atomic_fetch_add(&calls, 1, __ATOMIC_SEQ_CST);
    return x * n;
}
