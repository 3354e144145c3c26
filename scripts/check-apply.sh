#!/bin/bash
# The queue on all four bases: everything applies with git am on the
# pre-backport bases; on the newest of each line the stable backports of
# the first BACKPORTED_IN_NEWEST patches are recognised and skipped, and
# the rest applies.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
fail=0
for base in $PRE_BACKPORT_BASES $NEWEST_BASES; do
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	ver=$(basename "$tree")
	n=0
	while read -r line; do
		n=$((n + 1))
		want=applied
		[[ " $NEWEST_BASES " == *" $base "* && $n -le $BACKPORTED_IN_NEWEST ]] &&
			want="already present"
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
