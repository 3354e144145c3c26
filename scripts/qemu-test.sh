#!/bin/bash
# Run-time proof under QEMU: every variant of qemu/variants is built
# (qemu-build.sh), packed (qemu-initramfs.sh), booted (qemu-run.sh) and
# judged (qemu-verdict.sh); one "qemu: ..." line per run.  Exits non-zero
# unless every verdict is the expected one.  Guest logs are kept in
# $CACHE/qemu/<version>/<variant>.log.
# Usage: qemu-test.sh [VARIANTS_FILE]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variants=${1:-$TOP/qemu/variants}
"$TOP/scripts/install-deps.sh"

runs=0 good=0
# The variants come on fd 3: QEMU and the builds must not eat them from stdin.
while read -r base variant expected stress <&3; do
	resolved=$(resolve_base "$base")
	ver=${resolved#* }
	dir=$CACHE/qemu/$ver
	runs=$((runs + 1))
	if ! built=$("$TOP/scripts/qemu-build.sh" "$ver" "$variant"); then
		echo "qemu: arch=x86_64 base=$ver variant=$variant verdict=ERROR reason=build-failed"
		continue
	fi
	read -r image mods <<<"$built"
	"$TOP/scripts/qemu-initramfs.sh" "$mods" "$dir/$variant.cpio"
	extra=
	[[ $stress == cycles* ]] && extra=ntbtest.stress=1
	[[ $stress == *fault ]] && extra+=" ntbtest.fault=1"
	start=$SECONDS
	rc=0
	"$TOP/scripts/qemu-run.sh" "$image" "$dir/$variant.cpio" "$dir/$variant.log" "$extra" || rc=$?
	line=$("$TOP/scripts/qemu-verdict.sh" "$dir/$variant.log" "$ver" "$variant" "$stress" \
		$((SECONDS - start)) "$rc")
	echo "$line"
	if [[ $line == *" verdict=$expected "* ]]; then
		good=$((good + 1))
	else
		log "expected verdict=$expected; guest log: $dir/$variant.log"
		"$TOP/scripts/qemu-scan-log.sh" "$dir/$variant.log" >/dev/null || true
	fi
done 3< <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$variants")

echo "qemu-test: $good of $runs runs gave the expected verdict"
[[ $good == "$runs" ]]
