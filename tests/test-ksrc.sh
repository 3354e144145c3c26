#!/bin/bash
# KSRC: the user's tree is never modified. A conflicting patch and a dirty
# tree are one-line errors that leave it as it was; a clean kernel tree
# gets the series on a branch of its own in a worktree.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"
QUEUE=$(queue_under_test)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base_tree=$("$TOP/scripts/fetch-base.sh" "${PRE_BACKPORT_BASES%% *}")
export NTB_DMA_DEV_CACHE=$CACHE

# What must not change in a user's tree.
snapshot() {
	git -C "$1" rev-parse HEAD
	git -C "$1" symbolic-ref -q HEAD || true
	git -C "$1" status --porcelain
	git -C "$1" for-each-ref --format='%(refname) %(objectname)' refs/heads
	find "$1" -path "$1/.git" -prune -o -type f -newer "$work/stamp" -print
}

# A small tree with the three files of the series, where ntb_free_mw()
# no longer looks as patch 2 expects.
small=$work/small
mkdir -p "$small"
for f in include/linux/ntb.h drivers/ntb/ntb_transport.c \
	drivers/pci/endpoint/functions/pci-epf-vntb.c; do
	mkdir -p "$(dirname "$small/$f")"
	git -C "$base_tree" show "base:$f" >"$small/$f"
done
sed -i 's/^\tntb_mw_clear_trans(nt->ndev, PIDX, num_mw);$/\tntb_mw_clear_trans(nt->ndev, PIDX, num_mw); \/* changed *\//' \
	"$small/drivers/ntb/ntb_transport.c"
tgit -C "$small" init -q -b user-branch
tgit -C "$small" add -A
tgit -C "$small" commit -q -m "user's tree"
touch "$work/stamp"
sleep 1

before=$(snapshot "$small")
expect_error "conflicting KSRC" "0002-.*drivers/ntb/ntb_transport.c.*restored" \
	env KSRC="$small" "$TOP/scripts/main.sh"
[[ $(snapshot "$small") == "$before" ]] && ok "conflicting KSRC left unchanged" ||
	not_ok "conflicting KSRC changed"

echo "/* local edit */" >>"$small/include/linux/ntb.h"
before=$(snapshot "$small")
expect_error "dirty KSRC" "uncommitted changes" env KSRC="$small" "$TOP/scripts/main.sh"
[[ $(snapshot "$small") == "$before" ]] && ok "dirty KSRC left unchanged" ||
	not_ok "dirty KSRC changed"

# Worktrees the small tree got are the harness's own; drop them.
remove_worktrees() {
	git -C "$1" worktree list --porcelain | sed -n 's/^worktree //p' | { grep -vx "$1" || true; } |
		xargs -r -n1 git -C "$1" worktree remove --force
}
remove_worktrees "$small"

# clean_ksrc NAME BASE PRESENT: a clean kernel tree, a clone of BASE on the
# user's own branch, gets the series on branch ntb-dma-dev; its first
# PRESENT patches are found already there (upstream's form), the rest
# applied. Kept in the cache (with its worktree) so that warm runs skip
# the checkout.
clean_ksrc() {
	local name=$1 src full out after n want npatches
	src=$("$TOP/scripts/fetch-base.sh" "$2")
	want=$3
	npatches=$(series_patches "$QUEUE" | wc -l)
	full=$CACHE/test-user-tree${name:+-$name}
	if [[ ! -d $full/.git ]]; then
		rm -rf "$full.tmp"
		git clone -q --shared --no-checkout "$src" "$full.tmp"
		git -C "$full.tmp" checkout -q -b user-branch base
		mv "$full.tmp" "$full"
	fi
	git -C "$full" checkout -q -f user-branch
	# A branch left by a worktree that is gone (cache partly deleted) is stale.
	git -C "$full" worktree prune
	git -C "$full" branch -q -D ntb-dma-dev 2>/dev/null || true
	git -C "$full" reset -q --hard base
	git -C "$full" for-each-ref --format='%(refname)' refs/heads |
		{ grep -vx -e refs/heads/user-branch -e refs/heads/ntb-dma-dev || true; } |
		xargs -r -n1 git -C "$full" update-ref -d
	touch "$work/stamp"
	sleep 1
	before=$(snapshot "$full")
	if out=$(KSRC=$full "$TOP/scripts/main.sh" 2>&1); then
		ok "clean KSRC ($2): main job passed"
		if (($(grep -c ': applied' <<<"$out") == npatches - want)) &&
			(($(grep -c ': already present as upstream [0-9a-f]\{12\} ' <<<"$out") == want)); then
			ok "clean KSRC ($2): $want patches present (upstream), $((npatches - want)) applied"
		else
			not_ok "clean KSRC ($2): want $want present (upstream), the rest applied:"
			grep '^    0' <<<"$out"
		fi
	else
		not_ok "clean KSRC ($2): main job failed:"
		tail -n 5 <<<"$out"
	fi
	after=$(snapshot "$full")
	# Only the new branch may appear in the user's refs.
	if diff <(grep -v 'refs/heads/ntb-dma-dev ' <<<"$after") <(grep -v 'refs/heads/ntb-dma-dev ' <<<"$before") >/dev/null; then
		ok "clean KSRC ($2): checked-out branch and files untouched"
	else
		not_ok "clean KSRC ($2): user's tree changed:"
		diff <(grep -v 'refs/heads/ntb-dma-dev ' <<<"$after") <(grep -v 'refs/heads/ntb-dma-dev ' <<<"$before") | sed -n 1,10p || true
	fi
	n=$(git -C "$full" rev-list --count base..ntb-dma-dev)
	((n == npatches - want)) &&
		ok "clean KSRC ($2): branch ntb-dma-dev has the $n patches" || not_ok "clean KSRC ($2): branch has $n commits"
}

clean_ksrc "" "${PRE_BACKPORT_BASES%% *}" 0
[[ -z $MAINLINE_BASES ]] || clean_ksrc mainline "${MAINLINE_BASES%% *}" "$(present_in "${MAINLINE_BASES%% *}")"
finish
