#!/bin/bash
# Write, for one base, the patches it still needs in the form Debian's
# kernel team carries them: a quilt directory with a series file and DEP-3
# headers in each patch. KUnit test patches are left out: a distribution
# kernel takes the fix, not the tests.
# Usage: debian-patches.sh OUTDIR   (base from BASE, default the newest 6.12)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

outdir=$1
tree=$("$TOP/scripts/fetch-base.sh" "${BASE:-$DEFAULT_BASE}")
ver=$(basename "$tree")
line=$(kernel_line "$ver")
today=$(date -u +%Y-%m-%d)

"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" 0 >/dev/null
rm -rf "$outdir"
mkdir -p "$outdir"
while read -r name; do
	grep -q '^Subject: .*KUnit' "$QUEUE/$name" && continue
	state=$("$TOP/scripts/patch-state.sh" "$tree" "$QUEUE/$name")
	case $state in
	present*) log "$name: already in $ver, not needed"; continue ;;
	conflict*) die "$name does not apply to $ver (${state#conflict })" ;;
	esac
	# Apply it, so that the next patch is judged on top of it.
	git -C "$tree" apply "$QUEUE/$name"
	read -r _ commit version stable < <(grep "^$name " "$TOP/patches/upstream" || echo "- - - -")
	{
		sed -n '1,/^$/p' "$QUEUE/$name" | sed '$d'
		if [[ $commit != - ]]; then
			echo "Origin: upstream, https://git.kernel.org/linus/$commit"
			echo "Applied-Upstream: $version, commit:$commit"
			echo "Forwarded: not-needed"
		else
			echo "Origin: other, ntb-dma-dev follow-up series (not yet upstream)"
			echo "Forwarded: no"
		fi
		echo "Last-Update: $today"
		echo
		echo "[Backport to $line: ntb-dma-dev's own form of the change, written"
		echo " against Debian linux-source $AUTHORED_ON; applies to $ver with git am or"
		echo " quilt, without fuzz.${stable:+ Stable trees: ${stable/-/not yet in any}.}]"
		echo
		sed '1,/^$/d' "$QUEUE/$name"
	} >"$outdir/$name"
	echo "$name" >>"$outdir/series"
done < <(series_patches "$QUEUE")
git -C "$tree" checkout -q -f .
touch "$outdir/series"
echo "debian-patches: $ver: $(wc -l <"$outdir/series") patches in $outdir:"
sed 's/^/  /' "$outdir/series"
