#!/bin/bash
# make debian-patches, checked the way a Debian kernel build uses it: for
# each base, Debian's quilt applies the directory cleanly (quilt push -a,
# no fuzz) to the unpacked source, and the result builds the touched
# objects. The newest bases must need only patch 3 and the follow-ups.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for base in $PRE_BACKPORT_BASES $NEWEST_BASES; do
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	ver=$(basename "$tree")
	BASE=$base "$TOP/scripts/debian-patches.sh" "$work/$ver" >"$work/$ver.out" 2>&1 ||
		{ cat "$work/$ver.out"; fail=1; continue; }
	# The pristine source: the base commit, as unpacked from the package.
	"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" 0 >/dev/null
	result=ok
	if ! (cd "$tree" && QUILT_PATCHES="$work/$ver" QUILT_PC="$work/$ver.pc" \
		quilt push -a --fuzz=0 -q) >"$work/$ver.quilt" 2>&1; then
		sed 's/^/  /' "$work/$ver.quilt"
		result="FAIL (quilt push -a)"
	elif ! "$TOP/scripts/build-objects.sh" "$tree" "$(build_dir "$tree" x86_64)" x86_64 /dev/null; then
		result="FAIL (build)"
	fi
	git -C "$tree" checkout -q -f . && git -C "$tree" clean -q -f -d -- drivers include Documentation
	# The newest bases have patches 1-2 as stable backports: not needed.
	if [[ " $NEWEST_BASES " == *" $base "* ]] && grep -q '^0001-NTB-Add' "$work/$ver/series"; then
		result="FAIL (patch 1 listed, but $ver has it)"
	fi
	[[ $result == ok ]] || fail=1
	echo "debian-patches: $ver: $(wc -l <"$work/$ver/series") patches, quilt push -a and build: $result"
	sed 's/^/  /' "$work/$ver/series"
done
# One patch's DEP-3 header, as an example of the form.
first=$(ls "$work"/*/0*.patch | head -n1)
echo "DEP-3 header of $(basename "$(dirname "$first")")/$(basename "$first"):"
sed -n '/^From:/,/^\[Backport/p' "$first" | sed 's/^/  /'
exit $fail
