#!/bin/bash
# Turn a guest log into the one-line result of a run.
#   FIXED       every memory window's inbound address is mapped in the EPC
#               parent's IOMMU domain, edu's DMA reads and writes through
#               it, no IOMMU fault (DMAR on x86_64, SMMU event 0x10 on
#               arm64), no splat (and, with stress, all cycles
#               good, the injected failure recovered, no leak)
#   REPRODUCED  every window programmed, none mapped, edu's DMA fails both
#               ways and the IOMMU logged faults, no splat
#   ERROR       anything else (no result, a window never programmed, mixed
#               results, splats, guest error or timeout)
# Usage: QEMU_ARCH=<arch> qemu-verdict.sh LOG VERSION VARIANT STRESS SECONDS QEMU_STATUS
#   STRESS: 0, cycles or cycles+fault (see qemu/variants)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

logfile=$1 ver=$2 variant=$3 stress=$4 secs=$5 qemu_rc=$6
arch=${QEMU_ARCH:-x86_64}
# qemu/init configures vNTB with two memory windows
MWS=2

# The memory-window lines of the first check (before the stress phases)
check=$(awk '/ntb-dma-init: phase=/ { p = /phase=check/ } p && /ntb-dma-test: mw[0-9]/' "$logfile")
field() { grep -o " $1=[^ ]*" <<<"$check" | cut -d= -f2 | paste -sd, -; }
count() { grep -c " $1" <<<"$check" || true; }
nmw=$(grep -c 'ntb-dma-test: mw' <<<"$check" || true)
mapped=$(field mapped)
addrs=$(field addr)
dma_read=$(field dma_read)
dma_write=$(field dma_write)
# IOMMU faults: VT-d's DMAR reports (x86_64; QEMU compresses repeated
# ones) or the SMMUv3's translation fault events (arm64; one per access).
case $arch in
arm64) fault_re='arm-smmu-v3 [^ ]+: event 0x10 received' fault_name=smmu_faults ;;
*) fault_re='DMAR: \[DMA (Read|Write)' fault_name=dmar_faults ;;
esac
dmar=$(grep -cE "^\[ *[0-9.]+\] $fault_re" "$logfile" || true)
splats=$("$TOP/scripts/qemu-scan-log.sh" "$logfile" 2>/dev/null)
done_line=$(grep -o 'ntb-dma-init: done.*' "$logfile" | head -n1 || true)
boot=$(grep -o '^\[ *[0-9.]*\] ntb-dma-init: done' "$logfile" | grep -o '[0-9]*\.[0-9]*' | head -n1 || true)

# KTAP of the series' KUnit suites, run by insmod (variants with the series)
kunit_ok=$(grep -cE '^\[ *[0-9.]+\] ok [0-9]+ (ntb-dma-dev|pci-epf-vntb)$' "$logfile" || true)
kunit_bad=$(grep -cE '^\[ *[0-9.]+\] not ok [0-9]+ (ntb-dma-dev|pci-epf-vntb)$' "$logfile" || true)
kunit=none
((kunit_ok + kunit_bad == 0)) || kunit="ok($kunit_ok/$((kunit_ok + kunit_bad)))"
((kunit_bad == 0)) || kunit="fail($kunit_bad/$((kunit_ok + kunit_bad)))"

details="kunit=$kunit mws=$nmw mapped=${mapped:-none} addr=${addrs:-none} dma_read=${dma_read:-none} dma_write=${dma_write:-none} $fault_name=$dmar splats=$splats guest=${boot:-?}s run=${secs}s"

reason=
[[ $qemu_rc == 0 ]] || reason="qemu-exit-$qemu_rc"
[[ -z $reason && $done_line == 'ntb-dma-init: done ok' ]] || reason=${reason:-"guest:${done_line:-no-result}"}
[[ -n $reason ]] || ! grep -q 'mapped=never' <<<"$check" || reason="never-programmed"
[[ -n $reason || $nmw == "$MWS" ]] || reason="mws-$nmw-of-$MWS"
[[ -n $reason || $splats == 0 ]] || reason="splats"
[[ -n $reason || $kunit_bad == 0 ]] || reason="kunit"
# The series brings two KUnit suites; both must have run and passed.
[[ -n $reason || $variant == unfixed || $variant == stable || $kunit == "ok(2/2)" ]] ||
	reason="kunit-$kunit"

stress_ok=1
if [[ $stress == cycles* ]]; then
	cycles=$(grep -o 'ntb-dma-test: cycles=[0-9]* ok=[0-9]*' "$logfile" | tail -n1 |
		sed 's/.*cycles=\([0-9]*\) ok=\([0-9]*\)/\2\/\1/' || true)
	leaks=$(grep -o 'ntb-dma-init: kmemleak leaks=[0-9]*' "$logfile" | grep -o '[0-9]*$' || true)
	details+=" cycles=${cycles:-none} kmemleak=${leaks:-none}"
	[[ $cycles == 100/100 && $leaks == 0 ]] || stress_ok=0
fi
if [[ $stress == *fault ]]; then
	injected=$(grep -o 'ntb-dma-init: fault injected=[0-9]*' "$logfile" | grep -o '[0-9]*$' || true)
	# The "up" right after arming: no window may be programmed
	after_fault=$(awk '/fault armed/ { a = 1; next } a && /ntb-dma-test: up programmed=/ { sub(/.*programmed=/, ""); print; exit }' "$logfile")
	alloc_err=$(grep -c 'Unable to alloc aligned MW buff' "$logfile" || true)
	read -r before after < <(grep -o 'dma_entries_before=[0-9]* dma_entries_after=[0-9]*' "$logfile" |
		sed 's/[a-z_]*=//g' || echo "? ?")
	recovered=$(awk '/fault dma_entries/ { a = 1; next } a && /ntb-dma-test: check mws=/ { sub(/.*ok=/, ""); print; exit }' "$logfile")
	details+=" fault_injected=${injected:-none} programmed_under_fault=${after_fault:-none}"
	details+=" mw_alloc_errors=$alloc_err recovered=${recovered:-none}/$MWS dma_entries=$before->$after"
	[[ $injected == 2 && $after_fault == 0 && $alloc_err -ge 1 &&
		$recovered == "$MWS" && $before == "$after" ]] || stress_ok=0
fi

all() { [[ $(tr ',' '\n' <<<"$1" | sort -u) == "$2" ]]; }
if [[ -n $reason ]]; then
	verdict=ERROR
elif all "$mapped" yes && all "$dma_read" ok && all "$dma_write" ok && ((dmar == 0)); then
	verdict=FIXED
	((stress_ok)) || { verdict=ERROR; reason=stress; }
elif all "$mapped" no && all "$dma_read" fail && all "$dma_write" fail && ((dmar > 0)); then
	verdict=REPRODUCED
else
	verdict=ERROR
	reason=mixed
fi
echo "qemu: arch=$arch base=$ver variant=$variant verdict=$verdict $details${reason:+ reason=$reason}"
