#!/usr/bin/env python3
"""Generate src/target/table.rs from rustc's own target specs.

Usage: scripts/gen-targets.py [--toolchain nightly] [--jobs 2] [-o src/target/table.rs]

For every triple in `rustc +nightly --print target-list` this runs
`rustc +nightly -Z unstable-options --print target-spec-json --target T`
(in a small thread pool) and writes one `TargetSpec` row per target, sorted by
triple because `target::lookup` binary-searches the table.

rustc omits spec fields that equal their default from the JSON, so absent
fields are filled with rustc's defaults:

  * arch            "arch"
  * pointer_width   int("target-pointer-width")
  * endian          "target-endian", default little
  * format          "binary-format" when present ("elf", "mach-o", "coff", "wasm",
                    "xcoff"); otherwise derived, first match wins:
                      is-like-osx / is-like-darwin / vendor "apple"          -> MachO
                      is-like-windows / is-like-msvc / os "uefi"             -> Coff
                      is-like-wasm / arch wasm32 / wasm64                    -> Wasm
                      is-like-aix                                            -> Xcoff
                      anything else (incl. nvptx64, amdgpu, bpf, avr, ...)   -> Elf
                    An unknown "binary-format" value is mapped to Elf with a warning.
  * os              "os", default "none" (rustc's default: bare-metal targets have
                    target_os = "none" and the JSON leaves the key out)
  * env, abi, cpu, features, llvm_abiname ("llvm-abiname"),
    linker_flavor ("linker-flavor")
                    strings verbatim, "" when absent
  * max_atomic_width int("max-atomic-width"), default the pointer width (rustc's
                    default when the spec leaves it unset)
  * float_abi       first rule that matches wins:
                      1. "llvm-floatabi" is "soft" / "hard"              -> Soft / Hard
                      2. features contain "+soft-float", or abi is
                         "softfloat"                                     -> Soft
                      3. abi is "eabihf", "llvm-target" ends in "hf", or
                         features contain "+hard-float-abi" (csky)       -> Hard
                      4. arch arm and abi "eabi"                          -> Soft
                      5. riscv32/riscv64/loongarch32/loongarch64 by "llvm-abiname":
                         ilp32f, ilp32d, lp64f, lp64d                    -> Hard
                         ilp32, ilp32e, ilp32s, lp64, lp64e, lp64s       -> Soft
                      6. otherwise                                        -> Unspecified
                    (e.g. MIPS o32 without +soft-float, x86, aarch64 hard-float
                    targets are Unspecified: the platform default applies.)

A target whose spec cannot be printed is skipped with a warning on stderr.
Uses the Python standard library only.
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

BINARY_FORMATS = {
    "elf": "Elf",
    "mach-o": "MachO",
    "macho": "MachO",
    "coff": "Coff",
    "wasm": "Wasm",
    "xcoff": "Xcoff",
}

RISCV_LIKE_ABINAMES = {
    "ilp32f": "Hard",
    "ilp32d": "Hard",
    "lp64f": "Hard",
    "lp64d": "Hard",
    "ilp32": "Soft",
    "ilp32e": "Soft",
    "ilp32s": "Soft",
    "lp64": "Soft",
    "lp64e": "Soft",
    "lp64s": "Soft",
}


def warn(msg):
    print(f"gen-targets: warning: {msg}", file=sys.stderr)


def run(args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def rust_str(s):
    """A Rust string literal for `s`."""
    out = ['"']
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append("\\u{%x}" % ord(ch))
    out.append('"')
    return "".join(out)


def binary_format(triple, spec):
    fmt = spec.get("binary-format")
    if fmt is not None:
        if fmt in BINARY_FORMATS:
            return BINARY_FORMATS[fmt]
        warn(f"{triple}: unknown binary-format {fmt!r}, using Elf")
        return "Elf"
    arch = spec.get("arch", "")
    if spec.get("is-like-osx") or spec.get("is-like-darwin") or spec.get("vendor") == "apple":
        return "MachO"
    if spec.get("is-like-windows") or spec.get("is-like-msvc") or spec.get("os") == "uefi":
        return "Coff"
    if spec.get("is-like-wasm") or arch in ("wasm32", "wasm64"):
        return "Wasm"
    if spec.get("is-like-aix"):
        return "Xcoff"
    return "Elf"


def float_abi(spec):
    # Keep in sync with the module docstring.
    floatabi = spec.get("llvm-floatabi")
    if floatabi == "soft":
        return "Soft"
    if floatabi == "hard":
        return "Hard"
    features = [f.strip() for f in spec.get("features", "").split(",")]
    abi = spec.get("abi", "")
    if "+soft-float" in features or abi == "softfloat":
        return "Soft"
    if (
        abi == "eabihf"
        or spec.get("llvm-target", "").endswith("hf")
        or "+hard-float-abi" in features
    ):
        return "Hard"
    arch = spec.get("arch", "")
    if arch == "arm" and abi == "eabi":
        return "Soft"
    if arch in ("riscv32", "riscv64", "loongarch32", "loongarch64"):
        abiname = spec.get("llvm-abiname", "")
        if abiname in RISCV_LIKE_ABINAMES:
            return RISCV_LIKE_ABINAMES[abiname]
    return "Unspecified"


def as_int(triple, spec, key, default):
    value = spec.get(key)
    if value is None:
        return default
    try:
        return int(value)  # older rustc printed some of these as strings
    except (TypeError, ValueError):
        warn(f"{triple}: {key} = {value!r} is not an integer, using {default}")
        return default


def row(triple, spec):
    pointer_width = as_int(triple, spec, "target-pointer-width", None)
    if pointer_width is None:
        raise ValueError("no target-pointer-width")
    endian = spec.get("target-endian", "little")
    if endian not in ("little", "big"):
        raise ValueError(f"unknown target-endian {endian!r}")
    fields = [
        ("triple", rust_str(triple)),
        ("arch", rust_str(spec["arch"])),
        ("pointer_width", str(pointer_width)),
        ("endian", "Endian::" + endian.capitalize()),
        ("format", "BinaryFormat::" + binary_format(triple, spec)),
        ("os", rust_str(spec.get("os", "none"))),
        ("env", rust_str(spec.get("env", ""))),
        ("abi", rust_str(spec.get("abi", ""))),
        ("cpu", rust_str(spec.get("cpu", ""))),
        ("features", rust_str(spec.get("features", ""))),
        ("llvm_abiname", rust_str(spec.get("llvm-abiname", ""))),
        ("float_abi", "FloatAbi::" + float_abi(spec)),
        ("max_atomic_width", str(as_int(triple, spec, "max-atomic-width", pointer_width))),
        ("linker_flavor", rust_str(spec.get("linker-flavor", ""))),
    ]
    return "    TargetSpec { " + ", ".join(f"{k}: {v}" for k, v in fields) + " },"


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--toolchain", default="nightly")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-o", "--output", default=os.path.join(root, "src", "target", "table.rs"))
    args = ap.parse_args()

    rustc = ["rustc", "+" + args.toolchain]
    version = run(rustc + ["--version"]).strip()
    triples = sorted(set(run(rustc + ["--print", "target-list"]).split()))

    def spec_of(triple):
        cmd = rustc + ["-Z", "unstable-options", "--print", "target-spec-json", "--target", triple]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            return triple, None, proc.stderr.strip()
        try:
            return triple, json.loads(proc.stdout), None
        except json.JSONDecodeError as e:
            return triple, None, f"bad JSON: {e}"

    rows = []
    skipped = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for triple, spec, err in pool.map(spec_of, triples):
            if spec is None:
                warn(f"skipping {triple}: {err}")
                skipped.append(triple)
                continue
            try:
                rows.append((triple, row(triple, spec)))
            except (KeyError, ValueError) as e:
                warn(f"skipping {triple}: {e}")
                skipped.append(triple)

    rows.sort(key=lambda r: r[0].encode())  # byte order, as str::cmp
    out = [
        f"// @generated by scripts/gen-targets.py from {version}.",
        "// Do not edit by hand; rerun the script instead.",
        "use super::{BinaryFormat, Endian, FloatAbi, TargetSpec};",
        "",
        "#[rustfmt::skip]",
        "pub static TARGETS: &[TargetSpec] = &[",
    ]
    out += [r for _, r in rows]
    out += ["];", ""]
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print(
        f"gen-targets: wrote {len(rows)} targets to {os.path.relpath(args.output)}"
        + (f" ({len(skipped)} skipped: {', '.join(skipped)})" if skipped else ""),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
