#!/bin/bash
# Build the guest kernel of a base and the modules of one variant, for
# the guest architecture QEMU_ARCH (x86_64, the default, or arm64).
# The image is built once per base and architecture, from qemu-test/base
# (base + test queue) with `make tinyconfig` + qemu/guest.config (+ the
# architecture's part, qemu/guest-<arch>.config, if there is one), in
# $CACHE/qemu/<version>/<arch>, and reused while the fragments are
# unchanged.  Each variant then rebuilds only the modules on its branch
# (kbuild recompiles what changed) and stages the ones the guest loads in
# $CACHE/qemu/<version>/modules/<arch>-<variant>/.  LOCALVERSION= (empty)
# keeps the module vermagic the same for every variant of one image.
# Usage: QEMU_ARCH=<arch> qemu-build.sh BASE VARIANT
#   (prints "<kernel image> <module dir>")
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=$1 variant=$2
arch=${QEMU_ARCH:-x86_64}
image_target=$(guest_arch "$arch" image_target)
image_path=$(guest_arch "$arch" image_path)
target=$(guest_arch "$arch" build_target)
fragments=("$TOP/qemu/guest.config")
[[ ! -f $TOP/qemu/guest-$arch.config ]] || fragments+=("$TOP/qemu/guest-$arch.config")
GUEST_MODULES="lib/kunit/kunit.ko drivers/ntb/ntb.ko drivers/ntb/ntb_transport.ko
	drivers/net/ntb_netdev.ko drivers/ntb/test/ntb_tool.ko drivers/ntb/test/ntb_perf.ko
	drivers/pci/endpoint/functions/pci-epf-vntb.ko
	drivers/pci/endpoint/pci-epc-edu-test.ko drivers/dma/dma-delay-test.ko"
read -r _ ver < <(resolve_base "$base")
out=$CACHE/qemu/$ver/$arch
image=$out/$image_path
stamp=$out/.guest.config

if [[ ! -s $image ]] || ! cat "${fragments[@]}" | cmp -s - "$stamp"; then
	tree=$("$TOP/scripts/qemu-tree.sh" "$ver" unfixed)
	log "configuring the $arch guest kernel for $ver"
	mkdir -p "$out"
	rm -f "$stamp"
	kmake "$tree" "$out" "$target" tinyconfig >/dev/null
	# Later fragments override earlier ones (the architecture's part).
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${fragments[@]}" >/dev/null
	kmake "$tree" "$out" "$target" olddefconfig
	# 6.1 has no stack-trace filter for fault injection on x86_64
	# (FAULT_INJECTION_STACKTRACE_FILTER depends on !X86_64 there); its
	# guest then runs no fault injection (see qemu/variants).
	# Every =y/=m the fragments ask for must have survived olddefconfig.
	missing=$(config_missing "$out/.config" "${fragments[@]}" |
		grep -vx 'CONFIG_FAULT_INJECTION_STACKTRACE_FILTER=y' || true)
	[[ -z $missing ]] || die "guest config: not set as asked (missing dependency?): $missing"
	log "building the $arch guest image for $ver ($image_target + modules)"
	start=$SECONDS
	kmake "$tree" "$out" "$target" LOCALVERSION= "$image_target" modules
	log "$arch guest image for $ver built in $((SECONDS - start)) s"
	cat "${fragments[@]}" >"$stamp"
fi

tree=$("$TOP/scripts/qemu-tree.sh" "$ver" "$variant")
# The staged modules of this variant are reused while they were built
# from the same source (the branch's git tree object; its commits are
# remade on every run) for the same image: runs of one variant with other
# clients, and warm runs, skip the build (some 30 s each).
mods=$CACHE/qemu/$ver/modules/$arch-$variant
key="$(git -C "$tree" rev-parse "HEAD^{tree}") $(stat -c %Y "$image") $(cat "${fragments[@]}" | md5sum | cut -c1-12)"
if [[ -f $mods/.key && $(cat "$mods/.key") == "$key" ]]; then
	log "$arch modules of $ver $variant: unchanged since they were built, reused"
	echo "$image $mods"
	exit 0
fi
start=$SECONDS
# The series adds Kconfig symbols (its KUnit options): ask for its suites
# as modules and take the defaults of the rest here, or kbuild's syncconfig
# would ask on stdin and stdout.  In a tree without them olddefconfig
# drops the two lines again.
suites=()
for s in $KUNIT_MODULES; do
	suites+=(--module "${s%%:*}")
done
"$tree/scripts/config" --file "$out/.config" "${suites[@]}"
kmake "$tree" "$out" "$target" LOCALVERSION= olddefconfig >/dev/null
kmake "$tree" "$out" "$target" LOCALVERSION= modules >&2
log "$arch modules of $ver $variant built in $((SECONDS - start)) s"

rm -rf "$mods"
mkdir -p "$mods"
for m in $GUEST_MODULES; do
	cp "$out/$m" "$mods/"
done
# A module of an earlier variant may still lie in the build directory:
# take it only if this variant's config builds it.
for m in $(kunit_modules_of "$out/.config"); do
	cp "$out/$m" "$mods/"
done
echo "$key" >"$mods/.key"
echo "$image $mods"
