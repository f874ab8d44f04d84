/* A tiny stand-in for zstd's xxhash: freestanding XXH32 (tail-only variant). */
#include <stddef.h>
#include <stdint.h>

#define PRIME32_1 0x9E3779B1u
#define PRIME32_2 0x85EBCA77u
#define PRIME32_3 0xC2B2AE3Du
#define PRIME32_5 0x165667B1u

static uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

uint32_t ZSTD_XXH32(const unsigned char *p, size_t len, uint32_t seed)
{
    uint32_t h = seed + PRIME32_5 + (uint32_t)len;
    size_t i;
    for (i = 0; i < len; i++) {
        h += p[i] * PRIME32_5;
        h = rotl32(h, 11) * PRIME32_1;
    }
    h ^= h >> 15;
    h *= PRIME32_2;
    h ^= h >> 13;
    h *= PRIME32_3;
    h ^= h >> 16;
    return h;
}
