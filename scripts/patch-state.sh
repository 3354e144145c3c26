#!/bin/bash
# Judge one patch against a tree: is its change missing, already present,
# or in conflict with what the tree has?
# Usage: patch-state.sh TREE PATCH
# Prints one of, and exits 0 in every case:
#   missing                    the patch applies
#   present identical          the patch reverts: the tree has its text
#   present facts N            the text differs, but all N facts that
#                              patches/facts gives for the patch hold (its
#                              change in upstream's or a backport's words)
#   partial <file>: <fact>     some facts hold, this one does not: the
#                              change is only half there
#   conflict <file>            none of the above
# Version numbers are never looked at.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$1
patch=$(realpath "$2")
facts=${PATCH_FACTS:-$TOP/patches/facts}

if git -C "$tree" apply --check "$patch" 2>/dev/null; then
	echo missing
	exit 0
fi
if git -C "$tree" apply --check --reverse "$patch" 2>/dev/null; then
	echo "present identical"
	exit 0
fi

subject=$(patch_subject "$patch")
# This patch's facts: the lines after its [subject] up to the next [.
mine=$(awk -v s="[$subject]" '
	/^#/ || /^[ \t]*$/ { next }
	/^\[/ { on = ($0 == s); next }
	on' "$facts")

n=0 failed=
# Every fact is looked at: "partial" when any holds, the first that does
# not named.
while read -r file scope kind regex; do
	[[ -n $file ]] || continue
	found=no
	scope_matches "$tree" "$file" "$scope" "$regex" && found=yes
	# "lacks" needs the scope itself to be there.
	if [[ $kind == has && $found == yes ]] ||
		[[ $kind == lacks && $found == no && -n $(scope_text "$tree/$file" "$scope" 2>/dev/null) ]]; then
		n=$((n + 1))
	elif [[ -z $failed ]]; then
		failed="$file: $scope $kind $regex"
	fi
done <<<"$mine"

if [[ -n $mine && -z $failed ]]; then
	echo "present facts $n"
elif [[ -n $mine && $n -gt 0 ]]; then
	echo "partial $failed"
else
	# Name the first file git cannot apply the patch to.
	errors=$(git -C "$tree" apply --check "$patch" 2>&1 || true)
	file=$(sed -n 's/^error: patch failed: \(.*\):[0-9]*$/\1/p; s/^error: \(.*\): does not exist in index$/\1/p' <<<"$errors" |
		sed -n 1p)
	echo "conflict ${file:-${failed%%:*}}"
fi
