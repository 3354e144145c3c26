#!/bin/bash
# The queue on every base of bases/checked: the first patches that a base
# already has (its stable backports, or upstream's own form on mainline)
# are recognised by their code facts and skipped, and the rest applies
# with git am.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
QUEUE=$(queue_under_test)

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
fail=0
# shellcheck disable=SC2086 # word lists
fetch_bases $PRE_BACKPORT_BASES $NEWEST_BASES $MAINLINE_BASES
for base in $PRE_BACKPORT_BASES $NEWEST_BASES $MAINLINE_BASES; do
	present=$(present_in "$base")
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	ver=$(basename "$tree")
	n=0
	while read -r line; do
		n=$((n + 1))
		want=applied
		((n <= ${present:-0})) && want="already present"
		verdict=ok
		[[ ${line#*: } == "$want"* ]] || { verdict="FAIL (expected: $want)"; fail=1; }
		echo "apply: $base ($ver): $line $verdict"
	done < <(
		# Per-patch states on stdout; of stderr only the error that stops it.
		"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" 2>"$errors" || true
		grep '^error:' "$errors" || true
	)
	if ((n != $(series_patches "$QUEUE" | wc -l))); then
		echo "apply: $base ($ver): only $n of the patches were handled"
		fail=1
	fi
done
exit $fail
