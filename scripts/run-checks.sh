#!/bin/bash
# Run every check and the harness's own tests. Stdout is KTAP version 1
# (Documentation/dev-tools/ktap.rst): the plan, each check's own output as
# "# " diagnostic lines, its time as one more, then "ok N <check>" or
# "not ok N <check>"; progress stays on stderr. A check's lines that
# start "ok: " or "not ok: " (the harness's tests, tests/lib.sh; one per
# QEMU run, qemu-test.sh) are its results: they follow its diagnostics
# as a nested KTAP block of subtests, indented four spaces; a check that
# failed without a failed result gets one more, "exit status N". One
# plain trailer line follows the KTAP, "N passed, N failed" over the
# checks (CI counts from it); `kunit.py parse` reads the rest
# (tests/test-ktap-output.sh).
# Usage: run-checks.sh [CHECK...]   (default: all, in the order below)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

checks=(
	# First, in seconds: tests on saved inputs, no kernel tree or build.
	"test-verdict-fixtures:tests/test-verdict-fixtures.sh"
	"apply:scripts/check-apply.sh"
	"bisect-w1-sparse:scripts/check-build.sh x86_64 bisect"
	"checkpatch:scripts/check-checkpatch.sh"
	"kernel-doc:scripts/check-kernel-doc.sh"
	"docs:scripts/check-docs.sh"
	"bloat-o-meter:scripts/check-bloat.sh"
	"matrix:scripts/check-matrix.sh"
	"kunit-link:scripts/check-kunit-link.sh"
	"stable:scripts/check-stable.sh"
	"debian-quilt:scripts/check-debian.sh"
	"fix-queues:scripts/check-fix-queues.sh"
	"kunit:scripts/check-kunit.sh"
	"qemu-test:env QEMU_RUN_BY=check scripts/qemu-test.sh"
)
for t in "$TOP"/tests/test-*.sh; do
	name=$(basename "$t" .sh)
	[[ " ${checks[*]%%:*} " == *" $name "* ]] || checks+=("$name:tests/$name.sh")
done

selected=()
for entry in "${checks[@]}"; do
	[[ $# -eq 0 || " $* " == *" ${entry%%:*} "* ]] && selected+=("$entry")
done
for name in "$@"; do
	printf '%s\n' "${checks[@]%%:*}" | grep -qx -- "$name" || die "no check named '$name' (see scripts/run-checks.sh)"
done

"$TOP/scripts/install-deps.sh" >&2
# The queue under test, joined once for every check (lib.sh).
QUEUE=$(queue_under_test)
export QUEUE
# ccache's counters (lib.sh's kmake compiles through it): "<hits> <misses>",
# read before and after, for the figure printed at the end.
export CCACHE_DIR=$CCACHE_STORE
ccache_counts() {
	ccache --print-stats | awk -F'\t' '
		$1 ~ /^(direct|preprocessed)_cache_hit$/ { h += $2 } $1 == "cache_miss" { m += $2 }
		END { print h + 0, m + 0 }'
}
read -r hits0 misses0 < <(ccache_counts)
echo "KTAP version 1"
echo "1..${#selected[@]}"
# subtests OUTPUT RC: the results among a check's OUTPUT lines as a nested
# KTAP block ('#' would start a directive there: left out of names).
subtests() {
	local n extra=0
	n=$(grep -cE '^(not )?ok: ' "$1" || true)
	((n > 0)) || return 0
	(($2 == 0)) || grep -q '^not ok: ' "$1" || extra=1
	echo "    KTAP version 1"
	echo "    1..$((n + extra))"
	grep -E '^(not )?ok: ' "$1" | tr -d '#' |
		awk '{ s = sub(/^not ok: /, ""); if (!s) sub(/^ok: /, "")
			printf "    %sok %d %s\n", s ? "not " : "", NR, $0 }'
	((extra == 0)) || echo "    not ok $((n + 1)) exit status $2"
}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
passed=0 failed=0 n=0 start=$SECONDS
for entry in "${selected[@]}"; do
	name=${entry%%:*} cmd=${entry#*:} n=$((n + 1))
	echo "# --- $name"
	t0=$SECONDS
	rc=0
	# shellcheck disable=SC2086 # cmd is a command line
	(cd "$TOP" && $cmd) | tee "$out" | sed -u 's/^/# /' || rc=$?
	echo "# $name: $((SECONDS - t0)) s"
	subtests "$out" "$rc"
	if ((rc == 0)); then
		echo "ok $n $name"
		passed=$((passed + 1))
	else
		echo "not ok $n $name"
		failed=$((failed + 1))
	fi
done
echo "# total time: $((SECONDS - start)) s"
read -r hits misses < <(ccache_counts)
echo "# ccache: $((hits - hits0)) compiles from the cache, $((misses - misses0)) compiled"
echo "$passed passed, $failed failed"
((failed == 0))
