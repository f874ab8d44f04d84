#!/bin/sh
# Overhead of the linker shim on a successful link (issue 3: under 1 ms median).
#
# Times the same link run directly and through the shim, and prints the two medians and their
# difference, for two linkers:
#   - the fake linker (`xlinkdiag-fake-linker`, exits at once), so the shim's own cost is not
#     hidden in the noise of a real link;
#   - a real one: `mips-linux-gnu-gcc` (else `cc`) linking a small object.
# Uses hyperfine when installed (apt-get install hyperfine), else a plain loop.
#
# Most of the overhead is the start of one more process. A dynamically linked Rust binary
# starts in about 0.75 ms on the 2-core machines here, a statically linked one (`--static`:
# `-C target-feature=+crt-static`, glibc) in about 0.55 ms, the same as /bin/true.
#
# Usage: benches/shim_overhead.sh [--static] [RUNS]   (default 300 runs;
#        XLINKDIAG_BENCH_TARGET_DIR to reuse a build)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
static=
if [ "${1:-}" = "--static" ]; then
    static=1
    shift
fi
runs=${1:-300}
target=${XLINKDIAG_BENCH_TARGET_DIR:-$root/target}
work=$(mktemp -d /tmp/xlinkdiag-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "building release binaries..." >&2
if [ -n "$static" ]; then
    # An explicit --target keeps RUSTFLAGS away from proc-macros, which cannot be static.
    host=$(rustc -vV | sed -n 's/^host: //p')
    RUSTFLAGS="-C target-feature=+crt-static" CARGO_TARGET_DIR=$target cargo build --release \
        --quiet --manifest-path "$root/Cargo.toml" --target "$host" \
        --bin xlinkdiag --bin xlinkdiag-fake-linker
    bin=$target/$host/release
else
    CARGO_TARGET_DIR=$target cargo build --release --quiet --manifest-path "$root/Cargo.toml" \
        --bin xlinkdiag --bin xlinkdiag-fake-linker
    bin=$target/release
fi
shim=$bin/xlinkdiag
fake=$bin/xlinkdiag-fake-linker

# The shim under the fake linker's name, in its own PATH dir (the argv[0] setup of G10).
mkdir -p "$work/shim" "$work/real"
ln -s "$fake" "$work/real/fake-ld"
ln -s "$shim" "$work/shim/fake-ld"

if command -v mips-linux-gnu-gcc >/dev/null 2>&1; then cc=mips-linux-gnu-gcc; else cc=cc; fi
printf 'int main(void) { return 0; }\n' > "$work/ok.c"
"$cc" -c "$work/ok.c" -o "$work/ok.o"
ln -s "$(command -v "$cc")" "$work/real/$cc"
ln -s "$shim" "$work/shim/$cc"

# median_ms NAME CMD...: median wall time of CMD in milliseconds.
median_ms() {
    name=$1
    shift
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/$name.json" "$*" \
            >/dev/null 2>&1
        python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' \
            "$work/$name.json"
    else
        i=0
        : > "$work/$name.times"
        while [ $i -lt "$runs" ]; do
            start=$(date +%s%N)
            "$@" >/dev/null 2>&1
            end=$(date +%s%N)
            echo $(((end - start))) >> "$work/$name.times"
            i=$((i + 1))
        done
        sort -n "$work/$name.times" | awk '{a[NR]=$1} END {printf "%.3f\n", a[int((NR+1)/2)] / 1e6}'
    fi
}

report() {
    label=$1 direct=$2 shimmed=$3
    awk -v l="$label" -v d="$direct" -v s="$shimmed" \
        'BEGIN { printf "%-34s direct %8.3f ms   shim %8.3f ms   overhead %+7.3f ms\n", l, d, s, s - d }'
}

cd "$work"
direct=$(median_ms fake-direct "$work/real/fake-ld" ok.o -o a.out)
via=$(PATH="$work/shim:$work/real:$PATH" median_ms fake-shim "$work/shim/fake-ld" ok.o -o a.out)
report "fake linker (argv[0] shim)" "$direct" "$via"

via_env=$(XLINKDIAG_LINKER="$work/real/fake-ld" median_ms fake-env "$shim" -m64 ok.o -o a.out)
direct_m64=$(median_ms fake-direct-m64 "$work/real/fake-ld" -m64 ok.o -o a.out)
report "fake linker (XLINKDIAG_LINKER)" "$direct_m64" "$via_env"

direct=$(median_ms cc-direct "$work/real/$cc" ok.o -o a.out)
via=$(PATH="$work/shim:$work/real:$PATH" median_ms cc-shim "$work/shim/$cc" ok.o -o a.out)
report "$cc (argv[0] shim)" "$direct" "$via"
