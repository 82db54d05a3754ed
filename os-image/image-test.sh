#!/usr/bin/env bash
# `make image-test`: boot the SD image under qemu-system-aarch64 (-M virt, the image's own kernel and
# initrd from its FAT partition) with user networking, wait for the service's READY (HTTPS health), then
# check HTTPS and SNMP from the host through loopback port forwards, the first-boot work and the console
# banner, and power the guest off. Works on a sparse copy: the built image stays a fresh card.
#   image-test.sh [image]   default: out/kassabox-<package.json version>-rpi3.img
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$here/../package.json")
image=${1:-$here/out/kassabox-$version-rpi3.img}
# The version the image was built with is in its name (build-image.sh).
version=$(basename "$image" | sed 's/^kassabox-\(.*\)-rpi3\.img$/\1/')
boot_timeout=${KASSABOX_BOOT_TIMEOUT:-420}
test_dir=$here/out/test
community=kassabox-image-test
passed=0
failed=0

check() { # check <name> <command...>: counts, and says what failed
  local name=$1
  shift
  if "$@"; then
    echo "PASS $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    failed=$((failed + 1))
  fi
}
free_port() { python3 -c 'import socket,sys; s=socket.socket(type=getattr(socket,sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }

[[ -f $image ]] || { echo "image-test: no image at $image (run make image)" >&2; exit 1; }
rm -rf "$test_dir"
mkdir -p "$test_dir"
disk=$test_dir/disk.img
cp --sparse=always "$image" "$disk"
# A card larger than the image, as in real life: first boot must grow the data partition into it.
truncate -s +1G "$disk"

# The FAT partition, read with mtools at its byte offset (no loop device).
boot_offset=$(($(sfdisk --dump "$disk" | sed -n 's/^.*1 : start= *\([0-9]*\),.*/\1/p') * 512))
fat="$disk@@$boot_offset"
export MTOOLS_SKIP_CHECK=1
mcopy -n -i "$fat" ::config.txt "$test_dir/config.txt"
mcopy -n -i "$fat" ::cmdline.txt "$test_dir/cmdline.txt"
kernel=$(sed -n 's/^kernel=//p' "$test_dir/config.txt" | tail -1)
initrd=$(sed -n 's/^initramfs \([^ ]*\).*/\1/p' "$test_dir/config.txt" | tail -1)
mcopy -n -i "$fat" "::$kernel" "$test_dir/vmlinuz"
mcopy -n -i "$fat" "::$initrd" "$test_dir/initrd.img"
# The test's settings go where a technician's would, on the boot partition: kassabox.env, and a public
# key in ssh_authorized_keys, which turns SSH on (the test looks inside the box through it).
printf 'KASSABOX_SNMP_PORT=161\nKASSABOX_SNMP_COMMUNITY=%s\n' "$community" > "$test_dir/kassabox.env"
mcopy -o -i "$fat" "$test_dir/kassabox.env" ::kassabox.env
ssh-keygen -q -t ed25519 -N '' -C kassabox-image-test -f "$test_dir/ssh_key"
mcopy -o -i "$fat" "$test_dir/ssh_key.pub" ::ssh_authorized_keys

https_port=$(free_port SOCK_STREAM)
snmp_port=$(free_port SOCK_DGRAM)
ssh_port=$(free_port SOCK_STREAM)
# The Pi's command line, with the QEMU board's serial console (ttyAMA0) instead of the Pi's ttyS1.
append="$(sed -e 's/console=[^ ]*//g' "$test_dir/cmdline.txt" | tr -s ' ') console=ttyAMA0"
echo "image-test: $kernel + $initrd, append: $append"
echo "image-test: HTTPS on 127.0.0.1:$https_port, SNMP on 127.0.0.1:$snmp_port, serial log $test_dir/serial.log"

started=$(date +%s)
timeout $((boot_timeout + 120)) qemu-system-aarch64 -M virt -cpu cortex-a53 -smp 2 -m 1024 \
  -display none -monitor "unix:$test_dir/monitor.sock,server=on,wait=off" -serial "file:$test_dir/serial.log" \
  -kernel "$test_dir/vmlinuz" -initrd "$test_dir/initrd.img" -append "$append" \
  -drive "file=$disk,if=none,format=raw,id=hd0" -device virtio-blk-device,drive=hd0 \
  -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$https_port-:443,hostfwd=udp:127.0.0.1:$snmp_port-:161,hostfwd=tcp:127.0.0.1:$ssh_port-:22" \
  -device virtio-net-device,netdev=n0 -no-reboot &
qemu=$!
stop_qemu() { kill "$qemu" 2>/dev/null || true; }
trap stop_qemu EXIT

health=
while (($(date +%s) - started < boot_timeout)) && kill -0 "$qemu" 2>/dev/null; do
  health=$(curl -sk --max-time 5 "https://127.0.0.1:$https_port/api/v1/health" || true)
  [[ $health == *'"status"'* ]] && break
  sleep 3
done
ready_after=$(($(date +%s) - started))
echo "image-test: health after ${ready_after}s: ${health:-no answer}"

check "HTTPS /api/v1/health answers ok within ${boot_timeout}s" grep -q '"status":"ok"' <<<"$health"
check "the image's version ($version) runs" grep -q "\"version\":\"$version\"" <<<"$health"
sysdescr=$(snmpget -v2c -c "$community" -t 5 -r 2 -Ov "127.0.0.1:$snmp_port" 1.3.6.1.2.1.1.1.0 2>&1 || true)
echo "image-test: SNMP sysDescr: $sysdescr"
check "SNMP v2c answers sysDescr" grep -qi 'STRING' <<<"$sysdescr"
# The console banner waits for the service; give it a moment after READY.
for _ in $(seq 20); do grep -q 'KassaBox is running' "$test_dir/serial.log" && break; sleep 2; done
check "the root is read-only (overlayroot on tmpfs)" grep -q 'overlayroot: configured root with .tmpfs' "$test_dir/serial.log"
check "first boot grew the data partition" grep -q 'CHANGED: partition=3' "$test_dir/serial.log"
console_banner() { grep -A4 'KassaBox is running' "$test_dir/serial.log" | grep -q 'SHA-256: [0-9A-F][0-9A-F]:'; }
check "the console shows the URL and the certificate fingerprint" console_banner

box() { # box <command>: run a command in the guest as root over SSH
  ssh -i "$test_dir/ssh_key" -p "$ssh_port" -o BatchMode=yes -o ConnectTimeout=10 -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@127.0.0.1 "$@"
}
check "SSH with the key from the boot partition" box true
check "kassabox.service is active" box systemctl is-active --quiet kassabox
check "the ext4 root underneath is read-only" box 'grep -q "^[^ ]* /media/root-ro ext4 ro[, ]" /proc/mounts'
check "the data partition is writable at /var/lib" box 'touch /var/lib/kassabox-test && rm /var/lib/kassabox-test'
check "a password is refused over SSH" bash -c "! ssh -p $ssh_port -o BatchMode=yes -o PubkeyAuthentication=no \
  -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10 root@127.0.0.1 true 2>/dev/null"
box 'systemd-analyze; systemd-analyze blame | head -8; systemctl --failed --no-legend; grep -E " (/|/media/root-ro|/var/lib|/boot/firmware) " /proc/mounts' | sed 's/^/image-test: guest: /' || true

# Power off like the power button (logind), then wait; kill by PID if it does not stop.
echo system_powerdown | socat - "UNIX-CONNECT:$test_dir/monitor.sock" >/dev/null 2>&1 || true
for _ in $(seq 60); do kill -0 "$qemu" 2>/dev/null || break; sleep 1; done
check "the guest powers off" bash -c "! kill -0 $qemu 2>/dev/null"
stop_qemu
wait "$qemu" 2>/dev/null || true
echo "image-test: boot to READY ${ready_after}s, total $(($(date +%s) - started))s"
echo "image-test: $passed passed, $failed failed"
((failed == 0))
