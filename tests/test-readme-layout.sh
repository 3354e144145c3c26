#!/bin/bash
# README's "Layout" section must match the tree: every path it names at
# the start of a line exists, and every script of scripts/ is named there
# (by name, or by a pattern such as check-*.sh). In seconds, no build.
# It must fail on a README that leaves a script out.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# layout_problems README: one line per path of the section that does not
# exist and per script it does not name; nothing if it matches.
layout_problems() {
	local section path script names
	section=$(sed -n '/^## Layout$/,/^[^ ]/{/^    /p}' "$1")
	# The first word of a line at the section's own indent is a path
	# (<arch> stands for any architecture).
	while read -r path; do
		# shellcheck disable=SC2086 # a glob on purpose
		compgen -G "$TOP/${path//<arch>/*}" >/dev/null || echo "named but missing: $path"
	done < <(grep -oE '^    [a-z][^ ]*' <<<"$section" | sed 's/^ *//; s/,$//')
	# Script names and patterns anywhere in it
	names=$(grep -oE '[a-z0-9*_-]+\.sh' <<<"$section" | sort -u)
	for script in "$TOP"/scripts/*.sh; do
		script=$(basename "$script")
		while read -r p; do
			# shellcheck disable=SC2053 # p is a pattern
			[[ $script == $p ]] && continue 2
		done <<<"$names"
		echo "not named: scripts/$script"
	done
}

problems=$(layout_problems "$TOP/README.md")
if [[ -z $problems ]]; then
	ok "README's layout names $(ls "$TOP"/scripts/*.sh | wc -l) scripts and only paths that exist"
else
	not_ok "README's layout and the tree differ: $(paste -sd';' - <<<"$problems")"
fi
# Broken on purpose: main.sh's line taken out must be found.
sed '/^      main.sh /d' "$TOP/README.md" >"$work/README.md"
cmp -s "$work/README.md" "$TOP/README.md" && die "the broken README is the README"
if [[ $(layout_problems "$work/README.md") == "not named: scripts/main.sh" ]]; then
	ok "a README without main.sh's line: not named: scripts/main.sh"
else
	not_ok "a README without main.sh's line: '$(layout_problems "$work/README.md")'"
fi
finish
