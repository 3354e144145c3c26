#!/bin/bash
# Pack the guest's initramfs: Debian's static busybox, qemu/init as /init
# and the .ko files of one variant in /lib/modules.
# Usage: qemu-initramfs.sh MODULE_DIR OUTPUT.cpio
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mods=$1 output=$2
busybox=/bin/busybox
if [[ ! -x $busybox ]] || readelf -l "$busybox" | grep -q 'INTERP'; then
	die "$busybox is not a static busybox (apt-get install busybox-static)"
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,lib/modules}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
	[[ $applet == busybox ]] || ln -s busybox "$root/bin/$applet"
done
mknod -m 600 "$root/dev/console" c 5 1
cp "$TOP/qemu/init" "$root/init"
chmod 755 "$root/init"
cp "$mods"/*.ko "$root/lib/modules/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$output"
