#!/bin/bash
# Every check must be able to fail: run each against the series plus one
# patch broken on purpose and require the failure it exists to catch.
# Runs on the first pre-backport base only, to stay quick.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

export PRE_BACKPORT_BASES=${PRE_BACKPORT_BASES%% *}
# The broken patches are made on that base; the mainline base has a
# check of its own in every check that runs there.
export MAINLINE_BASES=
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
transport=drivers/ntb/ntb_transport.c
vntb=drivers/pci/endpoint/functions/pci-epf-vntb.c
# The broken patch comes after the series: its number and file name prefix.
n=$(($(series_patches "$SERIES_DIR" | wc -l) + 1))
nnnn=$(printf '%04d' "$n")

# name | what the broken patch does (a command run in the tree) | check | expected output
cases=(
	"build-break|sed -i 's/^static void ntb_free_mw(/static void ntb_free_mw(int broken, /' $transport|scripts/check-build.sh x86_64 bisect|$n/$n patches: does not build"
	"new-warning|sed -i '/^static void ntb_free_mw(/i static int ntb_unused_on_purpose;' $transport|scripts/check-build.sh x86_64 bisect|$transport: [0-9]* -> [0-9]* MORE"
	"arm64-only-warning|sed -i '0,/^#include/s//#ifdef CONFIG_ARM64\n#warning broken on purpose\n#endif\n#include/' $vntb|scripts/check-build.sh arm64 ends|$vntb: 0 -> 1 MORE"
	"checkpatch|sed -i 's/^\tstruct epf_ntb \*ntb = ntb_ndev(ndev);\$/&  /' $vntb|scripts/check-checkpatch.sh|^  ERROR:TRAILING_WHITESPACE"
	"kernel-doc|sed -i '/^ \* ntb_get_dma_dev() - /{n;d}' include/linux/ntb.h|scripts/check-kernel-doc.sh|include/linux/ntb.h: [0-9]* -> [0-9]* MORE"
	"tx-path-size|sed -i '0,/^\tqp->tx_pkts++;\$/s//\tqp->tx_pkts += entry->len;/' $transport|scripts/check-bloat.sh|FAIL: ntb_[a-z_]*tx[a-z_]* changed"
	"docs-rst|printf '\\n* a bullet list\\nwithout a blank line after it\\n' >>Documentation/driver-api/ntb.rst|scripts/check-docs.sh|ntb.rst: [0-9]* -> [0-9]* MORE"
	"newest-conflict|sed -i 's/^\tstruct ntb_payload_header __iomem \*hdr = entry->tx_hdr;\$/&\n\t\/* a context line that the newest bases do not have *\//' $transport|scripts/check-apply.sh|$nnnn-.*conflicts with $transport"
)

# Usage: test-checks-fail.sh [CASE...]   (default: every case)
for c in "${cases[@]}"; do
	IFS='|' read -r name cmd check want <<<"$c"
	[[ $# -eq 0 || " $* " == *" $name "* ]] || continue
	q=$work/$name
	broken_queue "$q" "Break the $name check on purpose" "$cmd"
	rc=0
	# Only the broken last patch needs bisecting.
	out=$(cd "$TOP" && QUEUE=$q BISECT_FROM=$n $check 2>&1) || rc=$?
	if ((rc != 0)) && grep -q -- "$want" <<<"$out"; then
		ok "$name: $check fails as it should: $(grep -m1 -- "$want" <<<"$out")"
	else
		not_ok "$name: $check rc=$rc, no line matching /$want/:"
		tail -n 8 <<<"$out" | sed 's/^/    /'
	fi
done
finish
