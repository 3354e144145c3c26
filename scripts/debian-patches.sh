#!/bin/bash
# Write, for one base, the patches it still needs in the form Debian's
# kernel team carries them: a quilt directory with a series file and DEP-3
# headers in each patch. The patches a queue's not-for-distributions file
# names are left out (the KUnit tests and what only they need): a
# distribution kernel takes the fix, not the tests.
# Usage: debian-patches.sh OUTDIR   (base from BASE, default the newest 6.12)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
QUEUE=$(queue_under_test)

outdir=$1
tree=$("$TOP/scripts/fetch-base.sh" "${BASE:-$DEFAULT_BASE}")
ver=$(basename "$tree")

reset_to_base "$tree"
rm -rf "$outdir"
mkdir -p "$outdir"
skip=$QUEUE/not-for-distributions
while read -r name; do
	[[ -f $skip ]] && records "$skip" | awk '{ print $1 }' | grep -qxF "$name" && continue
	patch=$(patch_for_tree "$tree" "$QUEUE" "$name")
	state=$("$TOP/scripts/patch-state.sh" "$tree" "$patch")
	case $state in
	present*) log "$name: already in $ver, not needed"; continue ;;
	conflict*) die "$name does not apply to $ver (${state#conflict })" ;;
	partial*) die "$name: only half there in $ver (${state#partial })" ;;
	esac
	# Apply it, so that the next patch is judged on top of it.
	git -C "$tree" apply "$patch"
	IFS='|' read -r commit version stable _ usubject <<<"$(upstream_of "$patch")"
	commit=${commit// /} version=${version// /} stable=${stable# } stable=${stable% }
	{
		# DEP-3 fields from the mail header: no mbox "From <sha>" line,
		# no "[PATCH n/m]" in the subject.
		sed -n '2,/^$/p' "$patch" | sed '$d' |
			awk '/^Subject:/ { s = $0; folding = 1; next }
			     folding && /^ / { s = s $0; next }
			     folding { print s; folding = 0 }
			     { print }
			     END { if (folding) print s }' |
			sed 's/^Subject: \[PATCH[^]]*\] /Subject: /'
		if [[ -n $commit ]]; then
			# This project's own text of a change upstream has: a
			# backport under DEP-3, never "upstream" (unchanged).
			echo "Origin: backport, https://git.kernel.org/linus/$commit"
			echo "Applied-Upstream: $version, commit:$commit"
			echo "Forwarded: not-needed"
		else
			echo "Forwarded: no"
		fi
		date=$(sed -n 's/^Date: //p' "$patch" | sed -n 1p)
		[[ -n $date ]] || die "$name has no Date: header"
		echo "Last-Update: $(date -u -d "$date" +%Y-%m-%d)"
		echo
		if [[ -n $commit ]]; then
			echo "[ntb-dma-dev: not upstream's text. The same change as upstream commit"
			echo " ${commit:0:12} (\"${usubject# }\"), written independently against"
			echo " Debian linux-source $AUTHORED_ON for trees that predate it; applies to"
			echo " $ver with git am or quilt, without fuzz. Stable trees that have upstream's"
			echo " commit: ${stable/#-/none}. Where a tree can take upstream's commit, prefer it.]"
		else
			echo "[ntb-dma-dev follow-up, not yet upstream; applies to $ver without fuzz.]"
		fi
		echo
		sed '1,/^$/d' "$patch"
	} >"$outdir/$name"
	echo "$name" >>"$outdir/series"
done < <(series_patches "$QUEUE")
discard_changes "$tree"
touch "$outdir/series"
echo "debian-patches: $ver: $(wc -l <"$outdir/series") patches in $outdir:"
sed 's/^/  /' "$outdir/series"
