#!/bin/bash
# Apply a patch queue to a tree with git am, on the branch ntb-dma-dev
# started from START. Patches whose change the tree already carries are
# skipped (see patch-state.sh). On a conflict the patch and file are named,
# git am is aborted and the tree is put back exactly as it was.
# Usage: apply-series.sh TREE START QUEUE_DIR [COUNT]
#   COUNT applies only the first COUNT patches (for bisection builds).
# Prints one "<patch>: <state>" line per patch on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$1 start=$2 queue=$(realpath "$3") count=${4:-}
branch=${SERIES_BRANCH:-ntb-dma-dev}

orig_head=$(git -C "$tree" symbolic-ref -q HEAD || git -C "$tree" rev-parse HEAD)
orig_branch=$(git -C "$tree" rev-parse -q --verify "refs/heads/$branch" || true)

restore() {
	[[ -d $(git -C "$tree" rev-parse --absolute-git-dir)/rebase-apply ]] &&
		git -C "$tree" am --abort
	git -C "$tree" checkout -q -f "${orig_head#refs/heads/}"
	if [[ -n $orig_branch ]]; then
		git -C "$tree" update-ref "refs/heads/$branch" "$orig_branch"
	elif [[ $orig_head != "refs/heads/$branch" ]]; then
		git -C "$tree" branch -q -D "$branch"
	fi
}

# TREE is the harness's own (a cache tree or a worktree of KSRC): leftovers
# of an interrupted run are dropped, never a user's work.
if [[ -d $(git -C "$tree" rev-parse --absolute-git-dir)/rebase-apply ]]; then
	log "$tree: aborting an interrupted git am"
	git -C "$tree" am --abort
fi
if [[ -n $(git -C "$tree" status --porcelain --untracked-files=no) ]]; then
	log "$tree: discarding the changes an interrupted run left"
	git -C "$tree" reset -q --hard
fi
git -C "$tree" checkout -q -f -B "$branch" "$start"

n=0
while read -r name; do
	n=$((n + 1))
	[[ -n $count && $n -gt $count ]] && break
	file=$(patch_for_tree "$tree" "$queue" "$name")
	if [[ $file == - ]]; then
		echo "$name: not for this tree (${queue##*/}/forms), skipped"
		continue
	fi
	form=
	[[ $file == "$queue/$name" ]] || form=" (form ${file#"$queue/"})"
	state=$("$TOP/scripts/patch-state.sh" "$tree" "$file")
	case $state in
	missing)
		if ! tgit -C "$tree" am -q --no-3way "$file" >/dev/null 2>&1; then
			restore
			die "$name: git am failed; tree restored"
		fi
		echo "$name: applied$form"
		;;
	"present identical")
		echo "$name: already present (identical patch), skipped"
		;;
	"present facts"*)
		IFS='|' read -r commit release _ _ usubject <<<"$(upstream_of "$file")"
		if [[ -n $commit ]]; then
			echo "$name: already present as upstream ${commit:0:12} (\"${usubject# }\", Linux${release% }): its ${state#present facts } code facts hold; skipped"
		else
			echo "$name: already present (its ${state#present facts } code facts hold), skipped"
		fi
		;;
	partial*)
		restore
		die "$name: only half there in $tree (${state#partial }); tree restored"
		;;
	conflict*)
		restore
		die "$name: conflicts with ${state#conflict } in $tree; tree restored"
		;;
	esac
done < <(series_patches "$queue")
