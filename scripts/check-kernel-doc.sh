#!/bin/bash
# kernel-doc of the touched files must not get new warnings: run
# scripts/kernel-doc on each base (default: the pre-backport bases)
# without and with the queue. The files: the series' API and its users,
# and every C file or header the queue's patches touch.
# 6.12's kernel-doc has -Wall; 6.1's answers "Argument unknown!" to it, so
# there the default warnings are compared.
# Usage: check-kernel-doc.sh [BASE...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
QUEUE=$(queue_under_test)

bases=${*:-$PRE_BACKPORT_BASES}
files=$({
	printf '%s\n' include/linux/ntb.h drivers/ntb/ntb_transport.c drivers/pci/endpoint/functions/pci-epf-vntb.c
	queue_files "$QUEUE" | grep '\.[ch]$'
} | sort -u)
fail=0

kdoc_warnings() {
	local tree=$1 file=$2
	(cd "$tree" && scripts/kernel-doc $wall -none "$file" 2>&1 | grep -c 'warning:' || true)
}

for base in $bases; do
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	wall=-Wall
	(cd "$tree" && scripts/kernel-doc -Wall -none include/linux/ntb.h >/dev/null 2>&1) || wall=
	reset_to_base "$tree"
	declare -A before=()
	# a file the queue adds has none before
	for f in $files; do before[$f]=0; [[ ! -f $tree/$f ]] || before[$f]=$(kdoc_warnings "$tree" "$f"); done
	"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" >/dev/null
	for f in $files; do
		# a file of another form's tree (6.x, 7.x) that this one lacks
		[[ -f $tree/$f ]] || continue
		after=$(kdoc_warnings "$tree" "$f")
		verdict=ok
		((after > before[$f])) && { verdict=MORE; fail=1; }
		echo "kernel-doc ${wall:-(default)}: $base: $f: ${before[$f]} -> $after $verdict"
	done
done
exit $fail
