#!/bin/bash
# tools/vntb-dma-check on made-up systems (VNTB_CHECK_ROOT: a directory
# laid out as the board's sysfs, configfs and /proc), under busybox sh as
# a board runs it and under dash: each case's verdict line and exit
# status, and the real build host (no vNTB): "not affected". No kernel,
# no guest, seconds. The QEMU guests run it on real systems (qemu/init).
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

tool=$TOP/tools/vntb-dma-check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
epc=0000:00:03.0

# system DIR RELEASE: a board with vNTB's function func1 linked to the
# controller on $epc, whose parent is in IOMMU group 3 of type DMA, with
# ntb_transport and ntb_netdev loaded and vNTB's ops in kallsyms (without
# the fix); the cases change it from there.
system() {
	local r=$1 m
	mkdir -p "$r/proc/sys/kernel" "$r/sys/kernel/config/pci_ep/functions/pci_epf_vntb/func1" \
		"$r/sys/kernel/config/pci_ep/controllers/$epc" "$r/sys/devices/pci0000:00/$epc" \
		"$r/sys/kernel/iommu_groups/3" "$r/sys/class/pci_epc/$epc"
	echo "$2" >"$r/proc/sys/kernel/osrelease"
	: >"$r/sys/kernel/config/pci_ep/controllers/$epc/start"
	ln -s ../../functions/pci_epf_vntb/func1 "$r/sys/kernel/config/pci_ep/controllers/$epc/func1"
	ln -s ../../../kernel/iommu_groups/3 "$r/sys/devices/pci0000:00/$epc/iommu_group"
	echo DMA >"$r/sys/kernel/iommu_groups/3/type"
	ln -s "../../../devices/pci0000:00/$epc" "$r/sys/class/pci_epc/$epc/device"
	for m in pci_epf_vntb ntb ntb_transport ntb_netdev; do
		mkdir -p "$r/sys/module/$m"
	done
	printf '%s\n' "0000000000000000 t vntb_epf_mw_count	[pci_epf_vntb]" \
		"0000000000000000 t vntb_epf_link_enable	[pci_epf_vntb]" >"$r/proc/kallsyms"
}
with_fix() { echo "0000000000000000 t vntb_epf_get_dma_dev	[pci_epf_vntb]" >>"$1/proc/kallsyms"; }

# case NAME STATUS VERDICT [ARGS...]: under both shells, the tool on
# $work/NAME exits STATUS and says VERDICT.
case_() {
	local name=$1 want_rc=$2 want=$3 sh out rc
	shift 3
	for sh in "busybox sh" dash; do
		rc=0
		out=$(VNTB_CHECK_ROOT=$work/$name $sh "$tool" "$@" 2>&1) || rc=$?
		if [[ $rc == "$want_rc" && $(head -n1 <<<"$out") == "vntb-dma-check: $want" ]]; then
			ok "$name ($sh): $want, exit $rc"
		else
			not_ok "$name ($sh): want '$want' exit $want_rc, got exit $rc:"
			sed 's/^/    /' <<<"$out"
		fi
	done
}

system "$work/stable-6.12" 6.12.118-1
case_ stable-6.12 2 affected

system "$work/fixed" 7.3.4
with_fix "$work/fixed"
case_ fixed 0 fixed

system "$work/identity" 6.12.118-1
echo identity >"$work/identity/sys/kernel/iommu_groups/3/type"
case_ identity 1 "not affected"

system "$work/no-iommu" 6.1.192
rm "$work/no-iommu/sys/devices/pci0000:00/$epc/iommu_group"
case_ no-iommu 1 "not affected"

system "$work/unlinked" 6.12.118-1
rm "$work/unlinked/sys/kernel/config/pci_ep/controllers/$epc/func1"
case_ unlinked 1 "not affected"

system "$work/no-configfs" 6.12.118-1
rm -r "$work/no-configfs/sys/kernel/config/pci_ep"
case_ no-configfs 3 unknown

system "$work/no-kallsyms" 6.12.118-1
rm "$work/no-kallsyms/proc/kallsyms"
case_ no-kallsyms 3 unknown

# kallsyms hidden, the module file of the running kernel read instead
for m in with without; do
	system "$work/ko-$m" 6.12.118-1
	rm "$work/ko-$m/proc/kallsyms"
	d=$work/ko-$m/lib/modules/6.12.118-1/kernel/drivers/pci/endpoint/functions
	mkdir -p "$d"
	printf 'ELF\0vntb_epf_mw_count\0%s\0' "$([[ $m == without ]] || echo vntb_epf_get_dma_dev)" >"$d/pci-epf-vntb.ko"
done
case_ ko-with 0 fixed
case_ ko-without 2 affected

# ntb_tool loaded on a fixed vNTB: IOMMU faults for the parent mean the
# follow-ups are missing; none, and it stays "fixed" with a note.
system "$work/tool" 7.3.4
with_fix "$work/tool"
mkdir -p "$work/tool/sys/module/ntb_tool"
echo "[   80.1] DMAR: [DMA Write NO_PASID] Request device [00:03.0] fault addr 0x4840000 [fault reason 0x05] PTE Write access is not set" >"$work/tool.log"
: >"$work/quiet.log"
case_ tool 2 affected --log "$work/tool.log"
case_ tool 0 fixed --log "$work/quiet.log"
# ... and with no kernel log to read (made-up systems have none)
case_ tool 3 unknown

system "$work/usage" 6.12.118-1
case_ usage 64 "unknown argument '--no-such-option' (see --help)" --no-such-option
out=$("$tool" --help)
[[ $out == NAME* && $out == *"EXIT STATUS"* ]] && ok "--help: a manual page (NAME ... EXIT STATUS)" ||
	not_ok "--help: not a manual page"

# The build host itself: no vNTB here.
rc=0
out=$("$tool" 2>&1) || rc=$?
[[ $rc == 1 && $(head -n1 <<<"$out") == "vntb-dma-check: not affected" ]] &&
	ok "this host: not affected, exit 1" || not_ok "this host: exit $rc: $out"
finish
