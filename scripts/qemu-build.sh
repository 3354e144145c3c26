#!/bin/bash
# Build the guest kernel of a base and the modules of one variant.
# The image is built once per base, from qemu-test/base (base + test
# queue) with `make tinyconfig` + qemu/guest.config, in
# $CACHE/qemu/<version>/x86_64, and reused while the fragment is
# unchanged.  Each variant then rebuilds only the modules on its branch
# (kbuild recompiles what changed) and stages the four the guest loads in
# $CACHE/qemu/<version>/modules/<variant>/.  LOCALVERSION= (empty) keeps
# the module vermagic the same for every variant of one image.
# Usage: qemu-build.sh BASE VARIANT   (prints "<bzImage> <module dir>")
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=$1 variant=$2
fragment=$TOP/qemu/guest.config
GUEST_MODULES="lib/kunit/kunit.ko drivers/ntb/ntb.ko drivers/ntb/ntb_transport.ko
	drivers/pci/endpoint/functions/pci-epf-vntb.ko
	drivers/pci/endpoint/pci-epc-edu-test.ko"
# Only in variants with the series' KUnit patches.
OPTIONAL_MODULES="drivers/ntb/ntb_kunit.ko"

read -r _ ver < <(resolve_base "$base")
out=$CACHE/qemu/$ver/x86_64
image=$out/arch/x86/boot/bzImage
stamp=$out/.guest.config

if [[ ! -s $image ]] || ! cmp -s "$fragment" "$stamp"; then
	tree=$("$TOP/scripts/qemu-tree.sh" "$ver" unfixed)
	log "configuring the guest kernel for $ver"
	mkdir -p "$out"
	rm -f "$stamp"
	kmake "$tree" "$out" x86_64 tinyconfig >/dev/null
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$fragment" >/dev/null
	kmake "$tree" "$out" x86_64 olddefconfig
	# 6.1 has no stack-trace filter for fault injection on x86_64
	# (FAULT_INJECTION_STACKTRACE_FILTER depends on !X86_64 there); its
	# guest then runs no fault injection (see qemu/variants).
	missing=$(grep -o '^CONFIG_[A-Z0-9_]*=[ym]' "$fragment" | grep -vxF -f "$out/.config" |
		grep -vx 'CONFIG_FAULT_INJECTION_STACKTRACE_FILTER=y' || true)
	[[ -z $missing ]] || die "guest config: not set as asked (missing dependency?): $missing"
	log "building the guest image for $ver (bzImage + modules)"
	start=$SECONDS
	kmake "$tree" "$out" x86_64 LOCALVERSION= bzImage modules
	log "guest image for $ver built in $((SECONDS - start)) s"
	cp "$fragment" "$stamp"
fi

tree=$("$TOP/scripts/qemu-tree.sh" "$ver" "$variant")
start=$SECONDS
# The series adds Kconfig symbols (its KUnit options): take their defaults
# here, or kbuild's syncconfig would ask for them on stdin and stdout.
kmake "$tree" "$out" x86_64 LOCALVERSION= olddefconfig >/dev/null
kmake "$tree" "$out" x86_64 LOCALVERSION= modules >&2
log "modules of $ver $variant built in $((SECONDS - start)) s"

mods=$CACHE/qemu/$ver/modules/$variant
rm -rf "$mods"
mkdir -p "$mods"
for m in $GUEST_MODULES; do
	cp "$out/$m" "$mods/"
done
# A module of an earlier variant may still lie in the build directory:
# take it only if this variant's config builds it.
if grep -qx "CONFIG_NTB_KUNIT_TEST=m" "$out/.config"; then
	for m in $OPTIONAL_MODULES; do
		cp "$out/$m" "$mods/"
	done
fi
echo "$image $mods"
