#!/bin/bash
# scripts/install-deps.sh is the one list of what the harness runs: every
# external command that scripts/, tests/ and make call, and the ones the
# kernel's build and tools run for them, must come from a package of that
# list (or one apt installs with it), from Debian's essential or required
# set (what debootstrap --variant=minbase installs), or from git and make,
# which README asks a new user for. No machine of its own: commands are
# looked up in the system's PATH (not the user's: a pyenv python3 or a
# /usr/local tool must not count) and mapped to packages with dpkg -S.
# The same lookup with a package taken out of the list must fail.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

SYSTEM_PATH=/usr/sbin:/usr/bin:/sbin:/bin
# Run by kbuild, kunit.py, checkpatch.pl or git for the harness, so not
# visible as a command in its scripts: <command or file> <who runs it>
indirect=(
	"sparse make C=1"
	"clang make LLVM=1"
	"ld.lld make LLVM=1"
	"llvm-objcopy make LLVM=1"
	"llvm-nm make LLVM=1"
	"llvm-ar make LLVM=1"
	"aarch64-linux-gnu-gcc make CROSS_COMPILE=aarch64-linux-gnu-"
	"aarch64-linux-gnu-ld make CROSS_COMPILE=aarch64-linux-gnu-"
	"gcc make"
	"bison make (kconfig)"
	"flex make (kconfig)"
	"bc make (timeconst)"
	"codespell checkpatch.pl --codespell"
	"/usr/lib/git-core/git-send-email git send-email (make outgoing)"
	"/usr/share/perl5/Mail/Address.pm git send-email"
	"/usr/include/libelf.h make (objtool)"
	"/usr/aarch64-linux-gnu/include/stdio.h the arm64 cross build (kunit, vdso)"
)
# Installed by the one script that needs it, which is not one of the
# README's two commands: <command> <why>
self_installed="debootstrap"

# The external commands named in the scripts: the words at the start of
# a command (after a pipe, ;, &&, ||, $( or a shell keyword) that the
# system PATH resolves to a file, minus bash's builtins and the scripts'
# own functions.
commands_in_scripts() {
	local f
	for f in "$TOP"/scripts/*.sh "$TOP"/tests/*.sh "$TOP"/Makefile; do
		sed -e 's/^[[:space:]]*#.*//' -e 's/[[:space:]]#[[:space:]].*//' "$f"
	done |
		grep -oE '(^|[|;&(!`]|\$\(|\b(then|do|else|if|while|until|exec|command|env|flock [^ ]+|xargs -r( -n1)?|timeout [0-9]+)\b)[[:space:]]*[a-z][a-z0-9_.+-]*([[:space:]]|$)' |
		grep -oE '[a-z][a-z0-9_.+-]*[[:space:]]*$' | tr -d ' \t' | sort -u |
		while read -r w; do
			[[ $(type -t "$w" 2>/dev/null) == builtin || $(type -t "$w" 2>/dev/null) == keyword ]] && continue
			grep -qE "^[[:space:]]*$w\(\)" "$TOP"/scripts/*.sh "$TOP"/tests/*.sh && continue
			PATH=$SYSTEM_PATH command -v "$w" >/dev/null 2>&1 && echo "$w"
		done
	# The QEMU of each guest architecture's record (qemu/arch/, qemu-run.sh)
	sed -n 's/^qemu=\([^ ]*\).*/\1/p' "$TOP"/qemu/arch/*
}

# package_of COMMAND-OR-FILE: the Debian package that ships it.
package_of() {
	local p=$1 real
	[[ $p == /* ]] || p=$(PATH=$SYSTEM_PATH command -v "$p" 2>/dev/null) || return 1
	real=$(readlink -f "$p")
	# usrmerge: dpkg may know the file under /bin or /usr/bin.
	{ dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null || dpkg -S "$p" 2>/dev/null; } |
		head -n1 | cut -d: -f1
}

# allowed_packages PACKAGE...: the packages apt installs for them, with
# their dependencies, and Debian's essential and required set.
allowed_packages() {
	{
		apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
			--no-replaces --no-enhances "$@" git make 2>/dev/null | grep -v '^ ' | sed 's/:.*//'
		dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' | awk '$2 == "yes" || $3 == "required" { print $1 }'
	} | sort -u
}

# What is used and where it comes from, looked up once: "<what> <package>"
# (package "-" if no package ships it).
used=$(for what in $(commands_in_scripts) $(printf '%s\n' "${indirect[@]}" | cut -d' ' -f1); do
	[[ " $self_installed " == *" $what "* ]] && continue
	echo "$what $(package_of "$what" || true)"
done | awk '{ print $1, ($2 == "" ? "-" : $2) }')

# uncovered PACKAGE...: what is used whose package they do not bring.
uncovered() {
	local allowed what pkg
	allowed=$(allowed_packages "$@")
	while read -r what pkg; do
		if [[ $pkg == - ]]; then
			echo "$what (in no Debian package on this machine)"
		elif ! grep -qx "$pkg" <<<"$allowed"; then
			echo "$what ($pkg)"
		fi
	done <<<"$used"
}

list=$(sed -n '/^packages=(/,/^)/p' "$TOP/scripts/install-deps.sh" | sed '1d;$d' | tr -s ' \t' '\n' | sed '/^$/d')
[[ -n $list ]] || die "no package list found in scripts/install-deps.sh"
# shellcheck disable=SC2086 # word list
missing=$(uncovered $list)
if [[ -z $missing ]]; then
	ok "every command of the scripts and what is run for them ($(wc -l <<<"$used")) come from install-deps.sh's $(wc -l <<<"$list") packages, their dependencies or Debian's essential set"
else
	not_ok "not installed by scripts/install-deps.sh: $(tr '\n' ' ' <<<"$missing")"
fi
# Each of these taken out of the list must be missed.
for pkg in quilt sparse codespell git-email qemu-system-arm; do
	# shellcheck disable=SC2086 # word list
	missing=$(uncovered $(grep -vx "$pkg" <<<"$list"))
	if [[ -n $missing ]]; then
		ok "without $pkg: missing $(tr '\n' ' ' <<<"$missing")"
	else
		not_ok "without $pkg in the list, nothing is missed"
	fi
done
finish
