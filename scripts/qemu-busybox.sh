#!/bin/bash
# The guest's static busybox for an architecture.  x86_64 uses the host's
# (package busybox-static); for arm64 Debian's busybox-static:arm64 is
# downloaded (multiarch, `dpkg --add-architecture arm64` once) and
# extracted into $CACHE/busybox/<arch>, never installed over the host's.
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
	sudo=
	[[ $(id -u) == 0 ]] || sudo=sudo
	if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		log "enabling Debian multiarch for $arch (package downloads only)"
		$sudo dpkg --add-architecture "$arch"
		$sudo apt-get update -q >/dev/null
	fi
	mkdir -p "$CACHE/busybox"
	tmp=$(mktemp -d "$CACHE/busybox/.fetch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	log "downloading busybox-static:$arch"
	(cd "$tmp" && apt-get download -q "busybox-static:$arch" >/dev/null 2>&1) ||
		die "cannot download busybox-static:$arch (apt-get update after dpkg --add-architecture $arch?)"
	dpkg-deb -x "$tmp"/busybox-static_*_"$arch".deb "$tmp/root"
	mkdir -p "$tmp/root/bin"
	rm -rf "$dir"
	mv "$tmp/root" "$dir"
fi
echo "$busybox"
