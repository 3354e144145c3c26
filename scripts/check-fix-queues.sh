#!/bin/bash
# The fix queues of patches/fix-queues, each on the bases where its bugs
# exist, as the series is checked: every patch applies with git am; every
# prefix builds with W=1 and sparse on x86_64 (on the first base; the
# whole queue on the others) and the whole queue on arm64 and i386
# (first base) and x86_64 with clang (first non-mainline base), no file
# with more diagnostics than before; kernel-doc of the touched
# files no warnings more on each; checkpatch.pl --strict with the script
# of the first of those bases. (Run time: qemu/variants.)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

fail=0
mainline=$(bases_of mainline)
# The records come on fd 3: nothing in the loop may read them from stdin.
while IFS='|' read -r queue roles <&3; do
	queue=$(xargs <<<"$queue")
	bases=$(for r in $roles; do bases_of "$r"; echo; done | xargs)
	[[ -n $bases ]] || die "patches/fix-queues: no base has the roles '$(xargs <<<"$roles")' of $queue"
	dir=$TOP/patches/$queue
	[[ -f $dir/series ]] || die "patches/fix-queues: $queue has no patches/$queue/series"
	for base in $bases; do
		tree=$("$TOP/scripts/fetch-base.sh" "$base")
		states=$("$TOP/scripts/apply-series.sh" "$tree" base "$dir") || fail=1
		# shellcheck disable=SC2001 # a prefix on every line
		sed "s/^/apply: $queue on $base: /" <<<"$states"
		# "applied", "applied (form ...)", or not for this tree as the
		# queue's forms file says; nothing already there or missing
		grep -qv ': applied\( (.*)\)\?$\|: not for this tree (.*), skipped$' <<<"$states" && fail=1
	done
	export QUEUE=$dir PRE_BACKPORT_BASES=${bases%% *} MAINLINE_BASES=
	# A queue that changes no header builds the objects of its own C
	# files only, not every user of ntb.h (each prefix is a W=1 and
	# sparse build of them).
	touched=$(queue_files "$dir")
	unset TOUCHED_DIRS TOUCHED_OBJS
	if ! grep -q '\.h$' <<<"$touched"; then
		export TOUCHED_DIRS='' TOUCHED_OBJS
		TOUCHED_OBJS=$(sed -n 's/\.c$/.o/p' <<<"$touched" | xargs)
		echo "$queue: changes no header: builds $TOUCHED_OBJS"
	fi
	# shellcheck disable=SC2086 # word list
	"$TOP/scripts/check-build.sh" x86_64 bisect $bases | sed "s/^/$queue: /" || fail=1
	# arm64 on the first base only: the other bases' forms are the same C
	# on either architecture, and each base costs a build (CI's time).
	"$TOP/scripts/check-build.sh" arm64 ends "${bases%% *}" | sed "s/^/$queue: /" || fail=1
	# i386 and clang as the matrix builds the series: 32-bit and
	# compiler-specific warnings, which do not depend on the base. i386
	# on the first base; clang on the first that is not the mainline
	# one: Debian 12's clang 14 is older than 7.x's minimum (LLVM 15).
	"$TOP/scripts/check-build.sh" i386 ends "${bases%% *}" | sed "s/^/$queue: /" || fail=1
	clang_base=
	for b in $bases; do
		[[ " $mainline " == *" $b "* ]] || { clang_base=$b; break; }
	done
	[[ -z $clang_base ]] ||
		"$TOP/scripts/check-build.sh" x86_64-clang ends "$clang_base" | sed "s/^/$queue: /" || fail=1
	# shellcheck disable=SC2086 # word list
	"$TOP/scripts/check-kernel-doc.sh" $bases | sed "s/^/$queue: /" || fail=1
	"$TOP/scripts/check-checkpatch.sh" | sed "s/^/$queue: /" || fail=1
done 3< <(records "$TOP/patches/fix-queues")
exit $fail
