#!/bin/bash
# checkpatch.pl --strict --codespell on every patch of the queue, with the
# script of the base the queue is made on: 0 errors, 0 warnings, 0 checks.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$("$TOP/scripts/fetch-base.sh" "${PRE_BACKPORT_BASES%% *}")
dict=/usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
fail=0
while read -r name; do
	total=$(cd "$tree" && perl scripts/checkpatch.pl --strict --codespell \
		--codespellfile="$dict" --show-types "$QUEUE/$name" |
		tee "$logs/$name.log" | grep '^total:' || true)
	if [[ $total == "total: 0 errors, 0 warnings, 0 checks,"* ]]; then
		echo "checkpatch: $name: $total"
	else
		echo "checkpatch: $name: ${total:-no result}"
		grep -E '^(ERROR|WARNING|CHECK):' "$logs/$name.log" | sed 's/^/  /' || true
		fail=1
	fi
done < <(series_patches "$QUEUE")
exit $fail
