#!/bin/bash
# Pack the guest's initramfs: Debian's static busybox for the guest
# architecture QEMU_ARCH (qemu-busybox.sh), qemu/init as /init, the .ko
# files of one variant in /lib/modules, the endpoint side of the traffic (qemu/
# udp-traffic.c, built static with Debian's compiler for the guest), the
# on-board check (tools/vntb-dma-check) and
# the patterns the ntb_tool run writes and expects (the test driver's
# fill(): byte i is seed + 7 i).
# Usage: QEMU_ARCH=<arch> qemu-initramfs.sh MODULE_DIR OUTPUT.cpio
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mods=$1 output=$2
arch=${QEMU_ARCH:-x86_64}
busybox=$("$TOP/scripts/qemu-busybox.sh" "$arch")
# (readelf's output captured, not piped into grep -q: under pipefail the
# writer may die of SIGPIPE once grep has its match.)
if [[ ! -x $busybox ]] || [[ $(readelf -l "$busybox") == *INTERP* ]]; then
	die "$busybox is not a static busybox (apt-get install busybox-static)"
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,lib/modules}
cp "$busybox" "$root/bin/busybox"
# The applet list of the host's busybox: the guest's may not run here.
for applet in $(/bin/busybox --list); do
	[[ $applet == busybox ]] || ln -s busybox "$root/bin/$applet"
done
mknod -m 600 "$root/dev/console" c 5 1
cp "$TOP/qemu/init" "$root/init"
chmod 755 "$root/init"
cp "$mods"/*.ko "$root/lib/modules/"

traffic=$CACHE/qemu/udp-traffic-$arch
if [[ ! $traffic -nt $TOP/qemu/udp-traffic.c ]]; then
	mkdir -p "$CACHE/qemu"
	"$(cross_compile "$arch")gcc" -static -Os -Wall -o "$traffic.tmp" "$TOP/qemu/udp-traffic.c"
	mv "$traffic.tmp" "$traffic"
fi
cp "$traffic" "$root/bin/udp-traffic"
cp "$TOP/tools/vntb-dma-check" "$root/bin/vntb-dma-check"
for seed in 0x5a 0xa5; do
	python3 -c "import sys; sys.stdout.buffer.write(bytes(($seed + 7 * i) & 255 for i in range(2048)))" \
		>"$root/pattern-${seed#0x}.bin"
done
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$output"
