#!/usr/bin/env bash
# Benchmark: `xlinkdiag scan` over a large real cross-build target dir, against
# `readelf -h` dumping the headers of the same files.
#
# 1. Builds benches/scan/project (~135 crates, 7 C -sys crates built by cc-rs) for
#    aarch64-unknown-linux-gnu with Debian's rustc/cargo and CC=gcc leaked, so the
#    -sys crates' C is x86-64 and the link fails (expected). Skipped when
#    $BENCH_DIR/target/aarch64-unknown-linux-gnu already exists.
# 2. Builds xlinkdiag in release.
# 3. Checks that the scan names every -sys crate, then times it with hyperfine
#    (warm page cache, then cold: the files' pages evicted with posix_fadvise
#    before each run), and measures peak RSS with /usr/bin/time -v.
#
# Environment: BENCH_DIR (default /tmp/xlinkdiag-bench), RUNS (default 10),
# WARMUP (default 2), COLD (default 1; 0 skips the cold-cache pass),
# XLINKDIAG (a prebuilt binary; default: cargo build --release of this repo).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/xlinkdiag-bench}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
COLD=${COLD:-1}
TRIPLE=aarch64-unknown-linux-gnu
TDIR=$BENCH_DIR/target
SIDE=$TDIR/$TRIPLE
EXPECTED_SYS=(libz-sys zstd-sys bzip2-sys lzma-sys libsqlite3-sys lz4-sys libmimalloc-sys)

say() { printf '==> %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
command -v readelf >/dev/null || need_apt+=(binutils)
command -v aarch64-linux-gnu-gcc >/dev/null || need_apt+=(gcc-aarch64-linux-gnu)
command -v python3 >/dev/null || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
    say "installing ${need_apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
for f in /usr/bin/rustc /usr/bin/cargo; do
    [ -x "$f" ] || { echo "missing $f: apt-get install rustc-web cargo-web libstd-rust-web-dev:arm64" >&2; exit 2; }
done

# --- 1. the failing cross build ----------------------------------------------------
mkdir -p "$BENCH_DIR"
if [ -d "$SIDE" ]; then
    say "reusing $SIDE (rm -rf $TDIR to rebuild)"
else
    say "building benches/scan/project for $TRIPLE with CC=gcc leaked (expected to fail at link)"
    start=$(date +%s)
    set +e
    (cd "$HERE/project" &&
        env -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET_DIR \
            CC=gcc RUSTC=/usr/bin/rustc CARGO_TARGET_DIR="$TDIR" \
            CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
            /usr/bin/cargo build --locked --target "$TRIPLE" --color never) \
        >"$BENCH_DIR/build.log" 2>&1
    rc=$?
    set -e
    echo $(( $(date +%s) - start )) >"$BENCH_DIR/build-seconds"
    if [ $rc -eq 0 ]; then
        echo "the cross build linked: CC=gcc did not leak?" >&2; exit 2
    elif ! grep -q 'error: linking with' "$BENCH_DIR/build.log"; then
        echo "the cross build failed before the link; see $BENCH_DIR/build.log" >&2; exit 2
    fi
    say "build failed at link as expected after $(cat "$BENCH_DIR/build-seconds") s"
fi

# --- 2. xlinkdiag ------------------------------------------------------------------
if [ -z "${XLINKDIAG:-}" ]; then
    say "cargo build --release (xlinkdiag)"
    # From the root, so that cargo reads the repository's .cargo/config.toml.
    (cd "$REPO" && cargo build --release --quiet)
    tdir=$(cd "$REPO" && cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
    XLINKDIAG=$tdir/$(rustc --print host-tuple)/release/xlinkdiag
fi
[ -x "$XLINKDIAG" ] || { echo "no xlinkdiag binary at $XLINKDIAG" >&2; exit 2; }

# --- 3. the file set ---------------------------------------------------------------
LIST=$BENCH_DIR/files.list0
find "$SIDE" -type f \( -name '*.rlib' -o -name '*.a' -o -name '*.o' \) -print0 | sort -z >"$LIST"
read -r NFILES BYTES LARGEST < <(python3 - "$LIST" <<'EOF'
import os, sys
paths = [p for p in open(sys.argv[1], 'rb').read().split(b'\0') if p]
sizes = {p: os.path.getsize(p) for p in paths}
big = max(sizes, key=sizes.get)
print(len(paths), sum(sizes.values()), big.decode())
EOF
)
NCRATES=$(find "$SIDE/debug/deps" -name '*.rlib' | wc -l)
NSMALL=$(find "$SIDE" -type f -name '*.o' -size -8k -print -quit)

# --- 4. correctness: the scan names the -sys crates --------------------------------
set +e
"$XLINKDIAG" scan "$TDIR" --format json >"$BENCH_DIR/scan.json" 2>"$BENCH_DIR/scan.stderr"
scan_rc=$?
set -e
[ $scan_rc -eq 1 ] || { echo "scan exited $scan_rc, expected 1 (findings)" >&2; cat "$BENCH_DIR/scan.stderr" >&2; exit 2; }
python3 - "$BENCH_DIR/scan.json" "${EXPECTED_SYS[@]}" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
want = set(sys.argv[2:])
got = {f.get("package") or f.get("crate") for f in r["findings"] if f["severity"] == "error"}
print(f"scan: inspected {r['inspected']}, {len(r['findings'])} findings, {len(r['problems'])} problems", file=sys.stderr)
for f in r["findings"]:
    print(f"  {f['severity']:7} {f['kind']:20} {f.get('package') or f.get('crate')}: "
          f"{len(f.get('members') or [])} members, {len(f.get('also_in') or [])} other copies", file=sys.stderr)
missing = want - got
extra = got - want
if missing:
    sys.exit(f"scan missed: {sorted(missing)}")
if extra:
    print(f"note: also flagged {sorted(extra)}", file=sys.stderr)
EOF

# --- 5. timing -----------------------------------------------------------------------
# -i: the scan exits 1 (findings) and readelf complains about lib.rmeta members.
SCAN_CMD="$XLINKDIAG scan $TDIR --format json > /dev/null"
READELF_CMD="find $SIDE -type f \\( -name '*.rlib' -o -name '*.a' -o -name '*.o' \\) -print0 | xargs -0 readelf -h > /dev/null 2>&1"
HF=(hyperfine -i --warmup "$WARMUP" --runs "$RUNS" --style basic)
say "hyperfine, warm page cache"
"${HF[@]}" --export-json "$BENCH_DIR/warm.json" -n scan "$SCAN_CMD" -n 'readelf -h' "$READELF_CMD" >&2
if [ "$COLD" = 1 ]; then
    # Evicts only these files' pages (no global drop_caches): every header read hits the disk.
    EVICT="python3 -c 'import os,sys; [os.posix_fadvise(fd,0,0,os.POSIX_FADV_DONTNEED) or os.close(fd) for fd in (os.open(p,os.O_RDONLY) for p in open(sys.argv[1],\"rb\").read().split(b\"\\0\") if p)]' $LIST"
    say "hyperfine, cold: files evicted from the page cache before each run"
    "${HF[@]}" --prepare "$EVICT" --export-json "$BENCH_DIR/cold.json" \
        -n scan "$SCAN_CMD" -n 'readelf -h' "$READELF_CMD" >&2
fi

# --- 6. peak RSS -----------------------------------------------------------------------
rss() { # KiB of "Maximum resident set size" of a shell command
    # The scan exits 1 (findings): only time's report matters here.
    { /usr/bin/time -v sh -c "$1" 2>&1 >/dev/null || true; } |
        awk -F': ' '/Maximum resident set size/ {print $2}'
}
RSS_ALL=$(rss "$SCAN_CMD")
RSS_BIG=$(rss "$XLINKDIAG scan '$LARGEST' --target $TRIPLE --format json > /dev/null")
RSS_SMALL=$(rss "$XLINKDIAG scan '$NSMALL' --target $TRIPLE --format json > /dev/null")
RSS_READELF=$(rss "$READELF_CMD")

# --- 7. summary -------------------------------------------------------------------------
python3 - "$BENCH_DIR" "$NFILES" "$BYTES" "$NCRATES" "$LARGEST" "$RSS_ALL" "$RSS_BIG" "$RSS_SMALL" "$RSS_READELF" "$COLD" <<'EOF'
import json, os, sys
d, nfiles, nbytes, ncrates, largest, rss_all, rss_big, rss_small, rss_re, cold = sys.argv[1:]
scan = json.load(open(os.path.join(d, "scan.json")))
bs = os.path.join(d, "build-seconds")
print()
print(f"target dir     : {d}/target ({ncrates} rlibs in deps/; build "
      f"{open(bs).read().strip() + ' s' if os.path.exists(bs) else 'time unknown'})")
print(f"file set       : {nfiles} *.rlib/*.a/*.o under aarch64-unknown-linux-gnu/, "
      f"{int(nbytes)/1e6:.1f} MB; scan inspected {scan['inspected']}")
print(f"findings       : {len(scan['findings'])}: " +
      ", ".join(sorted(f.get('package') or f.get('crate') for f in scan['findings'])))
print()
print(f"{'pass':6} {'command':12} {'mean ms':>9} {'± ms':>7} {'min ms':>8} {'user ms':>8} {'sys ms':>8}")
passes = [("warm", "warm.json")] + ([("cold", "cold.json")] if cold == "1" else [])
means = {}
for name, fn in passes:
    for r in json.load(open(os.path.join(d, fn)))["results"]:
        means[(name, r["command"])] = r["mean"]
        print(f"{name:6} {r['command']:12} {r['mean']*1e3:9.1f} {r['stddev']*1e3:7.1f} "
              f"{r['min']*1e3:8.1f} {r['user']*1e3:8.1f} {r['system']*1e3:8.1f}")
for name, _ in passes:
    s, r = means[(name, "scan")], means[(name, "readelf -h")]
    print(f"{name:6} scan / readelf -h = {s/r:.2f}x")
print()
print(f"peak RSS (KiB) : scan whole dir {rss_all}; scan largest file "
      f"({os.path.getsize(largest)/1e6:.1f} MB) {rss_big}; scan one small .o {rss_small}; "
      f"readelf -h over the set {rss_re}")
EOF
