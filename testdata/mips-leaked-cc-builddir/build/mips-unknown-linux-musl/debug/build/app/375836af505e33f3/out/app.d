/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/mips-unknown-linux-musl/debug/build/app/375836af505e33f3/out/app.d: app/src/main.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/mips-unknown-linux-musl/debug/build/app/375836af505e33f3/out/app: app/src/main.rs

app/src/main.rs:
