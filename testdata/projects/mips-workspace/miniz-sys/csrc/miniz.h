/* A tiny stand-in for miniz: freestanding, no libc. */
#ifndef MINIZ_H
#define MINIZ_H
#include <stddef.h>
#include <stdint.h>
uint32_t mz_adler32(uint32_t adler, const unsigned char *ptr, size_t len);
uint32_t mz_crc32(uint32_t crc, const unsigned char *ptr, size_t len);
#endif
