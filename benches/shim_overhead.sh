#!/bin/sh
# Overhead of the linker shim on a successful link (issue 3: under 1 ms median).
#
# Times the same link run directly and through the shim, and prints the two medians and their
# difference, for two linkers:
#   - the fake linker (`xlinkdiag-fake-linker`, exits at once), so the shim's own cost is not
#     hidden in the noise of a real link;
#   - a real one: `mips-linux-gnu-gcc` (else `cc`) linking a small object.
#
# Most of the overhead is the start of one more process. The repository's build
# (.cargo/config.toml) makes a static, non-PIE binary on Linux/glibc, which starts without
# ld.so, shared libraries or relocations; `--dynamic` measures the dynamic PIE build that
# plain rustc flags give, for comparison.
#
# Usage: benches/shim_overhead.sh [--dynamic] [RUNS]   (default 300 runs;
#        XLINKDIAG_BENCH_TARGET_DIR to reuse a build)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dynamic=
if [ "${1:-}" = "--dynamic" ]; then
    dynamic=1
    shift
fi
runs=${1:-300}
target=${XLINKDIAG_BENCH_TARGET_DIR:-$root/target}
work=$(mktemp -d /tmp/xlinkdiag-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "building release binaries..." >&2
host=$(rustc --print host-tuple)
# From the root: cargo reads .cargo/config.toml from the current directory.
cd "$root"
if [ -n "$dynamic" ]; then
    # An empty RUSTFLAGS overrides the config's static flags; a target dir of its own keeps
    # the static build intact.
    target=$target/bench-dynamic
    RUSTFLAGS= CARGO_TARGET_DIR=$target cargo build --release --quiet \
        --features fake-linker --bin xlinkdiag --bin xlinkdiag-fake-linker
else
    CARGO_TARGET_DIR=$target cargo build --release --quiet \
        --features fake-linker --bin xlinkdiag --bin xlinkdiag-fake-linker
fi
bin=$target/$host/release
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
import json, os, random, statistics, subprocess, sys, time

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
diffs = [b - a for a, b in zip(d, s)]
diff = statistics.median(diffs)
# A 95% bootstrap interval of that median: a real link's own noise is far larger than the
# shim's cost, so the interval says how far the one number can be trusted.
rng = random.Random(1)
boot = sorted(statistics.median(rng.choices(diffs, k=len(diffs))) for _ in range(400))
low, high = boot[int(0.025 * len(boot))], boot[int(0.975 * len(boot)) - 1]
print("%-34s direct %8.3f ms   shim %8.3f ms   overhead %+7.3f ms [%+.3f, %+.3f] (%d pairs)"
      % (label, statistics.median(d), statistics.median(s), diff, low, high, runs))
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

# Say which kind of binary is measured: the numbers mean little without it.
python3 - "$shim" <<'PY'
import struct, sys
with open(sys.argv[1], "rb") as f:
    head = f.read(64)
    e_type, = struct.unpack_from("<H", head, 16)
    phoff, = struct.unpack_from("<Q", head, 32)
    phnum, = struct.unpack_from("<H", head, 56)
    f.seek(phoff)
    interp = any(struct.unpack_from("<I", f.read(56))[0] == 3 for _ in range(phnum))
kind = ("dynamic" if interp else "static") + (", PIE" if e_type == 3 else ", non-PIE")
print("shim binary: %s (%s)" % (sys.argv[1], kind))
PY
cd "$work"
export PATH="$work/shim:$work/real:$PATH"
compare "fake linker (argv[0] shim)" "$work/real/fake-ld ok.o -o a.out" "$work/shim/fake-ld ok.o -o a.out"
XLINKDIAG_LINKER="$work/real/fake-ld" compare "fake linker (XLINKDIAG_LINKER)" \
    "$work/real/fake-ld -m64 ok.o -o a.out" "$shim -m64 ok.o -o a.out"
compare "$cc (argv[0] shim)" "$work/real/$cc ok.o -o a.out" "$work/shim/$cc ok.o -o a.out"

# The floor: the least any spawn-and-wait wrapper costs here, a static C program that runs
# the linker named in XLINKDIAG_LINKER with stderr through a pipe, drains it and waits.
cat > "$work/floor.c" <<'C'
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;
int main(int argc, char **argv) {
    int pipefd[2], status;
    pid_t pid;
    char buf[8192];
    posix_spawn_file_actions_t actions;
    (void)argc;
    if (pipe(pipefd) != 0) return 126;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
    posix_spawn_file_actions_addclose(&actions, pipefd[0]);
    argv[0] = getenv("XLINKDIAG_LINKER");
    if (!argv[0] || posix_spawn(&pid, argv[0], &actions, NULL, argv, environ) != 0) return 127;
    close(pipefd[1]);
    while (read(pipefd[0], buf, sizeof buf) > 0) {}
    if (waitpid(pid, &status, 0) < 0) return 126;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
C
if cc -O2 -static "$work/floor.c" -o "$work/floor" 2>/dev/null; then
    XLINKDIAG_LINKER="$work/real/fake-ld" compare "C floor, fake linker" \
        "$work/real/fake-ld -m64 ok.o -o a.out" "$work/floor -m64 ok.o -o a.out"
    XLINKDIAG_LINKER="$work/real/$cc" compare "C floor, $cc" \
        "$work/real/$cc ok.o -o a.out" "$work/floor ok.o -o a.out"
else
    echo "floor: skipped (no static C toolchain: cc -static failed)" >&2
fi
