#!/usr/bin/env bash
# Regenerates testdata/logs/: real CI logs of real failing cross builds, one per kind of
# failure `xlinkdiag annotate` recognises beyond the leaked-CC samples of ../regen.sh.
#
# Each build runs in a fresh temp dir under a clean environment (env -i) with only the
# variables set here, and its cargo output is kept exactly as a CI log shows it:
#   <name>.log       cargo's human output (stderr; stdout is empty for a build)
#   <name>.json.log  cargo --message-format=json, stdout and stderr interleaved (2>&1)
# The absolute paths inside point at the temp dir the script ran in and no longer exist:
# these logs test the log-only diagnosis.
#
# Needs what ../regen.sh needs (cargo +nightly, /usr/bin/cargo + /usr/bin/rustc with the
# arm64 std, mips-linux-gnu-gcc, aarch64-linux-gnu-gcc, cmake) plus mipsel-linux-gnu-gcc,
# pkg-config and the host's libssl-dev. Crates come from the registry cache (--offline).
#
# Usage: testdata/logs/regen.sh            (KEEP_WORK=1 keeps the temp dir)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECTS=$(cd "$HERE/../projects" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xlinkdiag-logs.XXXXXX")
if [[ "${KEEP_WORK:-0}" == 1 ]]; then
    echo "regen: keeping $WORK" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi

MIPS=mips-unknown-linux-musl
A64=aarch64-unknown-linux-gnu
OUT=$WORK/out
mkdir -p "$OUT" "$WORK/bin"

clean() {
    env -i \
        PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 TERM=dumb \
        ${CARGO_HOME:+CARGO_HOME="$CARGO_HOME"} \
        ${RUSTUP_HOME:+RUSTUP_HOME="$RUSTUP_HOME"} \
        "$@"
}

# A fresh copy of a project (from testdata/projects or testdata/logs/projects) at $2.
copy_project() {
    local src=$1 dest=$2
    mkdir -p "$dest"
    (cd "$src" && tar --exclude=./target -cf - .) | (cd "$dest" && tar -xf -)
}

# fail NAME DIR MODE VAR=value... -- CARGO ARGS...: a build that must fail, in DIR (cargo
# reads .cargo/config.toml from the current directory). MODE human keeps stderr as
# NAME.log; MODE json adds --message-format=json and keeps stdout+stderr as NAME.json.log.
fail() {
    local name=$1 dir=$2 mode=$3
    # ONLY=<name> remakes that one log and leaves the others as they are.
    if [[ -n "${ONLY:-}" && $name != "$ONLY" ]]; then return 0; fi
    shift 3
    local vars=()
    while [[ $1 != -- ]]; do vars+=("$1"); shift; done
    shift
    local log
    echo "regen: $name ($mode)" >&2
    if [[ $mode == json ]]; then
        log=$OUT/$name.json.log
        if (cd "$dir" && clean "${vars[@]}" "$@" --color never --offline --message-format=json) >"$log" 2>&1; then
            echo "regen: $name: expected the build to fail" >&2; exit 1
        fi
    else
        log=$OUT/$name.log
        if (cd "$dir" && clean "${vars[@]}" "$@" --color never --offline) >/dev/null 2>"$log"; then
            echo "regen: $name: expected the build to fail" >&2; exit 1
        fi
    fi
}

# expect FILE TEXT: the log must say TEXT (a changed toolchain shows up here, not in a test).
expect() {
    if [[ -n "${ONLY:-}" && $1 != "$ONLY".* ]]; then return 0; fi
    grep -qF -- "$2" "$OUT/$1" || { echo "regen: $1 does not contain: $2" >&2; exit 1; }
}

fresh_mips() {
    rm -rf "$WORK/p"
    copy_project "$PROJECTS/mips-workspace" "$WORK/p/mips-workspace"
    copy_project "$HERE/projects/mips-extras" "$WORK/p/mips-extras"
}
fresh_a64() {
    rm -rf "$WORK/p"
    copy_project "$PROJECTS/$1" "$WORK/p/$1"
}

NIGHTLY=(cargo +nightly build --target $MIPS)
DEBIAN=(/usr/bin/cargo build --target $A64)
A64_OK=(RUSTC=/usr/bin/rustc CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
        CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc)
MIPS_OK=(CC_mips_unknown_linux_musl=mips-linux-gnu-gcc CFLAGS_mips_unknown_linux_musl=-msoft-float
         AR_mips_unknown_linux_musl=mips-linux-gnu-ar)

# The seed's first error: a library with a stale `extern crate proc_macro`, built for a
# target that has no proc_macro.
for mode in human json; do
    fresh_mips
    fail proc-macro "$WORK/p/mips-extras" $mode -- "${NIGHTLY[@]}" -p pm-user
done
expect proc-macro.log "error[E0463]: can't find crate for \`proc_macro\`"

# cc-rs guesses the target compiler from the linker's name; a linker wrapper with another
# name makes it guess `mips-linux-musl-gcc`, which is not installed.
printf '#!/bin/sh\nexec mips-linux-gnu-gcc "$@"\n' >"$WORK/bin/xl-link"
chmod +x "$WORK/bin/xl-link"
for mode in human json; do
    fresh_mips
    fail cc-tool-missing "$WORK/p/mips-workspace" $mode \
        CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER="$WORK/bin/xl-link" -- "${NIGHTLY[@]}" -j1
done
expect cc-tool-missing.log 'failed to find tool "mips-linux-musl-gcc"'

# pkg-config refuses a cross target unless told where the target's .pc files are.
fresh_mips
fail pkg-config-cross "$WORK/p/mips-extras" human -- "${NIGHTLY[@]}" -p pc-sys
expect pkg-config-cross.log "pkg-config has not been configured to support cross-compilation"

# openssl-sys with nothing set for the target.
for mode in human json; do
    fresh_a64 aarch64-openssl
    fail openssl-not-found "$WORK/p/aarch64-openssl" $mode "${A64_OK[@]}" -- "${DEBIAN[@]}"
done
expect openssl-not-found.log "Could not find directory of OpenSSL installation"

# openssl-sys pointed at the build machine's OpenSSL: the aarch64 link skips the x86-64
# libssl and finds none.
fresh_a64 aarch64-openssl
fail openssl-host-lib "$WORK/p/aarch64-openssl" human "${A64_OK[@]}" \
    OPENSSL_DIR=/usr OPENSSL_LIB_DIR=/usr/lib/x86_64-linux-gnu OPENSSL_INCLUDE_DIR=/usr/include \
    CFLAGS_aarch64_unknown_linux_gnu=-I/usr/include/x86_64-linux-gnu -- "${DEBIAN[@]}"
expect openssl-host-lib.log "skipping incompatible /usr/lib/x86_64-linux-gnu/libssl"

# The OpenWrt SDK's linker named, but the SDK is not on this machine.
for mode in human json; do
    fresh_mips
    fail linker-not-found "$WORK/p/mips-workspace" $mode "${MIPS_OK[@]}" \
        CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER=mips-openwrt-linux-gcc -- "${NIGHTLY[@]}"
done
expect linker-not-found.log 'linker `mips-openwrt-linux-gcc` not found'

# No linker for the target at all: rustc uses the host's `cc`, whose ld rejects rustc's
# own aarch64 objects.
fresh_a64 aarch64-workspace
fail wrong-linker "$WORK/p/aarch64-workspace" human \
    RUSTC=/usr/bin/rustc CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc -- "${DEBIAN[@]}"
expect wrong-linker.log "Relocations in generic ELF (EM: 183)"

# A little-endian MIPS compiler for a big-endian target.
fresh_mips
fail endianness "$WORK/p/mips-workspace" human \
    CC_mips_unknown_linux_musl=mipsel-linux-gnu-gcc CFLAGS_mips_unknown_linux_musl=-msoft-float \
    -- "${NIGHTLY[@]}"
expect endianness.log "compiled for a little endian system and target is big endian"

# 64-bit atomics in C on 32-bit MIPS: a call to libatomic, which the link lacks.
fresh_mips
fail missing-atomics "$WORK/p/mips-extras" human "${MIPS_OK[@]}" -- "${NIGHTLY[@]}" -p atomics-app
expect missing-atomics.log "undefined reference to \`__atomic_fetch_add_8'"

# C compiled against glibc's headers (Debian's mips-linux-gnu-gcc, _FORTIFY_SOURCE) in a
# musl link. Its default hard float also draws GNU ld's float-ABI warning.
fresh_mips
fail libc-mismatch "$WORK/p/mips-extras" human CC_mips_unknown_linux_musl=mips-linux-gnu-gcc \
    -- "${NIGHTLY[@]}" -p fortify-app
expect libc-mismatch.log "undefined reference to \`__memcpy_chk'"

# C built with -fno-PIC in Rust's PIE.
rm -rf "$WORK/p"
copy_project "$HERE/projects/aarch64-extras" "$WORK/p/aarch64-extras"
fail pic-mismatch "$WORK/p/aarch64-extras" human "${A64_OK[@]}" \
    CFLAGS_aarch64_unknown_linux_gnu=-fno-PIC -- "${DEBIAN[@]}"
expect pic-mismatch.log "recompile with -fPIC"

# The leaked-CC build of ../mips-leaked-cc with --verbose: every linker argument shown,
# and cargo's `Running` lines.
fresh_mips
fail leaked-cc-verbose "$WORK/p/mips-workspace" human CC=gcc -- "${NIGHTLY[@]}" --verbose
expect leaked-cc-verbose.log "file in wrong format"

# The same leaked-CC build with xlinkdiag itself as the linker (the shim): its diagnosis of
# every input follows the linker's stderr, and, in CI (CI=true, GITHUB_ACTIONS=true), its
# `xlinkdiag: data:` line and its workflow commands. XLINKDIAG may name a built binary; else this repository is built for it.
if [[ -z "${XLINKDIAG:-}" ]]; then
    # From the repository root, so that its .cargo/config.toml applies (build.target).
    (cd "$HERE/../.." && CARGO_TARGET_DIR="$WORK/xl-target" cargo build --quiet)
    XLINKDIAG=$(ls "$WORK"/xl-target/*/debug/xlinkdiag | head -n 1)
fi
fresh_mips
fail shim-leaked-cc "$WORK/p/mips-workspace" human CC=gcc CI=true GITHUB_ACTIONS=true \
    CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER="$XLINKDIAG" XLINKDIAG_LINKER=mips-linux-gnu-gcc \
    -- "${NIGHTLY[@]}"
expect shim-leaked-cc.log "xlinkdiag: error[wrong-architecture]: crate \`miniz_sys\`"
expect shim-leaked-cc.log "xlinkdiag: data: {"

{
    echo "# tool versions used by the last testdata/logs/regen.sh run"
    clean cargo +nightly --version
    clean /usr/bin/cargo --version
    mips-linux-gnu-gcc --version | head -n1
    aarch64-linux-gnu-gcc --version | head -n1
    mipsel-linux-gnu-gcc --version | head -n1
    pkg-config --version
} >"$OUT/VERSIONS.txt"

for f in "$OUT"/*; do
    cp "$f" "$HERE/"
done
echo "regen: done" >&2
