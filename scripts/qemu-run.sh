#!/bin/bash
# Boot the guest once under QEMU (TCG, the IOMMU in strict mode, edu with
# a 64-bit DMA mask behind it, an ivshmem-plain device whose RAM is the
# host's memory for the test driver) and write its serial log, without \r.
# QEMU_ARCH selects the machine: x86_64 (default) is q35 with the Intel
# IOMMU, arm64 is virt with GICv3 and an SMMUv3 (PL011 console).
# The guest powers off by itself; panic=-1 and -no-reboot turn a panic
# into an exit, and a timeout guards the whole run.
# Usage: QEMU_ARCH=<arch> qemu-run.sh KERNEL INITRAMFS LOG [EXTRA_KERNEL_ARGS]
# Exit status: QEMU's (124 on timeout).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 logfile=$3 extra=${4:-}
timeout=${QEMU_TIMEOUT:-300}

case ${QEMU_ARCH:-x86_64} in
x86_64)
	qemu=(qemu-system-x86_64 -machine q35 -device intel-iommu,intremap=off)
	cmdline="console=ttyS0 intel_iommu=on"
	;;
arm64)
	# pauth-impdef: QEMU's cheap pointer authentication, much faster
	# under TCG than the architected algorithm.
	qemu=(qemu-system-aarch64 -machine virt,iommu=smmuv3,gic-version=3
		-cpu max,pauth-impdef=on)
	cmdline="console=ttyAMA0"
	;;
*) die "unsupported guest architecture '$QEMU_ARCH' (x86_64 or arm64)" ;;
esac

# -icount with sleep=off: when the guest idles, QEMU's clock jumps to the
# next timer instead of waiting for it.  The guest mostly waits (on edu,
# whose every DMA takes 100 ms of that clock, and in msleep()s), so a
# run takes 40% less time; shift=auto keeps busy stretches at real speed.
set +e
timeout -k 10 "$timeout" "${qemu[@]}" \
	-accel tcg -icount shift=auto,sleep=off -m 512M \
	-device edu,dma_mask=0xffffffffffffffff \
	-object memory-backend-ram,id=hostmem,size=4M -device ivshmem-plain,memdev=hostmem \
	-nic none -nographic -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "$cmdline iommu.strict=1 panic=-1 oops=panic $extra" \
	</dev/null 2>&1 | tr -d '\r' >"$logfile"
rc=${PIPESTATUS[0]}
exit "$rc"
