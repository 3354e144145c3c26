#!/bin/bash
# Turn a guest log into the one-line result of a run.
#
# The facts: the guest's KTAP report (qemu/init: its lines marked
# "ntb-dma-ktap: ", one result per fact), and the host's facts read off
# the console log (qemu/verdicts lists them: the report complete, QEMU's
# exit, splats, IOMMU faults, the KUnit suites, a bug's KASAN report).
# The verdict: the first rule of qemu/verdicts that fits the facts
# (FIXED: every fact passed; REPRODUCED: exactly the facts the run's bug
# breaks failed), otherwise ERROR with reason=failed:<the facts that
# failed> (or no-guest-report).
#
# Output, one line (qemu-test.sh, README and people read it):
#   qemu: arch= base= variant= verdict=FIXED|REPRODUCED|ERROR [bug=...]
#   check= client= data= tx= kunit= mws= mapped= dma_read= dma_write=
#   <fault_name>= splats= guest=<s> run=<s> facts=ok(N/M) failed=<names>
#   [reason=...]
# data=, tx=, mapped= and the rest are the diagnostics of those facts.
# With FACTS=1 in the environment the facts themselves follow, as a KTAP
# document of their own.
# Usage: qemu-verdict.sh RUN_FILE
#   RUN_FILE: the run's description (scripts/qemu-test.sh, run_guest):
#   arch, base, variant, client (transport, tool or perf), bug (dma,
#   bar-index, stale-trans or one of qemu/bugs), stress (0, cycles,
#   cycles+fault or cycles+fault+soak), log, seconds and qemu_status (see
#   qemu/variants)
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
[[ -f $logfile ]] || die "no guest log '$logfile'"

declare -A result diag	# fact -> ok|fail, and its diagnostic
facts=()		# in the order they were reported
add_fact() {		# add_fact NAME ok|fail DIAGNOSTIC
	[[ -v result[$1] ]] || facts+=("$1")
	result[$1]=$2 diag[$1]=$3
}
# host_fact NAME DIAGNOSTIC TEST...: a fact the host reads off the log,
# ok when the command TEST... succeeds (as qemu/init's fact)
host_fact() {
	local name=$1 d=$2
	shift 2
	if "$@"; then add_fact "$name" ok "$d"; else add_fact "$name" fail "$d"; fi
}

# The guest's report: the last KTAP document marked "ntb-dma-ktap: "
report=$(tr -d '\r' <"$logfile" | sed -n 's/^.*ntb-dma-ktap: //p' |
	awk '/^KTAP version/ { n = 0; delete l } { l[n++] = $0 } END { for (i = 0; i < n; i++) print l[i] }')
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$report")
re='^(ok|not ok) [0-9]+ ([A-Za-z0-9_]+)( # (.*))?$'
while IFS= read -r line; do
	[[ $line =~ $re ]] || continue
	if [[ ${BASH_REMATCH[1]} == ok ]]; then r=ok; else r=fail; fi
	add_fact "${BASH_REMATCH[2]}" "$r" "${BASH_REMATCH[4]}"
done <<<"$report"
reported=${#facts[@]}

# The host's facts
host_fact guest_report "$reported/${plan:-none}" test "${plan:-none}" = "$reported"
host_fact qemu_exit "status=$qemu_rc" test "$qemu_rc" = 0
splats=$("$TOP/scripts/qemu-scan-log.sh" "$logfile" 2>/dev/null) || splats=error
host_fact no_splat "splats=$splats" test "$splats" = 0
# IOMMU faults: VT-d's DMAR reports (x86_64) or the SMMUv3's translation
# fault events (arm64), as the architecture's record (qemu/arch/) says.
# Not anchored: a console line may run into the report.
fault_name=$(guest_arch "$arch" fault_name)
fault_re=$(guest_arch "$arch" fault_re)
faults=$(grep -cE "$fault_re" "$logfile" || true)
host_fact no_iommu_fault "$fault_name=$faults" test "$faults" = 0
# The guest ran every phase the run asked for: a fact of each is there.
want=()
[[ $stress != cycles* ]] || want+=(cycles kmemleak)
[[ $stress != *fault* ]] || want+=(fault_injected)
[[ $stress != *soak ]] || want+=(soak_cycles)
[[ $bug == dma || $bug == bar-index ]] || want+=("$([[ $bug == stale-trans ]] && echo stale_windows || echo after_rx)")
missing=
for f in "${want[@]}"; do
	[[ -v result[$f] ]] || missing+=${missing:+,}$f
done
host_fact phases "missing=${missing:-none}" test -z "$missing"
# The series' KUnit suites (KTAP of their own, printed when their
# modules load): both ran and passed with patches 4-6, none without.
kunit_ok=$(grep -cE '^\[ *[0-9.]+\] ok [0-9]+ (ntb|pci_epf_vntb)$' "$logfile" || true)
kunit_bad=$(grep -cE '^\[ *[0-9.]+\] not ok [0-9]+ (ntb|pci_epf_vntb)$' "$logfile" || true)
kunit=none
((kunit_ok + kunit_bad == 0)) || kunit="ok($kunit_ok/$((kunit_ok + kunit_bad)))"
((kunit_bad == 0)) || kunit="fail($kunit_bad/$((kunit_ok + kunit_bad)))"
# (a fix queue on top, "+<queue>-fixes[-firstN]", adds no suite)
if [[ ${variant%+*-fixes*} =~ ^(unfixed|stable|upstream|control|stable\+70becc1a|vntb-fixes)$ ]]; then
	want_kunit=none
else
	want_kunit="ok(2/2)"
fi
host_fact kunit_suites "kunit=$kunit" test "$kunit" = "$want_kunit"
# A bug of qemu/bugs: the run's first report after the guest began the
# bug's sequence (a KASAN report, or an oops and the function it hit)
# names one of the bug's functions.
if bug_fns=$(bug_functions "$bug"); then
	report=$(tr -d '\r' <"$logfile" | awk -v p="ntb-dma-init: phase=$bug" '
		index($0, p) { s = 1 }
		!s { next }
		match($0, /BUG: KASAN: [a-z-]+ in [A-Za-z0-9_.]+/) {
			split(substr($0, RSTART + 12, RLENGTH - 12), w, " in ")
			print "kasan=" w[1] ":" w[2]; exit
		}
		/NULL pointer dereference/ { kind = "null-deref" }
		/general protection fault/ { kind = "gpf" }
		/unable to handle page fault|Unable to handle kernel paging request/ { kind = "page-fault" }
		kind && (match($0, /RIP: [0-9a-f]+:[A-Za-z0-9_.]+\+/) || match($0, / pc : [A-Za-z0-9_.]+\+/)) {
			fn = substr($0, RSTART, RLENGTH - 1); sub(/.*[: ]/, "", fn)
			print "oops=" kind ":" fn; exit
		}')
	hit=${report#*:}
	host_fact no_bug_report "${report:-report=none}" test -z "$report" -o -z "$(grep -xE "$bug_fns" <<<"${hit:-}")"
fi

# fits PATTERNS NAME: NAME matches one of the comma-separated globs
fits() {
	local p pats
	[[ $1 != - ]] || return 1
	IFS=, read -ra pats <<<"$1"
	for p in "${pats[@]}"; do
		# shellcheck disable=SC2053 # a glob on purpose
		[[ $2 == $p ]] && return 0
	done
	return 1
}

# rule_fits FAIL MAY_FAIL: the facts fit the rule's columns
rule_fits() {
	local p f hit pats
	if [[ $1 != - ]]; then
		IFS=, read -ra pats <<<"$1"
		for p in "${pats[@]}"; do
			hit=0
			for f in "${facts[@]}"; do
				# shellcheck disable=SC2053 # a glob on purpose
				[[ $f == $p ]] || continue
				[[ ${result[$f]} == fail ]] || return 1
				hit=1
			done
			((hit)) || return 1
		done
	fi
	for f in "${facts[@]}"; do
		[[ ${result[$f]} == ok ]] || fits "$1" "$f" || fits "$2" "$f" || return 1
	done
}

verdict=
while read -r r_bug r_client r_verdict r_fail r_may; do
	fits "$r_bug" "$bug" && fits "$r_client" "$client" || continue
	if rule_fits "$r_fail" "$r_may"; then
		verdict=$r_verdict
		break
	fi
done < <(records "$TOP/qemu/verdicts")

failed=()
for f in "${facts[@]}"; do
	[[ ${result[$f]} == ok ]] || failed+=("$f")
done
failed_list=$(IFS=,; echo "${failed[*]:-}")
reason=
if [[ -z $verdict ]]; then
	verdict=ERROR
	if ((reported == 0)); then
		reason=no-guest-report
	else
		reason=failed:${failed_list:-none}
	fi
fi

# The summary people and README read: the diagnostics of the main facts
# d FACT...: the facts' diagnostics (after "key="), comma-separated
d() {
	local f v out=
	for f; do
		[[ -v result[$f] ]] || continue
		v=${diag[$f]}
		out+=${out:+,}${v#*=}
	done
	echo "${out:-none}"
}
wins=$(printf '%s\n' "${facts[@]}" | sed -n 's/^\(mw[0-9]*\)_mapped$/\1/p')
mws=$(wc -w <<<"$wins")
list() { local w out=; for w in $wins; do out+=${out:+ }${w}_$1; done; echo "$out"; }
# shellcheck disable=SC2046 # word lists of fact names
mapped=$(d $(list mapped) | sed 's/ addr=[^,]*//g')
boot=$(grep -m1 -o '^\[ *[0-9.]*\] ntb-dma-init: done' "$logfile" | grep -m1 -o '[0-9]*\.[0-9]*' || true)
details=
[[ $bug == dma ]] || details+="bug=$bug "
case $bug in
bar-index) details+="${diag[bar_index]:-mw_bars=none} " ;;
stale-trans)
	# shellcheck disable=SC2046 # a word list of fact names
	details+="stale_write=$(d $(printf '%s\n' "${facts[@]}" | grep -E '^stale_mw[0-9]+_not_landed$' || true) | sed 's/ buffers=[^,]*//g') " ;;
esac
[[ -z ${bug_fns:-} ]] || details+="${report:-report=none} after=$(d after_rx),$(d after_tx) "
# shellcheck disable=SC2046 # word lists of fact names
details+="check=$(d onboard_check) client=$client data=$(d data) tx=$(d tx) kunit=$kunit mws=$mws"
# shellcheck disable=SC2046
details+=" mapped=$mapped dma_read=$(d $(list dma_read)) dma_write=$(d $(list dma_write))"
details+=" $fault_name=$faults splats=$splats guest=${boot:-?}s run=${secs}s"
details+=" facts=ok($((${#facts[@]} - ${#failed[@]}))/${#facts[@]}) failed=${failed_list:-none}"
echo "qemu: arch=$arch base=$ver variant=$variant verdict=$verdict $details${reason:+ reason=$reason}"

if [[ ${FACTS:-0} == 1 ]]; then
	echo "KTAP version 1"
	echo "1..${#facts[@]}"
	i=0
	for f in "${facts[@]}"; do
		i=$((i + 1))
		if [[ ${result[$f]} == ok ]]; then r=ok; else r="not ok"; fi
		echo "$r $i $f${diag[$f]:+ # ${diag[$f]}}"
	done
fi
