# shellcheck shell=bash
# Shared helpers for the ntb-dma-dev harness. Source it; do not run it.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${NTB_DMA_DEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ntb-dma-dev}
SERIES_DIR=$TOP/patches/ntb-dma-dev
# Default base: the newest linux-source-6.12 in the archive.
DEFAULT_BASE=6.12
JOBS=${JOBS:-$(nproc)}

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Print the patch file names of a queue directory, in series order.
series_patches() {
	local dir=$1
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$dir/series"
}

# The kernel line of a Debian version: 6.12.107-1~deb12u1 -> 6.12.
kernel_line() {
	local v=$1
	v=${v%%-*}
	echo "${v%.*}"
}

# Resolve BASE (a kernel line such as 6.12, or a full Debian version
# such as 6.12.107-1~deb12u1) to the package name and exact version.
# Prints "<package> <version>".
resolve_base() {
	local base=$1 pkg line ver
	case $base in
	[0-9]*.[0-9]*.[0-9]*-*) line=$(kernel_line "$base") ;;
	[0-9]*.[0-9]*) line=$base ;;
	*) die "BASE='$base' is neither a kernel line (6.12) nor a Debian version (6.12.107-1~deb12u1)" ;;
	esac
	pkg=linux-source-$line
	if [[ $base == "$line" ]]; then
		# Newest version of the line; versions rotate in the archive.
		ver=$(apt-cache madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' |
			sort -V | tail -n1)
		[[ -n $ver ]] || die "no $pkg in the package archive (run apt-get update?)"
	else
		ver=$base
		apt-cache madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' |
			grep -qxF -- "$ver" ||
			[[ -e $CACHE/src/$ver/.ready ]] ||
			die "$pkg version '$ver' is not in the package archive (apt-cache madison $pkg lists the available ones)"
	fi
	echo "$pkg $ver"
}

# Git in a tree we own, quiet and with a fixed identity.
tgit() {
	git -c user.name='ntb-dma-dev harness' -c user.email='ntb-dma-dev@localhost' \
		-c advice.detachedHead=false "$@"
}

# Objects that include/linux/ntb.h, ntb_transport.c and pci-epf-vntb.c feed:
# every in-tree NTB user, so a change to the header is compiled by all.
TOUCHED_DIRS="drivers/ntb/"
TOUCHED_OBJS="drivers/pci/endpoint/functions/pci-epf-vntb.o drivers/net/ntb_netdev.o"
# The modules the main job reports.
MAIN_MODULES="drivers/ntb/ntb_transport.ko drivers/pci/endpoint/functions/pci-epf-vntb.ko"
# The module of the series' NTB KUnit suite (vNTB's is in pci-epf-vntb.ko).
KUNIT_MODULES="drivers/ntb/ntb_kunit.ko"

# Build targets: a kernel ARCH, optionally with "-clang" for LLVM=1.
# Cross-compiler prefix of a target, empty for the host's gcc or clang.
cross_compile() {
	case $1 in
	x86_64 | i386 | *-clang) echo "" ;;
	arm64) echo aarch64-linux-gnu- ;;
	*) die "unsupported build target '$1'" ;;
	esac
}

# The size(1) that reads a target's objects.
size_tool() {
	case $1 in
	*-clang) echo llvm-size ;;
	*) echo "$(cross_compile "$1")size" ;;
	esac
}

# make in a kernel tree, out of tree in OUT, for a build target.
kmake() {
	local tree=$1 out=$2 target=$3 llvm=()
	shift 3
	[[ $target == *-clang ]] && llvm=(LLVM=1)
	# One kernel build at a time on this machine: 2 cores do not take two.
	mkdir -p "$CACHE"
	flock "$CACHE/.build.lock" \
		make -s -C "$tree" O="$out" ARCH="${target%-clang}" \
		CROSS_COMPILE="$(cross_compile "$target")" "${llvm[@]}" -j"$JOBS" "$@"
}


# Bases the checks run on: two without any of the fix, and the newest of
# each line, which carry the stable backports of patches 1 and 2.
PRE_BACKPORT_BASES=${PRE_BACKPORT_BASES:-"6.12.107-1~deb12u1 6.1.176-1"}
NEWEST_BASES="6.12 6.1"
# The queues the harness applies, in order: the series a maintainer takes,
# then the follow-ups on top of it.
QUEUE_DIRS="$SERIES_DIR $TOP/patches/followups"

# Print the directory of one queue made of all QUEUE_DIRS: their patch
# files, series files and checkpatch exceptions joined, cover letters kept
# apart. Keyed by content, so it is made once and never changes.
combined_queue() {
	local key dir tmp q
	# shellcheck disable=SC2086 # word list
	key=$(cat $(for q in $QUEUE_DIRS; do echo "$q"/*; done) | md5sum | cut -c1-12)
	dir=$CACHE/queues/$key
	if [[ ! -d $dir ]]; then
		mkdir -p "$CACHE/queues"
		tmp=$(mktemp -d "$CACHE/queues/.tmp.XXXXXX")
		for q in $QUEUE_DIRS; do
			cp "$q"/[0-9]*.patch "$tmp"/
			mv "$tmp/0000-cover-letter.patch" "$tmp/0000-cover-letter-$(basename "$q").patch"
			series_patches "$q" >>"$tmp/series"
			[[ ! -f $q/checkpatch-exceptions ]] || cat "$q/checkpatch-exceptions" >>"$tmp/checkpatch-exceptions"
		done
		mv "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
	fi
	echo "$dir"
}

# The queue under test: all queues by default; the harness's own tests
# point it at broken ones.
QUEUE=$(realpath "${QUEUE:-$(combined_queue)}")

# Build directory for a tree and architecture.
build_dir() {
	echo "$CACHE/build/$(basename "$1")/$2"
}
# The base the queues are generated on (scripts/format-series.sh).
AUTHORED_ON=6.12.107-1~deb12u1
# Patches 1 and 2 of the series are in the newest 6.12 and 6.1 as stable
# backports; the series must find them there by content.
BACKPORTED_IN_NEWEST=2

# broken_queue DIR DESCRIPTION CMD: write to DIR a queue made of the series
# plus one more patch, made by running CMD in a base tree with the series
# applied and committing the result. The queue is format-patch output of
# a git tree, as the real series is. Used to show that checks can fail.
broken_queue() {
	local dir=$1 desc=$2 cmd=$3 tree
	tree=$("$TOP/scripts/fetch-base.sh" "${PRE_BACKPORT_BASES%% *}")
	"$TOP/scripts/apply-series.sh" "$tree" base "$SERIES_DIR" >/dev/null
	(cd "$tree" && eval "$cmd")
	tgit -C "$tree" commit -q -a -s -m "$desc" -m "Broken on purpose by the harness."
	mkdir -p "$dir"
	tgit -C "$tree" format-patch -q -o "$dir" base..HEAD
	(cd "$dir" && ls [0-9]*.patch >series)
	"$TOP/scripts/apply-series.sh" "$tree" base "$SERIES_DIR" >/dev/null
}

# queue_without DIR PATCH_NUMBER: the series without one of its patches.
queue_without() {
	local dir=$1 skip=$2
	mkdir -p "$dir"
	cp "$SERIES_DIR"/*.patch "$dir"/
	series_patches "$SERIES_DIR" | grep -v "^$(printf '%04d' "$skip")-" >"$dir/series"
}

# " (KUnit suites: a, b)" for a module that carries KUnit suites, else "".
kunit_suites() {
	local bytes names
	bytes=$(objcopy -O binary -j .kunit_test_suites "$1" /dev/stdout 2>/dev/null | wc -c)
	((bytes > 0)) || return 0
	names=$(nm "$1" | sed -n 's/.* [dDbB] \([a-z_]*_suite\)$/\1/p' | sort -u | tr '\n' ' ')
	echo " (KUnit suites: ${names% })"
}
