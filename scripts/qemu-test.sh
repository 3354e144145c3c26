#!/bin/bash
# Run-time proof under QEMU: every variant of qemu/variants is built
# (qemu-build.sh), packed (qemu-initramfs.sh), booted (qemu-run.sh) and
# judged (qemu-verdict.sh) on each guest architecture it lists that
# QEMU_ARCH selects (default: x86_64 and arm64); one "qemu: ..." line per
# run.  Exits non-zero unless every verdict is the expected one.  Guest
# logs are kept in $CACHE/qemu/<version>/<arch>-<variant>-<client>.log.
# Builds run one at a time (the lock in lib.sh's kmake), guests up to
# JOBS at a time in the background: a guest is one QEMU thread, so a run
# overlaps the next variant's build or another run instead of leaving a
# core idle.  Lines come in the order the runs end.
# Usage: [QEMU_ARCH=x86_64|arm64] [QEMU_RUN_BY=check] qemu-test.sh [VARIANTS_FILE]
#   (VARIANTS_FILE may also come as QEMU_VARIANTS, for make check;
#   QEMU_RUN_BY=check keeps the runs of make check, RUN_BY column)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

variants=${1:-${QEMU_VARIANTS:-$TOP/qemu/variants}}
selected=${QEMU_ARCH:-x86_64 arm64}
for a in $selected; do
	[[ $a == x86_64 || $a == arm64 ]] || die "unsupported guest architecture '$a' (x86_64 or arm64)"
done
"$TOP/scripts/install-deps.sh"

runs=0
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Boot one guest, judge its log, print the verdict line, and leave an
# empty file in $results if the verdict is the expected one.
# Usage: run_guest ID IMAGE CPIO LOG VERSION VARIANT CLIENT STRESS EXPECTED BUG
run_guest() {
	local id=$1 image=$2 cpio=$3 runlog=$4 ver=$5 variant=$6 client=$7 stress=$8
	local expected=$9 bug=${10} extra start rc=0 line
	extra=ntbtest.client=$client
	[[ $stress == cycles* ]] && extra+=" ntbtest.stress=1"
	[[ $stress == *fault ]] && extra+=" ntbtest.fault=1"
	[[ $bug == bar-index ]] && extra+=" ntbtest.mwbar=0"
	start=$SECONDS
	"$TOP/scripts/qemu-run.sh" "$image" "$cpio" "$runlog" "$extra" || rc=$?
	line=$("$TOP/scripts/qemu-verdict.sh" "$runlog" "$ver" "$variant" "$client" "$stress" \
		$((SECONDS - start)) "$rc" "$bug")
	echo "$line"
	if [[ $line == *" verdict=$expected "* ]]; then
		: >"$results/$id"
	else
		log "expected verdict=$expected; guest log: $runlog"
		"$TOP/scripts/qemu-scan-log.sh" "$runlog" >/dev/null || true
	fi
}

# The variants come on fd 3: QEMU and the builds must not eat them from stdin.
while read -r base variant client expected stress arches run_by bug <&3; do
	bug=${bug:-dma}
	[[ $bug == dma || $bug == bar-index ]] ||
		die "$variants: BUG '$bug' of '$base $variant $client' is neither dma nor bar-index"
	# A line without RUN_BY is make check's (the harness's own files).
	[[ ${run_by:-check} == check || $run_by == qemu-test ]] ||
		die "$variants: RUN_BY '$run_by' of '$base $variant $client' is neither check nor qemu-test"
	[[ -z ${QEMU_RUN_BY:-} || ${run_by:-check} == "$QEMU_RUN_BY" ]] || continue
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
		[[ $bug == dma ]] || run+=-$bug
		# Packed here, not in the background: the next build replaces
		# the staged modules.
		"$TOP/scripts/qemu-initramfs.sh" "$mods" "$run.cpio"
		while (($(jobs -rp | wc -l) >= JOBS)); do
			wait -n || true
		done
		run_guest "$runs" "$image" "$run.cpio" "$run.log" "$ver" "$variant" "$client" \
			"$stress" "$expected" "$bug" 3<&- &
	done
done 3< <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$variants")
wait

good=$(find "$results" -type f | wc -l)
echo "qemu-test: $good of $runs runs gave the expected verdict"
[[ $good == "$runs" ]]
