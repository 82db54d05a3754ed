#!/usr/bin/env bash
# The arm64 C libraries the official Node binary links against (glibc, libstdc++, libgcc), unpacked into
# a directory for qemu-user's -L, so the smoke test can run the linux-arm64 executable on an x86 machine
# without binfmt_misc or an arm64 root filesystem.
#
#   scripts/dist/arm64-sysroot.sh DIR
#
# Uses the machine's own apt sources with a private apt state in a temp dir: no `dpkg --add-architecture`,
# nothing installed, the system's apt lists untouched. Idempotent: a complete DIR is left as it is.
set -euo pipefail

target=${1:?usage: arm64-sysroot.sh DIR}
if [[ -e "$target/.complete" ]]; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/root"
touch "$work/status"

apt_options=(
  -o "APT::Architecture=arm64"
  -o "APT::Architectures::=arm64"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::State::status=$work/status"
  -o "Dir::Cache=$work/cache"
  -o "Debug::NoLocking=true"
)
# apt's download sandbox user cannot write into a temp dir that root owns.
if [[ $(id -u) -eq 0 ]]; then
  apt_options+=(-o "APT::Sandbox::User=root")
fi

apt-get "${apt_options[@]}" -qq update
(cd "$work/debs" && apt-get "${apt_options[@]}" -qq download libc6 libstdc++6 libgcc-s1)
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done
if [[ ! -e "$work/root/lib/ld-linux-aarch64.so.1" ]]; then
  echo "arm64-sysroot: the downloaded libc6 has no lib/ld-linux-aarch64.so.1" >&2
  exit 1
fi

rm -rf "$target"
mkdir -p "$(dirname "$target")"
touch "$work/root/.complete"
mv "$work/root" "$target"
