#!/bin/bash
# Documentation the queue touches must not get new warnings: an RST syntax
# check with Debian's docutils of every .rst file it changes, on each
# pre-backport base without and with the queue, and the kernel-doc that
# the documents pull in. Sphinx-only directives and roles (kernel-doc,
# :doc:, ...) are unknown to plain docutils; those reports are left out.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
QUEUE=$(queue_under_test)

fail=0
rst_files=$(cat "$QUEUE"/[0-9]*.patch | sed -n 's#^+++ b/\(Documentation/.*\.rst\)$#\1#p' | sort -u)
[[ -n $rst_files ]] || { echo "docs: the queue touches no .rst file"; exit 0; }

rst_warnings() {
	local file=$1
	[[ -f $file ]] || { echo 0; return; }
	/usr/bin/python3 /usr/bin/rst2pseudoxml --report=2 --halt=5 "$file" /dev/null 2>&1 |
		grep -E '\((WARNING|ERROR|SEVERE)/' |
		grep -vcE 'Unknown (directive type|interpreted text role)|No (directive|role) entry for' || true
}

for base in $PRE_BACKPORT_BASES; do
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	reset_to_base "$tree"
	declare -A before=()
	for f in $rst_files; do before[$f]=$(cd "$tree" && rst_warnings "$f"); done
	"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" >/dev/null
	for f in $rst_files; do
		after=$(cd "$tree" && rst_warnings "$f")
		verdict=ok
		((after > before[$f])) && { verdict=MORE; fail=1; }
		echo "docs (docutils): $base: $f: ${before[$f]} -> $after $verdict"
	done
	# What the kernel-doc directives of the touched documents pull in.
	while read -r src funcs; do
		# kernel-doc parses the whole file: count what it says of these.
		names=$(tr ' ' '\n' <<<"$funcs" | grep -vx -e -function -e '')
		n=$(cd "$tree" && scripts/kernel-doc -rst $funcs "$src" 2>&1 >/dev/null |
			grep 'warning' | grep -cwF -e "$names" || true)
		verdict=ok
		((n == 0)) || { verdict=FAIL; fail=1; }
		echo "docs (kernel-doc directive): $base: $src $funcs: $n warnings $verdict"
	done < <(cd "$tree" && for f in $rst_files; do
		awk '/^\.\. kernel-doc::/ { src = $3 }
		     src && /:functions:/ { out = ""; for (i = 2; i <= NF; i++) out = out " -function " $i; print src, out; src = "" }' "$f"
	done)
done
exit $fail
