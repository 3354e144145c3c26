#!/bin/bash
# make qemu-run: one guest of the run-time proof, built, booted and
# judged as make qemu-test does it (scripts/qemu-test.sh, with a variants
# file of one line), its verdict line printed whatever it is.
# Usage: [BASE=7.3] [VARIANT=upstream] [CLIENT=transport] [ARCH=x86_64]
#        [BUG=dma] [STRESS=0] [GUEST_SHELL=1] qemu-run-one.sh
#   (the values of qemu/variants' columns; GUEST_SHELL=1 leaves a shell on
#   the guest's console, this terminal, after the test)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${ARCH:-x86_64}
guest_arch "$arch" qemu >/dev/null
line="${BASE:-7.3} ${VARIANT:-upstream} ${CLIENT:-transport} - ${STRESS:-0} $arch check ${BUG:-dma}"
variants=$(mktemp)
trap 'rm -f "$variants"' EXIT
echo "$line" >"$variants"
log "one run: $line (qemu/variants' columns; EXPECTED - is none)"
QEMU_ARCH=$arch "$TOP/scripts/qemu-test.sh" "$variants"
