#!/bin/bash
# check-stable.sh must fail on requests that claim what is not so: a
# cited subject that is not upstream's, a line that lacks patch 3 with no
# request, a request for a line make check has no newest base of, and a
# mainline tree that does not carry 70becc1a9b45 to take it from.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run, three broken mails: the checks of a mail do not stop at the
# first failure, so each must give its own FAIL line.
mkdir "$work/stable"
sed 's/Implement \.get_dma_dev()")$/Implement get_dma_dev()")/' "$TOP/patches/stable/6.12.y.eml" \
	>"$work/stable/6.12.y.eml"
cmp -s "$work/stable/6.12.y.eml" "$TOP/patches/stable/6.12.y.eml" && die "the subject edit changed nothing"
cp "$TOP/patches/stable/6.12.y.eml" "$work/stable/7.3.y.eml"
rc=0
out=$(STABLE_DIR=$work/stable "$TOP/scripts/check-stable.sh" 2>&1) || rc=$?
for want in \
	'6\.12\.y .*cites 70becc1a9b45 ("PCI: endpoint: pci-epf-vntb: Implement get_dma_dev()") as upstream.s: FAIL' \
	'6\.1\.y .*lacks patch 3: 6\.1\.y\.eml asks for it: FAIL' \
	'7\.3\.y\.eml: for a line whose newest base make check has: FAIL' \
	'6\.12\.y .*upstream.s 70becc1a9b45 applies with git apply and builds, W=1 neutral: ok'; do
	if ((rc != 0)) && grep -q -- "$want" <<<"$out"; then
		ok "broken requests: $(grep -m1 -- "$want" <<<"$out")"
	else
		not_ok "broken requests: rc=$rc, no line matching /$want/"
		sed 's/^/    /' <<<"$out" | tail -n 20
	fi
done

# A mainline tree whose vNTB has no .get_dma_dev(): nothing to take.
src=$("$TOP/scripts/fetch-base.sh" "${MAINLINE_BASES%% *}")
v=drivers/pci/endpoint/functions/pci-epf-vntb.c
mkdir -p "$work/mainline/$(dirname "$v")"
git -C "$src" show "base:$v" | sed '/^\t\.get_dma_dev\t*= vntb_epf_get_dma_dev,$/d' >"$work/mainline/$v"
tgit -C "$work/mainline" init -q -b base
tgit -C "$work/mainline" add -A
tgit -C "$work/mainline" commit -q -m fixture
expect_error "mainline without 70becc1a9b45" "does not carry 70becc1a9b45" \
	env MAINLINE_TREE="$work/mainline" "$TOP/scripts/check-stable.sh"
finish
