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

# Time a step and print how long it took.
timed() {
	local start=$SECONDS
	"$@"
	log "$1 took $((SECONDS - start)) s"
}

# Objects that include/linux/ntb.h, ntb_transport.c and pci-epf-vntb.c feed:
# every in-tree NTB user, so a change to the header is compiled by all.
TOUCHED_DIRS="drivers/ntb/"
TOUCHED_OBJS="drivers/pci/endpoint/functions/pci-epf-vntb.o drivers/net/ntb_netdev.o"
# The modules the main job reports.
MAIN_MODULES="drivers/ntb/ntb_transport.ko drivers/pci/endpoint/functions/pci-epf-vntb.ko"

# Cross-compiler prefix for an architecture, empty for the host's.
cross_compile() {
	case $1 in
	x86_64 | x86) echo "" ;;
	arm64) echo aarch64-linux-gnu- ;;
	*) die "unsupported architecture '$1'" ;;
	esac
}

# make in a kernel tree, out of tree in OUT, for ARCH.
kmake() {
	local tree=$1 out=$2 arch=$3
	shift 3
	# One kernel build at a time on this machine: 2 cores do not take two.
	mkdir -p "$CACHE"
	flock "$CACHE/.build.lock" \
		make -s -C "$tree" O="$out" ARCH="$arch" CROSS_COMPILE="$(cross_compile "$arch")" \
		-j"$JOBS" "$@"
}


# Bases the checks run on: two without any of the fix, and the newest of
# each line, which carry the stable backports of patches 1 and 2.
PRE_BACKPORT_BASES="6.12.107-1~deb12u1 6.1.176-1"
NEWEST_BASES="6.12 6.1"
# The queue under test; the harness's own tests point it at broken ones.
QUEUE=$(realpath "${QUEUE:-$SERIES_DIR}")

# Build directory for a tree and architecture.
build_dir() {
	echo "$CACHE/build/$(basename "$1")/$2"
}
# Patches 1 and 2 of the series are in the newest 6.12 and 6.1 as stable
# backports; the series must find them there by content.
BACKPORTED_IN_NEWEST=2
