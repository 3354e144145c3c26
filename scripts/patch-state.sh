#!/bin/bash
# Judge one patch against a tree: is its change missing, already present,
# or in conflict with what the tree has?
# Usage: patch-state.sh TREE PATCH
# Prints "missing", "present identical", "present equivalent" or
# "conflict <file>", and exits 0 in every case.
#
# "present equivalent" is how a stable backport is recognised by content:
# the patch neither applies nor reverts, but every line of code it adds
# (comments, blank lines and lone braces left out, whitespace collapsed)
# is already in the file it touches. Version numbers are never looked at.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$1
patch=$(realpath "$2")

if git -C "$tree" apply --check "$patch" 2>/dev/null; then
	echo missing
	exit 0
fi
if git -C "$tree" apply --check --reverse "$patch" 2>/dev/null; then
	echo "present identical"
	exit 0
fi

# "<file>\t<normalised added line>" for each line of code the patch adds.
added_code() {
	awk '
	/^diff --git / { file = ""; next }
	/^\+\+\+ b\// { file = substr($0, 7); next }
	file != "" && /^\+/ {
		l = substr($0, 2)
		gsub(/[ \t]+/, " ", l); sub(/^ /, "", l); sub(/ $/, "", l)
		if (l == "" || l ~ /^(\/\*|\*|\/\/)/ || l ~ /^[{}();, ]*$/)
			next
		print file "\t" l
	}' "$1"
}

missing_in=""
while IFS=$'\t' read -r file line; do
	if [[ ! -f $tree/$file ]] ||
		! tr -s ' \t\n' '   ' <"$tree/$file" | grep -qF -- "$line"; then
		missing_in=$file
		break
	fi
done < <(added_code "$patch")

if [[ -z $missing_in ]] && [[ -n $(added_code "$patch") ]]; then
	echo "present equivalent"
else
	# Name the first file git cannot apply the patch to.
	file=$(git -C "$tree" apply --check "$patch" 2>&1 |
		sed -n 's/^error: patch failed: \(.*\):[0-9]*$/\1/p; s/^error: \(.*\): does not exist in index$/\1/p' |
		head -n1 || true)
	echo "conflict ${file:-${missing_in:-unknown}}"
fi
