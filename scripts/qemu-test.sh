#!/bin/bash
# Run-time proof under QEMU: every variant of qemu/variants is built
# (qemu-build.sh), packed (qemu-initramfs.sh), booted (qemu-run.sh) and
# judged (qemu-verdict.sh) on each guest architecture it lists that
# QEMU_ARCH selects (default: x86_64 and arm64); one "qemu: ..." line per
# run.  Exits non-zero unless every verdict is the expected one.  Guest
# logs are kept in $CACHE/qemu/<version>/<arch>-<variant>-<client>.log.
# Usage: [QEMU_ARCH=x86_64|arm64] qemu-test.sh [VARIANTS_FILE]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variants=${1:-$TOP/qemu/variants}
selected=${QEMU_ARCH:-x86_64 arm64}
for a in $selected; do
	[[ $a == x86_64 || $a == arm64 ]] || die "unsupported guest architecture '$a' (x86_64 or arm64)"
done
"$TOP/scripts/install-deps.sh"

runs=0 good=0
# The variants come on fd 3: QEMU and the builds must not eat them from stdin.
while read -r base variant client expected stress arches <&3; do
	resolved=$(resolve_base "$base")
	ver=${resolved#* }
	dir=$CACHE/qemu/$ver
	for arch in $selected; do
		[[ ,${arches:-x86_64,arm64}, == *",$arch,"* ]] || continue
		export QEMU_ARCH=$arch
		runs=$((runs + 1))
		if ! built=$("$TOP/scripts/qemu-build.sh" "$ver" "$variant"); then
			echo "qemu: arch=$arch base=$ver variant=$variant client=$client verdict=ERROR reason=build-failed"
			continue
		fi
		read -r image mods <<<"$built"
		run=$dir/$arch-$variant-$client
		"$TOP/scripts/qemu-initramfs.sh" "$mods" "$run.cpio"
		extra=ntbtest.client=$client
		[[ $stress == cycles* ]] && extra+=" ntbtest.stress=1"
		[[ $stress == *fault ]] && extra+=" ntbtest.fault=1"
		start=$SECONDS
		rc=0
		"$TOP/scripts/qemu-run.sh" "$image" "$run.cpio" "$run.log" "$extra" || rc=$?
		line=$("$TOP/scripts/qemu-verdict.sh" "$run.log" "$ver" "$variant" "$client" "$stress" \
			$((SECONDS - start)) "$rc")
		echo "$line"
		if [[ $line == *" verdict=$expected "* ]]; then
			good=$((good + 1))
		else
			log "expected verdict=$expected; guest log: $run.log"
			"$TOP/scripts/qemu-scan-log.sh" "$run.log" >/dev/null || true
		fi
	done
done 3< <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$variants")

echo "qemu-test: $good of $runs runs gave the expected verdict"
[[ $good == "$runs" ]]
