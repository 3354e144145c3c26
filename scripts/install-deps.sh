#!/bin/bash
# Install the Debian packages the harness needs, if any is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

packages=(
	build-essential bc bison flex libelf-dev libssl-dev kmod cpio rsync
	xz-utils python3 python3-ply python3-git python3-docutils perl git sparse codespell quilt
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-x86 qemu-system-arm busybox-static
	clang lld llvm ccache
	git-email libmailtools-perl
)
missing=()
for p in "${packages[@]}"; do
	[[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *"ok installed" ]] ||
		missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

sudo=
[[ $(id -u) == 0 ]] || sudo=sudo
log "installing ${missing[*]}"
$sudo apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
	"${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
