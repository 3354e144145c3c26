#!/bin/bash
# The stable-tree form of patch 3 (patches/stable/<line>/): it applies with
# git am to the newest base of its line, where patches 1-2 are already
# backported, and the touched objects build; on the pre-backport base of
# its line it must not be taken alone, because 1-2 are missing there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

fail=0
for dir in "$TOP"/patches/stable/*/; do
	line=$(basename "$dir")
	for base in $NEWEST_BASES $PRE_BACKPORT_BASES; do
		tree=$("$TOP/scripts/fetch-base.sh" "$base")
		ver=$(basename "$tree")
		[[ $(kernel_line "$ver") == "$line" ]] || continue
		"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" 0 >/dev/null
		prereq=$("$TOP/scripts/patch-state.sh" "$tree" "$SERIES_DIR/$(series_patches "$SERIES_DIR" | sed -n 1p)")
		for p in "$dir"*.patch; do
			if [[ " $PRE_BACKPORT_BASES " == *" $base "* ]]; then
				if [[ $prereq == missing ]]; then
					echo "stable $line: $(basename "$p"): not for $ver, which lacks the prerequisite patches 1-2: ok"
				else
					echo "stable $line: $(basename "$p"): $ver unexpectedly has patch 1: FAIL"
					fail=1
				fi
				continue
			fi
			if ! tgit -C "$tree" am -q --no-3way "$p" >/dev/null 2>&1; then
				git -C "$tree" am --abort 2>/dev/null || true
				echo "stable $line: $(basename "$p"): does not apply to $ver with git am: FAIL"
				fail=1
				continue
			fi
			if "$TOP/scripts/build-objects.sh" "$tree" "$(build_dir "$tree" x86_64)" x86_64 /dev/null; then
				echo "stable $line: $(basename "$p"): applies to $ver with git am and builds: ok"
			else
				echo "stable $line: $(basename "$p"): applies to $ver but does not build: FAIL"
				fail=1
			fi
		done
	done
done
exit $fail
