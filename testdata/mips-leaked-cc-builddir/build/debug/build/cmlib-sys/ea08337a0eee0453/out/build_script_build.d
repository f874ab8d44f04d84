/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/debug/build/cmlib-sys/ea08337a0eee0453/out/build_script_build.d: cmlib-sys/build.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/debug/build/cmlib-sys/ea08337a0eee0453/out/build_script_build: cmlib-sys/build.rs

cmlib-sys/build.rs:
