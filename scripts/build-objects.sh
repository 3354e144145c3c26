#!/bin/bash
# Build the objects the series touches (every user of ntb.h, vNTB and
# ntb_netdev) in an out-of-tree directory, recompiling all of them so that
# every warning of every file is seen, and log the output.
# Usage: build-objects.sh TREE OUT ARCH LOG [make args, e.g. W=1 C=1]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$1 out=$2 arch=$3 logfile=$4
shift 4

"$TOP/scripts/configure.sh" "$tree" "$out" "$arch"
for obj in $TOUCHED_DIRS $TOUCHED_OBJS; do
	if [[ $obj == */ ]]; then
		[[ -d $out/$obj ]] && find "$out/$obj" -name '*.o' -delete
	else
		rm -f "$out/$obj"
	fi
done
# shellcheck disable=SC2086 # word lists by design
if ! kmake "$tree" "$out" "$arch" "$@" $TOUCHED_DIRS $TOUCHED_OBJS >"$logfile" 2>&1; then
	grep -m 5 -E ': error:|Error [0-9]' "$logfile" >&2
	die "build of the touched objects failed for $arch in $tree (log: $logfile)"
fi
