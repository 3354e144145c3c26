#!/bin/bash
# Run-time proof under QEMU: every variant of qemu/variants is built
# (qemu-build.sh), packed (qemu-initramfs.sh), booted (qemu-run.sh) and
# judged (qemu-verdict.sh) on each guest architecture it lists that
# QEMU_ARCH selects (default: x86_64 and arm64); one "qemu: ..." line per
# run.  Exits non-zero unless every verdict is the expected one.  Guest
# logs are kept in $CACHE/qemu/<version>/<arch>-<variant>-<client>.log,
# with the run's description (.run, see run_guest).
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
	guest_arch "$a" qemu >/dev/null
done
"$TOP/scripts/install-deps.sh"

runs=0
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Boot the guest a run file describes, judge its log, print the verdict
# line, and leave an empty file in $results if the verdict is the
# expected one.
# The run file, $CACHE/qemu/<version>/<arch>-<variant>-<client>[-<bug>].run,
# is the run's description for qemu-run.sh and qemu-verdict.sh, kept with
# the log: "key=value" lines arch, base (the exact version), variant,
# client, bug, stress, expected, image, cpio and log, then seconds and
# qemu_status once the guest has run.
# Usage: run_guest ID RUN_FILE
run_guest() {
	local id=$1 run=$2 extra start rc=0 line verdict note
	local client stress bug expected runlog
	runlog=$(record_field "$run" log)
	client=$(record_field "$run" client)
	stress=$(record_field "$run" stress)
	bug=$(record_field "$run" bug)
	expected=$(record_field "$run" expected)
	extra=ntbtest.client=$client
	[[ $stress == cycles* ]] && extra+=" ntbtest.stress=1"
	[[ $stress == *fault* ]] && extra+=" ntbtest.fault=1"
	[[ $stress == *soak ]] && extra+=" ntbtest.soak=1"
	[[ $bug == bar-index ]] && extra+=" ntbtest.mwbar=0"
	# a bug of qemu/bugs, or vNTB's stale translation: qemu/init drives
	# its sequence
	if bug_functions "$bug" >/dev/null || [[ $bug == stale-trans ]]; then extra+=" ntbtest.seq=$bug"; fi
	start=$SECONDS
	QEMU_ARCH=$(record_field "$run" arch) "$TOP/scripts/qemu-run.sh" "$(record_field "$run" image)" \
		"$(record_field "$run" cpio)" "$runlog" "$extra" || rc=$?
	printf 'seconds=%s\nqemu_status=%s\n' $((SECONDS - start)) "$rc" >>"$run"
	line=$("$TOP/scripts/qemu-verdict.sh" "$run")
	echo "$line"
	verdict=$({ grep -o ' verdict=[A-Z]*' <<<"$line" || echo ' verdict=NONE'; } | cut -d= -f2)
	# The run's result for make check's KTAP (run-checks.sh): "ok: " or
	# "not ok: ", the run's name, what it gave.  EXPECTED "-": no
	# expectation (make qemu-run).
	if [[ $expected == - || $verdict == "$expected" ]]; then
		: >"$results/$id"
		if [[ $expected == - ]]; then note=", no verdict expected"; else note=" as expected"; fi
		echo "ok: $(run_name "$run"): $verdict$note"
	else
		echo "not ok: $(run_name "$run"): $verdict, expected $expected"
		log "expected verdict=$expected; guest log: $runlog"
		"$TOP/scripts/qemu-scan-log.sh" "$runlog" >/dev/null || true
	fi
}
# run_name RUN_FILE: "<arch> <version> <variant> <client>[ <bug>][ <stress>]"
run_name() {
	local name bug stress
	name="$(record_field "$1" arch) $(record_field "$1" base) $(record_field "$1" variant) $(record_field "$1" client)"
	bug=$(record_field "$1" bug) stress=$(record_field "$1" stress)
	[[ $bug == dma ]] || name+=" $bug"
	[[ $stress == 0 ]] || name+=" $stress"
	echo "$name"
}

# The variants come on fd 3: QEMU and the builds must not eat them from stdin.
while read -r base variant client expected stress arches run_by bug <&3; do
	bug=${bug:-dma}
	[[ $bug == dma || $bug == bar-index || $bug == stale-trans ]] || bug_functions "$bug" >/dev/null ||
		die "$variants: BUG '$bug' of '$base $variant $client' is neither dma, bar-index, stale-trans nor one of qemu/bugs"
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
			echo "not ok: $arch $ver $variant $client: the guest kernel or its modules did not build"
			continue
		fi
		read -r image mods <<<"$built"
		run=$dir/$arch-$variant-$client
		[[ $bug == dma ]] || run+=-$bug
		# Packed here, not in the background: the next build replaces
		# the staged modules.
		"$TOP/scripts/qemu-initramfs.sh" "$mods" "$run.cpio"
		printf '%s\n' "arch=$arch" "base=$ver" "variant=$variant" "client=$client" "bug=$bug" \
			"stress=$stress" "expected=$expected" "image=$image" "cpio=$run.cpio" "log=$run.log" >"$run.run"
		while (($(jobs -rp | wc -l) >= JOBS)); do
			wait -n || true
		done
		if [[ ${GUEST_SHELL:-0} == 1 ]]; then
			# In the foreground: the guest's console is this terminal.
			run_guest "$runs" "$run.run" 3<&-
		else
			run_guest "$runs" "$run.run" 3<&- &
		fi
	done
done 3< <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$variants")
wait

good=$(find "$results" -type f | wc -l)
echo "qemu-test: $good of $runs runs gave the expected verdict"
[[ $good == "$runs" ]]
