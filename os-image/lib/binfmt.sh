#!/usr/bin/env bash
# arm64 programs run on the x86 build machine through qemu-user-static's binfmt handler. In a container
# binfmt_misc is often not mounted (appliance.md §1.1): mount it (idempotent) and check with arch-test.
set -euo pipefail
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
if [[ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]] && command -v update-binfmts >/dev/null; then
  update-binfmts --enable qemu-aarch64 || true
fi
if ! arch-test arm64 >/dev/null; then
  echo "arm64 programs do not run here: install qemu-user-static and binfmt-support" >&2
  exit 1
fi
