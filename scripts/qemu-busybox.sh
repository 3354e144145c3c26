#!/bin/bash
# The guest's static busybox for an architecture (qemu/arch/<arch>'s
# busybox=).  x86_64 uses the host's (package busybox-static); for arm64
# Debian 12's busybox-static:arm64 is downloaded through the harness's
# private apt configuration (scripts/archive.sh, which has arm64 package
# lists: the machine's dpkg and apt setup are not changed) and extracted
# into $CACHE/busybox/<arch>, never installed.
# Usage: qemu-busybox.sh ARCH   (prints the busybox binary's path)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=$1
# "host" or the Debian package to take it from (qemu/arch/<arch>)
pkg=$(guest_arch "$arch" busybox)
if [[ $pkg == host ]]; then
	echo /bin/busybox
	exit 0
fi

dir=$CACHE/busybox/$arch
busybox=$dir/bin/busybox
if [[ ! -x $busybox ]]; then
	mkdir -p "$CACHE/busybox"
	tmp=$(mktemp -d "$CACHE/busybox/.fetch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	log "downloading $pkg"
	(cd "$tmp" && "$TOP/scripts/archive.sh" apt-get download -q "$pkg/bookworm" >/dev/null 2>&1) ||
		die "cannot download $pkg from bookworm (scripts/archive.sh apt-cache policy $pkg)"
	dpkg-deb -x "$tmp"/*.deb "$tmp/root"
	mkdir -p "$tmp/root/bin"
	rm -rf "$dir"
	mv "$tmp/root" "$dir"
fi
echo "$busybox"
