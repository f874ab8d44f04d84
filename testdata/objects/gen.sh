#!/usr/bin/env bash
# Regenerates the small real objects used by tests/integration/abi.rs: one C file compiled by real
# cross compilers with different ABI settings. Needs Debian's gcc-mips-linux-gnu,
# gcc-mipsel-linux-gnu, gcc-aarch64-linux-gnu and clang-14.
set -euo pipefail
cd "$(dirname "$0")"
src=$(mktemp --suffix=.c)
trap 'rm -f "$src"' EXIT
cat > "$src" <<'C'
double scale(double x, int n) { return x * n; }
C
mips-linux-gnu-gcc   -O1 -c "$src" -o mips-hard.o
mips-linux-gnu-gcc   -O1 -c "$src" -o mips-soft.o -msoft-float
mips-linux-gnu-gcc   -O1 -c "$src" -o mips32r6.o -march=mips32r6 -msoft-float
mips-linux-gnu-gcc   -O1 -c "$src" -o mips-n32.o -mabi=n32 -march=mips64r2 -msoft-float
mipsel-linux-gnu-gcc -O1 -c "$src" -o mipsel-soft.o -msoft-float
aarch64-linux-gnu-gcc -O1 -c "$src" -o aarch64.o
gcc                  -O1 -c "$src" -o x86_64.o
clang-14 -O1 -c "$src" -o armv7-hard.o --target=armv7-unknown-linux-gnueabihf
clang-14 -O1 -c "$src" -o armv7-soft.o --target=armv7-unknown-linux-gnueabi -mfloat-abi=soft
clang-14 -O1 -c "$src" -o riscv64-lp64d.o --target=riscv64-unknown-linux-gnu -march=rv64gc -mabi=lp64d
clang-14 -O1 -c "$src" -o riscv64-lp64.o --target=riscv64-unknown-linux-gnu -march=rv64imac -mabi=lp64
clang-14 -O1 -c "$src" -o ppc64-elfv1.o --target=powerpc64-unknown-linux-gnu -mabi=elfv1
clang-14 -O1 -c "$src" -o ppc64-elfv2.o --target=powerpc64-unknown-linux-gnu -mabi=elfv2
# Assembly with no float tags (no Tag_ABI_FP_number_model, no Tag_ABI_VFP_args), as
# compiler_builtins' `*.S.o` members in Debian's armhf std: GNU ld takes it into a
# hard-float and a soft-float link alike.
asm=$(mktemp --suffix=.S)
printf '\t.text\n\t.globl f\n\t.type f,%%function\nf:\tbx lr\n' > "$asm"
arm-linux-gnueabihf-as -march=armv7-a "$asm" -o armv7-asm-nofloat.o
rm -f "$asm"
