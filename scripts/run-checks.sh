#!/bin/bash
# Run every check and the harness's own tests; print one PASS/FAIL line per
# check with its time, and end with "N passed, N failed".
# Usage: run-checks.sh [CHECK...]   (default: all, in the order below)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

checks=(
	"apply:scripts/check-apply.sh"
	"bisect-w1-sparse:scripts/check-build.sh x86_64 bisect"
	"checkpatch:scripts/check-checkpatch.sh"
	"kernel-doc:scripts/check-kernel-doc.sh"
	"docs:scripts/check-docs.sh"
	"bloat-o-meter:scripts/check-bloat.sh"
	"matrix:scripts/check-matrix.sh"
	"stable:scripts/check-stable.sh"
	"debian-quilt:scripts/check-debian.sh"
	"kunit:scripts/check-kunit.sh"
	"qemu-test:scripts/qemu-test.sh"
)
for t in "$TOP"/tests/test-*.sh; do
	[[ -e $t ]] && checks+=("$(basename "$t" .sh):tests/$(basename "$t")")
done

"$TOP/scripts/install-deps.sh"
passed=0 failed=0 start=$SECONDS
for entry in "${checks[@]}"; do
	name=${entry%%:*} cmd=${entry#*:}
	if [[ $# -gt 0 && " $* " != *" $name "* ]]; then
		continue
	fi
	echo "--- $name"
	t0=$SECONDS
	# shellcheck disable=SC2086 # cmd is a command line
	if (cd "$TOP" && $cmd); then
		echo "PASS $name ($((SECONDS - t0)) s)"
		passed=$((passed + 1))
	else
		echo "FAIL $name ($((SECONDS - t0)) s)"
		failed=$((failed + 1))
	fi
done
echo "total time: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
((failed == 0))
