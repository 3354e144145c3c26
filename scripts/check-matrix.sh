#!/bin/bash
# Build matrix: the touched objects of all queues, without and with them,
# per build target on the bases of its row below. Every cell must be
# warning-neutral per file (check-build.sh); the table sums diagnostics and
# text sizes (KUnit suites included, built as modules).
# arm64 (what most vNTB boards run) builds on both pre-backport bases and
# the mainline base; i386 and clang catch 32-bit and compiler-specific
# warnings, which do not depend on the base: one base each is enough, and
# saves their cold configures on the others. x86_64 with gcc is not here:
# bisect-w1-sparse builds it on the same bases, with sparse as well.
# This is also the arm64 build check: there is no separate one.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# <target> <bases>
rows=(
	"arm64 $PRE_BACKPORT_BASES $MAINLINE_BASES"
	"i386 ${PRE_BACKPORT_BASES%% *}"
	"x86_64-clang ${PRE_BACKPORT_BASES%% *}"
)
MATRIX_OUT=$(mktemp)
export MATRIX_OUT
trap 'rm -f "$MATRIX_OUT"' EXIT
fail=0 cells=0
for row in "${rows[@]}"; do
	read -r target bases <<<"$row"
	[[ -z ${MATRIX_TARGETS:-} || " $MATRIX_TARGETS " == *" $target "* ]] || continue
	cells=$((cells + $(wc -w <<<"$bases")))
	# shellcheck disable=SC2086 # word list
	"$TOP/scripts/check-build.sh" "$target" ends $bases >/dev/null || fail=1
done
printf '%-14s %-20s %8s %8s %10s %10s %8s %s\n' target base "diag-0" "diag-N" "text-0" "text-N" delta verdict
while read -r target base d0 d1 t0 t1; do
	verdict=ok
	((d1 > d0)) && verdict=MORE
	printf '%-14s %-20s %8d %8d %10d %10d %+8d %s\n' "$target" "$base" "$d0" "$d1" "$t0" "$t1" $((t1 - t0)) "$verdict"
done <"$MATRIX_OUT"
# A cell that did not build has no row.
(($(wc -l <"$MATRIX_OUT") == cells)) || { echo "matrix: $(wc -l <"$MATRIX_OUT") of $cells cells built"; fail=1; }
exit $fail
