#!/bin/sh
# Overhead of the linker shim on a successful link (issue 3: under 1 ms median).
#
# Times the same link run directly and through the shim, and prints the two medians and their
# difference, for two linkers:
#   - the fake linker (`xlinkdiag-fake-linker`, exits at once), so the shim's own cost is not
#     hidden in the noise of a real link;
#   - a real one: `mips-linux-gnu-gcc` (else `cc`) linking a small object.
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

# Each comparison runs the two commands alternately, pair after pair, and takes the median of
# each and of the pairwise differences: the machine's load then weighs on both sides alike.
# With XLINKDIAG_BENCH_HYPERFINE=1, hyperfine times each side on its own instead.
cat > "$work/pairs.py" <<'PY'
import json, os, statistics, subprocess, sys, time

runs, label = int(sys.argv[1]), sys.argv[2]
split = sys.argv.index("--")
direct, shim = sys.argv[3:split], sys.argv[split + 1:]
devnull = os.open(os.devnull, os.O_WRONLY)

def once(argv):
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    os.waitpid(pid, 0)
    return (time.perf_counter_ns() - start) / 1e6

for _ in range(20):
    once(direct), once(shim)
d, s = [], []
for _ in range(runs):
    d.append(once(direct))
    s.append(once(shim))
diff = statistics.median(b - a for a, b in zip(d, s))
print("%-34s direct %8.3f ms   shim %8.3f ms   overhead %+7.3f ms (median of %d pairs)"
      % (label, statistics.median(d), statistics.median(s), diff, runs))
PY

hyperfine_pair() {
    label=$1
    shift
    hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/h.json" "$1" "$2" >/dev/null 2>&1
    python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["results"]
d, s = r[0]["median"] * 1000, r[1]["median"] * 1000
print("%-34s direct %8.3f ms   shim %8.3f ms   overhead %+7.3f ms (hyperfine medians)" % (sys.argv[2], d, s, s - d))' \
        "$work/h.json" "$label"
}

# compare LABEL "DIRECT CMD" "SHIM CMD" (words split on spaces; no spaces in paths here).
compare() {
    if [ -n "${XLINKDIAG_BENCH_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
        hyperfine_pair "$1" "$2" "$3"
    else
        # shellcheck disable=SC2086
        python3 "$work/pairs.py" "$runs" "$1" $2 -- $3
    fi
}

cd "$work"
export PATH="$work/shim:$work/real:$PATH"
compare "fake linker (argv[0] shim)" "$work/real/fake-ld ok.o -o a.out" "$work/shim/fake-ld ok.o -o a.out"
XLINKDIAG_LINKER="$work/real/fake-ld" compare "fake linker (XLINKDIAG_LINKER)" \
    "$work/real/fake-ld -m64 ok.o -o a.out" "$shim -m64 ok.o -o a.out"
compare "$cc (argv[0] shim)" "$work/real/$cc ok.o -o a.out" "$work/shim/$cc ok.o -o a.out"
