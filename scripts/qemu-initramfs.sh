#!/bin/bash
# Pack the guest's initramfs: Debian's static busybox for the guest
# architecture QEMU_ARCH (qemu-busybox.sh), qemu/init as /init and the
# .ko files of one variant in /lib/modules.
# Usage: QEMU_ARCH=<arch> qemu-initramfs.sh MODULE_DIR OUTPUT.cpio
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mods=$1 output=$2
busybox=$("$TOP/scripts/qemu-busybox.sh" "${QEMU_ARCH:-x86_64}")
if [[ ! -x $busybox ]] || readelf -l "$busybox" | grep -q 'INTERP'; then
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
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$output"
