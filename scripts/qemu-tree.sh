#!/bin/bash
# The guest kernel's source tree for a base and a variant: a git worktree
# of the cached base (fetch-base.sh) under $CACHE/qemu/<version>/src that
# only the QEMU test uses, so the shared trees under $CACHE/src are never
# checked out.  Branch qemu-test/base is the base plus the test queue
# (patches/test/); qemu-test/series adds the series and its follow-ups
# ($QUEUE) on top (on the newest bases patches 1 and 2 are recognised as
# present), qemu-test/series-only the series without the follow-ups
# (ntb_tool and ntb_perf still allocate on the virtual PCI device).
# On 7.x, where upstream's fix is in the base, "upstream" is the base with
# the test queue only (as unfixed and stable are elsewhere), and
# qemu-test/control adds patches/test-control, which takes .get_dma_dev
# out of vNTB again (the bug must come back).
# qemu-test/stable+70becc1a is the base and the test queue with upstream's
# commit 70becc1a9b45 as the mainline base carries it
# (scripts/upstream-vntb-op.sh): what the stable requests ask for.
# qemu-test/vntb-fixes is the base and the test queue with vNTB's fixes
# (patches/vntb-fixes/, 7.x).
# Any of them followed by "+<queue>" of patches/fix-queues (transport-fixes:
# ntb_transport's fixes; vntb-fixes: vNTB's; ntb-msi-fixes: the NTB MSI
# library's) also has that fix queue on top, in branch
# qemu-test/<variant>+<queue>
# (stable+3+vntb-fixes: vNTB's fixes on the newest 6.x with the series);
# "+<queue>-firstN" has only the queue's first N patches (a bug whose fix
# is the queue's last patch shows on the queue without it).
# Usage: qemu-tree.sh BASE VARIANT[+<fix queue>[-firstN]]
#   (VARIANT: unfixed|stable|upstream|series|stable+3|series-only|control|
#    stable+70becc1a|vntb-fixes)
# Prints the tree's path; the variant's branch is checked out.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
QUEUE=$(queue_under_test)

base=$1 variant=$2
fixes= first=
for q in $(records "$TOP/patches/fix-queues" | cut -d"|" -f1); do
	if [[ $variant =~ ^(.+)\+$q(-first([0-9]+))?$ ]]; then
		fixes=$q${BASH_REMATCH[2]}
		first=${BASH_REMATCH[3]}
		variant=${BASH_REMATCH[1]}
		fixes_dir=$TOP/patches/$q
	fi
done
head=qemu-test/base
case $variant in
unfixed | stable | upstream) queue= ;;
series | stable+3) queue=$QUEUE branch=qemu-test/series ;;
series-only) queue=$TOP/patches/ntb-dma-dev branch=qemu-test/series-only ;;
control) queue=$TOP/patches/test-control branch=qemu-test/control ;;
vntb-fixes) queue=$TOP/patches/vntb-fixes branch=qemu-test/vntb-fixes ;;
stable+70becc1a) queue= ;;
*) die "unknown variant '$variant' (unfixed, stable, upstream, series, stable+3, series-only, control, stable+70becc1a or vntb-fixes)" ;;
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
if [[ -n $queue ]]; then
	SERIES_BRANCH=$branch "$TOP/scripts/apply-series.sh" "$tree" qemu-test/base "$queue" |
		sed "s/^/    $variant: /" >&2
	head=$branch
fi
if [[ $variant == stable+70becc1a ]]; then
	diff=$(mktemp)
	trap 'rm -f "$diff"' EXIT
	"$TOP/scripts/upstream-vntb-op.sh" >"$diff"
	git -C "$tree" checkout -q -B qemu-test/stable+70becc1a qemu-test/base
	git -C "$tree" apply "$diff"
	tgit -C "$tree" commit -q -a -m "Upstream 70becc1a9b45, taken from the mainline base" >&2
	echo "    $variant: upstream's 70becc1a9b45 applied" >&2
	head=qemu-test/stable+70becc1a
fi
if [[ -n $fixes ]]; then
	# shellcheck disable=SC2086 # none or one word: the first N patches
	SERIES_BRANCH=qemu-test/$variant+$fixes "$TOP/scripts/apply-series.sh" "$tree" "$head" "$fixes_dir" $first |
		sed "s/^/    $variant+$fixes: /" >&2
fi
echo "$tree"
