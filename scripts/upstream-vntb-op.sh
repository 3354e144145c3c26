#!/bin/bash
# Print upstream commit 70becc1a9b45 ("PCI: endpoint: pci-epf-vntb:
# Implement .get_dma_dev()") as a diff, taken at run time from the mainline
# base (the first of MAINLINE_BASES, or MAINLINE_TREE): the Debian tarball
# has no history, so the change is made by taking the commit's two
# additions out of that tree's pci-epf-vntb.c again (the function
# vntb_epf_get_dma_dev() with the blank line before it, and its entry in
# vntb_epf_ops) and diffing back. Its text is upstream's, as the mainline
# tree carries it; nothing of it is stored in this repository.
# Used by the stable request check and the QEMU variant stable+70becc1a.
# Usage: upstream-vntb-op.sh   (the diff on stdout, for git apply -p1)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

file=drivers/pci/endpoint/functions/pci-epf-vntb.c
# git patch-id --stable of the diff taken from 7.3.4-1~bpo13+1.
PATCH_ID_70BECC1A=06d970831a4db0f79612ee96aa6263de5dc98330
if [[ -n ${MAINLINE_TREE:-} ]]; then
	tree=$MAINLINE_TREE
else
	[[ -n $MAINLINE_BASES ]] || die "no mainline base to take upstream's 70becc1a9b45 from (MAINLINE_BASES is empty)"
	tree=$("$TOP/scripts/fetch-base.sh" "${MAINLINE_BASES%% *}")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/a" "$work/b"
# From the base commit's object, never from the working tree (other checks
# may have a branch of it checked out).
git -C "$tree" show "base:$file" >"$work/b/vntb.c"

# Drop lines [start-1, end] of the function and the ops entry; exactly one
# of each, or the tree no longer carries the commit as it was merged.
awk -v out="$work/a/vntb.c" '
	{ line[NR] = $0 }
	/^static struct device \*vntb_epf_get_dma_dev\(struct ntb_dev \*[a-z]+\)$/ { fn++; start = NR }
	start && !end && NR > start && /^}$/ { end = NR }
	/^\t\.get_dma_dev\t+= vntb_epf_get_dma_dev,$/ { op++; opline = NR }
	END {
		if (fn != 1 || op != 1 || !end || line[start - 1] != "") {
			print "functions " fn + 0 ", ops entries " op + 0 > "/dev/stderr"
			exit 1
		}
		for (i = 1; i <= NR; i++)
			if ((i < start - 1 || i > end) && i != opline)
				print line[i] > out
	}' "$work/b/vntb.c" ||
	die "$(basename "$tree"): $file does not carry 70becc1a9b45 as merged (one vntb_epf_get_dma_dev() and one ops entry)"

{
	echo "diff --git a/$file b/$file"
	diff -u --label "a/$file" --label "b/$file" "$work/a/vntb.c" "$work/b/vntb.c" || [[ $? == 1 ]]
} >"$work/diff"
# The change as 7.3.4 carries it, pinned (git patch-id ignores line
# numbers and context): if a later change rewrote the function, this would
# no longer be 70becc1a9b45 alone, and must not be called that.
id=$(git patch-id --stable <"$work/diff" | cut -d' ' -f1)
[[ $id == "$PATCH_ID_70BECC1A" ]] ||
	die "$(basename "$tree"): its vntb_epf_get_dma_dev() and ops entry differ from 7.3.4's (patch-id $id): not 70becc1a9b45 as merged"
cat "$work/diff"
