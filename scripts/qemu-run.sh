#!/bin/bash
# Boot the guest once under QEMU (q35, TCG, Intel IOMMU in strict mode,
# edu with a 64-bit DMA mask) and write its serial log, without \r.
# The guest powers off by itself; panic=-1 and -no-reboot turn a panic
# into an exit, and a timeout guards the whole run.
# Usage: qemu-run.sh BZIMAGE INITRAMFS LOG [EXTRA_KERNEL_ARGS]
# Exit status: QEMU's (124 on timeout).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 logfile=$3 extra=${4:-}
timeout=${QEMU_TIMEOUT:-300}

set +e
timeout -k 10 "$timeout" qemu-system-x86_64 \
	-machine q35 -accel tcg -m 512M \
	-device intel-iommu,intremap=off \
	-device edu,dma_mask=0xffffffffffffffff \
	-nographic -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 intel_iommu=on iommu.strict=1 panic=-1 oops=panic $extra" \
	</dev/null 2>&1 | tr -d '\r' >"$logfile"
rc=${PIPESTATUS[0]}
exit "$rc"
