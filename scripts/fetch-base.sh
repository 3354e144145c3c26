#!/bin/bash
# Fetch a Debian linux-source base and make it a git tree in the cache.
# Usage: fetch-base.sh BASE   (prints the tree's path on stdout)
#
# The tree is committed once, with a fixed identity and date, so that its
# commit id (the cover letter's base-commit) is the same on every machine.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

read -r pkg ver < <(resolve_base "${1:-$DEFAULT_BASE}")
tree=$CACHE/src/$ver
if [[ -e $tree/.git/ntb-dma-dev-ready ]]; then
	echo "$tree"
	exit 0
fi

debs=$CACHE/debs
mkdir -p "$debs" "$CACHE/src"
deb=$debs/${pkg}_${ver/*:/}_all.deb
if [[ ! -s $deb ]]; then
	log "downloading $pkg=$ver"
	(cd "$debs" && "$TOP/scripts/archive.sh" apt-get download -q "$pkg=$ver" >/dev/null 2>&1) ||
		die "cannot download $pkg=$ver from the package archive"
fi

# Unpack into a scratch directory and move it in place when complete,
# so an interrupted run never leaves a half tree behind.
tmp=$(mktemp -d "$CACHE/src/.unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log "unpacking $pkg=$ver"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards '*.tar.xz'
tar -xJf "$tmp"/usr/src/"$pkg".tar.xz -C "$tmp"
mv "$tmp/$pkg" "$tmp/tree"

log "committing $pkg=$ver as a git tree"
(
	cd "$tmp/tree"
	tgit init -q -b base-tree
	git config gc.auto 0
	# The tarball's .gitignore hides everything; -f adds it all.
	tgit add -A -f .
	GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
		tgit commit -q -m "Debian $pkg $ver"
	tgit tag base
	touch .git/ntb-dma-dev-ready
)
rm -rf "$tree"
mv "$tmp/tree" "$tree"
echo "$tree"
