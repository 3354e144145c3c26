#!/bin/bash
# checkpatch.pl --strict --codespell on every patch of the queue, with the
# script of the base the queue is made on: 0 errors, 0 warnings, 0 checks,
# except the types listed for a patch in QUEUE/checkpatch-exceptions, each
# of which a cover letter of the queue must name and justify.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
QUEUE=$(queue_under_test)

tree=$("$TOP/scripts/fetch-base.sh" "${PRE_BACKPORT_BASES%% *}")
dict=/usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt
exceptions=$QUEUE/checkpatch-exceptions
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
fail=0

allowed() {
	local patch=$1 type=$2
	[[ -f $exceptions ]] && grep -qx -- "$patch $type" "$exceptions" &&
		grep -q -- "($type)" "$QUEUE"/0000-cover-letter*.patch
}

while read -r name; do
	# Debian's python3 (with python3-ply for spdxcheck.py) before any other.
	(cd "$tree" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --codespell \
		--codespellfile="$dict" --show-types "$QUEUE/$name" >"$logs/log" || true)
	total=$(grep '^total:' "$logs/log" || echo "no result")
	verdict=ok
	while read -r level type; do
		if allowed "$name" "$type"; then
			echo "  $level:$type: allowed, justified in the cover letter"
		else
			grep -E "^$level:$type:" "$logs/log" | sed 's/^/  /'
			verdict=FAIL
		fi
	done < <(sed -n -E 's/^(ERROR|WARNING|CHECK):([A-Z_]+):.*/\1 \2/p' "$logs/log" | sort -u)
	[[ $total == "no result" ]] && verdict=FAIL
	[[ $verdict == ok ]] || fail=1
	echo "checkpatch: $name: $total $verdict"
done < <(series_patches "$QUEUE"; [[ ! -f $QUEUE/forms ]] || records "$QUEUE/forms" | awk '$1 != "-" { print $1 "/" $2 }')
exit $fail
