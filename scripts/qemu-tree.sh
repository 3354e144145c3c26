#!/bin/bash
# The guest kernel's source tree for a base and a variant: a git worktree
# of the cached base (fetch-base.sh) under $CACHE/qemu/<version>/src that
# only the QEMU test uses, so the shared trees under $CACHE/src are never
# checked out.  Branch qemu-test/base is the base plus the test queue
# (patches/test/); qemu-test/series adds the series on top (on the newest
# bases only patch 3 applies, 1 and 2 are recognised as present).
# Usage: qemu-tree.sh BASE VARIANT   (VARIANT: unfixed|stable|series|stable+3)
# Prints the tree's path; the variant's branch is checked out.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=$1 variant=$2
case $variant in
unfixed | stable) fixed=0 ;;
series | stable+3) fixed=1 ;;
*) die "unknown variant '$variant' (unfixed, stable, series or stable+3)" ;;
esac

src=$("$TOP/scripts/fetch-base.sh" "$base")
ver=$(basename "$src")
tree=$CACHE/qemu/$ver/src
if [[ ! -e $tree/.git ]]; then
	mkdir -p "$CACHE/qemu/$ver"
	# -f: the path may still be registered from a deleted cache
	git -C "$src" worktree add -q -f --detach "$tree" base
fi

SERIES_BRANCH=qemu-test/base "$TOP/scripts/apply-series.sh" "$tree" base "$TOP/patches/test" |
	sed 's/^/    test queue: /' >&2
if ((fixed)); then
	SERIES_BRANCH=qemu-test/series "$TOP/scripts/apply-series.sh" "$tree" qemu-test/base "$QUEUE" |
		sed 's/^/    series: /' >&2
fi
echo "$tree"
