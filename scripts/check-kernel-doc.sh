#!/bin/bash
# kernel-doc of the touched files must not get new warnings: run
# scripts/kernel-doc on each pre-backport base without and with the queue.
# 6.12's kernel-doc has -Wall; 6.1's answers "Argument unknown!" to it, so
# there the default warnings are compared.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

files="include/linux/ntb.h drivers/ntb/ntb_transport.c drivers/pci/endpoint/functions/pci-epf-vntb.c"
fail=0

kdoc_warnings() {
	local tree=$1 file=$2
	(cd "$tree" && scripts/kernel-doc $wall -none "$file" 2>&1 | grep -c 'warning:' || true)
}

for base in $PRE_BACKPORT_BASES; do
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	wall=-Wall
	(cd "$tree" && scripts/kernel-doc -Wall -none include/linux/ntb.h >/dev/null 2>&1) || wall=
	"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" 0 >/dev/null
	declare -A before=()
	for f in $files; do before[$f]=$(kdoc_warnings "$tree" "$f"); done
	"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" >/dev/null
	for f in $files; do
		after=$(kdoc_warnings "$tree" "$f")
		verdict=ok
		((after > before[$f])) && { verdict=MORE; fail=1; }
		echo "kernel-doc ${wall:-(default)}: $base: $f: ${before[$f]} -> $after $verdict"
	done
done
exit $fail
