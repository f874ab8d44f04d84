#!/usr/bin/env bash
# annotate on huge logs: time and peak memory (issue 10 item 8, issue 11 item 8).
#
# Makes two logs from the real failing-build logs in testdata/logs (so their lines are real
# cargo, rustc and linker text), then runs the release engine on each with /usr/bin/time:
# - realistic.log (SIZE_MB, default 200): the real logs repeated, each copy with its crates
#   renamed, between long stretches of `Compiling`, test output and warnings (2,000 lines of
#   them per failure, about 2% failure text), as a CI log of a big matrix build looks;
# - dense.log: the same with 200 lines between failures (about 20% failure text): a log that
#   is mostly failures, the worst case for the per-failure work;
# - wall.log: one link failure whose stderr names WALL (default 20000) distinct culprit
#   rlibs, the shape that was quadratic.
# Knobs: BENCH_DIR (default /tmp/xlinkdiag-annotate-bench), SIZE_MB, WALL,
# XLINKDIAG=/path/to/xlinkdiag-engine to skip the release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${BENCH_DIR:-/tmp/xlinkdiag-annotate-bench}
mkdir -p "$dir"
size_mb=${SIZE_MB:-200}
wall=${WALL:-20000}
if [ -z "${XLINKDIAG:-}" ]; then
  cargo build --release --bin xlinkdiag-engine >&2
  XLINKDIAG=$(ls target/*/release/xlinkdiag-engine | head -n 1)
fi
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >&2

python3 - "$dir" "$size_mb" "$wall" testdata/logs <<'PY'
import os, sys, glob
out, size_mb, wall, logs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
real = [open(p, encoding="utf-8", errors="replace").read()
        for p in sorted(glob.glob(os.path.join(logs, "*.log")))]
def noise(lines):
    return "".join(
        f"   Compiling dep{i} v0.{i % 9}.{i % 7} (/build/ws/crates/dep{i})\n"
        f"test tests::case_{i} ... ok\n"
        f"warning: unused variable: `x{i}`\n  --> src/lib.rs:{i % 300}:9\n   |\n"
        for i in range(lines // 5))
target = size_mb * 1024 * 1024
for name, between in (("realistic", noise(2000)), ("dense", noise(200))):
    with open(os.path.join(out, name + ".log"), "w") as f:
        n, copy = 0, 0
        while n < target:
            for text in real:
                chunk = between + text.replace("miniz_sys", f"miniz_sys{copy % 50}") + "\n"
                f.write(chunk)
                n += len(chunk)
                copy += 1
with open(os.path.join(out, "wall.log"), "w") as f:
    f.write("error: linking with `mips-linux-gnu-gcc` failed: exit status: 1\n  |\n")
    f.write('  = note: "mips-linux-gnu-gcc" "-o" "/w/target/mips-unknown-linux-musl/debug/deps/app"\n')
    f.write("  = note: /usr/bin/mips-linux-gnu-ld: ")
    for i in range(wall):
        f.write(f"/w/target/mips-unknown-linux-musl/debug/deps/libc{i}_sys-{i:016x}.rlib(m{i}.o): error adding symbols: file in wrong format\n          ")
    f.write("collect2: error: ld returned 1 exit status\n\nerror: could not compile `app`\n")
PY

for log in realistic dense wall; do
  f="$dir/$log.log"
  printf '%s: %s MB\n' "$log" "$(( $(stat -c %s "$f") / 1024 / 1024 ))"
  /usr/bin/time -f "  %e s (%U s user), peak RSS %M KB" "$XLINKDIAG" annotate "$f" --format json >/dev/null 2>"$dir/$log.err" || true
  tail -n 1 "$dir/$log.err"
done
