#!/bin/bash
# Turn a guest log into the one-line result of a run.
#   FIXED       every memory window's inbound address is mapped in the EPC
#               parent's IOMMU domain, edu's DMA reads and writes through
#               it, the client's data is right (data=ok, and tx=ok for
#               transport), no IOMMU fault
#               (DMAR on x86_64, SMMU event 0x10 on arm64), no splat (and,
#               with stress, all cycles good, the traffic between them
#               too, the injected failure recovered, no leak)
#   REPRODUCED  every window programmed, none mapped, edu's DMA fails both
#               ways, the client's data is wrong (data=fail, and tx=fail
#               for transport) and the IOMMU
#               logged faults, no splat
#   ERROR       anything else (no result, a window never programmed, mixed
#               results, splats, guest error or timeout)
# The on-board check (tools/vntb-dma-check, run by qemu/init at the end)
# must agree: check=fixed on every FIXED run, check=affected on every run
# that reproduces the DMA bug; otherwise the run is an ERROR.
# data= is the client's view: for transport, the datagrams the guest's
# receiver got intact of those the host sent (and tx= those the host got
# intact of those the endpoint sent); for tool, the windows whose
# contents ntb_tool read back as the device wrote them; for perf, the
# inbound buffer ntb_perf announced to the host (SXLAT) is the window and
# the device moves data both ways through it.
# With BUG bar-index (vNTB's second window without a BAR, 7.2 and later):
#   REPRODUCED  a window's BAR index is no BAR: vNTB's configfs reads -1
#               once bound ("ntb-dma-init: mw_bars=2,-1"), or the test
#               controller was handed one ("set_bar bar_index=-1")
#   FIXED       as above, the windows on the BARs vNTB chose itself
# A report of a bad BAR index makes any other run an ERROR.
# With BUG stale-trans (vNTB's windows still translating once the client
# freed their buffers; qemu/init unloads the client, then the test
# driver writes through each window as the host would):
#   REPRODUCED  FIXED for the DMA bug, and a write landed in a buffer
#               that got the window's old address again ("stale mwN ...
#               stale_write=landed")
#   FIXED       as above (the window check before it), and every
#               window's write dropped: the window translates nowhere
# With a BUG of qemu/bugs (a use-after-free of ntb_transport, driven by
# qemu/init's sequence of that name):
#   REPRODUCED  the first KASAN report names the function qemu/bugs gives
#   FIXED       as above, and the traffic after the sequence intact both
#               ways (any KASAN report is a splat: ERROR)
# Usage: qemu-verdict.sh RUN_FILE
#   RUN_FILE: the run's description (scripts/qemu-test.sh, run_guest):
#   arch, base, variant, client (transport, tool or perf), bug (dma,
#   bar-index, stale-trans or one of qemu/bugs), stress (0, cycles, cycles+fault or
#   cycles+fault+soak), log, seconds and qemu_status (see qemu/variants)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

run=$1
[[ -f $run ]] || die "no run file '$run'"
arch=$(record_field "$run" arch)
ver=$(record_field "$run" base)
variant=$(record_field "$run" variant)
client=$(record_field "$run" client)
bug=$(record_field "$run" bug)
stress=$(record_field "$run" stress)
logfile=$(record_field "$run" log)
secs=$(record_field "$run" seconds)
qemu_rc=$(record_field "$run" qemu_status)
# qemu/init configures vNTB with two memory windows, one for ntb_perf
MWS=2
[[ $client != perf ]] || MWS=1

# The memory-window lines of the first check (before the stress phases)
check=$(awk '/ntb-dma-init: phase=/ { p = /phase=check/ } p && /ntb-dma-test: mw[0-9]/' "$logfile")
field() { { grep -o " $1=[^ ]*" <<<"$check" || true; } | cut -d= -f2 | paste -sd, -; }
count() { grep -c " $1" <<<"$check" || true; }
nmw=$(grep -c 'ntb-dma-test: mw' <<<"$check" || true)
mapped=$(field mapped)
addrs=$(field addr)
dma_read=$(field dma_read)
dma_write=$(field dma_write)
# IOMMU faults: VT-d's DMAR reports (x86_64) or the SMMUv3's translation
# fault events (arm64), as the architecture's record (qemu/arch/) says.
fault_re=$(guest_arch "$arch" fault_re)
fault_name=$(guest_arch "$arch" fault_name)
# Not anchored: a console line may run into the report.
dmar=$(grep -cE "$fault_re" "$logfile" || true)
splats=$("$TOP/scripts/qemu-scan-log.sh" "$logfile" 2>/dev/null) || splats=error
done_line=$(grep -m1 -o 'ntb-dma-init: done.*' "$logfile" || true)
boot=$(grep -m1 -o '^\[ *[0-9.]*\] ntb-dma-init: done' "$logfile" | grep -m1 -o '[0-9]*\.[0-9]*' || true)

# KTAP of the series' KUnit suites, run by insmod (variants with the series)
kunit_ok=$(grep -cE '^\[ *[0-9.]+\] ok [0-9]+ (ntb-dma-dev|pci-epf-vntb)$' "$logfile" || true)
kunit_bad=$(grep -cE '^\[ *[0-9.]+\] not ok [0-9]+ (ntb-dma-dev|pci-epf-vntb)$' "$logfile" || true)
kunit=none
((kunit_ok + kunit_bad == 0)) || kunit="ok($kunit_ok/$((kunit_ok + kunit_bad)))"
((kunit_bad == 0)) || kunit="fail($kunit_bad/$((kunit_ok + kunit_bad)))"

# all LIST VALUE: every element of the comma-separated LIST is VALUE
all() { [[ $(tr ',' '\n' <<<"$1" | sort -u) == "$2" ]]; }

# read_fields LINE NAME...: set each NAME to the number after " NAME=" in
# LINE (0 if there is none)
read_fields() {
	local line=$1 k v
	shift
	for k; do
		v=$(grep -o " $k=-\?[0-9]*" <<<"$line" | sed -n '1s/.*=//p' || true)
		printf -v "$k" %s "${v:-0}"
	done
}

# traffic_data LABEL: data=... of the traffic run LABEL (qemu/init's
# "traffic=LABEL carrier=C expected=N received=N ok=N bad=N dup=N")
traffic_data() {
	local line n carrier expected received ok bad dup
	line=$(grep -m1 -o "ntb-dma-init: traffic=$1 .*" "$logfile" || true)
	[[ -n $line ]] || { echo "fail(none,no-result)"; return; }
	read_fields "$line" carrier expected received ok bad dup
	n="$ok/$expected"
	if ((expected > 0 && ok == expected && bad == 0 && dup == 0)); then
		echo "ok($n)"
	elif ((carrier == 0)); then
		echo "fail($n,no-carrier)"
	elif ((received == 0)); then
		echo "fail($n,no-packet)"
	elif ((bad > 0)); then
		echo "fail($n,corrupt)"
	elif ((dup > 0)); then
		echo "fail($n,duplicate)"
	else
		echo "fail($n,missing)"
	fi
}

# traffic_tx LABEL: tx=... of the traffic run LABEL (the test driver's
# "tx frames=N taken=N ok=N ... ret=E" before qemu/init's "traffic=LABEL")
traffic_tx() {
	local line n frames taken ok ret
	line=$(awk -v l="ntb-dma-init: traffic=$1 " '
		/ntb-dma-test: tx frames=/ { t = $0 }
		/ntb-dma-init: traffic=/ { if (index($0, l)) { print t; exit } t = "" }' "$logfile")
	[[ -n $line ]] || { echo "fail(none,no-result)"; return; }
	read_fields "$line" frames taken ok ret
	n="$ok/$frames"
	if ((frames > 0 && ok == frames)); then
		echo "ok($n)"
	elif ((ok < taken)); then
		echo "fail($n,corrupt)"
	elif ((ret == -110)); then
		echo "fail($n,stall)"	# -ETIMEDOUT: the endpoint stopped sending
	else
		echo "fail($n,error$ret)"
	fi
}

# intact_rounds PREFIX N: how many of the traffic runs PREFIX1..PREFIXN
# (qemu/init's stress rounds) were intact both ways
intact_rounds() {
	local i n=0
	for i in $(seq "$2"); do
		[[ $(traffic_data "$1$i") != ok* || $(traffic_tx "$1$i") != ok* ]] || n=$((n + 1))
	done
	echo "$n"
}

tx=none
case $client in
transport)
	data=$(traffic_data main)
	tx=$(traffic_tx main)
	;;
tool)
	tool_ok=$(grep -c 'ntb-dma-init: tool mw[0-9]* client_read=ok' "$logfile" || true)
	if ((tool_ok == MWS)); then
		data="ok($tool_ok/$MWS)"
	else
		data="fail($tool_ok/$MWS,client-read)"
	fi
	;;
perf)
	read -r xlat window < <(grep -o 'ntb-dma-test: perf .*' "$logfile" |
		sed -n 's/.* sxlat=\([^ ]*\) window=\([^ ]*\) .*/\1 \2/p' | sed -n 1p) || true
	if [[ -z ${xlat:-} || $((xlat)) == 0 ]]; then
		data="fail(0/1,no-xlat)"
	elif (($((xlat)) != $((window)))); then
		data="fail(0/1,xlat-not-window)"
	elif all "$dma_read" ok && all "$dma_write" ok; then
		data="ok(1/1)"
	else
		data="fail(0/1,unreachable)"
	fi
	;;
*) die "unknown client '$client' (transport, tool or perf)" ;;
esac

# A window's BAR index that is no BAR (0-5): as vNTB's configfs reads it
# once bound (qemu/init's "mw_bars="), or as the test controller refused
# it (patches/test/); the first one found.
bar_index=$( {
	grep -m1 -o 'ntb-dma-init: mw_bars=[-0-9,]*' "$logfile" | sed 's/.*=//' | tr ',' '\n'
	grep -o 'ntb-dma-test: [a-z_]*bar bar_index=-\?[0-9]*' "$logfile" | sed 's/.*=//'
} | grep -vxE '[0-5]?' | head -n1 || true)

# The on-board check's verdict at the end of the run (qemu/init)
check_verdict=$(grep -m1 -o 'ntb-dma-init: check=[a-z-]*' "$logfile" | sed 's/.*=//' || true)

details="check=${check_verdict:-none} client=$client data=$data tx=$tx kunit=$kunit mws=$nmw mapped=${mapped:-none} addr=${addrs:-none} dma_read=${dma_read:-none} dma_write=${dma_write:-none} $fault_name=$dmar splats=$splats guest=${boot:-?}s run=${secs}s"

reason=
[[ $qemu_rc == 0 ]] || reason="qemu-exit-$qemu_rc"
[[ -z $reason && $done_line == 'ntb-dma-init: done ok' ]] || reason=${reason:-"guest:${done_line:-no-result}"}
[[ -n $reason ]] || ! grep -q 'mapped=never' <<<"$check" || reason="never-programmed"
[[ -n $reason || $nmw == "$MWS" ]] || reason="mws-$nmw-of-$MWS"
[[ -n $reason || $splats == 0 ]] || reason="splats"
[[ -n $reason || $kunit_bad == 0 ]] || reason="kunit"
# The series brings two KUnit suites; both must have run and passed
# (variants without the series' patches 4-5 have none).
[[ -n $reason || ${variant%+transport-fixes} =~ ^(unfixed|stable|upstream|control|stable\+70becc1a|vntb-fixes)$ ||
	$kunit == "ok(2/2)" ]] ||
	reason="kunit-$kunit"

stress_ok=1
if [[ $stress == cycles* ]]; then
	# the first: the 100 cycles (the soak's rounds of 10 come later)
	cycles=$(grep -o 'ntb-dma-test: cycles=[0-9]* ok=[0-9]*' "$logfile" | head -n1 |
		sed 's/.*cycles=\([0-9]*\) ok=\([0-9]*\)/\2\/\1/' || true)
	leaks=$(grep -o 'ntb-dma-init: kmemleak leaks=[0-9]*' "$logfile" | grep -o '[0-9]*$' || true)
	traffic_cycles=$(intact_rounds cycle 3)
	details+=" cycles=${cycles:-none} traffic_cycles=$traffic_cycles/3 kmemleak=${leaks:-none}"
	[[ $cycles == 100/100 && $traffic_cycles == 3 && $leaks == 0 ]] || stress_ok=0
fi
if [[ $stress == *fault* ]]; then
	injected=$(grep -m1 -o 'ntb-dma-init: fault injected=[0-9]*' "$logfile" | grep -o '[0-9]*$' || true)
	# The "up" right after arming: no window may be programmed
	after_fault=$(awk '/fault armed/ { a = 1; next } a && /ntb-dma-test: up programmed=/ { sub(/.*programmed=/, ""); print; exit }' "$logfile")
	alloc_err=$(grep -c 'Unable to alloc aligned MW buff' "$logfile" || true)
	# A guest that stopped before this line has none: read fails, and the
	# run is judged with the values missing, never without a verdict line.
	read -r before after < <(grep -o 'dma_entries_before=[0-9]\+ dma_entries_after=[0-9]\+' "$logfile" |
		sed 's/[a-z_]*=//g' || true) || true
	before=${before:-none} after=${after:-missing}
	recovered=$(awk '/fault dma_entries/ { a = 1; next } a && /ntb-dma-test: check mws=/ { sub(/.*ok=/, ""); print; exit }' "$logfile")
	details+=" fault_injected=${injected:-none} programmed_under_fault=${after_fault:-none}"
	details+=" mw_alloc_errors=$alloc_err recovered=${recovered:-none}/$MWS dma_entries=$before->$after"
	[[ $injected == 2 && $after_fault == 0 && $alloc_err -ge 1 &&
		$recovered == "$MWS" && $before == "$after" ]] || stress_ok=0
fi

if [[ $stress == *soak ]]; then
	# qemu/init's soak: ten rounds of 10 link cycles, a transmit stall,
	# a failed link up (2 allocations failed) and traffic both ways
	rounds=$(intact_rounds soak 10)
	soak_cycles=$(awk '/ntb-dma-init: phase=soak/ { p = 1 } p && /ntb-dma-test: cycles=/ {
		sub(/.*cycles=/, ""); split($0, a, " ok="); n += a[1]; ok += a[2] } END { print ok + 0 "/" n + 0 }' "$logfile")
	soak_faults=$(awk '/ntb-dma-init: phase=soak/ { p = 1 } p && /ntb-dma-init: fault injected=2$/ { n++ } END { print n + 0 }' "$logfile")
	details+=" soak_rounds=$rounds/10 soak_cycles=$soak_cycles soak_faults=$soak_faults"
	[[ $rounds == 10 && $soak_cycles == 100/100 && $soak_faults == 10 ]] || stress_ok=0
fi

# refused: the client's data failed the way an unmapped window makes it
# fail: no datagram arrived and the endpoint's sending stalled after it
# had sent (transport), ntb_tool read back nothing the device wrote
# (tool), ntb_perf's buffer unreachable (perf).  Not "no result" or an
# error of the setup.
refused() {
	case $client in
	transport) [[ $data == fail\(0/*,no-packet\) && $tx =~ ^fail\([1-9][0-9]*/[0-9]+,stall\)$ ]] ;;
	tool) [[ $data == fail\(0/*,client-read\) ]] ;;
	perf) [[ $data == "fail(0/1,unreachable)" ]] ;;
	*) false ;;
	esac
}

if [[ -n $reason ]]; then
	verdict=ERROR
elif all "$mapped" yes && all "$dma_read" ok && all "$dma_write" ok && [[ $data == ok* ]] &&
	[[ $tx == ok* || $tx == none ]] && ((dmar == 0)); then
	verdict=FIXED
	((stress_ok)) || { verdict=ERROR; reason=stress; }
elif all "$mapped" no && all "$dma_read" fail && all "$dma_write" fail && refused &&
	((dmar > 0)); then
	verdict=REPRODUCED
else
	verdict=ERROR
	reason=mixed
fi
# tools/vntb-dma-check must agree with the run: "fixed" on a FIXED run,
# "affected" on a run that reproduces the DMA bug.
if [[ $verdict == FIXED && $check_verdict != fixed ]] ||
	[[ $verdict == REPRODUCED && $check_verdict != affected ]]; then
	verdict=ERROR reason=check-${check_verdict:-none}
fi
# The BAR index: its evidence decides a bar-index run, and is an error of
# any other.
if [[ $bug == bar-index ]]; then
	details="bug=bar-index bar_index=${bar_index:-ok} $details"
	if [[ -n $bar_index ]]; then
		verdict=REPRODUCED reason=
	elif [[ $verdict == REPRODUCED ]]; then
		verdict=ERROR reason=dma-bug
	fi
elif [[ -n $bar_index ]]; then
	verdict=ERROR reason=bar-index-$bar_index
fi
# vNTB's stale translation: where the host's writes through the windows
# went once the client had freed their buffers, one result per window.
# A run that is not FIXED for the DMA bug proves nothing of this one.
if [[ $bug == stale-trans ]]; then
	stale=$( { grep -o 'ntb-dma-test: stale mw[0-9]* .*stale_write=[a-z]*' "$logfile" || true; } |
		sed 's/.*=//' | paste -sd, -)
	nstale=$(tr ',' '\n' <<<"$stale" | grep -c . || true)
	details="bug=stale-trans stale_write=${stale:-none} $details"
	if [[ $verdict == REPRODUCED ]]; then
		verdict=ERROR reason=dma-bug
	elif [[ $verdict == FIXED && ,$stale, == *,landed,* ]] && grep -q 'ntb-dma-init: phase=stale-trans$' "$logfile"; then
		verdict=REPRODUCED
	elif [[ $verdict == FIXED ]] && ! { ((nstale == MWS)) && all "$stale" dropped; }; then
		verdict=ERROR reason=stale-${stale:-none}
	fi
fi
# A bug of ntb_transport (qemu/bugs): the run's first KASAN report decides
# ("kasan=<kind>:<function>"), and traffic after the sequence.
if kasan_fn=$(kasan_bug "$bug"); then
	kasan=$(grep -m1 -oE 'BUG: KASAN: [a-z-]+ in [A-Za-z0-9_.]+' "$logfile" |
		sed -E 's/BUG: KASAN: ([a-z-]+) in (.*)/\1:\2/' || true)
	after="$(traffic_data after),$(traffic_tx after)"
	details="bug=$bug kasan=${kasan:-none} after=$after $details"
	if [[ ${kasan#*:} == "$kasan_fn" ]] && grep -q "ntb-dma-init: phase=$bug\$" "$logfile"; then
		verdict=REPRODUCED reason=
	elif [[ $verdict == FIXED && $after != ok*,ok* ]]; then
		verdict=ERROR reason=after-$bug
	fi
fi
echo "qemu: arch=$arch base=$ver variant=$variant verdict=$verdict $details${reason:+ reason=$reason}"
