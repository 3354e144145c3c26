#!/bin/bash
# apt-get or apt-cache against Debian's package archive through a private
# apt configuration under the cache: the suites of bases/suites, package
# lists for amd64 and arm64 (the arm64 guest's busybox). The machine's own
# apt sources are not used and nothing under /etc/apt or /var/lib/apt is
# changed. The lists are refreshed when older than ARCHIVE_MAX_AGE minutes
# (default 360): versions rotate in the archive.
# Usage: archive.sh apt-get|apt-cache ARGS...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tool=$1
shift
case $tool in
apt-get | apt-cache) ;;
*) die "archive.sh: '$tool' is neither apt-get nor apt-cache" ;;
esac

dir=$CACHE/apt
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
opts=(
	-o "Dir::State=$dir/state" -o "Dir::State::status=/var/lib/dpkg/status"
	-o "Dir::Cache=$dir/cache" -o "Dir::Etc::SourceList=$dir/sources.list"
	-o "Dir::Etc::SourceParts=/dev/null" -o "Dir::Etc::Preferences=/dev/null"
	-o "Dir::Etc::PreferencesParts=/dev/null" -o "APT::Architectures::=amd64"
	-o "APT::Architectures::=arm64" -o "Debug::NoLocking=1"
	-o "Dir::Cache::pkgcache=pkgcache.bin" -o "Dir::Cache::srcpkgcache=srcpkgcache.bin"
	# The archive reachable from here may lag the clock: sid's and
	# experimental's Release files were served past their Valid-Until
	# (measured 2026-12-02, 26 days), and apt then refuses the whole
	# update. Signatures are still checked (signed-by); only the date is not.
	-o "Acquire::Check-Valid-Until=false"
)
# apt's download user cannot enter a root-owned cache under /root.
[[ $(id -u) != 0 ]] || opts+=(-o "APT::Sandbox::User=root")

sources() {
	local archive suite url
	while read -r archive suite _; do
		case $archive in
		debian) url=$mirror ;;
		debian-security) url=$security ;;
		*) die "bases/suites: unknown archive '$archive'" ;;
		esac
		echo "deb [signed-by=$keyring] $url $suite main"
	done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/bases/suites")
}

mkdir -p "$dir/state/lists/partial" "$dir/cache/archives/partial"
want=$(sources)
# One update at a time; a list older than the limit or from other
# sources is fetched again.
exec 9>"$dir/.lock"
flock 9
if [[ ! -f $dir/sources.list || $(cat "$dir/sources.list") != "$want" ||
	-n $(find "$dir/sources.list" -mmin +"${ARCHIVE_MAX_AGE:-360}") ]]; then
	log "updating the package lists of $(wc -l <<<"$want") Debian suites (private apt configuration in $dir)"
	echo "$want" >"$dir/sources.list.new"
	mv "$dir/sources.list.new" "$dir/sources.list"
	if ! apt-get "${opts[@]}" -q update >"$dir/update.log" 2>&1 ||
		grep -qE '^(E: |W: (Failed|GPG error|The repository))' "$dir/update.log"; then
		# A list that failed must not look fresh next time.
		touch -d '1970-01-01' "$dir/sources.list"
		# Offline with lists from an earlier update: use them.
		[[ -n $(find "$dir/state/lists" -maxdepth 1 -name '*Packages' -print -quit) ]] ||
			die "apt-get update of the private apt configuration failed (log: $dir/update.log)"
		log "warning: apt-get update failed (log: $dir/update.log); using the package lists of the last update"
	fi
fi
# Readers share the lock (the tool inherits fd 9): no update replaces the
# lists under them.
flock -s 9
exec "$tool" "${opts[@]}" "$@"
