#!/bin/bash
# Build the touched objects on each base (default: the pre-backport bases
# and the mainline base), without and with the queue, and require that no
# source file gets more diagnostics than on the base (compared per file,
# both counts printed).
# Usage: check-build.sh TARGET MODE [BASE...]
#   TARGET: x86_64, arm64, i386 or x86_64-clang (LLVM=1).
#   With MATRIX_OUT=FILE, a row per base is added to FILE: target, base,
#   diagnostics before and after, text size before and after.
#   MODE bisect: with W=1 and sparse (C=1): every prefix of the queue on
#                the first base (each patch builds), only the base and
#                the whole queue on the others (a patch that builds on
#                one base and not on another breaks the whole queue too);
#   MODE ends:   only the base and the whole queue, with W=1.
#   BISECT_FROM=K starts the bisection at prefix K (the base is built
#   still): the harness's own tests break only the last patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
QUEUE=$(queue_under_test)

arch=$1 mode=$2
shift 2
bases=${*:-$PRE_BACKPORT_BASES $MAINLINE_BASES}
npatches=$(series_patches "$QUEUE" | wc -l)
case $mode in
bisect) prefixes="0 $(seq "${BISECT_FROM:-1}" "$npatches")" flags="W=1 C=1" ;;
ends) prefixes="0 $npatches" flags="W=1" ;;
*) die "unknown mode '$mode' (bisect or ends)" ;;
esac
# The base (prefix 0) builds the same on every call: its diagnostics and
# text size are saved in the build directory, under a key of everything
# they depend on, and later calls (the other checks, the harness's tests,
# warm runs) take them instead of building the base again.
base_key() {
	local tree=$1 out=$2 arch=$3 cc
	shift 3
	if [[ $arch == *-clang ]]; then
		cc=clang
	else
		cc=$(cross_compile "$arch")gcc
	fi
	"$TOP/scripts/configure.sh" "$tree" "$out" "$arch" || return 1
	local ccv sparsev=
	ccv=$("$cc" --version) || return 1
	[[ " $* " != *" C=1 "* ]] || sparsev=$(sparse --version) || return 1
	{
		git -C "$tree" rev-parse HEAD
		echo "$arch $* $TOUCHED_DIRS $TOUCHED_OBJS"
		echo "${KCFLAGS:-} ${KBUILD_EXTRA_WARN:-} ${CCACHE_BASEDIR:-}"
		echo "$ccv $sparsev"
		# what turns a build into the counts and sizes
		cat "$TOP/scripts/build-objects.sh" "$TOP/scripts/count-warnings.sh" "$out/.config"
		"$(size_tool "$arch")" --version
	} | md5sum | cut -d' ' -f1
}
# save_base_results OUT KEY LOGS / base_results_saved OUT KEY LOGS: store
# the base's counts and size under KEY, or take them if they are there.
save_base_results() {
	local out=$1 key=$2 logs=$3
	mkdir -p "$out/.base-results"
	# The .text last and each file moved in whole: a run cut short
	# leaves nothing that a later one takes for saved.
	cp "$logs/0.count" "$out/.base-results/$key.count.tmp"
	mv "$out/.base-results/$key.count.tmp" "$out/.base-results/$key.count"
	cp "$logs/0.text" "$out/.base-results/$key.text.tmp"
	mv "$out/.base-results/$key.text.tmp" "$out/.base-results/$key.text"
}
base_results_saved() {
	local out=$1 key=$2 logs=$3
	[[ -n $key && -f $out/.base-results/$key.text ]] || return 1
	cp "$out/.base-results/$key.count" "$logs/0.count"
	cp "$out/.base-results/$key.text" "$logs/0.text"
}

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
fail=0

for base in $bases; do
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	out=$(build_dir "$tree" "$arch")
	prev='' pk='' key=''
	for k in $prefixes; do
		"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" "$k" >/dev/null
		# A patch the base already has adds nothing: same tree, same build.
		head=$(git -C "$tree" rev-parse HEAD)
		if [[ $head == "$prev" ]]; then
			echo "build: $arch $base: $k/$npatches patches: patch $k already in $base, nothing to build"
			continue
		fi
		from=$prev fk=$pk
		prev=$head pk=$k
		# The base's key (none if the tree does not configure:
		# build-objects.sh then says so).
		# shellcheck disable=SC2086 # flags is a word list
		[[ $k != 0 ]] || key=$(base_key "$tree" "$out" "$arch" $flags) || key=
		# A patch that changes only Documentation/ changes no object: the
		# previous prefix's diagnostics and sizes stand (the follow-ups' docs).
		if [[ -f $logs/$fk.count && -z $(git -C "$tree" diff --name-only "$from" "$head" -- . ':!Documentation') ]]; then
			cp "$logs/$fk.count" "$logs/$k.count"
			cp "$logs/$fk.text" "$logs/$k.text"
			echo "build: $arch $base: $k/$npatches patches: patch $k changes Documentation/ only, objects as with $fk"
		elif [[ $k == 0 ]] && base_results_saved "$out" "$key" "$logs"; then
			echo "build: $arch $base: 0/$npatches patches: the base's diagnostics and sizes as saved for this tree, config, compiler and flags"
		else
			# shellcheck disable=SC2086 # flags is a word list
			if ! "$TOP/scripts/build-objects.sh" "$tree" "$out" "$arch" "$logs/$k.log" $flags; then
				echo "build: $arch $base: $k/$npatches patches: does not build"
				fail=1
				continue
			fi
			"$TOP/scripts/count-warnings.sh" "$logs/$k.log" "$tree" >"$logs/$k.count"
			# Text size of every touched object.
			# shellcheck disable=SC2046,SC2086 # word lists
			find $(printf "$out/%s " $TOUCHED_DIRS $TOUCHED_OBJS) -name '*.o' \
				! -name '*.mod.o' -exec "$(size_tool "$arch")" {} + 2>/dev/null |
				awk 'NR > 1 && $1 ~ /^[0-9]+$/ { t += $1 } END { print t + 0 }' >"$logs/$k.text"
			[[ $k != 0 || -z $key ]] || save_base_results "$out" "$key" "$logs"
		fi
		[[ $k == 0 ]] && continue
		echo "build: $arch $base: $k/$npatches patches: builds ($flags); diagnostics per file, base -> patched:"
		while read -r file before after; do
			verdict=ok
			((after > before)) && { verdict=MORE; fail=1; }
			printf '  %s: %d -> %d %s\n' "$file" "$before" "$after" "$verdict"
		done < <(join -a1 -a2 -e0 -o 0,1.2,2.2 "$logs/0.count" "$logs/$k.count")
		[[ -s $logs/0.count || -s $logs/$k.count ]] || echo "  none, in any touched file"
		if [[ -n ${MATRIX_OUT:-} && $k == "$npatches" ]]; then
			echo "$arch $base $(awk '{ s += $2 } END { print s + 0 }' "$logs/0.count")" \
				"$(awk '{ s += $2 } END { print s + 0 }' "$logs/$k.count")" \
				"$(cat "$logs/0.text") $(cat "$logs/$k.text")" >>"$MATRIX_OUT"
		fi
	done
	prefixes="0 $npatches"
done
exit $fail
