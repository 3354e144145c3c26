#!/bin/bash
# Configure an out-of-tree build directory: defconfig plus config fragments
# (default: kconfig/ntb.config and kconfig/kunit-modules.config), then prepare it for building single objects
# and modules.
# Usage: configure.sh TREE OUT ARCH [FRAGMENT...]
# Reuses OUT when its config was made from the same inputs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$1 out=$2 arch=$3
shift 3
if (($# > 0)); then
	fragments=("$@")
else
	fragments=("$TOP/kconfig/ntb.config" "$TOP/kconfig/kunit-modules.config")
fi
stamp=$out/.ntb-dma-dev-config
want="$arch $(cat "${fragments[@]}" | md5sum)"

if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
	# The tree's branch may have changed since: kbuild's syncconfig drops
	# options the tree lacks and gives new ones their defaults, so options
	# of the fragments (the series' KUnit tests) would stay off once a
	# prefix without them was built. Merge the fragments again.
	cat "${fragments[@]}" >>"$out/.config"
	kmake "$tree" "$out" "$arch" olddefconfig >/dev/null 2>&1 ||
		die "olddefconfig failed for $arch in $out"
	exit 0
fi
log "configuring $arch in $out"
mkdir -p "$out"
rm -f "$stamp"
kmake "$tree" "$out" "$arch" defconfig >/dev/null
cat "${fragments[@]}" >>"$out/.config"
kmake "$tree" "$out" "$arch" olddefconfig >/dev/null 2>&1 || die "olddefconfig failed for $arch in $out"
for opt in NTB NTB_TRANSPORT PCI_EPF_VNTB; do
	grep -qx "CONFIG_$opt=m" "$out/.config" ||
		die "CONFIG_$opt=m did not survive olddefconfig for $arch"
done
log "preparing $arch (make modules_prepare)"
kmake "$tree" "$out" "$arch" modules_prepare >/dev/null
echo "$want" >"$stamp"
