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

# queue_files DIR: the files the patches of queue DIR change, one a line.
queue_files() {
	local p
	series_patches "$1" | while read -r p; do sed -n 's|^+++ b/||p' "$1/$p"; done | sort -u
}

# The records of a data file: its lines without whole-line comments and
# blank lines (regexes in them may contain '#').
records() {
	sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "$1"
}

# The kernel line of a Debian version: 6.12.107-1~deb12u1 -> 6.12,
# 7.3~rc7-1~exp1 -> 7.3.
kernel_line() {
	[[ $1 =~ ^([0-9]+\.[0-9]+) ]] || die "'$1' is not a kernel version"
	echo "${BASH_REMATCH[1]}"
}

# The newest of the Debian versions on stdin, in dpkg's order.
newest_version() {
	local v best=
	while read -r v; do
		if [[ -z $best ]] || dpkg --compare-versions "$v" gt "$best"; then
			best=$v
		fi
	done
	echo "$best"
}

# "<version> <suite> <use>" for each linux-source-LINE in the suites of
# bases/suites (use: newest or exact, from that file).
archive_versions() {
	"$TOP/scripts/archive.sh" apt-cache madison "linux-source-$1" |
		awk -F'|' -v suites="$TOP/bases/suites" '
		BEGIN {
			while ((getline l < suites) > 0) {
				sub(/#.*/, "", l)
				if (split(l, f, " ") == 3)
					use[f[2]] = f[3]
			}
		}
		{
			gsub(/ /, "", $2)
			split($3, w, " ")
			suite = w[2]
			sub(/\/.*/, "", suite)
			print $2, suite, use[suite]
		}' | sort -u
}

# Resolve BASE (a kernel line such as 6.12, or a full Debian version
# such as 6.12.107-1~deb12u1) to the package name and exact version.
# A line means its newest version in the suites marked "newest" in
# bases/suites. Prints "<package> <version>".
resolve_base() {
	local base=$1 pkg line ver
	if [[ $base =~ ^[0-9]+\.[0-9]+$ ]]; then
		line=$base
	elif [[ $base =~ ^[0-9]+\.[0-9]+([.~][0-9A-Za-z.~+]*)?-[0-9A-Za-z.~+]+$ ]]; then
		line=$(kernel_line "$base")
	else
		die "BASE='$base' is neither a kernel line (6.12) nor a Debian version (6.12.107-1~deb12u1)"
	fi
	pkg=linux-source-$line
	if [[ $base == "$line" ]]; then
		# Newest version of the line; versions rotate in the archive.
		ver=$(archive_versions "$line" | awk '$3 == "newest" { print $1 }' | newest_version)
		[[ -n $ver ]] || die "no $pkg in the suites of bases/suites"
	else
		ver=$base
		[[ -e $CACHE/src/$ver/.git/ntb-dma-dev-ready ]] ||
			archive_versions "$line" | awk -v v="$ver" '$1 == v { f = 1 } END { exit !f }' ||
			die "$pkg version '$ver' is not in the package archive (scripts/archive.sh apt-cache madison $pkg lists the available ones)"
	fi
	echo "$pkg $ver"
}

# Fetch several bases (fetch-base.sh), JOBS at a time. Unpacking (xz) and
# the first commit (git add) are single-threaded: two bases side by side
# take little more than one. Not a kernel build, so not under kmake's lock.
# A fetch that failed here is left to the caller's own fetch-base.sh call,
# which tries again and stops with its error.
fetch_bases() {
	local b versions=()
	# The archive's lists first, once, before anything runs in parallel;
	# each version once (two names may resolve to one).
	for b in "$@"; do
		b=$(resolve_base "$b" | cut -d' ' -f2)
		[[ " ${versions[*]} " == *" $b "* ]] || versions+=("$b")
	done
	for b in "${versions[@]}"; do
		while (($(jobs -rp | wc -l) >= JOBS)); do
			wait -n || true
		done
		"$TOP/scripts/fetch-base.sh" "$b" >/dev/null &
	done
	wait || true
}

# Git in a tree we own, quiet and with a fixed identity.
tgit() {
	git -c user.name='ntb-dma-dev harness' -c user.email='ntb-dma-dev@localhost' \
		-c advice.detachedHead=false "$@"
}

# Objects that include/linux/ntb.h, ntb_transport.c and pci-epf-vntb.c feed:
# every in-tree NTB user, so a change to the header is compiled by all.
# A caller may narrow them (check-fix-queues.sh, for a queue that changes
# no header).
# vNTB's directory whole: its KUnit test is a file of its own there, which
# trees without the series lack (a single object named would not build).
TOUCHED_DIRS=${TOUCHED_DIRS-drivers/ntb/ drivers/pci/endpoint/functions/}
TOUCHED_OBJS=${TOUCHED_OBJS-drivers/net/ntb_netdev.o}
# The modules the main job reports.
MAIN_MODULES="drivers/ntb/ntb_transport.ko drivers/pci/endpoint/functions/pci-epf-vntb.ko"
# The series' KUnit suites, each a module of its own: <Kconfig option>:<module>.
KUNIT_MODULES="NTB_KUNIT_TEST:drivers/ntb/ntb_kunit.ko
	PCI_EPF_VNTB_KUNIT_TEST:drivers/pci/endpoint/functions/pci-epf-vntb_kunit.ko"

# The KUnit modules that the kernel config CONFIG builds (=m): a tree
# without the series' test patches has not got their options.
kunit_modules_of() {
	local entry
	for entry in $KUNIT_MODULES; do
		! grep -qx "CONFIG_${entry%%:*}=m" "$1" || echo "${entry#*:}"
	done
}

# Build targets: a kernel ARCH, optionally with "-clang" for LLVM=1.
# Cross-compiler prefix of a target, empty for the host's gcc or clang.
cross_compile() {
	case $1 in
	x86_64 | i386 | *-clang) echo "" ;;
	arm64) echo aarch64-linux-gnu- ;;
	*) die "unsupported build target '$1'" ;;
	esac
}

# record_field FILE KEY: the value of KEY in a record file of "key=value"
# lines (the value runs to the end of the line; # lines are comments).
record_field() {
	awk -v k="$2" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); f = 1; exit } END { exit !f }' "$1" ||
		die "$1 has no $2="
}

# guest_arch ARCH KEY: KEY of the QEMU guest architecture's record,
# qemu/arch/ARCH (everything particular to one guest architecture is there).
guest_arch() {
	local f=$TOP/qemu/arch/$1
	[[ $1 =~ ^[a-z0-9_]+$ && -f $f ]] ||
		die "unsupported guest architecture '$1' (qemu/arch/ has: $(find "$TOP/qemu/arch" -type f -printf '%f ' | sed 's/ $//'))"
	record_field "$f" "$2"
}

# bug_functions BUG: the functions (an extended regular expression) one
# of which the report that reproduces BUG names, as qemu/bugs records
# them; fails (no output) if BUG is not one of them.
bug_functions() {
	records "$TOP/qemu/bugs" | awk -v b="$1" '$1 == b { print $2; f = 1 } END { exit !f }'
}

# The size(1) that reads a target's objects.
size_tool() {
	case $1 in
	*-clang) echo llvm-size ;;
	*) echo "$(cross_compile "$1")size" ;;
	esac
}

# Compilers through ccache, in its masquerade mode: a directory of links
# named like the compilers, first in PATH. The command lines stay "gcc ...",
# so kbuild's records of them (.cmd files) do not change and build
# directories made without ccache are not rebuilt. Most of the harness's
# builds compile the same sources again (every prefix of the bisection
# rebuilds all touched objects to see all their warnings; debian-quilt,
# the stable check and the harness's tests build trees already built):
# those become cache hits, warnings replayed. Prints the PATH to use.
# Where ccache keeps its objects (kmake; run-checks.sh reads its counters).
CCACHE_STORE=$CACHE/ccache/store
ccache_path() {
	local bin=$CACHE/ccache/bin c
	# Without ccache (a script run before install-deps.sh), plain compilers.
	command -v ccache >/dev/null || { echo "$PATH"; return; }
	mkdir -p "$bin"
	for c in gcc aarch64-linux-gnu-gcc clang; do
		[[ -L $bin/$c ]] || ln -sf "$(command -v ccache)" "$bin/$c"
	done
	echo "$bin:$PATH"
}

# make in a kernel tree, out of tree in OUT, for a build target.
kmake() {
	local tree=$1 out=$2 target=$3 llvm=()
	shift 3
	[[ $target == *-clang ]] && llvm=(LLVM=1)
	# One kernel build at a time on this machine: 2 cores do not take two.
	mkdir -p "$CACHE"
	PATH=$(ccache_path) CCACHE_DIR=$CCACHE_STORE CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G} \
		flock "$CACHE/.build.lock" \
		make -s -C "$tree" O="$out" ARCH="${target%-clang}" \
		CROSS_COMPILE="$(cross_compile "$target")" "${llvm[@]}" -j"$JOBS" "$@"
}


# The bases of make check by role (bases/checked).
bases_of() {
	awk -v role="$1" '!/^#/ && $2 == role { print $1 }' "$TOP/bases/checked" | tr '\n' ' ' | sed 's/ $//'
}
# How many of the series' first patches BASE already has (bases/checked).
present_in() {
	awk -v b="$1" '!/^#/ && $1 == b { print $3 }' "$TOP/bases/checked"
}
PRE_BACKPORT_BASES=${PRE_BACKPORT_BASES:-$(bases_of pre-backport)}
NEWEST_BASES=${NEWEST_BASES-$(bases_of newest)}
MAINLINE_BASES=${MAINLINE_BASES-$(bases_of mainline)}
# The queues the harness applies, in order: the series a maintainer takes
# (SERIES_DIR, whose first patches are upstream's fix in other words),
# then the follow-ups on top of it.
QUEUE_DIRS="$SERIES_DIR $TOP/patches/followups"

# Print the directory of one queue made of all QUEUE_DIRS: their patch
# files, series files and checkpatch exceptions joined, cover letters kept
# apart. Keyed by content, so it is made once and never changes.
combined_queue() {
	local key dir tmp q d
	key=$(for q in $QUEUE_DIRS; do find "$q" -type f | sort | xargs cat; done | md5sum | cut -c1-12)
	dir=$CACHE/queues/$key
	if [[ ! -d $dir ]]; then
		mkdir -p "$CACHE/queues"
		tmp=$(mktemp -d "$CACHE/queues/.tmp.XXXXXX")
		for q in $QUEUE_DIRS; do
			cp "$q"/[0-9]*.patch "$tmp"/
			mv "$tmp/0000-cover-letter.patch" "$tmp/0000-cover-letter-$(basename "$q").patch"
			series_patches "$q" >>"$tmp/series"
			if [[ -f $q/forms ]]; then
				records "$q/forms" >>"$tmp/forms"
				for d in $(records "$q/forms" | awk '{ print $1 }' | sort -u); do
					mkdir -p "$tmp/$d"
					cp "$q/$d"/*.patch "$tmp/$d/"
				done
			fi
			[[ ! -f $q/checkpatch-exceptions ]] || cat "$q/checkpatch-exceptions" >>"$tmp/checkpatch-exceptions"
			[[ ! -f $q/not-for-distributions ]] || records "$q/not-for-distributions" >>"$tmp/not-for-distributions"
		done
		mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
	fi
	echo "$dir"
}

# The lines of SCOPE in FILE (a function, struct or initialiser, from its
# definition at the start of a line to the closing brace at the start of a
# line; "-" is the whole file), blanks collapsed to one space.
scope_text() {
	local file=$1 scope=$2
	if [[ $scope == - ]]; then
		cat "$file"
	else
		awk -v name="$scope" '
		!inside && $0 !~ /^[ \t#*\/]/ && $0 !~ /;[ \t]*$/ &&
			match($0, "(^|[^A-Za-z0-9_])" name "([ \t]*[({=]|[ \t]*$)") { inside = 1 }
		inside { print }
		inside && /^}/ { exit }' "$file"
	fi | tr -s ' \t' '  '
}

# Does FILE's SCOPE in TREE match the extended regex (blanks as one space)?
scope_matches() {
	local tree=$1 file=$2 scope=$3 regex text
	regex=$(tr -s ' \t' '  ' <<<"$4")
	[[ -f $tree/$file ]] || return 1
	text=$(scope_text "$tree/$file" "$scope")
	[[ -n $text ]] || return 1
	# grep's 2 (a bad regex) must not read as "does not match".
	grep -qE -- "$regex" <<<"$text" || {
		(($? == 1)) || die "bad regex '$4' (patches/facts or forms)"
		return 1
	}
}

# The file of patch NAME of QUEUE to apply to TREE: the form that the
# queue's "forms" file selects for the tree's code, else NAME itself;
# "-" where the forms file says the patch is not for such a tree (DIR
# "-": the code it fixes is not there).  A regex starting with "!"
# selects the trees whose SCOPE does not match the rest.
patch_for_tree() {
	local tree=$1 queue=$2 name=$3 dir pname file scope regex
	if [[ -f $queue/forms ]]; then
		while read -r dir pname file scope regex; do
			[[ $pname == "$name" ]] || continue
			if [[ $regex == '!'* ]]; then
				scope_matches "$tree" "$file" "$scope" "${regex#!}" && continue
			else
				scope_matches "$tree" "$file" "$scope" "$regex" || continue
			fi
			if [[ $dir == - ]]; then
				echo -
			else
				echo "$queue/$dir/$name"
			fi
			return
		done < <(records "$queue/forms")
	fi
	echo "$queue/$name"
}

# The subject of a patch file, without its "[PATCH n/m]" prefix.
patch_subject() {
	git mailinfo /dev/null /dev/null <"$1" | sed -n 's/^Subject: //p'
}

# The line of patches/upstream for a patch file, by its subject; empty if
# upstream has no commit for it. Fields are separated by " | ".
upstream_of() {
	local subject
	subject=$(patch_subject "$1")
	awk -F' [|] ' -v s="$subject" '!/^#/ && $4 == s' "$TOP/patches/upstream"
}

# The queue under test, a directory: QUEUE when the caller names one (the
# harness's own tests point it at broken queues, check-fix-queues.sh at
# each fix queue), else all of QUEUE_DIRS joined. Scripts that use it set
# QUEUE=$(queue_under_test) themselves; run-checks.sh does it once for
# every check, so sourcing this file costs no hashing of the queues.
queue_under_test() {
	realpath "${QUEUE:-$(combined_queue)}"
}

# discard_changes TREE: put a harness tree's files back to its HEAD,
# the files that git apply or quilt created included: the Debian trees'
# .gitignore ignores them, so they need clean -x.
discard_changes() {
	git -C "$1" checkout -q -f . && git -C "$1" clean -q -f -d -x -- drivers include Documentation
}

# config_missing CONFIG FRAGMENT...: the =y/=m settings of the fragments
# (the last setting of each symbol winning) that the kernel config CONFIG
# lacks, one a line: what olddefconfig dropped for a missing dependency.
config_missing() {
	local config=$1
	shift
	sed -nE 's/^(CONFIG_[A-Z0-9_]*)=.*/&/p; s/^# (CONFIG_[A-Z0-9_]*) is not set$/\1=n/p' "$@" |
		awk -F= '{ v[$1] = $0; if (!($1 in o)) o[$1] = n++ } END { for (k in v) print o[k], v[k] }' |
		sort -n | cut -d' ' -f2- | grep -o '^CONFIG_[A-Z0-9_]*=[ym]' | grep -vxF -f "$config" || true
}

# reset_to_base TREE: put a tree of the harness's cache on its branch at
# the base, no patch applied (apply-series.sh with a count of 0, which
# also drops what an interrupted run left).
reset_to_base() {
	"$TOP/scripts/apply-series.sh" "$1" base "$SERIES_DIR" 0 >/dev/null
}

# Build directory for a tree and architecture.
build_dir() {
	echo "$CACHE/build/$(basename "$1")/$2"
}
# The base the queues are generated on (scripts/format-series.sh).
AUTHORED_ON=6.12.107-1~deb12u1

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
	# The series' other forms (its patch files have the same names here),
	# for the checks that apply the queue to other bases.
	if [[ -f $SERIES_DIR/forms ]]; then
		cp "$SERIES_DIR/forms" "$dir/"
		for d in $(records "$SERIES_DIR/forms" | awk '$1 != "-" { print $1 }' | sort -u); do
			cp -r "$SERIES_DIR/$d" "$dir/"
		done
	fi
	"$TOP/scripts/apply-series.sh" "$tree" base "$SERIES_DIR" >/dev/null
}

# " (KUnit suites: a, b)" for a module that carries KUnit suites, else "".
kunit_suites() {
	local bytes names
	bytes=$(objcopy -O binary -j .kunit_test_suites "$1" /dev/stdout 2>/dev/null | wc -c)
	((bytes > 0)) || return 0
	names=$(nm "$1" | sed -n 's/.* [dDbB] \([a-z_]*_suite\)$/\1/p' | sort -u | tr '\n' ' ')
	echo " (KUnit suites: ${names% })"
}
