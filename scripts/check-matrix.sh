#!/bin/bash
# Build matrix: the touched objects of all queues, without and with them,
# for x86_64 and i386 (gcc), arm64 (gcc cross) and x86_64 with clang
# (LLVM=1), on both pre-backport bases. Every cell must be warning-neutral
# per file (check-build.sh); the table sums diagnostics and text sizes.
# Text sizes include the KUnit suites, built as modules.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MATRIX_OUT=$(mktemp)
export MATRIX_OUT
trap 'rm -f "$MATRIX_OUT"' EXIT
fail=0
for target in ${MATRIX_TARGETS:-x86_64 arm64 i386 x86_64-clang}; do
	"$TOP/scripts/check-build.sh" "$target" ends >/dev/null || fail=1
done
printf '%-14s %-20s %8s %8s %10s %10s %8s %s\n' target base "diag-0" "diag-N" "text-0" "text-N" delta verdict
while read -r target base d0 d1 t0 t1; do
	verdict=ok
	((d1 > d0)) && verdict=MORE
	printf '%-14s %-20s %8d %8d %10d %10d %+8d %s\n' "$target" "$base" "$d0" "$d1" "$t0" "$t1" $((t1 - t0)) "$verdict"
done <"$MATRIX_OUT"
# A cell that did not build has no row.
(($(wc -l <"$MATRIX_OUT") == $(wc -w <<<"${MATRIX_TARGETS:-x x x x}") * $(wc -w <<<"$PRE_BACKPORT_BASES"))) || fail=1
exit $fail
