#!/bin/bash
# The QEMU test must not take a broken fix for a fixed kernel: with a
# .get_dma_dev() that returns the EPC's class device (no DMA mask), the
# memory-window allocation fails and no window is ever programmed; the
# run must say so (its facts mwN_programmed failed) and be an ERROR, not
# FIXED.
# Boots a guest (about a minute warm).
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
queue=$work/queue
broken_queue "$queue" "PCI: endpoint: pci-epf-vntb: Return the EPC device (broken)" \
	"sed -i 's|^\treturn ntb->epf->epc->dev.parent;\$|\treturn \&ntb->epf->epc->dev;|' drivers/pci/endpoint/functions/pci-epf-vntb.c"

variants=$work/variants
echo "${PRE_BACKPORT_BASES%% *} series transport ERROR 0 x86_64" >"$variants"
out=$(QUEUE=$queue "$TOP/scripts/qemu-test.sh" "$variants" 2>/dev/null) || true
line=$(grep '^qemu: ' <<<"$out" || true)
if [[ $line == *" verdict=ERROR "* && $line == *"mapped=never"* && $line =~ reason=failed:([^ ]*,)?mw0_programmed ]]; then
	ok "wrong .get_dma_dev(): $line"
else
	not_ok "wrong .get_dma_dev() not reported as never programmed: ${line:-no result}"
fi
finish
