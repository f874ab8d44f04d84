#!/usr/bin/env bash
# Regenerates the small real objects of tests/e2e/link_failures.rs (issue 5): the link failures
# of cross builds beyond the wrong machine, each made by the real compilers, plus the
# matching objects of the correct builds. Then records what the real linkers say about
# each case in stderr/<case>.txt (links run in a temp dir on bare file names).
#
# Needs Debian 12's gcc, musl-tools, gcc-mips-linux-gnu, gcc-mipsel-linux-gnu,
# gcc-arm-linux-gnueabi, gcc-arm-linux-gnueabihf, clang-14 and lld-14 (ld64.lld-14,
# lld-link-14).
#
# Objects (culprit, then the correct one; `entry-*`/`main-*` are the rest of the link):
#   a  mips-scale-hard.o    mips-linux-gnu-gcc's default hard float | mips-scale-soft.o
#   b  mipsel-scale.o       little-endian, in a big-endian link     | mips-scale-hard.o
#   c  armel-scale.o        arm-linux-gnueabi (soft float)          | armhf-scale.o
#   d  glibc-fortify.o      gcc -O2 -D_FORTIFY_SOURCE=2             | musl-fortify.o
#   e  mips-atomics64.o     __atomic_fetch_add_8 on mips32          | mips-atomics32.o
#   f  x86_64-nopic.o       gcc -fno-pic                            | x86_64-pic.o
#   g  libscale-noindex.a   `ar rcS`: no symbol index               | libscale.a
#   h  ios-scale.o          arm64-apple-ios14.0 (device)            | ios-sim-scale.o
#      macos-scale.o        arm64-apple-macos11
#   i  x64-scale.obj        x86_64-pc-windows-msvc                  | arm64-scale.obj
#
# ARM64EC: clang-14 accepts -target arm64ec-pc-windows-msvc but writes machine 0xAA64
# (ARM64), not 0xA641 (ARM64EC), so it makes no ARM64EC object and there is no such case.
set -euo pipefail
cd "$(dirname "$0")"
src=src

# a, b, g: MIPS o32, big and little endian, hard and soft float.
mips-linux-gnu-gcc -O1 -c $src/entry.c -o mips-entry-hard.o
mips-linux-gnu-gcc -O1 -c $src/entry.c -o mips-entry-soft.o -msoft-float
mips-linux-gnu-gcc -O1 -c $src/scale.c -o mips-scale-hard.o
mips-linux-gnu-gcc -O1 -c $src/scale.c -o mips-scale-soft.o -msoft-float
mipsel-linux-gnu-gcc -O1 -c $src/scale.c -o mipsel-scale.o
# c: ARM EABI soft float (armel) vs hard float (armhf).
arm-linux-gnueabihf-gcc -O1 -c $src/entry.c -o armhf-entry.o
arm-linux-gnueabihf-gcc -O1 -c $src/scale.c -o armhf-scale.o
arm-linux-gnueabi-gcc -O1 -c $src/scale.c -o armel-scale.o
# d: glibc's fortified headers vs musl's.
gcc -O2 -D_FORTIFY_SOURCE=2 -c $src/fortify.c -o glibc-fortify.o
musl-gcc -O2 -D_FORTIFY_SOURCE=2 -c $src/fortify.c -o musl-fortify.o
musl-gcc -O2 -c $src/main.c -o musl-main.o
# e: 64-bit atomics on mips32 (soft float, as mips-unknown-linux-musl).
mips-linux-gnu-gcc -O2 -c $src/atomics64.c -o mips-atomics64.o -msoft-float
mips-linux-gnu-gcc -O2 -c $src/atomics32.c -o mips-atomics32.o -msoft-float
# f: non-PIC C for a PIE link.
gcc -O2 -c $src/main.c -o x86_64-main.o
gcc -O2 -fno-pic -c $src/nopic.c -o x86_64-nopic.o
gcc -O2 -fPIC -c $src/nopic.c -o x86_64-pic.o
# g: the same MIPS object in an archive without and with a symbol index.
rm -f libscale-noindex.a libscale.a
ar rcS libscale-noindex.a mips-scale-hard.o
mips-linux-gnu-ar rcs libscale.a mips-scale-hard.o
# h: Mach-O arm64 for the iOS simulator, the iOS device and macOS.
clang-14 -target arm64-apple-ios14.0-simulator -O1 -c $src/entry.c -o ios-sim-entry.o
clang-14 -target arm64-apple-ios14.0-simulator -O1 -c $src/scale.c -o ios-sim-scale.o
clang-14 -target arm64-apple-ios14.0 -O1 -c $src/scale.c -o ios-scale.o
clang-14 -target arm64-apple-macos11 -O1 -c $src/scale.c -o macos-scale.o
# i: COFF ARM64 vs x64 (no timestamp in the header, so the objects are reproducible).
coff=(-O1 -mno-incremental-linker-compatible -c)
clang-14 -target aarch64-pc-windows-msvc "${coff[@]}" $src/entry.c -o arm64-entry.obj
clang-14 -target aarch64-pc-windows-msvc "${coff[@]}" $src/scale.c -o arm64-scale.obj
clang-14 -target x86_64-pc-windows-msvc "${coff[@]}" $src/scale.c -o x64-scale.obj

# What the real linkers say (the same command lines as the tests, on bare file names).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp ./*.o ./*.obj ./*.a "$work"
mkdir -p stderr
record() {
  local name=$1
  shift
  local status=0
  (cd "$work" && "$@") 2>"stderr/$name.txt" >/dev/null || status=$?
  echo "exit status $status" >>"stderr/$name.txt"
}
elf=(-nostdlib -Wl,-e,entry -o out)
record a-mips-float mips-linux-gnu-gcc -msoft-float "${elf[@]}" mips-entry-soft.o mips-scale-hard.o
record b-mipsel mips-linux-gnu-gcc "${elf[@]}" mips-entry-hard.o mipsel-scale.o
record c-arm-float arm-linux-gnueabihf-gcc "${elf[@]}" armhf-entry.o armel-scale.o
record d-fortify musl-gcc -o out musl-main.o glibc-fortify.o
record e-atomics mips-linux-gnu-gcc -msoft-float "${elf[@]}" mips-entry-soft.o mips-atomics64.o
record f-nopic gcc -pie -o out x86_64-main.o x86_64-nopic.o
record g-noindex mips-linux-gnu-gcc "${elf[@]}" mips-entry-hard.o -L. -lscale-noindex
macho=(-arch arm64 -platform_version ios-simulator 14.0 14.0 -e _entry -o out ios-sim-entry.o)
record h-ios-device ld64.lld-14 "${macho[@]}" ios-scale.o
record h-macos ld64.lld-14 "${macho[@]}" macos-scale.o
record i-x64 lld-link-14 /machine:arm64 /entry:entry /subsystem:console /nodefaultlib /Brepro \
  /out:out.exe arm64-entry.obj x64-scale.obj
