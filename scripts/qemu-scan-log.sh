#!/bin/bash
# Scan a guest log for reports of the kernel's debugging options: WARNING,
# BUG, Oops, KASAN, DMA-API (CONFIG_DMA_API_DEBUG), kmemleak, lockdep and
# RCU reports.  QEMU's own messages and the markers of qemu/init are not
# the guest kernel's and are skipped.  Lines matching an entry of qemu/allowlist are known
# messages of the bases and do not count.
# Usage: qemu-scan-log.sh LOG
# Prints the number of reports on stdout and each report line on stderr.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

logfile=$1
allow=$TOP/qemu/allowlist
patterns='unreferenced object|WARNING:|BUG:|kernel BUG at|Oops|KASAN|DMA-API|kmemleak|lockdep|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|INFO: |UBSAN|general protection fault|Kernel panic'

allowed() {
	local msg=$1 re
	while IFS= read -r re; do
		[[ -z $re || $re == \#* ]] && continue
		[[ $msg =~ ^${re}$ ]] && return 0
	done <"$allow"
	return 1
}

n=0
while IFS= read -r line; do
	msg=$(sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' <<<"$line")
	allowed "$msg" && continue
	echo "splat: $line" >&2
	n=$((n + 1))
done < <(grep -E "$patterns" "$logfile" | grep -Ev '^qemu-system|ntb-dma-(init|ktap): ' || true)
echo "$n"
