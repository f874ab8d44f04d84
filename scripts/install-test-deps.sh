#!/usr/bin/env bash
# Installs what the end-to-end tests need on Debian 12 or Ubuntu (cross toolchains, linkers,
# the target libraries and Debian's Rust with the arm64 and armhf std), then checks that
# rustup's nightly is there. Run it as yourself: apt-get runs through sudo when you are not
# root. `.ci/run` calls this script too, so CI and a developer's machine install one list.
#
# Without these, `cargo test --all-targets` still passes: each end-to-end test that lacks a
# tool says so and skips, and the run ends with a line naming what was missing.
set -euo pipefail

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "error: not root, and no sudo to run apt-get with: run this as root" >&2
    exit 1
  fi
  sudo=(sudo)
fi
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900)

packages=(
  # Host tools: the host C compiler a leaked CC picks, the C build systems of the -sys
  # crates, and what the registry crates' build scripts run (tests/e2e/crates.rs).
  # (chattr, for tests/e2e/fixcmd.rs's immutable dir, is in Debian's base: e2fsprogs.)
  gcc g++ make cmake pkg-config perl file python3
  # Cross gcc for every target the tests link (MIPS, ARM, aarch64) and their C++ where a
  # cmake project needs one; Windows for the COFF cases.
  gcc-mips-linux-gnu gcc-mipsel-linux-gnu
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu
  gcc-arm-linux-gnueabi gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf
  libc6-dev-armhf-cross gcc-mingw-w64-x86-64
  # Linkers besides GNU ld: lld (ld.lld, lld-link, ld64.lld), mold; musl's gcc wrapper.
  binutils-multiarch lld clang-14 mold musl-tools
  # The host's libraries a build wrongly links, and the target's right ones.
  libssl-dev zlib1g-dev libssl-dev:arm64
  # The host's own -dev packages of system libraries the registry crates of
  # tests/e2e/crates_more.rs look up with pkg-config: the package that owns the host's .pc
  # is what xlinkdiag names, with the target's architecture, when the target's is missing.
  libasound2-dev libudev-dev libdbus-1-dev libfreetype-dev liblzma-dev libexpat1-dev
  # Debian's Rust with a std for aarch64 and armhf (rustup's stable has none here).
  rustc-web cargo-web libstd-rust-web-dev:arm64 libstd-rust-web-dev:armhf
)

foreign=$(dpkg --print-foreign-architectures)
for arch in arm64 armhf; do
  if ! grep -qx "$arch" <<<"$foreign"; then
    "${sudo[@]}" dpkg --add-architecture "$arch"
  fi
done
"${apt[@]}" update -q
"${apt[@]}" install -y -q "${packages[@]}"

# The MIPS workspaces are `#![no_core]` and need nightly rustc; no apt package has it.
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "error: rustup's nightly toolchain is missing (the MIPS builds need it):" >&2
  echo "  rustup toolchain install nightly --profile minimal" >&2
  exit 1
fi
