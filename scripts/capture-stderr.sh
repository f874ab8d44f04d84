#!/bin/sh
# Re-records tests/fixtures/stderr/<linker>/<case>.txt from the real linkers on this machine,
# so that a change in a linker's wording shows up as a diff against the real tool.
#
# Each case links small objects made here for the wrong machine (or with a missing symbol,
# library or index). Everything runs in one scratch dir with relative paths, so the text does
# not depend on where it ran. A linker that is not installed is skipped with a note.
#
# Apple's ld64 and Microsoft's link.exe do not run here: their fixtures (ld64/, link.exe/) are
# written by hand in those linkers' message formats and are not touched by this script.
#
# Usage: scripts/capture-stderr.sh [OUT_DIR]   (default: tests/fixtures/stderr)
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/tests/fixtures/stderr}
work=$(mktemp -d /tmp/xlinkdiag-capture.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
export LC_ALL=C

have() { command -v "$1" >/dev/null 2>&1; }

# capture LINKER CASE CMD...: run CMD, keep its stderr (it must fail or warn).
capture() {
    dir=$out/$1 case=$2
    shift 2
    mkdir -p "$dir"
    "$@" >/dev/null 2>"$dir/$case.txt"
    status=$?
    if [ ! -s "$dir/$case.txt" ]; then
        echo "capture: $dir/$case.txt: no stderr (exit $status); removed" >&2
        rm -f "$dir/$case.txt"
    else
        echo "captured $(basename "$dir")/$case.txt (exit $status)"
    fi
}

# --- inputs -------------------------------------------------------------------------------
cat > lib.c <<'EOF'
int x_fn(int a) { return a + 1; }
EOF
cat > main.c <<'EOF'
int missing_fn(int);
int main(void) { return missing_fn(1); }
EOF
cat > ok.c <<'EOF'
int main(void) { return 0; }
EOF
cat > nopic.c <<'EOF'
int v;
int *addr(void) { return &v; }
int main(void) { return *addr(); }
EOF
cat > float.c <<'EOF'
float scale(float a, float b) { return a * b; }
EOF
cat > soft.c <<'EOF'
float shrink(float a, float b) { return a / b; }
EOF
cat > usex.c <<'EOF'
int x_fn(int);
int main(void) { return x_fn(1); }
EOF

gcc -c -fPIC lib.c -o x86_64.o
gcc -c -fno-pic -fno-pie nopic.c -o nopic.o
gcc -c -fPIC main.c -o main-x86_64.o
gcc -shared lib.c -o hostlib-libfoo.so
mkdir -p hostlib && mv hostlib-libfoo.so hostlib/libfoo.so && ar rcs hostlib/libbar.a x86_64.o
# Non-PIC C code bundled into a crate's rlib, as cargo leaves it in deps/: linkers name it as
# `archive(member)` in their own ways.
mkdir -p deps && ar rcs deps/libnopic_sys-5f0c1e2d3a4b6978.rlib nopic.o
if have clang-14; then
    clang-14 -target i386-linux-gnu -c lib.c -o i386.o
    if have ld.lld; then
        mkdir -p lib32
        clang-14 -target i386-linux-gnu -fPIC -c lib.c -o lib32/foo.o
        ld.lld -m elf_i386 -shared lib32/foo.o -o lib32/libfoo.so
    fi
    clang-14 -target armv7a-linux-gnueabihf -mfloat-abi=hard -c float.c -o arm-hard.o
    clang-14 -target armv7a-linux-gnueabi -mfloat-abi=soft -c soft.c -o arm-soft.o
    clang-14 -target x86_64-apple-macos11 -c lib.c -o macho-x86_64.o
    clang-14 -target arm64-apple-macos11 -c ok.c -o macho-arm64.o
    clang-14 -target x86_64-pc-windows-msvc -c lib.c -o coff-x64.obj
    clang-14 -target aarch64-pc-windows-msvc -c ok.c -o coff-arm64.obj
    clang-14 -target aarch64-pc-windows-msvc -c main.c -o coff-main-arm64.obj
fi
if have aarch64-linux-gnu-gcc; then
    aarch64-linux-gnu-gcc -c -fPIC lib.c -o aarch64.o
    aarch64-linux-gnu-gcc -c ok.c -o ok-aarch64.o
fi
if have mips-linux-gnu-gcc; then
    mips-linux-gnu-gcc -c main.c -o main-mips.o
    mips-linux-gnu-gcc -c ok.c -o ok-mips.o
    mips-linux-gnu-gcc -c -mhard-float float.c -o mips-hard.o
    mips-linux-gnu-gcc -c -msoft-float lib.c -o mips-soft.o
    mips-linux-gnu-gcc -c lib.c -o mips.o
    mips-linux-gnu-gcc -c lib.c -o mips-dup.o
    mips-linux-gnu-gcc -c usex.c -o usex-mips.o
    mips-linux-gnu-gcc -mabi=64 -c lib.c -o mips64.o
    ar rcS libnoidx.a mips.o
fi
if have mipsel-linux-gnu-gcc; then
    mipsel-linux-gnu-gcc -c lib.c -o mipsel.o
fi

# --- GNU ld (bfd) -------------------------------------------------------------------------
if have mips-linux-gnu-gcc; then
    capture bfd wrong-format mips-linux-gnu-gcc ok-mips.o x86_64.o -o a.out
    capture bfd skipping-incompatible mips-linux-gnu-gcc ok-mips.o -Lhostlib -lfoo -o a.out
    capture bfd skipping-incompatible-static mips-linux-gnu-gcc ok-mips.o -Lhostlib -Wl,-Bstatic -lbar -o a.out
    capture bfd cannot-find-lib mips-linux-gnu-gcc ok-mips.o -lnosuch -o a.out
    capture bfd undefined-reference mips-linux-gnu-gcc main-mips.o -o a.out
    capture bfd no-archive-index mips-linux-gnu-gcc main-mips.o libnoidx.a -o a.out
    capture bfd float-abi mips-linux-gnu-gcc -shared mips-hard.o mips-soft.o -o a.so
    capture bfd wrong-format-member mips-linux-gnu-gcc usex-mips.o hostlib/libbar.a -o a.out
    capture bfd wrong-format-whole-archive mips-linux-gnu-gcc ok-mips.o \
        -Wl,--whole-archive hostlib/libbar.a -Wl,--no-whole-archive -o a.out
    capture bfd multiple-definition mips-linux-gnu-gcc ok-mips.o mips.o mips-dup.o -o a.out
    capture bfd mips-abi mips-linux-gnu-gcc ok-mips.o mips64.o -o a.out
    capture bfd missing-input mips-linux-gnu-ld ok-mips.o nosuch.o -o a.out
    capture bfd missing-input-driver mips-linux-gnu-gcc ok-mips.o nosuch.o -o a.out
    [ -f mipsel.o ] && capture bfd endianness mips-linux-gnu-gcc ok-mips.o mipsel.o -o a.out
    # NaN encoding, ISA revision and PIC model: one object each against the default ones.
    mips-linux-gnu-gcc -c -mnan=2008 lib.c -o mips-nan2008.o
    mips-linux-gnu-gcc -c -march=mips32r6 lib.c -o mips-r6.o
    mips-linux-gnu-gcc -c -fno-pic -mno-abicalls lib.c -o mips-noabicalls.o
    capture bfd mips-nan-isa-abicalls sh -c \
        'mips-linux-gnu-gcc ok-mips.o mips-nan2008.o -o a.out; mips-linux-gnu-gcc ok-mips.o mips-r6.o -o a.out; mips-linux-gnu-gcc ok-mips.o mips-noabicalls.o -o a.out'
fi
capture bfd file-not-recognized gcc -fuse-ld=bfd ok.c macho-x86_64.o -o a.out
capture bfd unrecognized-option gcc -fuse-ld=bfd ok.c -Wl,--no-such-option -o a.out
capture bfd incompatible-arch gcc -fuse-ld=bfd ok.c i386.o -o a.out
capture bfd pic-relocation gcc -fuse-ld=bfd -pie nopic.o -o a.out
capture bfd pic-relocation-shared gcc -fuse-ld=bfd -shared nopic.o -o a.so
capture bfd pic-relocation-rlib gcc -fuse-ld=bfd -pie deps/libnopic_sys-5f0c1e2d3a4b6978.rlib -o a.out
if have aarch64-linux-gnu-ld; then
    capture bfd vfp-args aarch64-linux-gnu-ld -m armelf_linux_eabi -r arm-hard.o arm-soft.o -o arm.o
fi

# --- gold ---------------------------------------------------------------------------------
if have ld.gold; then
    capture gold wrong-arch gcc -fuse-ld=gold ok.c aarch64.o -o a.out
    capture gold undefined-reference gcc -fuse-ld=gold main-x86_64.o -o a.out
    capture gold cannot-find-lib gcc -fuse-ld=gold ok.c -lnosuch -o a.out
    capture gold pic-relocation-rlib gcc -fuse-ld=gold -pie deps/libnopic_sys-5f0c1e2d3a4b6978.rlib -o a.out
    capture gold incompatible-target gcc -fuse-ld=gold ok.c i386.o -o a.out
    capture gold skipping-incompatible-class gcc -fuse-ld=gold ok.c -Llib32 -lfoo -o a.out
    [ -f ok-mips.o ] && capture gold not-configured ld.gold ok-mips.o -o a.out
    if have mips-linux-gnu-gcc; then
        capture gold skipping-incompatible mips-linux-gnu-gcc -fuse-ld=gold ok-mips.o -Lhostlib -lfoo -o a.out
        capture gold wrong-format mips-linux-gnu-gcc -fuse-ld=gold ok-mips.o x86_64.o -o a.out
        capture gold wrong-format-member mips-linux-gnu-gcc -fuse-ld=gold usex-mips.o hostlib/libbar.a -o a.out
    fi
fi

# --- LLVM lld -----------------------------------------------------------------------------
if have ld.lld && have clang-14; then
    capture lld wrong-arch clang-14 -fuse-ld=lld ok.c aarch64.o -o a.out
    capture lld undefined-symbol clang-14 -fuse-ld=lld main-x86_64.o -o a.out
    capture lld cannot-find-lib clang-14 -fuse-ld=lld ok.c -lnosuch -o a.out
    capture lld pic-relocation ld.lld -shared nopic.o -o a.so
    capture lld pic-relocation-rlib ld.lld -shared --whole-archive deps/libnopic_sys-5f0c1e2d3a4b6978.rlib -o a.so
    capture lld mips-incompatible ld.lld ok-mips.o x86_64.o -o a.out
    capture lld mips-emulation ld.lld -m elf32btsmip x86_64.o -o a.out
    capture lld incompatible-library ld.lld ok-mips.o -Lhostlib -lfoo -o a.out
    capture lld incompatible-member ld.lld ok-mips.o --whole-archive hostlib/libbar.a -o a.out
    capture lld duplicate-symbol ld.lld ok-mips.o mips.o mips-dup.o -o a.out
    capture lld unknown-argument ld.lld --no-such-option ok-mips.o -o a.out
fi

# --- mold ---------------------------------------------------------------------------------
if have mold && [ -d /usr/libexec/mold ]; then
    capture mold wrong-arch gcc -B/usr/libexec/mold ok.c aarch64.o -o a.out
    capture mold undefined-symbol gcc -B/usr/libexec/mold main-x86_64.o -o a.out
    capture mold cannot-find-lib gcc -B/usr/libexec/mold ok.c -lnosuch -o a.out
    capture mold pic-relocation gcc -B/usr/libexec/mold -shared nopic.o -o a.so
    capture mold pic-relocation-rlib gcc -B/usr/libexec/mold -pie deps/libnopic_sys-5f0c1e2d3a4b6978.rlib -o a.out
    if have aarch64-linux-gnu-gcc; then
        capture mold skipping-incompatible aarch64-linux-gnu-gcc -B/usr/libexec/mold ok-aarch64.o \
            -Lhostlib -lfoo -o a.out
        capture mold wrong-arch-member aarch64-linux-gnu-gcc -B/usr/libexec/mold ok-aarch64.o \
            hostlib/libbar.a -o a.out
    fi
    if have mips-linux-gnu-gcc; then
        capture mold mips-unsupported mips-linux-gnu-gcc -B/usr/libexec/mold ok-mips.o -o a.out
    fi
fi

# --- ld64.lld (Mach-O) --------------------------------------------------------------------
if have ld64.lld-14; then
    capture ld64.lld wrong-arch ld64.lld-14 -arch arm64 -platform_version macos 11.0 11.0 \
        macho-arm64.o macho-x86_64.o -o a.out
fi

# --- lld-link (COFF) ----------------------------------------------------------------------
if have lld-link-14; then
    capture lld-link machine-conflict lld-link-14 /machine:arm64 /entry:main /nodefaultlib \
        coff-arm64.obj coff-x64.obj /out:a.exe
    capture lld-link unresolved-external lld-link-14 /machine:arm64 /entry:main /nodefaultlib \
        coff-main-arm64.obj /out:a.exe
fi
