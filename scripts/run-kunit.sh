#!/bin/bash
# Apply a queue to a base and run its KUnit suites with kunit.py (UML),
# printing the KTAP output and "N passed, N failed" over the test cases.
# Usage: run-kunit.sh [BASE [QUEUE_DIR [LABEL]]]   (BASE defaults to $BASE, then 6.12)
# Failed cases (as kunit.py parse reads them) are listed as
# "FAILED <case>"; the last two lines are
# "kunit: <version> <label>: <time>: ..." and "N passed, N failed".
# Exits non-zero if kunit.py did not run to the end or, unless
# KUNIT_FAILURES_EXPECTED=1 (broken variants), if a case failed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:-${BASE:-$DEFAULT_BASE}} queue=$(realpath "${2:-$SERIES_DIR}") label=${3:-series}
tree=$("$TOP/scripts/fetch-base.sh" "$base")
ver=$(basename "$tree")
"$TOP/scripts/apply-series.sh" "$tree" base "$queue" >/dev/null
# One UML build directory per base, shared by its variants: switching
# between them only recompiles the files that differ.
out=$CACHE/kunit/$ver
mkdir -p "$out"
logfile=$out/kunit-$label.log
log "kunit.py on $ver ($label)"
start=$SECONDS
if ! (cd "$tree" && flock "$CACHE/.build.lock" python3 tools/testing/kunit/kunit.py run \
	--build_dir="$out" --jobs="$JOBS" --raw_output=kunit \
	--kunitconfig=drivers/ntb --kunitconfig=drivers/pci/endpoint/functions) \
	>"$logfile" 2>&1; then
	tail -n 20 "$logfile" >&2
	die "kunit.py did not run to the end on $ver ($label) (log: $logfile)"
fi
# The KTAP of the suites: from the first "KTAP version"/"TAP version" on.
sed -n '/^\(K\)\?TAP version/,$p' "$logfile" | sed '/^\[.*\] /d'
# kunit.py's own parser reads the results: its KernelCI JSON lists every
# test case with its status (PASS, FAIL, SKIP, ERROR for a crash),
# whatever the nesting. Its exit status says only whether all passed.
json=$out/kunit-$label.json
rm -f "$json"
(cd "$tree" && python3 tools/testing/kunit/kunit.py parse --json="$json" "$logfile") >/dev/null 2>&1 || true
[[ -s $json ]] || die "kunit.py parse read no results from $logfile"
# "<case> <status>", one line per test case
cases=$(python3 -c '
import json, sys
def walk(group):
    for case in group["test_cases"]:
        print(case["name"], case["status"])
    for sub in group["sub_groups"]:
        walk(sub)
walk(json.load(open(sys.argv[1])))' "$json")
passed=$(grep -c ' PASS$' <<<"$cases" || true)
failed=$(grep -Evc ' (PASS|SKIP)$' <<<"$cases" || true)
grep -Ev ' (PASS|SKIP)$' <<<"$cases" | awk '{ print "FAILED", $1 }' || true
echo "kunit: $ver $label: $((SECONDS - start)) s: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
((failed == 0 || ${KUNIT_FAILURES_EXPECTED:-0} == 1))
