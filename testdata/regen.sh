#!/usr/bin/env bash
# Regenerates the committed samples of real failing cross builds:
#
#   testdata/mips-leaked-cc/            classic layout, CC=gcc leaked, GNU ld fails
#   testdata/mips-leaked-cc-newlayout/  same build with cargo -Zbuild-dir-new-layout
#                                       (and CC_ENABLE_DEBUG_OUTPUT=1)
#   testdata/mips-leaked-cc-builddir/   new layout with a separate build-dir
#                                       (CARGO_BUILD_BUILD_DIR), target/ + build/
#   testdata/linker-stderr/             raw stderr + argv of GNU ld, lld and mold
#                                       rejecting x86-64 objects, plus cargo's view
#
# Every build runs in a fresh temp dir under a clean environment (env -i), so
# nothing from the caller's CC_*/CFLAGS_*/TARGET_CC leaks in except what is set
# here on purpose. Needs: cargo +nightly, /usr/bin/cargo + /usr/bin/rustc with
# the arm64 std (Debian's rustc-web + libstd-rust-web-dev:arm64), gcc,
# mips-linux-gnu-gcc, aarch64-linux-gnu-gcc, clang-14, ld.lld, mold, cmake.
#
# Usage: testdata/regen.sh            (KEEP_WORK=1 keeps the temp dir)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xlinkdiag-regen.XXXXXX")
if [[ "${KEEP_WORK:-0}" == 1 ]]; then
    echo "regen: keeping $WORK" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi

MIPS=mips-unknown-linux-musl
A64=aarch64-unknown-linux-gnu
MAX_SAMPLE_BYTES=$((2 * 1024 * 1024))

# Run a command under a clean environment plus the given VAR=value pairs.
clean() {
    env -i \
        PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 TERM=dumb \
        ${CARGO_HOME:+CARGO_HOME="$CARGO_HOME"} \
        ${RUSTUP_HOME:+RUSTUP_HOME="$RUSTUP_HOME"} \
        "$@"
}

# Run a build that MUST fail, in directory $1 (cargo reads .cargo/config.toml
# from the current directory, NOT from --manifest-path's), saving stdout/stderr.
expect_fail() {
    local dir=$1 out=$2 err=$3
    shift 3
    if (cd "$dir" && clean "$@") >"$out" 2>"$err"; then
        echo "regen: expected this build to fail but it succeeded: $*" >&2
        cat "$err" >&2
        exit 1
    fi
}

# Run a build that MUST succeed, in directory $1, saving stdout/stderr.
expect_ok() {
    local dir=$1 out=$2 err=$3
    shift 3
    if ! (cd "$dir" && clean "$@") >"$out" 2>"$err"; then
        echo "regen: expected this build to succeed but it failed: $*" >&2
        cat "$err" >&2
        exit 1
    fi
}

# Copy a project (without any target dir) into the temp dir.
copy_project() {
    local name=$1 dest=$2
    mkdir -p "$dest"
    (cd "$HERE/projects/$name" && tar --exclude=./target -cf - .) | (cd "$dest" && tar -xf -)
}

# A linker wrapper that records argv and the real linker's stderr.
mkdir -p "$WORK/bin"
cat >"$WORK/bin/xl-capture-linker" <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$@" >"$XL_CAPTURE.argv"
"$XL_REAL_LINKER" "$@" 2>"$XL_CAPTURE.stderr"
rc=$?
cat "$XL_CAPTURE.stderr" >&2
exit $rc
EOF
chmod +x "$WORK/bin/xl-capture-linker"

# Trim a real target (or build) dir copied to $1 in place: drop incremental
# caches, host build-script executables, host dependency rlibs (with
# $2=keep-shlex the small libshlex rlib stays, as a host x86-64 artifact a
# scanner must ignore), and CMake's scratch files (except CMakeCache.txt, the
# object CMake compiled and CMake's compiler-id a.out, which is x86-64 when the
# wrong CC leaked).
trim() {
    local d=$1 keep=${2:-}
    local keep_name='-keep-nothing-'
    if [[ "$keep" == keep-shlex ]]; then keep_name='libshlex-*.rlib'; fi
    find "$d" -depth -type d -name incremental -exec rm -rf {} +
    find "$d" -type f \( -name .cargo-lock -o -name .cargo-build-lock -o -name .cargo-artifact-lock \) -delete
    # classic layout: target/debug/build/<pkg>-<hash>/build-script-build (+ hardlink build_script_build-<hash>)
    find "$d" -type f \( -name build-script-build -o -name 'build_script_build-*' \) ! -name '*.d' -delete
    # new layout: <build-dir>/debug/build/<pkg>/<hash>/out/build_script_build
    find "$d" -type f -name build_script_build -delete
    # host rlibs/rmeta: classic debug/deps, new layout debug/build/<pkg>/<hash>/out
    find "$d" -type f \( -name '*.rlib' -o -name '*.rmeta' \) \( -path "$d/debug/*" \) \
        ! -name "$keep_name" -delete
    find "$d" -type d -name CMakeFiles | while read -r cm; do
        find "$cm" -type f ! -path '*/CompilerIdC/a.out' ! -path '*/cmlib.dir/cmlib.c.o' -delete
    done
    find "$d" -depth -type d -empty -delete
}

check_size() {
    local bytes
    bytes=$(du -sb "$1" | cut -f1)
    echo "regen: $1: $bytes bytes"
    if ((bytes > MAX_SAMPLE_BYTES)); then
        echo "regen: sample $1 is larger than $MAX_SAMPLE_BYTES bytes" >&2
        exit 1
    fi
}

replace_dir() {
    rm -rf "$2"
    mkdir -p "$(dirname "$2")"
    cp -a "$1" "$2"
}

# ---------------------------------------------------------------------------
# 1. MIPS, classic layout, CC=gcc leaked, GNU ld (mips-linux-gnu-gcc) fails.
# ---------------------------------------------------------------------------
echo "regen: mips-leaked-cc (classic layout)" >&2
P=$WORK/mips-leaked-cc/mips-workspace
copy_project mips-workspace "$P"
S=$WORK/out/mips-leaked-cc
mkdir -p "$S"
expect_fail "$P" "$S/build.stdout" "$S/cargo-build.log" \
    CC=gcc cargo +nightly build --target $MIPS --color never
expect_fail "$P" "$S/cargo-build.json" "$S/build-json.stderr" \
    CC=gcc cargo +nightly build --target $MIPS --color never \
    --message-format=json
grep -q 'file in wrong format' "$S/cargo-build.log"
grep -q 'linking with `mips-linux-gnu-gcc` failed' "$S/cargo-build.log"
grep -q '"reason":"compiler-message"' "$S/cargo-build.json"
cp -a "$P/target" "$S/target"
trim "$S/target" keep-shlex
cat >"$S/README.md" <<EOF
Made by testdata/regen.sh: \`CC=gcc cargo +nightly build --target $MIPS\` of
testdata/projects/mips-workspace (classic target layout) in a temp dir; cc-rs and cmake-rs used the host
\`gcc\`, so the link with mips-linux-gnu-gcc (GNU ld) fails with \`file in wrong format\`.
Expected culprits (x86-64 objects, expected MIPS): miniz-sys (miniz_sys), zstd-sys (zstd_sys), cmlib-sys (cmlib_sys, via cmake-rs);
fix: \`CC_mips_unknown_linux_musl=mips-linux-gnu-gcc\` (+ \`CFLAGS_mips_unknown_linux_musl=-msoft-float\`). Host artifacts (target/debug) are x86-64 on purpose.
EOF
rm -f "$S/build.stdout" "$S/build-json.stderr"

# ---------------------------------------------------------------------------
# 2. Same build with the new build-dir layout (build-dir = target-dir), and
#    cc-rs debug output on (CC_ENABLE_DEBUG_OUTPUT=1 logs `running: ...`).
# ---------------------------------------------------------------------------
echo "regen: mips-leaked-cc-newlayout" >&2
P=$WORK/mips-leaked-cc-newlayout/mips-workspace
copy_project mips-workspace "$P"
S=$WORK/out/mips-leaked-cc-newlayout
mkdir -p "$S"
expect_fail "$P" "$S/build.stdout" "$S/cargo-build.log" \
    CC=gcc CC_ENABLE_DEBUG_OUTPUT=1 cargo +nightly build -Zbuild-dir-new-layout \
    --target $MIPS --color never
expect_fail "$P" "$S/cargo-build.json" "$S/build-json.stderr" \
    CC=gcc CC_ENABLE_DEBUG_OUTPUT=1 cargo +nightly build -Zbuild-dir-new-layout \
    --target $MIPS --color never --message-format=json
grep -q 'file in wrong format' "$S/cargo-build.log"
grep -q 'linking with `mips-linux-gnu-gcc` failed' "$S/cargo-build.log"
cp -a "$P/target" "$S/target"
trim "$S/target"
cat >"$S/README.md" <<EOF
Made by testdata/regen.sh: \`CC=gcc CC_ENABLE_DEBUG_OUTPUT=1 cargo +nightly build -Zbuild-dir-new-layout --target $MIPS\`
of testdata/projects/mips-workspace (build-dir = target-dir, new layout: build/<pkg>/<hash>/{out,run,fingerprint}).
Same culprits as ../mips-leaked-cc: miniz-sys, zstd-sys, cmlib-sys compiled by host gcc (x86-64), expected MIPS.
cc-rs debug output is on, so each run/stdout also has the \`running: "gcc" ...\` command lines.
EOF
rm -f "$S/build.stdout" "$S/build-json.stderr"

# ---------------------------------------------------------------------------
# 3. New layout with a separate build-dir (CARGO_BUILD_BUILD_DIR).
# ---------------------------------------------------------------------------
echo "regen: mips-leaked-cc-builddir" >&2
P=$WORK/mips-leaked-cc-builddir/mips-workspace
copy_project mips-workspace "$P"
S=$WORK/out/mips-leaked-cc-builddir
mkdir -p "$S"
expect_fail "$P" "$S/build.stdout" "$S/cargo-build.log" \
    CC=gcc CARGO_TARGET_DIR="$WORK/mips-leaked-cc-builddir/target" \
    CARGO_BUILD_BUILD_DIR="$WORK/mips-leaked-cc-builddir/build" \
    cargo +nightly build -Zbuild-dir-new-layout \
    --target $MIPS --color never
grep -q 'file in wrong format' "$S/cargo-build.log"
grep -q 'linking with `mips-linux-gnu-gcc` failed' "$S/cargo-build.log"
cp -a "$WORK/mips-leaked-cc-builddir/target" "$S/target"
cp -a "$WORK/mips-leaked-cc-builddir/build" "$S/build"
trim "$S/target"
trim "$S/build"
cat >"$S/README.md" <<EOF
Made by testdata/regen.sh: \`CC=gcc CARGO_TARGET_DIR=.../target CARGO_BUILD_BUILD_DIR=.../build cargo +nightly build -Zbuild-dir-new-layout --target $MIPS\`.
target/ only holds the uplifted rlibs (no build-script output!); all intermediate artifacts, run/stdout and OUT_DIRs are in build/.
Same culprits as ../mips-leaked-cc: miniz-sys, zstd-sys, cmlib-sys compiled by host gcc (x86-64), expected MIPS.
EOF
rm -f "$S/build.stdout"

# ---------------------------------------------------------------------------
# 3b. No CC at all: cc-rs guesses mips-linux-gnu-gcc from the linker, but that
#     gcc defaults to hard-float; the link SUCCEEDS with a GNU ld warning
#     (float-ABI mismatch), which rustc shows as `warning: linker stderr: ...`.
# ---------------------------------------------------------------------------
echo "regen: mips-hardfloat-cc" >&2
P=$WORK/mips-hardfloat-cc/mips-workspace
copy_project mips-workspace "$P"
S=$WORK/out/mips-hardfloat-cc
mkdir -p "$S"
expect_ok "$P" "$S/build.stdout" "$S/cargo-build.log" \
    cargo +nightly build --target $MIPS --color never
grep -q 'uses -mhard-float' "$S/cargo-build.log"
cp -a "$P/target" "$S/target"
trim "$S/target"
cat >"$S/README.md" <<EOF
Made by testdata/regen.sh: \`cargo +nightly build --target $MIPS\` of testdata/projects/mips-workspace with NO CC/CFLAGS set.
cc-rs guessed \`mips-linux-gnu-gcc\` from the linker (right arch) but without -msoft-float, so the C objects are MIPS
*hard-float* while the Rust objects are soft-float. GNU ld only warns (\`... uses -msoft-float (set by ...), ... uses -mhard-float\`)
and the link succeeds (target/$MIPS/debug/app is that MIPS binary). Culprits: miniz-sys, zstd-sys (cc-rs), cmlib-sys (cmake-rs);
fix: \`CFLAGS_mips_unknown_linux_musl=-msoft-float\`.
EOF
rm -f "$S/build.stdout"

# ---------------------------------------------------------------------------
# 4. Linker stderr samples: GNU ld, lld (MIPS + aarch64), mold (aarch64).
#    For each: one plain failing build (cargo's stderr -> <name>.cargo.txt),
#    then the same build through xl-capture-linker (raw linker stderr ->
#    <name>.txt, argv -> <name>.argv).
# ---------------------------------------------------------------------------
L=$WORK/out/linker-stderr
mkdir -p "$L"
MIPS_BASE_FLAGS="-C link-self-contained=no -C link-arg=-msoft-float -C link-arg=-nostdlib -C link-arg=-static"
MIPS_LLD_FLAGS="$MIPS_BASE_FLAGS -C link-arg=--target=mips-linux-gnu -C link-arg=-fuse-ld=lld"
A64_LLD_FLAGS="-C link-arg=--target=aarch64-linux-gnu -C link-arg=-fuse-ld=lld"
A64_MOLD_FLAGS="-C link-arg=-B/usr/libexec/mold"

# linker_sample NAME PROJECT TRIPLE REAL_LINKER RUSTFLAGS CARGO...
linker_sample() {
    local name=$1 project=$2 triple=$3 real=$4 rustflags=$5
    shift 5
    local var
    var="CARGO_TARGET_$(echo "$triple" | tr 'a-z-' 'A-Z_')_LINKER"
    local P=$WORK/linker-$name/$project
    copy_project "$project" "$P"
    echo "regen: linker-stderr/$name" >&2
    expect_fail "$P" /dev/null "$L/$name.cargo.txt" \
        CC=gcc "$var=$real" RUSTFLAGS="$rustflags" \
        "$@" build --target "$triple" --color never
    expect_fail "$P" /dev/null "$WORK/linker-$name/captured.cargo.txt" \
        CC=gcc "$var=$WORK/bin/xl-capture-linker" XL_REAL_LINKER="$real" \
        XL_CAPTURE="$WORK/linker-$name/capture" RUSTFLAGS="$rustflags" \
        "$@" build --target "$triple" --color never
    cp "$WORK/linker-$name/capture.stderr" "$L/$name.txt"
    cp "$WORK/linker-$name/capture.argv" "$L/$name.argv"
}

linker_sample gnu-ld-mips mips-workspace $MIPS mips-linux-gnu-gcc "$MIPS_BASE_FLAGS" cargo +nightly
linker_sample lld-mips mips-workspace $MIPS clang-14 "$MIPS_LLD_FLAGS" cargo +nightly
linker_sample gnu-ld-aarch64 aarch64-workspace $A64 aarch64-linux-gnu-gcc "" RUSTC=/usr/bin/rustc /usr/bin/cargo
linker_sample lld-aarch64 aarch64-workspace $A64 clang-14 "$A64_LLD_FLAGS" RUSTC=/usr/bin/rustc /usr/bin/cargo
linker_sample mold-aarch64 aarch64-workspace $A64 aarch64-linux-gnu-gcc "$A64_MOLD_FLAGS" RUSTC=/usr/bin/rustc /usr/bin/cargo

# The float-ABI warning of a SUCCESSFUL link (no CC set, hard-float C objects).
P=$WORK/linker-float-abi/mips-workspace
copy_project mips-workspace "$P"
echo "regen: linker-stderr/gnu-ld-mips-float-abi" >&2
# cc-rs guesses the C compiler prefix from the linker's file name, so the
# wrapper must be called mips-linux-gnu-gcc here (in a dir not on PATH).
mkdir -p "$WORK/bin/named"
cp "$WORK/bin/xl-capture-linker" "$WORK/bin/named/mips-linux-gnu-gcc"
expect_ok "$P" /dev/null "$WORK/linker-float-abi/captured.cargo.txt" \
    CARGO_TARGET_MIPS_UNKNOWN_LINUX_MUSL_LINKER="$WORK/bin/named/mips-linux-gnu-gcc" \
    XL_REAL_LINKER=mips-linux-gnu-gcc XL_CAPTURE="$WORK/linker-float-abi/capture" \
    cargo +nightly build --target $MIPS --color never
cp "$WORK/linker-float-abi/capture.stderr" "$L/gnu-ld-mips-float-abi.txt"
cp "$WORK/linker-float-abi/capture.argv" "$L/gnu-ld-mips-float-abi.argv"
cp "$WORK/out/mips-hardfloat-cc/cargo-build.log" "$L/gnu-ld-mips-float-abi.cargo.txt"

grep -q 'file in wrong format' "$L/gnu-ld-mips.txt"
grep -q 'file in wrong format' "$L/gnu-ld-aarch64.txt"
grep -q 'is incompatible with elf32btsmip' "$L/lld-mips.txt"
grep -q 'is incompatible with elf64-littleaarch64' "$L/lld-aarch64.txt"
grep -q 'incompatible file type' "$L/mold-aarch64.txt"
grep -q 'uses -mhard-float' "$L/gnu-ld-mips-float-abi.txt"

# Record the tool versions next to the samples.
{
    echo "# tool versions used by the last testdata/regen.sh run"
    clean cargo +nightly --version
    clean rustc +nightly --version
    clean /usr/bin/cargo --version
    clean /usr/bin/rustc --version
    mips-linux-gnu-gcc --version | head -n1
    aarch64-linux-gnu-gcc --version | head -n1
    mips-linux-gnu-ld --version | head -n1
    ld.lld --version | head -n1
    mold --version | head -n1
    cmake --version | head -n1
    awk -F'"' '/^name = /{n=$2} /^version = /{if (n=="cc"||n=="cmake") print "crate " n " " $2}' \
        "$HERE/projects/mips-workspace/Cargo.lock"
} >"$L/VERSIONS.txt"

# ---------------------------------------------------------------------------
# Install into testdata/.
# ---------------------------------------------------------------------------
for s in mips-leaked-cc mips-leaked-cc-newlayout mips-leaked-cc-builddir mips-hardfloat-cc; do
    check_size "$WORK/out/$s"
    replace_dir "$WORK/out/$s" "$HERE/$s"
done
replace_dir "$L" "$HERE/linker-stderr"
echo "regen: done" >&2
