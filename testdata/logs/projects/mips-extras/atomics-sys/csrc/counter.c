/* A 64-bit counter bumped atomically: on 32-bit MIPS gcc calls libatomic's
   __atomic_fetch_add_8, which a -nostdlib link does not have. */
static unsigned long long counter;

unsigned int counter_bump(void)
{
    return (unsigned int)__atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
}

void counter_halt(unsigned int code)
{
    volatile unsigned int sink = code;
    (void)sink;
    for (;;) {
    }
}
