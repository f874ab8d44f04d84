/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/debug/build/miniz-sys/ed9a4833fd229813/out/build_script_build.d: miniz-sys/build.rs

/tmp/xlinkdiag-regen.mabGFH/mips-leaked-cc-builddir/build/debug/build/miniz-sys/ed9a4833fd229813/out/build_script_build: miniz-sys/build.rs

miniz-sys/build.rs:
