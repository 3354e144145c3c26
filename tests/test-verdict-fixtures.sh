#!/bin/bash
# The QEMU verdict (qemu-verdict.sh) and the splat scanner on saved guest
# logs (tests/fixtures/guest/): no kernel build, no guest, seconds. Each
# saved log must give the verdict of the run it came from, and logs broken
# on purpose must not: a KASAN report added to a FIXED run, a FIXED run cut
# short, a REPRODUCED run without its IOMMU faults, a FIXED run with a
# failed KUnit case, a FIXED run that meets a BAR index of -1, a
# bar-index run whose windows all had a BAR, a REPRODUCED run whose
# on-board check (tools/vntb-dma-check) says fixed, a REPRODUCED run of a
# bug of ntb_transport (qemu/bugs) whose KASAN report names another
# function, a FIXED one whose traffic after the sequence failed, a soak
# with a round whose traffic was lost, a stale-trans run whose writes
# through the freed windows faulted.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fx=$TOP/tests/fixtures/guest
# the bugs of qemu/bugs, as alternatives of a regex
bugs=$(records "$TOP/qemu/bugs" | awk '{ print $1 }' | paste -sd'|' -)

# The fixtures whose runs had a STRESS (qemu/variants), under the name of
# the run (a broken copy keeps its original's name)
declare -A stress_of=(
	[x86_64-stable+3-transport-fixed]=cycles+fault
	[x86_64-upstream+transport-fixes-transport-fixed]=cycles+fault+soak
)

# expect NAME LOG WANT-REGEX: the verdict line of LOG (arch, variant,
# client and expected verdict from the fixture's name) must match.
expect() {
	local name=$1 log=$2 want=$3 file arch variant client stress bug=dma line
	file=$(basename "$log" .log)
	# <arch>-<variant>-<client>[-<bug>]-<verdict> (tests/fixtures/guest/README);
	# a variant's name may have a dash (vntb-fixes)
	[[ $file =~ ^(x86_64|arm64)-(.+)-(transport|tool|perf)(-(bar-index|stale-trans|$bugs))?-[a-z]+$ ]] ||
		die "fixture name '$file' is not <arch>-<variant>-<client>[-<bug>]-<verdict>"
	arch=${BASH_REMATCH[1]} variant=${BASH_REMATCH[2]} client=${BASH_REMATCH[3]}
	bug=${BASH_REMATCH[5]:-dma}
	stress=${stress_of[$file]:-0}
	# The run's description, as qemu-test.sh writes it (run_guest)
	printf '%s\n' "arch=$arch" base=fixture "variant=$variant" "client=$client" "bug=$bug" \
		"stress=$stress" "log=$log" seconds=60 qemu_status=0 >"$work/run"
	line=$("$TOP/scripts/qemu-verdict.sh" "$work/run" 2>&1 || true)
	if grep -qE -- "$want" <<<"$line"; then
		ok "$name: $(grep -oE 'verdict=[A-Z]+( |$)' <<<"$line")$(grep -oE 'reason=[^ ]+' <<<"$line" || true)"
	else
		not_ok "$name: want /$want/, got: $line"
	fi
}

for log in "$fx"/*-fixed.log; do
	expect "$(basename "$log")" "$log" 'verdict=FIXED '
done
for log in "$fx"/*-reproduced.log; do
	expect "$(basename "$log")" "$log" 'verdict=REPRODUCED '
done

fixed=$fx/x86_64-stable+3-transport-fixed.log
reproduced=$fx/x86_64-stable-transport-reproduced.log
# Broken on purpose, each under the name of the run it imitates.
mkdir -p "$work/splat" "$work/cut" "$work/nofault" "$work/kunit" "$work/bar" "$work/nobar"
sed '/ntb-dma-init: phase=check/a [   42.000000] BUG: KASAN: use-after-free in ntb_fixture_on_purpose+0x10/0x20' \
	"$fixed" >"$work/splat/$(basename "$fixed")"
head -n "$(($(wc -l <"$fixed") / 2))" "$fixed" >"$work/cut/$(basename "$fixed")"
grep -v 'DMAR: \[DMA' "$reproduced" >"$work/nofault/$(basename "$reproduced")"
sed '0,/\] ok [0-9]* ntb-dma-dev$/s/\] ok \([0-9]*\) ntb-dma-dev$/] not ok \1 ntb-dma-dev/' \
	"$fixed" >"$work/kunit/$(basename "$fixed")"
# A run about the DMA bug that meets vNTB's BAR -1 (the test controller's report)
sed '/ntb-dma-init: phase=check/i [    9.000000] ntb-dma-test: set_bar bar_index=-1: not a BAR' \
	"$fixed" >"$work/bar/$(basename "$fixed")"
# A REPRODUCED run whose on-board check called the system fixed
mkdir -p "$work/check"
sed 's/ntb-dma-init: check=affected$/ntb-dma-init: check=fixed/' "$reproduced" >"$work/check/$(basename "$reproduced")"
# A bar-index REPRODUCED run whose second window had a BAR after all
barlog=$fx/x86_64-upstream-transport-bar-index-reproduced.log
sed 's/ntb-dma-init: mw_bars=2,-1$/ntb-dma-init: mw_bars=2,3/' "$barlog" >"$work/nobar/$(basename "$barlog")"
# A link-fail REPRODUCED run whose KASAN report is another function's;
# a link-fail FIXED run whose datagrams after the sequence did not arrive
uafrep=$fx/x86_64-upstream-transport-link-fail-reproduced.log
uaffix=$fx/x86_64-upstream+transport-fixes-transport-link-fail-fixed.log
mkdir -p "$work/otherfn" "$work/noafter"
sed 's/BUG: KASAN: \([a-z-]*\) in ntb_qp_link_down_reset/BUG: KASAN: \1 in ntb_fixture_elsewhere/' \
	"$uafrep" >"$work/otherfn/$(basename "$uafrep")"
sed '/ntb-dma-init: traffic=after /s/ received=[0-9]* ok=[0-9]*/ received=0 ok=0/' \
	"$uaffix" >"$work/noafter/$(basename "$uaffix")"
# A soak whose third round's datagrams did not arrive
soak=$fx/x86_64-upstream+transport-fixes-transport-fixed.log
mkdir -p "$work/soak"
sed '/ntb-dma-init: traffic=soak3 /s/ received=[0-9]* ok=[0-9]*/ received=0 ok=0/' \
	"$soak" >"$work/soak/$(basename "$soak")"
# A stale-trans run whose writes through the freed windows went nowhere
# (the address not given out again): no evidence of the bug, and not
# FIXED either
stalerep=$fx/x86_64-upstream-transport-stale-trans-reproduced.log
mkdir -p "$work/stale"
sed 's/stale_write=landed$/stale_write=faulted/' "$stalerep" >"$work/stale/$(basename "$stalerep")"
for d in splat cut nofault kunit bar nobar check otherfn noafter soak stale; do
	cmp -s "$work/$d/"*.log "$fx/$(basename "$work/$d/"*.log)" && die "fixture '$d': the edit changed nothing"
done
expect "FIXED run with a KASAN report" "$work/splat/$(basename "$fixed")" 'verdict=ERROR .*reason=splats'
expect "FIXED run cut short" "$work/cut/$(basename "$fixed")" 'verdict=ERROR '
expect "REPRODUCED run without IOMMU faults" "$work/nofault/$(basename "$reproduced")" 'verdict=ERROR '
expect "FIXED run with a failed KUnit suite" "$work/kunit/$(basename "$fixed")" 'verdict=ERROR .*reason=kunit'
expect "FIXED run with a BAR index of -1" "$work/bar/$(basename "$fixed")" 'verdict=ERROR .*reason=bar-index--1'
expect "REPRODUCED run whose on-board check says fixed" "$work/check/$(basename "$reproduced")" 'verdict=ERROR .*reason=check-fixed'
expect "bar-index run without a bad BAR index" "$work/nobar/$(basename "$barlog")" 'verdict=ERROR '
expect "link-fail run with a KASAN report of another function" "$work/otherfn/$(basename "$uafrep")" \
	'verdict=ERROR .*reason=splats'
expect "link-fail FIXED run without the traffic after it" "$work/noafter/$(basename "$uaffix")" \
	'verdict=ERROR .*reason=after-link-fail'
expect "stale-trans run whose writes faulted" "$work/stale/$(basename "$stalerep")" \
	'verdict=ERROR .*reason=stale-faulted,faulted'
expect "soak with a round's traffic lost" "$work/soak/$(basename "$soak")" \
	'verdict=ERROR .*soak_rounds=9/10.*reason=stress'

# The scanner counts the splat and names it on stderr; a clean log has 0.
n=$("$TOP/scripts/qemu-scan-log.sh" "$work/splat/$(basename "$fixed")" 2>"$work/splat.err")
if [[ $n == 1 ]] && grep -q 'BUG: KASAN: use-after-free in ntb_fixture_on_purpose' "$work/splat.err"; then
	ok "qemu-scan-log.sh: 1 report, named: $(grep -m1 -o 'BUG: KASAN.*' "$work/splat.err")"
else
	not_ok "qemu-scan-log.sh on a log with a KASAN report: $n reports"
fi
n=$("$TOP/scripts/qemu-scan-log.sh" "$fixed" 2>/dev/null)
[[ $n == 0 ]] && ok "qemu-scan-log.sh: the FIXED log is clean" ||
	not_ok "qemu-scan-log.sh counts $n reports in the clean FIXED log"
finish
