#!/usr/bin/env bash
# scan of one archive with very many foreign members (issue 19 item 4): linear whatever the
# target.
#
# Makes `libwide.a`: MEMBERS (default 262144) distinct members, each a real x86-64 object
# compiled here by gcc (`int f<i>(void)`), with a symbol index made by ranlib, and puts it in
# a cargo layout for each target (`target/<triple>/debug/deps/libwide.a`, the same file hard
# linked). Then times `xlinkdiag scan` of it, with /usr/bin/time (wall, user CPU, peak RSS),
# for:
# - aarch64-unknown-linux-gnu: machine checks only;
# - mips-unknown-linux-musl: machine checks, then the symbol checks of a musl target with
#   32-bit atomics (the shape that was quadratic: every member foreign);
# - x86_64-unknown-linux-musl: no member is foreign, so every member's symbols and
#   relocations are read (the symbol checks at their busiest).
# Knobs: BENCH_DIR (default /tmp/xlinkdiag-members-bench), MEMBERS,
# XLINKDIAG=/path/to/xlinkdiag-engine to skip the release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${BENCH_DIR:-/tmp/xlinkdiag-members-bench}
members=${MEMBERS:-262144}
mkdir -p "$dir"
if [ -z "${XLINKDIAG:-}" ]; then
  cargo build --release --bin xlinkdiag-engine >&2
  XLINKDIAG=$(ls target/*/release/xlinkdiag-engine | head -n 1)
fi
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >&2

archive="$dir/libwide-$members.a"
if [ ! -f "$archive" ]; then
  # One real object, compiled once; each member is that object with its one symbol renamed
  # (same length), so every member is a distinct, valid x86-64 object.
  printf 'int f0000000(void) { return 0; }\n' > "$dir/m.c"
  gcc -c -O2 -fPIC -o "$dir/m.o" "$dir/m.c"
  python3 - "$dir/m.o" "$archive.tmp" "$members" <<'PY'
import sys
obj, out, n = open(sys.argv[1], "rb").read(), sys.argv[2], int(sys.argv[3])
assert obj.count(b"f0000000") == 1
with open(out, "wb") as f:
    f.write(b"!<arch>\n")
    for i in range(n):
        body = obj.replace(b"f0000000", b"f%07d" % i)
        name = (b"m%d.o/" % i).ljust(16)
        f.write(name + b"0".ljust(12) + b"0".ljust(6) + b"0".ljust(6) + b"644".ljust(8)
                + str(len(body)).encode().ljust(10) + b"`\n" + body)
        if len(body) % 2:
            f.write(b"\n")
PY
  ranlib "$archive.tmp"
  mv "$archive.tmp" "$archive"
fi
printf 'archive: %s members, %s MB\n' "$members" "$(( $(stat -c %s "$archive") / 1024 / 1024 ))"

for triple in aarch64-unknown-linux-gnu mips-unknown-linux-musl x86_64-unknown-linux-musl; do
  deps="$dir/target-$members/$triple/debug/deps"
  mkdir -p "$deps"
  ln -f "$archive" "$deps/libwide.a"
  printf '%s:\n' "$triple"
  /usr/bin/time -f "  %e s (%U s user), peak RSS %M KB" \
    "$XLINKDIAG" scan "$deps/libwide.a" --format json >"$dir/$triple.json" 2>"$dir/$triple.err" || true
  tail -n 1 "$dir/$triple.err"
  python3 - "$dir/$triple.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
kinds = {}
for f in d["findings"]:
    kinds[f["kind"]] = kinds.get(f["kind"], 0) + len(f.get("members") or [f.get("member")])
print("  findings:", len(d["findings"]), "members at fault by kind:", kinds, "inspected:", d["inspected"])
PY
done
