#!/bin/bash
# make fresh-test: the README's two commands on machines that have nothing
# but a minimal Debian. For each release (default: Debian 12 bookworm and
# Debian 13 trixie) a minimal system is debootstrapped into the cache, git
# and make are installed there and nothing else, this repository's HEAD
# is cloned into it, and a new user's steps run inside (chroot):
#   make                      the main job (installs what it needs)
#   make check CHECKS=...     a subset that uses every tool the harness
#                             installs: sparse and the bisection builds,
#                             checkpatch with codespell, docutils, quilt,
#                             gcc for x86_64 (the main job), the arm64
#                             cross compiler and clang/LLVM (one matrix
#                             build each), one QEMU guest per architecture
# Each release's results go to $CACHE/fresh/<release>.log; one line per
# release and step is printed. Needs root (debootstrap, chroot, mounts)
# and Debian's package archive. Not part of make check: it takes about
# half an hour per release, everything cold.
# FRESH_CHECK=all runs the whole make check instead of the subset: the
# cold time of make check on a new machine, from an empty cache.
# Usage: [FRESH_CHECK=all] fresh-test.sh [RELEASE...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

releases=${*:-bookworm trixie}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
[[ ${FRESH_CHECK:-subset} == subset || $FRESH_CHECK == all ]] ||
	die "FRESH_CHECK='$FRESH_CHECK' is neither subset nor all"
[[ $(id -u) == 0 ]] || die "fresh-test needs root (debootstrap, chroot and mounts)"
[[ -z $(git -C "$TOP" status --porcelain) ]] ||
	log "note: uncommitted and untracked files are not tested: the clone takes HEAD ($(git -C "$TOP" rev-parse --short HEAD))"
command -v debootstrap >/dev/null || {
	log "installing debootstrap"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null
}

# The subset of make check (names of scripts/run-checks.sh) and the bases
# it runs on: the first pre-backport base only, the guests from a
# variants file of one run per architecture.
subset="apply bisect-w1-sparse checkpatch docs debian-quilt matrix qemu-test"
base=${PRE_BACKPORT_BASES%% *}

# The mount points at or under ROOT. (Not findmnt -R: it lists only the
# submounts of ROOT when ROOT itself is a mount point, and ROOT is not.)
# The kernel writes them canonical, with \040 for a space and so on.
mounts_under() {
	local r
	r=$(realpath -m -- "$1")
	while read -r _ m _; do
		m=$(printf '%b' "$m")
		if [[ $m == "$r" || $m == "$r"/* ]]; then printf '%s\n' "$m"; fi
	done </proc/self/mounts
}
# Unmount everything under ROOT, deepest first; fail if anything stays.
unmount_all() {
	local root=$1 m
	while IFS= read -r m; do
		umount -l -- "$m"
	done < <(mounts_under "$root" | sort -r)
	[[ -z $(mounts_under "$root") ]] || die "cannot unmount what is mounted under $root"
}
current=
trap '[[ -z $current ]] || unmount_all "$current"' EXIT

fail=0
for rel in $releases; do
	root=$CACHE/fresh/$rel
	logf=$CACHE/fresh/$rel.log
	mkdir -p "$CACHE/fresh"
	# Never remove through a bind mount of the host's /dev.
	[[ ! -d $root ]] || unmount_all "$root"
	rm -rf --one-file-system "$root"
	: >"$logf"
	t0=$SECONDS
	if ! debootstrap --variant=minbase "$rel" "$root" "$mirror" >>"$logf" 2>&1; then
		echo "fresh-test: $rel: debootstrap failed (log: $logf)"
		fail=1
		continue
	fi
	current=$root
	for m in proc sys dev dev/pts; do
		mount --bind "/$m" "$root/$m"
	done
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	echo "fresh-test: $rel: debootstrap --variant=minbase: $((SECONDS - t0)) s"

	t0=$SECONDS
	if ! chroot "$root" env DEBIAN_FRONTEND=noninteractive sh -c \
		'apt-get update -q && apt-get install -y -q --no-install-recommends git make ca-certificates' \
		>>"$logf" 2>&1 ||
		! git -c safe.directory="$TOP" clone -q "$TOP" "$root/root/ntb-dma-dev" >>"$logf" 2>&1; then
		echo "fresh-test: $rel: installing git and make or cloning failed (log: $logf)"
		fail=1
		unmount_all "$root"
		current=
		continue
	fi
	cat >"$root/root/variants" <<-EOF
		$base series transport FIXED 0 x86_64
		$base unfixed transport REPRODUCED 0 arm64
	EOF
	echo "fresh-test: $rel: git and make installed, repository cloned: $((SECONDS - t0)) s"

	# step NAME COMMAND: run COMMAND in the clone inside the chroot.
	step() {
		local name=$1 cmd=$2 s=$SECONDS rc=0
		chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
			${DEBIAN_MIRROR:+DEBIAN_MIRROR=$DEBIAN_MIRROR} \
			${DEBIAN_SECURITY_MIRROR:+DEBIAN_SECURITY_MIRROR=$DEBIAN_SECURITY_MIRROR} \
			sh -c "cd /root/ntb-dma-dev && $cmd" >>"$logf" 2>&1 || rc=$?
		if ((rc == 0)); then
			echo "fresh-test: $rel: $name: ok ($((SECONDS - s)) s)"
		else
			echo "fresh-test: $rel: $name: FAIL, exit $rc ($((SECONDS - s)) s; log: $logf)"
			tail -n 5 "$logf" | sed 's/^/    /'
			fail=1
		fi
	}
	step "make (main job)" "make"
	if [[ ${FRESH_CHECK:-subset} == all ]]; then
		step "make check" "make check"
	else
		step "make check CHECKS='$subset'" \
			"PRE_BACKPORT_BASES=$base NEWEST_BASES= MAINLINE_BASES= MATRIX_TARGETS='arm64 x86_64-clang' \
			 QEMU_VARIANTS=/root/variants make check CHECKS='$subset'"
	fi
	sed -n -E '/^[0-9]+ passed, [0-9]+ failed$/h; ${x; s/^./fresh-test: '"$rel"': make check: &/p}' "$logf"
	unmount_all "$root"
	current=
done
exit $fail
