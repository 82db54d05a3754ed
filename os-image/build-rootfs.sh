#!/usr/bin/env bash
# The Debian arm64 root filesystem of the Raspberry Pi 3B+ image: packages only, as a tarball that
# build-image.sh customises. mmdebstrap under qemu-user (binfmt) takes about 6 minutes, so the tarball is
# cached under out/cache, keyed by this script's own hash: change a package and it is rebuilt.
# Recipe and pitfalls: ../../shared/research/appliance.md §1.3 (verified).
# The hooks are run by mmdebstrap, which passes the root directory as $1: single quotes are meant.
# shellcheck disable=SC2016
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache="$here/out/cache"
mirror=${KASSABOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${KASSABOX_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
suite=bookworm

key=$(sha256sum "$0" | cut -c1-16)
tarball="$cache/rootfs-$suite-$key.tar"
# build-image.sh reads the tarball through this link.
if [[ -s $tarball ]]; then
  ln -sfn "$(basename "$tarball")" "$cache/rootfs.tar"
  echo "rootfs: cached $tarball"
  exit 0
fi

"$here/lib/binfmt.sh"

# minbase skips Recommends: busybox must be named (overlayroot's initramfs script needs it), and so must
# zstd (mkinitramfs falls back to gzip without it). openssl and sqlite3: the update installer's tools.
packages=(
  systemd-sysv udev kmod dbus initramfs-tools zstd busybox overlayroot
  linux-image-arm64 raspi-firmware firmware-brcm80211 wireless-regdb
  systemd-resolved iproute2 iputils-ping netbase chrony ca-certificates openssl sqlite3
  cloud-guest-utils fdisk e2fsprogs openssh-server procps less
)

mkdir -p "$cache"
rm -f "$tarball.partial"
# force-confold/confdef: the defaults written by the essential hooks below are conffiles of raspi-firmware
# and overlayroot; without them dpkg stops at a conffile prompt. MODULES=list keeps mkinitramfs at about a
# minute under qemu-user (MODULES=most takes ten) and still boots the Pi (sdhci/bcm2835) and QEMU (virtio).
mmdebstrap --arch=arm64 --variant=minbase --format=tar --components=main,non-free-firmware \
  --include="$(IFS=,; echo "${packages[*]}")" \
  --dpkgopt='force-confold' --dpkgopt='force-confdef' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --setup-hook='mkdir -p "$1/boot/firmware"' \
  --essential-hook='mkdir -p "$1/etc/default" "$1/etc/initramfs-tools/conf.d"' \
  --essential-hook='printf "ROOTPART=LABEL=RASPIROOT\nCONSOLES=\"ttyS1,115200 tty1\"\n" > "$1/etc/default/raspi-firmware"' \
  --essential-hook='printf "MODULES=list\nCOMPRESS=zstd\n" > "$1/etc/initramfs-tools/conf.d/kassabox.conf"' \
  --essential-hook='printf "%s\n" ext4 vfat nls_cp437 nls_ascii overlay sdhci_iproc bcm2835 virtio_blk virtio_mmio virtio_pci virtio_net > "$1/etc/initramfs-tools/modules"' \
  --essential-hook='printf "overlayroot=\"tmpfs:recurse=0\"\noverlayroot_cfgdisk=\"disabled\"\n" > "$1/etc/overlayroot.conf"' \
  "$suite" "$tarball.partial" \
  "deb $mirror $suite main non-free-firmware" \
  "deb $mirror $suite-updates main non-free-firmware" \
  "deb $security $suite-security main non-free-firmware"
mv "$tarball.partial" "$tarball"
ln -sfn "$(basename "$tarball")" "$cache/rootfs.tar"
# Older tarballs of this cache are stale once the script changed.
find "$cache" -name "rootfs-$suite-*.tar" ! -name "$(basename "$tarball")" -delete
echo "rootfs: built $tarball"
