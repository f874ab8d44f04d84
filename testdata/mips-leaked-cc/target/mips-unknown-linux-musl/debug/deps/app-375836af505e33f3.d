/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/app-375836af505e33f3.d: app/src/main.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc/mips-workspace/target/mips-unknown-linux-musl/debug/deps/app-375836af505e33f3: app/src/main.rs

app/src/main.rs:
