#!/bin/bash
# make check's output must be KTAP that kernel tools read: kunit.py parse
# (the base's own tools/testing/kunit) takes a real run of two quick
# checks, their results nested as subtests,
# without the plain "N passed, N failed" trailer line, with no error; and
# it must complain about output that is not whole (a run cut short after
# its plan) and count a failed check as failed.  The guest's report
# (qemu/init: its lines marked "ntb-dma-ktap: ") is KTAP as well: the
# reports of saved guest logs parse, a REPRODUCED one with its failed
# facts counted.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The mainline base's kunit.py: 6.12's raises a ValueError ("going past
# EOF") on output cut short inside a nested block, where 7.3's reports an
# error as it should.
kunit_py=$("$TOP/scripts/fetch-base.sh" "${MAINLINE_BASES%% *}")/tools/testing/kunit/kunit.py
# parse FILE: kunit.py's summary line; its exit code is parse's.
parse() {
	local rc=0
	python3 "$kunit_py" parse "$1" >"$1.parsed" 2>&1 || rc=$?
	grep -o 'Ran [0-9]* tests.*' "$1.parsed" || true
	return $rc
}

"$TOP/scripts/run-checks.sh" test-resolve-base test-bad-input >"$work/run" 2>/dev/null || true
tail -n1 "$work/run" | grep -qx '2 passed, 0 failed' || not_ok "the trailer line is not the last: $(tail -n1 "$work/run")"
head -n -1 "$work/run" >"$work/ktap"
# kunit.py counts the leaves: each check's results (the nested "ok N"
# lines), or the check itself where it printed none.
leaves=$(awk '/^    (not )?ok [0-9]+ / { n++; nested = 1 }
	/^(not )?ok [0-9]+ / { if (!nested) n++; nested = 0 } END { print n + 0 }' "$work/ktap")
grep -q '^    ok [0-9]' "$work/ktap" || not_ok "no nested results in make check's KTAP"
if summary=$(parse "$work/ktap") && [[ $summary == "Ran $leaves tests: passed: $leaves" ]]; then
	ok "make check's KTAP parses: $summary"
else
	not_ok "kunit.py parse of make check's KTAP: ${summary:-no summary}"
	sed 's/^/    /' "$work/ktap.parsed" | tail -n 10
fi

# Cut short: the plan promises two checks, one result came.
sed '/^ok 2 /,$d' "$work/ktap" >"$work/cut"
# (kunit.py's summary names the missing result an error; its exit status
# stays 0 when the results it did get all passed.)
summary=$(parse "$work/cut") || true
if [[ $summary == *error* || $summary == *crashed* ]]; then
	ok "a run cut short is an error to kunit.py parse: $summary"
else
	not_ok "kunit.py parse took a run cut short: ${summary:-no summary}"
fi
# A failed check: its first result and itself not ok.
awk '/^ok 1 / { second = 1 } second && !done && /^    ok 1 / { sub(/^    ok/, "    not ok"); done = 1 }
	{ sub(/^ok 2 /, "not ok 2 "); print }' "$work/ktap" >"$work/failed"
if ! summary=$(parse "$work/failed") && [[ $summary == *"failed: 1"* ]]; then
	ok "a failed check is counted failed: $summary"
else
	not_ok "kunit.py parse did not count the failed check: ${summary:-no summary}"
fi
# The guest's reports, from the saved logs (tests/fixtures/guest/)
fx=$TOP/tests/fixtures/guest
for log in "$fx/x86_64-upstream+transport-fixes-transport-fixed.log" "$fx/x86_64-stable-transport-reproduced.log"; do
	name=$(basename "$log")
	tr -d '\r' <"$log" | sed -n 's/^.*ntb-dma-ktap: //p' >"$work/guest"
	facts=$(grep -cE '^(not )?ok [0-9]+ ' "$work/guest" || true)
	failed=$(grep -cE '^not ok [0-9]+ ' "$work/guest" || true)
	summary=$(parse "$work/guest") || true
	want="Ran $facts tests: passed: $((facts - failed))"
	((failed == 0)) || want+=", failed: $failed"
	if ((facts > 0)) && [[ $summary == "$want" ]]; then
		ok "the guest's report in $name parses: $summary"
	else
		not_ok "kunit.py parse of the guest's report in $name: ${summary:-no summary}, want $want"
	fi
done
finish
