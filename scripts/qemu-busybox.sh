#!/bin/bash
# The guest's static busybox for an architecture.  x86_64 uses the host's
# (package busybox-static); for arm64 Debian 12's busybox-static:arm64 is
# downloaded through the harness's private apt configuration
# (scripts/archive.sh, which has arm64 package lists: the machine's dpkg
# and apt setup are not changed) and extracted into $CACHE/busybox/<arch>,
# never installed.
# Usage: qemu-busybox.sh ARCH   (prints the busybox binary's path)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=$1
case $arch in
x86_64) echo /bin/busybox; exit 0 ;;
arm64) ;;
*) die "no guest busybox for architecture '$arch' (x86_64 or arm64)" ;;
esac

dir=$CACHE/busybox/$arch
busybox=$dir/bin/busybox
if [[ ! -x $busybox ]]; then
	mkdir -p "$CACHE/busybox"
	tmp=$(mktemp -d "$CACHE/busybox/.fetch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	log "downloading busybox-static:$arch"
	(cd "$tmp" && "$TOP/scripts/archive.sh" apt-get download -q "busybox-static:$arch/bookworm" >/dev/null 2>&1) ||
		die "cannot download busybox-static:$arch from bookworm (scripts/archive.sh apt-cache policy busybox-static:$arch)"
	dpkg-deb -x "$tmp"/busybox-static_*_"$arch".deb "$tmp/root"
	mkdir -p "$tmp/root/bin"
	rm -rf "$dir"
	mv "$tmp/root" "$dir"
fi
echo "$busybox"
