#!/bin/bash
# The QEMU verdict (qemu-verdict.sh) and the splat scanner on saved guest
# logs (tests/fixtures/guest/): no kernel build, no guest, seconds. Each
# saved log must give the verdict of the run it came from, and logs broken
# on purpose must not (the list below, "Broken on purpose"): each edits
# the guest's KTAP report (qemu/init) or the console around it, and must
# give ERROR with the facts that failed named.
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
	[x86_64-stable+3+transport-fixes-transport-fixed]=cycles+fault
	[arm64-upstream+transport-fixes-transport-fixed]=cycles+fault
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

fixed=$fx/x86_64-stable+3+transport-fixes-transport-fixed.log
reproduced=$fx/x86_64-stable-transport-reproduced.log
barlog=$fx/x86_64-upstream-transport-bar-index-reproduced.log
uafrep=$fx/x86_64-upstream-transport-link-fail-reproduced.log
uaffix=$fx/x86_64-upstream+transport-fixes-transport-link-fail-fixed.log
soak=$fx/x86_64-upstream+transport-fixes-transport-fixed.log
stalerep=$fx/x86_64-upstream-transport-stale-trans-reproduced.log
unlinkrep=$fx/x86_64-stable+70becc1a-transport-unlink-reproduced.log
unlinkoops=$fx/x86_64-stable-transport-unlink-reproduced.log
unlinkfix=$fx/x86_64-upstream-transport-unlink-fixed.log
msirep=$fx/x86_64-upstream-transport-msi-reproduced.log
rxdmarep=$fx/x86_64-upstream+transport-fixes-first5-transport-rx-dma-reproduced.log

# broken NAME LOG SED-SCRIPT: a copy of LOG, edited by SED-SCRIPT, in
# $work/NAME/ under LOG's name (the name of the run it imitates); the
# edit must change something.
broken() {
	mkdir -p "$work/$1"
	sed "$3" "$2" >"$work/$1/$(basename "$2")"
	cmp -s "$2" "$work/$1/$(basename "$2")" && die "fixture '$1': the edit changed nothing"
	echo "$work/$1/$(basename "$2")"
}
# fail FACT: a sed script that turns the guest's result FACT into "not ok"
# (FACT may be a sed regex matching several)
fail() { echo "s/ntb-dma-ktap: ok \([0-9]*\) \($1\)\( \|\$\)/ntb-dma-ktap: not ok \1 \2\3/"; }
# pass FACT: the other way
pass() { echo "s/ntb-dma-ktap: not ok \([0-9]*\) \($1\)\( \|\$\)/ntb-dma-ktap: ok \1 \2\3/"; }

# Broken on purpose.  Each reason names the facts that failed.
expect "FIXED run with a KASAN report" \
	"$(broken splat "$fixed" '/ntb-dma-init: phase=check/a [   42.000000] BUG: KASAN: use-after-free in ntb_fixture_on_purpose+0x10/0x20')" \
	'verdict=ERROR .*reason=failed:no_splat$'
expect "FIXED run cut short" "$(broken cut "$fixed" "$(($(wc -l <"$fixed") / 2)),\$d")" \
	'verdict=ERROR .*reason=no-guest-report$'
expect "FIXED run whose report lost a result" "$(broken lost "$fixed" '/ntb-dma-ktap: ok [0-9]* tx /d')" \
	'verdict=ERROR .*reason=failed:guest_report$'
expect "REPRODUCED run without IOMMU faults" "$(broken nofault "$reproduced" '/DMAR: \[DMA/d')" \
	'verdict=ERROR .*reason=failed:mw0_mapped,.*onboard_check$'
expect "FIXED run with a failed KUnit suite" \
	"$(broken kunit "$fixed" '0,/\] ok [0-9]* ntb$/s/\] ok \([0-9]*\) ntb$/] not ok \1 ntb/')" \
	'verdict=ERROR .*reason=failed:kunit_suites$'
expect "FIXED run with a BAR index of -1" "$(broken bar "$fixed" "$(fail bar_index)")" \
	'verdict=ERROR .*reason=failed:bar_index$'
expect "REPRODUCED run whose on-board check says fixed" "$(broken check "$reproduced" "$(pass onboard_check)")" \
	'verdict=ERROR .*reason=failed:mw0_mapped,.*,no_iommu_fault$'
expect "REPRODUCED run with one window mapped" \
	"$(broken onemapped "$reproduced" "$(pass mw1_mapped);$(pass mw1_dma_read);$(pass mw1_dma_write)")" \
	'verdict=ERROR '
expect "bar-index run without a bad BAR index" "$(broken nobar "$barlog" "$(pass bar_index)")" \
	'verdict=ERROR '
expect "link-fail run with a KASAN report of another function" \
	"$(broken otherfn "$uafrep" 's/BUG: KASAN: \([a-z-]*\) in ntb_qp_link_down_reset/BUG: KASAN: \1 in ntb_fixture_elsewhere/')" \
	'verdict=ERROR .*reason=failed:no_splat$'
expect "link-fail FIXED run without the traffic after it" "$(broken noafter "$uaffix" "$(fail after_rx)")" \
	'verdict=ERROR .*reason=failed:after_rx$'
# a run without the bug's sequence (the soak of the same variant),
# presented as a link-fail run
mkdir -p "$work/noseq"
cp "$soak" "$work/noseq/$(basename "$uaffix")"
expect "link-fail run that never drove its sequence" "$work/noseq/$(basename "$uaffix")" \
	'verdict=ERROR .*reason=failed:phases$'
expect "stale-trans run whose writes faulted" "$(broken stale "$stalerep" "$(fail 'stale_mw[0-9]*_conclusive');$(pass 'stale_mw[0-9]*_not_landed');$(pass stale_none_landed)")" \
	'verdict=ERROR .*reason=failed:stale_mw0_conclusive,stale_mw1_conclusive$'
# Not broken: one window's write landed, the other's address was not
# given out again (up to the IOMMU's allocator): still REPRODUCED
expect "stale-trans run with one window's write landed" \
	"$(broken onelanded "$stalerep" "$(pass stale_mw1_not_landed);$(fail stale_mw1_conclusive)")" \
	'verdict=REPRODUCED '
expect "unlink run whose report names another function" \
	"$(broken unlinkfn "$unlinkrep" 's/vntb_epf_get_dma_dev/ntb_fixture_elsewhere/g')" \
	'verdict=ERROR .*reason=no-guest-report$'
expect "unlink run whose oops names another function" \
	"$(broken unlinkoopsfn "$unlinkoops" 's/vntb_epf_spad_write/ntb_fixture_elsewhere/g')" \
	'verdict=ERROR .*reason=no-guest-report$'
expect "unlink FIXED run whose NTB device outlived the unlink" \
	"$(broken unlinkdev "$unlinkfix" "$(fail unlink_ntb_device_gone)")" \
	'verdict=ERROR .*reason=failed:unlink_ntb_device_gone$'
expect "msi run whose report came before the sequence" \
	"$(broken msiearly "$msirep" '/ntb-dma-init: phase=msi/d')" \
	'verdict=ERROR .*reason=no-guest-report$'
expect "rx-dma run whose report is the receive tasklet's (patch 5's bug)" \
	"$(broken rxdmatasklet "$rxdmarep" 's/in ntb_complete_rxc+/in ntb_transport_rxc_db+/')" \
	'verdict=ERROR .*reason=failed:no_splat$'
expect "soak with a round's traffic lost" "$(broken soakrx "$soak" "$(fail soak3_rx)")" \
	'verdict=ERROR .*reason=failed:soak3_rx$'

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
