#!/bin/bash
# Boot the guest once under QEMU (TCG, the IOMMU in strict mode, edu with
# a 64-bit DMA mask behind it, an ivshmem-plain device whose RAM is the
# host's memory for the test driver) and write its serial log, without \r.
# QEMU_ARCH selects the machine and console (qemu/arch/<arch>): x86_64
# (default) is q35 with the Intel IOMMU, arm64 is virt with GICv3 and an
# SMMUv3 (PL011 console).
# The guest powers off by itself; panic=-1 and -no-reboot turn a panic
# into an exit, and a timeout guards the whole run.
# GUEST_SHELL=1 (make qemu-run): the console is this terminal as well as
# the log, the guest starts a shell after the test (qemu/init), and
# there is no timeout unless QEMU_TIMEOUT is given.
# Usage: QEMU_ARCH=<arch> [GUEST_SHELL=1] qemu-run.sh KERNEL INITRAMFS LOG [EXTRA_KERNEL_ARGS]
# Exit status: QEMU's (124 on timeout).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=$1 initrd=$2 logfile=$3 extra=${4:-}

arch=${QEMU_ARCH:-x86_64}
qemu_line=$(guest_arch "$arch" qemu)
read -ra qemu <<<"$qemu_line"
cmdline=$(guest_arch "$arch" cmdline)

# -icount with sleep=off: when the guest idles, QEMU's clock jumps to the
# next timer instead of waiting for it.  The guest mostly waits (on edu,
# whose every DMA takes 100 ms of that clock, and in msleep()s), so a
# run takes 40% less time; shift=auto keeps busy stretches at real speed.
# shellcheck disable=SC2054 # commas inside options
common=(-accel tcg -icount shift=auto,sleep=off -m 512M
	-device edu,dma_mask=0xffffffffffffffff
	-object memory-backend-ram,id=hostmem,size=4M -device ivshmem-plain,memdev=hostmem
	-nic none -nographic -no-reboot -kernel "$kernel" -initrd "$initrd")
args="$cmdline iommu.strict=1 panic=-1 oops=panic $extra"
set +e
if [[ ${GUEST_SHELL:-0} == 1 ]]; then
	# The console on this terminal (stdin included; Ctrl-A x quits QEMU),
	# logged as well; a timeout only if QEMU_TIMEOUT asks for one.
	rm -f "$logfile" "$logfile.raw"
	timeout --foreground -k 10 "${QEMU_TIMEOUT:-0}" "${qemu[@]}" "${common[@]}" -append "$args ntbtest.shell=1" \
		-chardev "stdio,id=con,mux=on,signal=off,logfile=$logfile.raw" -serial chardev:con -monitor none
	rc=$?
	tr -d '\r' <"$logfile.raw" >"$logfile"
	rm -f "$logfile.raw"
	exit "$rc"
fi
timeout -k 10 "${QEMU_TIMEOUT:-300}" "${qemu[@]}" "${common[@]}" -append "$args" \
	</dev/null 2>&1 | tr -d '\r' >"$logfile"
rc=${PIPESTATUS[0]}
exit "$rc"
