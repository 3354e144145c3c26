#!/bin/bash
# Find the tree to work in, from KSRC (a user's git tree) or BASE (a Debian
# version or kernel line). Prints "<tree> <start-commit> <label>".
#
# A user's tree is never modified: the series goes into a git worktree of it
# under the cache, on a branch of its own.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [[ -n ${KSRC:-} ]]; then
	[[ -d $KSRC ]] || die "KSRC=$KSRC: no such directory"
	git -C "$KSRC" rev-parse --git-dir >/dev/null 2>&1 ||
		die "KSRC=$KSRC is not a git tree"
	[[ -f $KSRC/include/linux/ntb.h ]] ||
		die "KSRC=$KSRC is not a kernel tree (no include/linux/ntb.h)"
	[[ -z $(git -C "$KSRC" status --porcelain --untracked-files=no) ]] ||
		die "KSRC=$KSRC has uncommitted changes; commit or stash them first"
	start=$(git -C "$KSRC" rev-parse HEAD)
	wt=$CACHE/ksrc/$(realpath "$KSRC" | md5sum | cut -c1-12)
	# The branch the series goes on must be ours: checked out in our
	# worktree, or not there yet.
	if git -C "$KSRC" rev-parse -q --verify refs/heads/ntb-dma-dev >/dev/null &&
		[[ $(git -C "$wt" symbolic-ref -q HEAD 2>/dev/null) != refs/heads/ntb-dma-dev ]]; then
		die "KSRC=$KSRC already has a branch ntb-dma-dev of its own; rename it first"
	fi
	if ! git -C "$wt" rev-parse --git-dir >/dev/null 2>&1; then
		log "adding a git worktree of $KSRC at $wt"
		git -C "$KSRC" worktree prune
		mkdir -p "$CACHE/ksrc"
		git -C "$KSRC" worktree add -q --detach "$wt" "$start"
	fi
	echo "$wt $start ksrc-$(git -C "$KSRC" rev-parse --short HEAD)"
else
	tree=$("$TOP/scripts/fetch-base.sh" "${BASE:-$DEFAULT_BASE}")
	echo "$tree $(git -C "$tree" rev-parse base) $(basename "$tree")"
fi
