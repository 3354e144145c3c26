#!/bin/bash
# make debian-patches, checked the way a Debian kernel build uses it: for
# each base, Debian's quilt applies the directory cleanly (quilt push -a,
# no fuzz) to the unpacked source, and the result builds the touched
# objects. A base must not get a patch whose change it already has (the
# newest bases need patch 3 and the follow-ups, the mainline base only the
# follow-ups).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for base in $PRE_BACKPORT_BASES $NEWEST_BASES $MAINLINE_BASES; do
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	ver=$(basename "$tree")
	BASE=$base "$TOP/scripts/debian-patches.sh" "$work/$ver" >"$work/$ver.out" 2>&1 ||
		{ cat "$work/$ver.out"; fail=1; continue; }
	# The pristine source: the base commit, as unpacked from the package.
	reset_to_base "$tree"
	result=ok
	if ! (cd "$tree" && QUILT_PATCHES="$work/$ver" QUILT_PC="$work/$ver.pc" \
		quilt push -a --fuzz=0 -q) >"$work/$ver.quilt" 2>&1; then
		sed 's/^/  /' "$work/$ver.quilt"
		result="FAIL (quilt push -a)"
	# W=1 as the bisection builds: the same compiler command, so ccache
	# has the objects of the whole queue already.
	elif ! "$TOP/scripts/build-objects.sh" "$tree" "$(build_dir "$tree" x86_64)" x86_64 /dev/null W=1; then
		result="FAIL (build)"
	fi
	discard_changes "$tree"
	# Patches whose change the base already has must not be listed.
	for name in $(series_patches "$SERIES_DIR" | awk -v n="$(present_in "$base")" 'NR <= n'); do
		grep -qxF "$name" "$work/$ver/series" && result="FAIL ($name listed, but $ver has its change)"
	done
	[[ $result == ok ]] || fail=1
	echo "debian-patches: $ver: $(wc -l <"$work/$ver/series") patches, quilt push -a and build: $result"
	sed 's/^/  /' "$work/$ver/series"
done
# One patch's DEP-3 header, as an example of the form.
# (Not a listing cut by head: under pipefail the lister may be killed by
# SIGPIPE once head has its line, and quilt's own directories are there.)
# The first pre-backport base's patch 3: the form of an upstream change.
ver=$(basename "$("$TOP/scripts/fetch-base.sh" "${PRE_BACKPORT_BASES%% *}")")
first=$work/$ver/$(sed -n 3p "$work/$ver/series")
echo "DEP-3 header of $(basename "$(dirname "$first")")/$(basename "$first"):"
sed -n '/^From:/,/^\[ntb-dma-dev/p' "$first" | sed 's/^/  /'
exit $fail
