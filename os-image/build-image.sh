#!/usr/bin/env bash
# `make image`: the Raspberry Pi 3B+ SD-card image. The cached Debian rootfs (build-rootfs.sh) gets the
# files under overlay/, the kassabox unit from ../systemd and the arm64 release from ../dist, then genimage
# writes out/kassabox-<version>-rpi3.img (and .img.zst) without loop devices. Run as root (file owners).
#   build-image.sh [release dir]   default: ../dist/kassabox-<package.json version>-linux-arm64
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$repo/package.json")
release=${1:-$repo/dist/kassabox-$version-linux-arm64}
units=${KASSABOX_UNIT_DIR:-$repo/systemd}
out=$here/out
work=$out/work
rootfs=$work/rootfs

fail() { echo "build-image: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || fail "run as root (the image's files must belong to root)"
[[ -x $release/kassabox ]] || fail "no release at $release (run make dist-arm64)"
version=$(cat "$release/VERSION")
for file in kassabox.service kassabox.sysusers kassabox.env; do
  [[ -f $units/$file ]] || fail "missing $units/$file (the service's unit files)"
done

# KASSABOX_ROOTFS: an existing rootfs tarball, to iterate on the image without rebuilding the packages.
tarball=${KASSABOX_ROOTFS:-$out/cache/rootfs.tar}
[[ -n ${KASSABOX_ROOTFS:-} ]] || "$here/build-rootfs.sh"

rm -rf "$work"
mkdir -p "$rootfs"
tar -xpf "$tarball" -C "$rootfs" --numeric-owner --xattrs --xattrs-include='*'
cp -a "$here/overlay/." "$rootfs/"
chown -R root:root "$rootfs/etc" "$rootfs/usr/local"

# The service (helper S1's unit files), with the image's drop-in from overlay/.
install -m 0644 "$units/kassabox.service" "$rootfs/usr/lib/systemd/system/kassabox.service"
install -m 0644 "$units/kassabox.sysusers" "$rootfs/usr/lib/sysusers.d/kassabox.conf"
[[ -f $units/kassabox.tmpfiles ]] && install -m 0644 "$units/kassabox.tmpfiles" "$rootfs/usr/lib/tmpfiles.d/kassabox.conf"
install -d -m 0755 "$rootfs/etc/kassabox"
install -m 0600 "$units/kassabox.env" "$rootfs/etc/kassabox/kassabox.env"
enable=(systemd-networkd.service systemd-resolved.service chrony.service chrony-wait.service ssh.service
  kassabox-firstboot.service kassabox-bootconfig.service kassabox.service kassabox-console.service)

# The update path (helper S4), when its units exist: the path unit watches for uploaded bundles.
for unit in "$units"/kassabox-update.*; do
  [[ -e $unit ]] || continue
  case $unit in
    *.service | *.path | *.timer) install -m 0644 "$unit" "$rootfs/usr/lib/systemd/system/" ;;
  esac
done
if [[ -f $rootfs/usr/lib/systemd/system/kassabox-update.path ]]; then
  install -D -m 0755 "$units/kassabox-update.sh" "$rootfs/usr/lib/kassabox/kassabox-update.sh"
  enable+=(kassabox-update.path)
fi
# The public keys updates must be signed with (docs/updates.md): KASSABOX_UPDATE_KEYS names a .pub file
# or a directory of them. Without it, keys come from update-keys/ on the boot partition at every boot.
install -d -m 0755 "$rootfs/etc/kassabox/update-keys"
if [[ -n ${KASSABOX_UPDATE_KEYS:-} ]]; then
  find "$KASSABOX_UPDATE_KEYS" -maxdepth 1 -name '*.pub' -exec install -m 0644 -t "$rootfs/etc/kassabox/update-keys" {} +
fi

# The factory release on the data partition: /var/lib/kassabox-releases/<version>, `current` → it.
releases=$rootfs/var/lib/kassabox-releases
install -d -m 0755 "$releases"
cp -a "$release" "$releases/$version"
chown -R root:root "$releases"
ln -sfn "$version" "$releases/current"

# Users from sysusers.d are made now, in the read-only root: their ids never change between boots.
systemd-sysusers --root="$rootfs"
systemctl --root="$rootfs" enable "${enable[@]}"
# apt's timers would fetch lists and write to a read-only root for nothing: updates come as bundles.
systemctl --root="$rootfs" mask apt-daily.timer apt-daily-upgrade.timer
# Every box makes its own SSH host key (kassabox-ssh-prepare); the ones made at package install go.
rm -f "$rootfs"/etc/ssh/ssh_host_*
echo "$version" > "$rootfs/etc/kassabox/image-version"

grep -q 'root=LABEL=RASPIROOT' "$rootfs/boot/firmware/cmdline.txt" ||
  fail "raspi-firmware wrote no root=LABEL=RASPIROOT into cmdline.txt"
# raspi-firmware writes `rw`; overlayroot then keeps the ext4 under the overlay read-write. With `ro` it
# stays read-only: nothing at all writes to the root partition, not even a superblock update.
sed -i 's/ rw / ro /' "$rootfs/boot/firmware/cmdline.txt"
grep -q ' ro ' "$rootfs/boot/firmware/cmdline.txt" || fail "cmdline.txt does not mount the root read-only"

genimage --rootpath "$rootfs" --tmppath "$work/genimage-tmp" --inputpath "$work/images" \
  --outputpath "$work/images" --config "$here/genimage.cfg"
image=$out/kassabox-$version-rpi3.img
mv "$work/images/sdcard.img" "$image"
zstd -q -f -T0 -6 "$image" -o "$image.zst"
rm -rf "$work"
ls -lsh "$image" "$image.zst"
