/* Built through CMake (cmake-rs), freestanding. */
#include <stdint.h>

uint32_t cm_mix(uint32_t a, uint32_t b)
{
    return (a ^ (b << 7)) + 0x7f4a7c15u;
}

void cm_halt(uint32_t code)
{
    volatile uint32_t sink = code;
    (void)sink;
    for (;;) {
    }
}
