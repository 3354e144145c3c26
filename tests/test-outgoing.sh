#!/bin/bash
# make outgoing must refuse without a sender identity (none, or the
# queues' placeholder), and with one produce mails that are the sender's
# (author and Signed-off-by, no trace of the placeholder), numbered
# [PATCH v1 n/m] with a cover letter, with no base-commit others cannot
# fetch, and that git send-email --dry-run accepts.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Only the identity given here, never the machine's or the user's: not
# the system's or the global one, and not one in this clone's own
# .git/config either (the run is from a fresh clone of HEAD).
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$work/gitconfig OUTGOING_DIR=$work/out
: >"$GIT_CONFIG_GLOBAL"
git clone -q "$TOP" "$work/clone"
TOP=$work/clone
queue=followups

expect_error "no identity" "git has no user identity" "$TOP/scripts/outgoing.sh" $queue
git config --global user.name "NTB DMA-device team"
git config --global user.email ntb-dma-dev@example.org
expect_error "the placeholder identity" "placeholder" "$TOP/scripts/outgoing.sh" $queue

git config --global user.name "Test Sender"
git config --global user.email test.sender@example.net
if ! log=$("$TOP/scripts/outgoing.sh" $queue stable 2>&1); then
	not_ok "outgoing with a test identity failed:"
	tail -n 10 <<<"$log" | sed 's/^/    /'
	finish
fi
mails=("$work/out/$queue"/*.patch)
n=$((${#mails[@]} - 1))
ok "outgoing with a test identity: $(grep -c . <<<"$log") lines, ${#mails[@]} mails"
bad=0
for m in "${mails[@]}"; do
	grep -qx 'From: Test Sender <test.sender@example.net>' "$m" || { not_ok "$(basename "$m"): not from the sender"; bad=1; }
	grep -q '^Subject: \[PATCH v1 [0-9]*/'"$n"'\] ' "$m" || { not_ok "$(basename "$m"): no [PATCH v1 k/$n] subject"; bad=1; }
	! grep -q 'example\.org' "$m" || { not_ok "$(basename "$m"): the placeholder identity is still there"; bad=1; }
	! grep -q '^base-commit:' "$m" || { not_ok "$(basename "$m"): a base-commit nobody can fetch"; bad=1; }
	grep -q '^To: ' "$m" || { not_ok "$(basename "$m"): no recipients"; bad=1; }
	[[ $m == *0000-cover-letter.patch ]] ||
		grep -qx 'Signed-off-by: Test Sender <test.sender@example.net>' "$m" ||
		{ not_ok "$(basename "$m"): not signed off by the sender"; bad=1; }
done
((bad)) || ok "every mail is the sender's, [PATCH v1 k/$n], addressed, no placeholder, no base-commit"
# The NTB maintainer is a To, the NTB list a Cc (get_maintainer.pl's roles).
cover=$work/out/$queue/v1-0000-cover-letter.patch
to=$(sed -n '/^To:/,/^[A-Z][a-z-]*:/p' "$cover") cc=$(sed -n '/^Cc:/,/^$/p' "$cover")
if grep -q 'Jon Mason <jdmason@kudzu.us>' <<<"$to" && grep -q 'ntb@lists.linux.dev' <<<"$cc" &&
	! grep -q 'ntb@lists.linux.dev' <<<"$to"; then
	ok "recipients: the NTB maintainer in To, the NTB list in Cc"
else
	not_ok "recipients not split as get_maintainer.pl says: To: $(tr -d '\n' <<<"$to"); Cc: $(tr -d '\n' <<<"$cc")"
fi
if grep -q "^$queue: git send-email --dry-run: $((n + 1)) mails would be sent$" <<<"$log"; then
	ok "git send-email --dry-run: $((n + 1)) mails"
else
	not_ok "git send-email --dry-run did not take all $((n + 1)) mails"
fi
# The stable requests: the sender's From:, nothing else changed.
sent=0
for m in "$TOP"/patches/stable/*.eml; do
	got=$work/out/stable/$(basename "$m")
	if [[ -e ${m%.eml}.held ]]; then
		[[ ! -e $got ]] && ok "held request $(basename "$m"): not written" ||
			not_ok "held request $(basename "$m") was written"
		continue
	fi
	sent=$((sent + 1))
	if [[ -f $got ]] && grep -qx 'From: Test Sender <test.sender@example.net>' "$got" &&
		! grep -q 'example\.org' "$got" && { diff "$m" "$got" || true; } | grep -c '^[<>]' | grep -qx 2; then
		ok "stable request $(basename "$m"): from the sender, otherwise unchanged"
	else
		not_ok "stable request $(basename "$m"): not the sender's, or changed beyond From:"
	fi
done
grep -q "^stable: git send-email --dry-run: $sent mails would be sent$" <<<"$log" &&
	ok "git send-email --dry-run: the stable requests" || not_ok "git send-email --dry-run did not take the stable requests"
finish
