/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/mips-unknown-linux-musl/debug/build/minicore/f404a52588ab134e/out/minicore-f404a52588ab134e.d: minicore/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/mips-unknown-linux-musl/debug/build/minicore/f404a52588ab134e/out/libminicore-f404a52588ab134e.rlib: minicore/src/lib.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/mips-unknown-linux-musl/debug/build/minicore/f404a52588ab134e/out/libminicore-f404a52588ab134e.rmeta: minicore/src/lib.rs

minicore/src/lib.rs:
