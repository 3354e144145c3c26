#!/bin/bash
# The stable requests (patches/stable/<line>.y.eml): mails that ask the
# stable team to apply upstream commits by ID (option 2 of
# Documentation/process/stable-kernel-rules.rst). Their claims, checked
# on the newest base of each line they name:
#   - every "<sha12> ("<subject>")" the mail cites is a commit of
#     patches/upstream with that subject;
#   - the tree has what the request says it has (patches 1-2 of the series,
#     by their code facts) and lacks what it asks for (patch 3 applies);
#   - upstream's own change (scripts/upstream-vntb-op.sh, taken from the
#     mainline base) applies there with git apply and the touched objects
#     build (x86_64, W=1, no file with more diagnostics than the base);
# and every newest base that has 1-2 but lacks 3 has a request.
# STABLE_DIR: where the mails are (default patches/stable; the harness's
# own test points it at broken ones).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

STABLE_DIR=${STABLE_DIR:-$TOP/patches/stable}

work=$(mktemp -d)
tree=
# Undo the git apply of upstream's change: the tree as apply-series left it.
restore() { [[ -z $tree ]] || git -C "$tree" reset -q --hard; }
trap 'restore; rm -rf "$work"' EXIT
fail=0
# claim MESSAGE COMMAND...: the message with ok when COMMAND succeeds.
claim() {
	local msg=$1
	shift
	if "$@"; then echo "stable: $msg: ok"; else echo "stable: $msg: FAIL"; fail=1; fi
}
# Whether a cited "(\"subject\")" is the one patches/upstream gives SHA.
upstream_subject_is() {
	local want
	want=$(records "$TOP/patches/upstream" | awk -F' [|] ' -v s="$1" 'index($1, s) == 1 { print $5 }')
	[[ -n $want && $2 == "(\"$want\")" ]]
}
"$TOP/scripts/upstream-vntb-op.sh" >"$work/70becc1a.diff"
series=$(series_patches "$SERIES_DIR")

for base in $NEWEST_BASES; do
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	ver=$(basename "$tree")
	line=$(kernel_line "$ver")
	mail=$STABLE_DIR/$line.y.eml
	name="$line.y ($ver)"
	reset_to_base "$tree"
	states=()
	for n in 1 2 3; do
		p=$(patch_for_tree "$tree" "$SERIES_DIR" "$(sed -n "${n}p" <<<"$series")")
		states+=("$("$TOP/scripts/patch-state.sh" "$tree" "$p")")
	done
	if [[ ${states[2]} == present* ]]; then
		claim "$name: has patch 3 (${states[2]}): no request for it in patches/stable" test ! -e "$mail"
		continue
	fi
	# Neither present nor missing: the tree has something else there.
	if [[ ${states[2]} != missing ]]; then
		claim "$name: patch 3 is neither present nor missing (${states[2]})" false
		continue
	fi
	claim "$name: lacks patch 3: $line.y.eml asks for it" test -e "$mail"
	[[ -e $mail ]] || continue
	if [[ -e ${mail%.eml}.held ]]; then
		echo "stable: $name: request held, not to be sent: $(head -n1 "${mail%.eml}.held")"
	fi
	headers=$(sed '/^$/q' "$mail")
	claim "$name: addressed to stable@vger.kernel.org" grep -qx 'To: stable@vger.kernel.org' <<<"$headers"
	claim "$name: its subject names $line.y" grep -qF "$line.y]" <<<"$headers"
	claim "$name: it names the tree it was checked on (Debian's ${ver%%-*})" grep -qF "Debian's ${ver%%-*}" "$mail"
	# Every cited commit: its ID and subject as patches/upstream has them.
	cited=$(grep -oE '\b[0-9a-f]{12} \("[^"]*"\)' "$mail" | sort -u || true)
	while read -r sha subject; do
		[[ -n $sha ]] || continue
		claim "$name: cites $sha $subject as upstream's" upstream_subject_is "$sha" "$subject"
	done <<<"$cited"
	# The commit asked for is the first one cited after "please apply".
	asked=$(sed -n '/please apply/,$p' "$mail" | grep -m1 -oE '\b[0-9a-f]{12} \(' | cut -c1-12 || true)
	claim "$name: asks for 70becc1a9b45 (asks for: ${asked:-none})" test "$asked" = 70becc1a9b45
	claim "$name: names 362a4549f2ac and 852b94ff92cb as already there" \
		test "$(grep -oE '^(362a4549f2ac|852b94ff92cb)' <<<"$cited" | sort -u | wc -l)" = 2
	claim "$name: has 362a4549f2ac and 852b94ff92cb (patches 1-2: ${states[0]}; ${states[1]})" \
		test "${states[0]%% *}${states[1]%% *}" = presentpresent
	# What the mail says about vNTB's .remove must be what the tree has.
	if git -C "$tree" show "base:drivers/pci/endpoint/functions/pci-epf-vntb.c" |
		grep -qE '^[[:space:]]*\.remove[[:space:]]*=[[:space:]]*pci_vntb_remove,'; then
		claim "$name: the tree's vNTB has pci_vntb_remove(), as the mail says" grep -q 'has pci_vntb_remove()' "$mail"
	else
		claim "$name: the tree's vNTB has no .remove, as the mail says" grep -q 'has no \.remove' "$mail"
	fi

	if ! git -C "$tree" apply --check "$work/70becc1a.diff" 2>"$work/apply.err"; then
		claim "$name: upstream's 70becc1a9b45 does not apply: $(head -n1 "$work/apply.err")" false
		continue
	fi
	out=$(build_dir "$tree" x86_64)
	"$TOP/scripts/build-objects.sh" "$tree" "$out" x86_64 "$work/base.log" W=1
	"$TOP/scripts/count-warnings.sh" "$work/base.log" "$tree" >"$work/base.count"
	git -C "$tree" apply "$work/70becc1a.diff"
	if "$TOP/scripts/build-objects.sh" "$tree" "$out" x86_64 "$work/up.log" W=1; then
		"$TOP/scripts/count-warnings.sh" "$work/up.log" "$tree" >"$work/up.count"
		more=$(join -a1 -a2 -e0 -o 0,1.2,2.2 "$work/base.count" "$work/up.count" | awk '$3 > $2')
		claim "$name: upstream's 70becc1a9b45 applies with git apply and builds, W=1 neutral${more:+ (more: $more)}" \
			test -z "$more"
	else
		claim "$name: upstream's 70becc1a9b45 applies but does not build" false
	fi
	restore
done
lines=$(for base in $NEWEST_BASES; do
	read -r _ ver < <(resolve_base "$base")
	kernel_line "$ver"
done)
for mail in "$STABLE_DIR"/*.eml; do
	claim "$(basename "$mail"): for a line whose newest base make check has" \
		grep -qx "$(basename "$mail" .y.eml)" <<<"$lines"
done
exit $fail
