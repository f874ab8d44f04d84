#!/bin/sh
# Builds a toolchain layout like an OpenWrt SDK's from Debian's cross gcc, for the tests of
# `xlinkdiag env` and `xlinkdiag doctor` (tests/e2e/envgen.rs, tests/e2e/doctor.rs):
#
#   DEST/staging_dir/toolchain-<arch>_<cpu>_gcc-<ver>_musl/bin/<arch>-openwrt-linux-musl-gcc
#                                                          /bin/<arch>-openwrt-linux-gcc  (short names)
#   DEST/staging_dir/target-<arch>_<cpu>_musl/usr/{include/openssl,lib/libssl.a,lib/pkgconfig}
#
# The compilers are wrapper scripts around Debian's (mips-linux-gnu-gcc, …) that add the
# defaults OpenWrt's own gcc is configured with (mips_24kc: -march=24kc, soft float), so
# they make the objects OpenWrt's would. They are glibc compilers under musl names: fine
# for C that does not call libc, which is all the tests compile. The OpenSSL in the target
# dir is a stub archive of the target's machine, enough for library-lookup checks.
#
# usage: make-toolchain.sh DEST [mips_24kc|mipsel_24kc|aarch64_cortex-a53|x86_64]
# prints the toolchain dir; exits 1 (with a message) when Debian's cross gcc is missing.
set -eu

dest=${1:?usage: make-toolchain.sh DEST [ARCH_CPU]}
arch_cpu=${2:-mips_24kc}

case $arch_cpu in
  mips_24kc)          deb=mips-linux-gnu    arch=mips    flags="-march=24kc -msoft-float" ;;
  mipsel_24kc)        deb=mipsel-linux-gnu  arch=mipsel  flags="-march=24kc -msoft-float" ;;
  aarch64_cortex-a53) deb=aarch64-linux-gnu arch=aarch64 flags="-mcpu=cortex-a53" ;;
  x86_64)             deb=x86_64-linux-gnu  arch=x86_64  flags="" ;;
  *) echo "make-toolchain.sh: unknown ARCH_CPU $arch_cpu" >&2; exit 2 ;;
esac

real_gcc=$(command -v "$deb-gcc" || true)
if [ -z "$real_gcc" ]; then
  echo "make-toolchain.sh: $deb-gcc not found (Debian package gcc-$deb)" >&2
  exit 1
fi
ver=$("$real_gcc" -dumpfullversion)
libc=musl
staging=$dest/staging_dir
tc=$staging/toolchain-${arch_cpu}_gcc-${ver}_$libc
bin=$tc/bin
long=$arch-openwrt-linux-$libc
short=$arch-openwrt-linux
mkdir -p "$bin"

# Compiler drivers: wrappers, so OpenWrt's configured defaults come first and the caller's
# flags (e.g. -mhard-float) can still override them.
for tool in gcc g++ cpp; do
  real=$(command -v "$deb-$tool" || true)
  [ -n "$real" ] || continue
  cat > "$bin/$long-$tool" <<WRAPPER
#!/bin/sh
# $long-$tool: Debian's $deb-$tool with OpenWrt's $arch_cpu defaults (testdata/openwrt/make-toolchain.sh)
exec $real $flags "\$@"
WRAPPER
  chmod +x "$bin/$long-$tool"
done
# Binutils take no ABI defaults: plain links.
for tool in ar ranlib nm objcopy objdump readelf strip ld as gcc-ar gcc-nm gcc-ranlib; do
  real=$(command -v "$deb-$tool" || true)
  [ -n "$real" ] && ln -sf "$real" "$bin/$long-$tool"
done
# OpenWrt's short names (`mips-openwrt-linux-gcc`) point at the long ones.
for f in "$bin/$long"-*; do
  t=${f##*/$long-}
  ln -sf "$long-$t" "$bin/$short-$t"
done
cat > "$tc/info.mk" <<INFO
TARGET_CROSS=$long-
LIBC_TYPE=$libc
INFO

# The target's staging dir with a stub OpenSSL for the target's machine.
target=$staging/target-${arch_cpu}_$libc
mkdir -p "$target/usr/include/openssl" "$target/usr/lib/pkgconfig"
printf '#define OPENSSL_VERSION_NUMBER 0x30000000L\n#define OPENSSL_VERSION_TEXT "OpenSSL 3.0.0 (xlinkdiag stub)"\n' \
  > "$target/usr/include/openssl/opensslv.h"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for lib in ssl crypto; do
  printf 'int xlinkdiag_stub_%s(void) { return 0; }\n' "$lib" > "$work/$lib.c"
  "$bin/$long-gcc" -c -o "$work/$lib.o" "$work/$lib.c"
  rm -f "$target/usr/lib/lib$lib.a"
  "$bin/$long-ar" crs "$target/usr/lib/lib$lib.a" "$work/$lib.o"
  cat > "$target/usr/lib/pkgconfig/lib$lib.pc" <<PC
prefix=/usr
libdir=\${prefix}/lib
includedir=\${prefix}/include
Name: lib$lib
Description: xlinkdiag stub
Version: 3.0.0
Libs: -L\${libdir} -l$lib
Cflags: -I\${includedir}
PC
done
cat > "$target/usr/lib/pkgconfig/openssl.pc" <<PC
prefix=/usr
Name: OpenSSL
Description: xlinkdiag stub
Version: 3.0.0
Requires: libssl libcrypto
PC

echo "$tc"
