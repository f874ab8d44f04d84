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
#   rlibs, the shape that was quadratic;
# - repeats.log (issue 19): one real failed link (leaked-cc-verbose.log) whose command line
#   names its four rlibs and four sysroot rlibs, interleaved, over and over up to
#   REPEATS_KB (default 772, the audit's log);
# - culprits.log (issue 19): CULPRITS_MB (default 50) of distinct failed links (about
#   110,000), each with one culprit crate of its own in bfd's words, rendered in every
#   --format (the renderers were quadratic in culprits, and memory grew with the log).
# Knobs: BENCH_DIR (default /tmp/xlinkdiag-annotate-bench), SIZE_MB, WALL, REPEATS_KB,
# CULPRITS_MB, SHAPES (default "realistic dense wall repeats culprits"),
# XLINKDIAG=/path/to/xlinkdiag-engine to skip the release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${BENCH_DIR:-/tmp/xlinkdiag-annotate-bench}
mkdir -p "$dir"
size_mb=${SIZE_MB:-200}
wall=${WALL:-20000}
repeats_kb=${REPEATS_KB:-772}
culprits_mb=${CULPRITS_MB:-50}
shapes=${SHAPES:-realistic dense wall repeats culprits}
if [ -z "${XLINKDIAG:-}" ]; then
  cargo build --release --bin xlinkdiag-engine >&2
  XLINKDIAG=$(ls target/*/release/xlinkdiag-engine | head -n 1)
fi
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >&2

python3 - "$dir" "$size_mb" "$wall" testdata/logs "$repeats_kb" "$culprits_mb" "$shapes" <<'PY'
import os, re, sys, glob
out, size_mb, wall, logs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
repeats_kb, culprits_mb, shapes = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7].split()
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
    if name not in shapes:
        continue
    with open(os.path.join(out, name + ".log"), "w") as f:
        n, copy = 0, 0
        while n < target:
            for text in real:
                chunk = between + text.replace("miniz_sys", f"miniz_sys{copy % 50}") + "\n"
                f.write(chunk)
                n += len(chunk)
                copy += 1
if "repeats" in shapes:
    # The link line's `{a,b,c,d}.rlib` group spelled out, each rlib followed by a std rlib
    # of the sysroot as `--verbose` prints them, said over and over up to REPEATS_KB: inputs
    # under two roots, one after the other, made finding the log's target dir quadratic.
    text = open(os.path.join(logs, "leaked-cc-verbose.log"), encoding="utf-8").read()
    m = re.search(r'"([^"]*/deps/)\{([^}"]*)\}\.rlib"', text)
    std = "/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/mips-unknown-linux-musl/lib"
    sysroot = ["std-b8d2e0a8f8e7c6d5", "core-1f2e3d4c5b6a7980", "alloc-0a1b2c3d4e5f6071",
               "compiler_builtins-9e8d7c6b5a493827"]
    words = " ".join(f'"{m.group(1)}{c}.rlib" "{std}/lib{s}.rlib"'
                     for c, s in zip(m.group(2).split(","), sysroot))
    times = max(1, (repeats_kb * 1024 - len(text)) // (len(words) + 1))
    with open(os.path.join(out, "repeats.log"), "w") as f:
        f.write(text[:m.start()] + " ".join([words] * times) + text[m.end():])
if "culprits" in shapes:
    # Distinct failed links, one culprit crate each, in bfd's words (as in the wall).
    with open(os.path.join(out, "culprits.log"), "w") as f:
        n, i = 0, 0
        while n < culprits_mb * 1024 * 1024:
            chunk = (
                "error: linking with `mips-linux-gnu-gcc` failed: exit status: 1\n  |\n"
                f'  = note: "mips-linux-gnu-gcc" "-o" "/w/target/mips-unknown-linux-musl/debug/deps/app{i}"\n'
                f"  = note: /usr/bin/mips-linux-gnu-ld: /w/target/mips-unknown-linux-musl/debug/deps/libc{i}_sys-{i:016x}.rlib(m{i}.o): error adding symbols: file in wrong format\n"
                "          collect2: error: ld returned 1 exit status\n\n"
                f"error: could not compile `app{i}` (bin \"app{i}\") due to 1 previous error\n")
            f.write(chunk)
            n += len(chunk)
            i += 1
if "wall" in shapes:
  with open(os.path.join(out, "wall.log"), "w") as f:
    f.write("error: linking with `mips-linux-gnu-gcc` failed: exit status: 1\n  |\n")
    f.write('  = note: "mips-linux-gnu-gcc" "-o" "/w/target/mips-unknown-linux-musl/debug/deps/app"\n')
    f.write("  = note: /usr/bin/mips-linux-gnu-ld: ")
    for i in range(wall):
        f.write(f"/w/target/mips-unknown-linux-musl/debug/deps/libc{i}_sys-{i:016x}.rlib(m{i}.o): error adding symbols: file in wrong format\n          ")
    f.write("collect2: error: ld returned 1 exit status\n\nerror: could not compile `app`\n")
PY

for log in $shapes; do
  f="$dir/$log.log"
  printf '%s: %s KB\n' "$log" "$(( $(stat -c %s "$f") / 1024 ))"
  formats=json
  [ "$log" = culprits ] && formats="json human github sarif gitlab markdown"
  for format in $formats; do
    /usr/bin/time -f "  $format: %e s (%U s user, %S s sys), peak RSS %M KB" \
      "$XLINKDIAG" annotate "$f" --format "$format" >"$dir/$log.$format" 2>"$dir/$log.err" || true
    tail -n 1 "$dir/$log.err"
  done
done
