#!/bin/bash
# patch-state.sh must call a change present where a tree has it in other
# words (upstream's own form on the mainline base, the stable backports
# on the newest 6.12), and never where it is missing or only half there.
# The trees are small git trees made here from the three files of the
# cached bases, some edited to take part of the change out again.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
h=include/linux/ntb.h t=drivers/ntb/ntb_transport.c v=drivers/pci/endpoint/functions/pci-epf-vntb.c
p1=$SERIES_DIR/0001-NTB-Add-.get_dma_dev-to-struct-ntb_dev_ops.patch
p2=$SERIES_DIR/0002-NTB-ntb_transport-Use-ntb_get_dma_dev-for-memory-win.patch
p3=$SERIES_DIR/0003-PCI-endpoint-pci-epf-vntb-Implement-.get_dma_dev.patch

# fixture NAME BASE [SED-SCRIPT FILE]...: a git tree with the three files
# of BASE, each SED-SCRIPT run on its FILE.
fixture() {
	local dir=$work/$1 src
	src=$("$TOP/scripts/fetch-base.sh" "$2")
	shift 2
	mkdir -p "$dir"
	for f in $h $t $v; do
		mkdir -p "$dir/$(dirname "$f")"
		git -C "$src" show "base:$f" >"$dir/$f"
	done
	while (($# >= 2)); do
		sed -i "$1" "$dir/$2"
		cmp -s "$dir/$2" <(git -C "$src" show "base:$2") && die "fixture: '$1' changed nothing in $2"
		shift 2
	done
	tgit -C "$dir" init -q
	tgit -C "$dir" add -A
	tgit -C "$dir" commit -q -m fixture
	echo "$dir"
}

# expect TREE PATCH STATE-PATTERN
expect() {
	local state
	state=$("$TOP/scripts/patch-state.sh" "$1" "$2")
	if [[ $state =~ ^$3$ ]]; then
		ok "$(basename "$1") $(basename "$2" | cut -c1-4): $state"
	else
		not_ok "$(basename "$1") $(basename "$2" | cut -c1-4): '$state', want /$3/"
	fi
}

pre=$(fixture pre-backport "${PRE_BACKPORT_BASES%% *}")
expect "$pre" "$p1" missing
expect "$pre" "$p2" missing
expect "$pre" "$p3" missing

newest=$(fixture newest-6.12 6.12)
expect "$newest" "$p1" "present facts [0-9]+"
expect "$newest" "$p2" "present facts [0-9]+"
expect "$newest" "$p3" missing

if [[ -z $MAINLINE_BASES ]]; then
	ok "mainline cases skipped: no mainline base (MAINLINE_BASES is empty)"
	finish
fi
mainline=$(fixture mainline "${MAINLINE_BASES%% *}")
expect "$mainline" "$p1" "present facts [0-9]+"
expect "$mainline" "$p2" "present facts [0-9]+"
expect "$mainline" "$p3" "present facts [0-9]+"

# Half there: each one piece of upstream's change taken out again.
free=$(fixture mainline-free-on-pdev "${MAINLINE_BASES%% *}" \
	'/^static void ntb_free_mw(/,/^}/s/dma_free_attrs(dma_dev,/dma_free_attrs(\&nt->ndev->pdev->dev,/' $t)
expect "$free" "$p2" "partial $t: ntb_free_mw .*"
fallback=$(fixture mainline-wrong-fallback "${MAINLINE_BASES%% *}" \
	'/^static inline struct device \*ntb_get_dma_dev(/,/^}/s/return ntb->dev.parent;/return \&ntb->dev;/' $h)
expect "$fallback" "$p1" "partial $h: ntb_get_dma_dev .*"
noop=$(fixture mainline-op-unset "${MAINLINE_BASES%% *}" \
	'/^\t\.get_dma_dev\t*= vntb_epf_get_dma_dev,$/d' $v)
expect "$noop" "$p3" "partial $v: .*"
virtual=$(fixture mainline-op-returns-pdev "${MAINLINE_BASES%% *}" \
	'/^static struct device \*vntb_epf_get_dma_dev(/,/^}/s/return epc->dev.parent;/return \&ntb->ntb->pdev->dev;/' $v)
expect "$virtual" "$p3" "partial $v: .*"
finish
