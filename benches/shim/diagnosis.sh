#!/usr/bin/env bash
# What the shim's diagnosis adds to a FAILED link of a large real program (issue 3: under
# 50 ms). Uses the 135-crate aarch64 project of benches/scan (seven C -sys crates whose C
# leaked to the host compiler), so the link fails for real.
#
# A recording linker runs in place of the real one: while rustc's temporary inputs still
# exist, it times with hyperfine the same failing link run (a) by the real linker directly
# and (b) through the shim (`xlinkdiag` with `XLINKDIAG_LINKER=<real>`), which runs the real
# linker and then has `xlinkdiag-engine` diagnose the failure. The difference of the
# medians is the diagnosis.
#
# Usage: benches/shim/diagnosis.sh   (BENCH_DIR as in benches/scan/run.sh; RUNS, default 20)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bench=${BENCH_DIR:-/tmp/xlinkdiag-bench}
runs=${RUNS:-20}
command -v hyperfine >/dev/null || apt-get install -y -q hyperfine >/dev/null
if [ ! -d "$bench/target/aarch64-unknown-linux-gnu" ]; then
  echo "no bench build in $bench: running benches/scan/run.sh first" >&2
  COLD=0 RUNS=2 WARMUP=0 bash "$root/benches/scan/run.sh"
fi
# From the root, so that cargo reads the repository's .cargo/config.toml; the front finds
# the engine next to it.
(cd "$root" && cargo build --release --quiet --bin xlinkdiag --bin xlinkdiag-engine)
xlinkdiag=${CARGO_TARGET_DIR:-$root/target}/$(rustc --print host-tuple)/release/xlinkdiag

work=$(mktemp -d /tmp/xlinkdiag-diag.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/record-linker" <<SH
#!/usr/bin/env bash
printf '%s\0' "\$@" > "$work/args"
export XLINKDIAG_REPORT="$work/report.json"
hyperfine -N -i --warmup 2 --runs $runs --export-json "$work/times.json" \\
  -n direct "xargs -0 -a $work/args aarch64-linux-gnu-gcc" \\
  -n shim "env XLINKDIAG_LINKER=aarch64-linux-gnu-gcc xargs -0 -a $work/args $xlinkdiag" \\
  > "$work/hyperfine.txt" 2>&1
exec aarch64-linux-gnu-gcc "\$@"
SH
chmod +x "$work/record-linker"
# Force the final link to run again (it failed last time, so it is never fresh).
(cd "$root/benches/scan/project" && RUSTC=/usr/bin/rustc CC=gcc \
  CARGO_TARGET_DIR="$bench/target" \
  CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER="$work/record-linker" \
  /usr/bin/cargo build --target aarch64-unknown-linux-gnu --locked -q >/dev/null 2>&1) || true
cat "$work/hyperfine.txt"
python3 - "$work/times.json" "$work/report.json" "$work/args" <<'PY'
import json, sys
t = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
d, s = t["direct"]["median"] * 1e3, t["shim"]["median"] * 1e3
rep = json.load(open(sys.argv[2]))
inputs = sum(1 for a in open(sys.argv[3], "rb").read().split(b"\0") if a.endswith(b".rlib"))
print(f"failed link, {inputs} rlibs on the line: direct {d:.1f} ms, through the shim {s:.1f} ms, "
      f"diagnosis adds {s - d:.1f} ms (median of {t['shim']['times'].__len__()} runs)")
print("culprits:", sorted(f["crate"] for f in rep["findings"] if f.get("crate")))
PY
