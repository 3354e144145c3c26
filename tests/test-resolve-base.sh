#!/bin/bash
# How a BASE is resolved: a kernel line is its newest version, in dpkg's
# order, in the suites bases/suites marks "newest" (experimental only by
# exact version); exact versions of any listed suite are taken as they
# are; the rest is a one-line error.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

# dpkg's order, not sort -V's: a ~ sorts before everything.
got=$(printf '%s\n' 7.3~rc7-1~exp1 7.3.4-1~bpo13+1 7.3.4-1~bpo13 | newest_version)
[[ $got == 7.3.4-1~bpo13+1 ]] && ok "newest_version: $got" || not_ok "newest_version: $got"

# expect BASE PATTERN: resolve_base's "<package> <version>" must match.
expect() {
	local out err
	err=$(mktemp)
	# The result on stdout, or the error line (progress on stderr, such as
	# a package-list update, is not the result)
	out=$( (resolve_base "$1") 2>"$err") || out=$(grep -m1 '^error:' "$err" || cat "$err")
	rm -f "$err"
	if [[ $out =~ ^$2$ ]]; then
		ok "BASE=$1 -> $out"
	else
		not_ok "BASE=$1 -> '$out', want /$2/"
	fi
}
for line in 6.12 6.1 7.3; do
	# The newest of the line among the "newest" suites, computed here
	# from apt-cache madison's own lines.
	want=$("$TOP/scripts/archive.sh" apt-cache madison "linux-source-$line" |
		awk -F'|' '$3 !~ / experimental\// { gsub(/ /, "", $2); print $2 }' | newest_version)
	expect "$line" "linux-source-$line ${want//+/\\+}"
done
# A line must never resolve to experimental's release candidate.
[[ $( (resolve_base 7.3) 2>&1) != *~exp* ]] && ok "BASE=7.3 is not experimental's" ||
	not_ok "BASE=7.3 resolved to experimental"
exp=$(archive_versions 7.3 | awk '$3 == "exact" { print $1; exit }')
if [[ -n $exp ]]; then
	expect "$exp" "linux-source-7.3 ${exp//+/\\+}"
else
	ok "no experimental 7.3 in the archive today: exact-only case skipped"
fi
expect 6.12.999-1 "error: linux-source-6.12 version '6.12.999-1' is not in the package archive.*"
expect 7.99 "error: no linux-source-7.99 in the suites of bases/suites"
expect 6.12.107 "error: BASE='6.12.107' is neither a kernel line.*"
finish
