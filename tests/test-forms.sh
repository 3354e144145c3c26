#!/bin/bash
# Which form of a patch a tree gets (lib.sh's patch_for_tree(), the
# queues' "forms" files), on made-up trees, in seconds: the patch's own
# form where no record matches; a form's file where its regex matches the
# scope; a regex with "!" where the scope does not match the rest; "-"
# (not for this tree, apply-series.sh skips it) for a record whose DIR is
# "-"; and the real records of the fix queues' forms (transport-fixes,
# vntb-fixes) on the trees their bugs exist in, 7.3 and the newest 6.12
# and 6.1.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# tree NAME BODY: a tree with one function f() whose body is BODY
tree() {
	mkdir -p "$work/$1"
	printf 'static void f(void)\n{\n%s\n}\n' "$2" >"$work/$1/a.c"
}
tree locked $'\tguard(mutex)(&nt->link_event_lock);\n\tg();'
tree unlocked $'\tg();'
q=$work/queue
mkdir -p "$q/old"
cat >"$q/forms" <<'FORMS'
# <dir> <patch> <file> <scope> <regex>
old 0001-a.patch a.c f !link_event_lock
- 0002-b.patch a.c f !link_event_lock
old 0003-c.patch a.c f guard\(mutex\)
FORMS

# want NAME TREE PATCH FILE: patch_for_tree's answer must be FILE
want() {
	local got
	got=$(patch_for_tree "$work/$2" "$q" "$3")
	got=${got#"$q/"}
	if [[ $got == "$4" ]]; then
		ok "$1: $3 -> $got"
	else
		not_ok "$1: $3 -> '$got', want '$4'"
	fi
}
want "no record" locked 0009-z.patch 0009-z.patch
want "negated regex, scope without it" unlocked 0001-a.patch old/0001-a.patch
want "negated regex, scope with it" locked 0001-a.patch 0001-a.patch
want "not for this tree" unlocked 0002-b.patch -
want "not for this tree, other tree" locked 0002-b.patch 0002-b.patch
want "regex" locked 0003-c.patch old/0003-c.patch
want "regex, no match" unlocked 0003-c.patch 0003-c.patch

# The fix queues' forms on the trees they are checked on (fix-queues):
# forms_of QUEUE BASE FILE...: the form each patch of QUEUE takes on BASE
# ("own", a form's directory, or "-"), from the base's own FILEs (other
# checks leave the cache tree on their branches).
forms_of() {
	local q=$TOP/patches/$1 src=$2 f
	shift 2
	rm -rf "$work/base" && mkdir "$work/base"
	git -C "$src" archive base "$@" | tar -x -C "$work/base"
	while read -r name; do
		f=$(patch_for_tree "$work/base" "$q" "$name")
		[[ $f == - ]] && echo - || { f=${f#"$q/"}; echo "${f%%/*}"; }
	done < <(series_patches "$q") | sed 's/^0.*\.patch$/own/' | paste -sd' ' -
}
for base in $(bases_of mainline) 6.12 6.1; do
	src=$("$TOP/scripts/fetch-base.sh" "$base" 2>/dev/null)
	case $base in
	6.1) want_tf="6.1 6.x - 6.x 6.x 6.x" want_vf="- own" ;;
	6.*) want_tf="6.x 6.x - 6.x 6.x 6.x" want_vf="- own" ;;
	*) want_tf="own own own own own own" want_vf="own own" ;;
	esac
	for q in transport-fixes:"$want_tf" vntb-fixes:"$want_vf"; do
		case ${q%%:*} in
		transport-fixes) forms=$(forms_of transport-fixes "$src" drivers/ntb/ntb_transport.c drivers/net/ntb_netdev.c) ;;
		vntb-fixes) forms=$(forms_of vntb-fixes "$src" drivers/pci/endpoint/functions/pci-epf-vntb.c) ;;
		esac
		if [[ $forms == "${q#*:}" ]]; then
			ok "${q%%:*} on $(basename "$src"): $forms"
		else
			not_ok "${q%%:*} on $(basename "$src"): '$forms', want '${q#*:}'"
		fi
	done
done
finish
