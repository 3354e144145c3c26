#!/bin/bash
# The KUnit suites link where Kconfig lets them be modules below a
# built-in driver: tinyconfig plus kconfig/vntb-builtin-kunit-m.config
# (PCI_EPF_VNTB=y, KUNIT=m, the suites =m), vmlinux and modules, on the
# mainline base (the upstream form). Two builds in one directory:
#   - v3 of the series (its patch 5 included vNTB's test into the driver,
#     tests/fixtures/patches/): vmlinux must fail to link on a KUnit
#     symbol, the break this check exists to catch;
#   - the series: vmlinux links, and both suites are modules of their own.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${MAINLINE_BASES%% *}
[[ -n $base ]] || die "no mainline base in bases/checked"
tree=$("$TOP/scripts/fetch-base.sh" "$base")
ver=$(basename "$tree")
out=$CACHE/build/$ver/x86_64-kunit-link
fragment=$TOP/kconfig/vntb-builtin-kunit-m.config
work=$(mktemp -d)
trap 'rm -rf "$work"; reset_to_base "$tree"' EXIT

# build QUEUE LABEL: apply, configure, build; the log in $out/LABEL.log,
# the exit status kbuild's.
build() {
	local queue=$1 label=$2 missing
	"$TOP/scripts/apply-series.sh" "$tree" base "$queue" >/dev/null
	mkdir -p "$out"
	kmake "$tree" "$out" x86_64 tinyconfig >/dev/null
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$fragment" >/dev/null
	kmake "$tree" "$out" x86_64 olddefconfig >/dev/null
	missing=$(config_missing "$out/.config" "$fragment")
	[[ -z $missing ]] || die "$label: not set as asked after olddefconfig: $(xargs <<<"$missing")"
	log "kunit-link: building vmlinux and modules on $ver ($label)"
	kmake "$tree" "$out" x86_64 vmlinux modules >"$out/$label.log" 2>&1
}

fail=0
# v3: the series' first four patches and v3's patch 5.
mkdir -p "$work/v3"
for p in $(series_patches "$SERIES_DIR" | head -n 4); do
	cp "$SERIES_DIR/$p" "$work/v3/"
done
cp "$TOP"/tests/fixtures/patches/v3-0005-vntb-kunit-included-in-driver.patch "$work/v3/0005-v3.patch"
(cd "$work/v3" && ls [0-9]*.patch >series)
if build "$work/v3" v3; then
	echo "kunit-link: v3 (test included into the built-in driver) linked: the check cannot see the break FAIL"
	fail=1
elif undefined=$(grep -m1 -E "undefined (reference to|symbol:?) .?_*kunit" "$out/v3.log"); then
	echo "kunit-link: v3 fails to link as it should: $undefined"
else
	echo "kunit-link: v3 failed, but not on a KUnit symbol (log: $out/v3.log) FAIL"
	fail=1
fi

if build "$SERIES_DIR" series; then
	mods=$(kunit_modules_of "$out/.config")
	for m in $mods; do
		[[ -s $out/$m ]] || { echo "kunit-link: series: $m not built FAIL"; fail=1; }
	done
	grep -qx 'CONFIG_PCI_EPF_VNTB=y' "$out/.config" &&
		echo "kunit-link: series links with PCI_EPF_VNTB=y KUNIT=m: $(wc -w <<<"$mods") KUnit modules ($(xargs -n1 basename <<<"$mods" | xargs)) ok"
else
	grep -m 5 -E 'error|undefined' "$out/series.log" | sed 's/^/    /'
	echo "kunit-link: series does not build with PCI_EPF_VNTB=y KUNIT=m (log: $out/series.log) FAIL"
	fail=1
fi
exit $fail
