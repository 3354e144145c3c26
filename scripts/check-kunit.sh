#!/bin/bash
# The KUnit suites of the series, run by kunit.py under UML: all cases pass
# on the first pre-backport base; and they fail where they must, on
# kernels broken on purpose that still build and run (on the same base,
# sharing its build directory):
#   - the series with patch 3's op taken out again by one more patch (on
#     top, as the 7.3 control variant does: patch 6 exports the ops table
#     whose last entry patch 3 adds, so it does not apply without it):
#     the vNTB cases fail;
#   - the helper's fallback changed to the NTB device itself instead of
#     its parent: the fallback case fails.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# expect BASE QUEUE LABEL FAILING-CASES...: run and compare the failed cases.
expect() {
	local base=$1 queue=$2 label=$3 out got want
	shift 3
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')
	if ! out=$(KUNIT_FAILURES_EXPECTED=1 "$TOP/scripts/run-kunit.sh" "$base" "$queue" "$label"); then
		echo "kunit: $base $label: did not run to the end: FAIL"
		fail=1
		return
	fi
	got=$(sed -n 's/^FAILED //p' <<<"$out" | sort | tr '\n' ' ')
	summary=$(grep '^kunit: ' <<<"$out" | tail -n1)
	if [[ $got == "$want" ]] && [[ $summary =~ [1-9][0-9]*\ passed ]]; then
		echo "$summary, failing as expected: ${want:-none} ok"
	else
		[[ $label == series ]] && sed -n '/^KTAP version/,/^kunit:/p' <<<"$out"
		echo "$summary; failed: ${got:-none}; expected: ${want:-none} FAIL"
		fail=1
	fi
}

# One base only: a cold UML kernel costs 3-5 minutes, and the suites run
# as modules inside the QEMU guests of the series' variants on the other
# bases, 7.3 and 6.12.118 included (their forms of patches 5-6;
# qemu-verdict.sh requires kunit=ok(2/2) there).
base=${PRE_BACKPORT_BASES%% *}
expect "$base" "$SERIES_DIR" series
broken_queue "$work/no-patch-3" "PCI: endpoint: pci-epf-vntb: Take .get_dma_dev() out (broken)" \
	"sed -i '/^static struct device \*vntb_epf_get_dma_dev(/,/^}\$/d; /^\t\.get_dma_dev\t*= vntb_epf_get_dma_dev,\$/d' drivers/pci/endpoint/functions/pci-epf-vntb.c"
expect "$base" "$work/no-patch-3" without-patch-3 \
	vntb_dma_dev_is_epc_parent vntb_dma_dev_is_not_virtual_pdev
broken_queue "$work/wrong-fallback" "NTB: Fall back to the NTB device (broken)" \
	"sed -i 's/^\t\treturn ntb->dev.parent;\$/\t\treturn \&ntb->dev;/' include/linux/ntb.h"
expect "$base" "$work/wrong-fallback" wrong-fallback ntb_get_dma_dev_default_is_parent
exit $fail
