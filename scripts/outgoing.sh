#!/bin/bash
# make outgoing: send-ready mails of the upstream-bound queues
# (patches/outgoing), made with the sender's own git identity.
# For each queue: its patches that the base lacks are applied to a
# worktree of the base, each commit's author and Signed-off-by
# become the sender's (the queues keep a placeholder, which cannot
# certify the DCO), and git format-patch writes [PATCH vN n/m] mails with
# a cover letter into outgoing/<queue>/, addressed as the tree's
# scripts/get_maintainer.pl says (maintainers To, lists and reviewers Cc).
# No base-commit: the base is a Debian source package, not a commit others
# can fetch; the cover letter names it in words. Every queue's mails then
# go through git send-email --dry-run, which sends nothing. "stable" (one
# of the default queues) copies the stable requests of patches/stable/
# with the sender in From:.
# Usage: outgoing.sh [QUEUE...]   (BASE: default 7.3; OUTGOING_DIR: default outgoing/)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=$(git -C "$TOP" config user.name || true)
email=$(git -C "$TOP" config user.email || true)
[[ -n $name && -n $email ]] ||
	die "git has no user identity: set user.name and user.email (git config --global) first; the mails are signed off as you"
[[ $email != ntb-dma-dev@example.org ]] ||
	die "git's identity is the queues' placeholder ($email): the mails must be signed off by the person who sends them"

base=${BASE:-7.3}
queues=${*:-$(records "$TOP/patches/outgoing" | cut -d'|' -f1) stable}
out=${OUTGOING_DIR:-$TOP/outgoing}
src=$("$TOP/scripts/fetch-base.sh" "$base")
ver=$(basename "$src")
# record QUEUE: the line of patches/outgoing for QUEUE (exact name).
record() { records "$TOP/patches/outgoing" | awk -F' *[|] *' -v q="$1" '$1 == q'; }
for q in $queues; do
	[[ $q == stable || -n $(record "$q") ]] ||
		die "'$q' is neither an upstream-bound queue of patches/outgoing nor 'stable'"
done

# dry_run NAME FILE...: git send-email --dry-run, which sends nothing.
dry_run() {
	local q=$1
	shift
	# --from: without it send-email asks on a terminal who the sender is.
	if ! git -C "$TOP" -c user.name="$name" -c user.email="$email" send-email --dry-run \
		--from="$name <$email>" --confirm=never --quiet --smtp-server=/bin/false \
		"$@" >"$out/$q.send-email.log" 2>&1; then
		tail -n 5 "$out/$q.send-email.log" >&2
		die "$q: git send-email --dry-run failed (log: $out/$q.send-email.log)"
	fi
	echo "$q: git send-email --dry-run: $(grep -c '^Dry-Sent' "$out/$q.send-email.log") mails would be sent"
}

# The stable requests (patches/stable/): the same mails, from the sender.
if [[ " $queues " == *" stable "* ]]; then
	rm -rf "${out:?}/stable"
	mkdir -p "$out/stable"
	for m in "$TOP"/patches/stable/*.eml; do
		if [[ -e ${m%.eml}.held ]]; then
			echo "stable: $(basename "$m") held, not written: $(head -n1 "${m%.eml}.held")"
			continue
		fi
		! grep -qE 'see the verdicts below|to be filled in' "$m" ||
			die "$(basename "$m") still has a placeholder for its evidence"
		awk -v from="From: $name <$email>" 'h == 0 && /^From: / { $0 = from } /^$/ { h = 1 } 1' \
			"$m" >"$out/stable/$(basename "$m")"
	done
	n=$(find "$out/stable" -name '*.eml' | wc -l)
	echo "stable: $n requests in $out/stable/, from $name <$email>"
	((n == 0)) || dry_run stable "$out/stable"/*.eml
	queues=$(tr ' ' '\n' <<<"$queues" | grep -vx stable || true)
fi

# A worktree of the cached base that only this script uses (kept: a
# fresh checkout of a whole kernel tree takes a minute).
wt=$CACHE/outgoing/$ver
if [[ ! -e $wt/.git ]]; then
	mkdir -p "$CACHE/outgoing"
	git -C "$src" worktree add -q -f --detach "$wt" base
fi
mkdir -p "$out"
for q in $queues; do
	IFS='|' read -r _ version cover < <(record "$q")
	version=${version// /} cover=$TOP/${cover// /}
	dir=$TOP/patches/$q
	git -C "$wt" checkout -q --detach base
	SERIES_BRANCH=outgoing/$q "$TOP/scripts/apply-series.sh" "$wt" base "$dir" | sed "s/^/$q: /"
	n=$(git -C "$wt" rev-list --count base..HEAD)
	((n > 0)) || die "$q: $ver already has every patch of the queue: nothing to send"

	# The sender's identity on every commit, the placeholder's sign-off out.
	commits=$(git -C "$wt" rev-list --reverse base..HEAD)
	git -C "$wt" checkout -q -B "outgoing/$q" base
	for c in $commits; do
		git -C "$wt" -c user.name="$name" -c user.email="$email" cherry-pick "$c" >/dev/null
		git -C "$wt" log -1 --format=%B |
			sed '/^Signed-off-by: NTB DMA-device team <ntb-dma-dev@example.org>$/d' |
			git -C "$wt" -c user.name="$name" -c user.email="$email" \
				commit -q --amend --reset-author --signoff -F -
	done

	# Recipients of the whole series: maintainers and supporters To, the
	# rest (lists, reviewers) Cc.  --no-fixes: the base has no history in
	# which to find the authors of the commits the Fixes: tags name.
	rm -rf "${out:?}/$q"
	git -C "$wt" format-patch -q -o "$out/$q.tmp" base..HEAD
	recipients=$(cd "$wt" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-fixes \
		--rolestats "$out/$q.tmp"/*.patch)
	rm -rf "$out/$q.tmp"
	to=() cc=()
	while read -r who; do
		[[ -n $who ]] || continue
		addr=${who% (*}
		# Any of its roles: "(reviewer:X,maintainer:Y)" is a maintainer.
		case ${who##* (} in
		*maintainer:* | *supporter:* | *"odd fixer:"*) to+=(--to="$addr") ;;
		*) cc+=(--cc="$addr") ;;
		esac
	done <<<"$recipients"

	{
		cat "$cover"
		echo
		echo "Based on $ver as Debian packages it (linux-source-$(kernel_line "$ver")), the"
		echo "newest kernel of the mainline line in Debian's archive: a stable release,"
		echo "not a mainline tag, and not a commit others can fetch (so no base-commit)."
	} >"$wt/.git-cover"
	git -C "$wt" config "branch.outgoing/$q.description" "$(cat "$wt/.git-cover")"
	rm -f "$wt/.git-cover"
	git -C "$wt" -c user.name="$name" -c user.email="$email" format-patch -q \
		-v"$version" --cover-letter --cover-from-description=subject --thread=shallow \
		--no-base "${to[@]}" "${cc[@]}" -o "$out/$q" base..HEAD
	echo "$q: $n patches + cover letter in outgoing/$q/, from $name <$email>; To: ${#to[@]}, Cc: ${#cc[@]}"

	dry_run "$q" "$out/$q"/*.patch
done
