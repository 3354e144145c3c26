#!/bin/bash
# The main job: fetch the base (BASE=, default the newest 6.12) or use a
# user's tree (KSRC=), apply the series, build what it touches and the
# modules, and summarise.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
QUEUE=$(queue_under_test)

start=$SECONDS
"$TOP/scripts/install-deps.sh"
info=$("$TOP/scripts/prepare-tree.sh")
read -r tree rev label <<<"$info"
log "applying the series and its follow-ups to $label"
states=$("$TOP/scripts/apply-series.sh" "$tree" "$rev" "$QUEUE")
out=$CACHE/build/$label/x86_64
log "building the touched objects (W=1) and modules in $out"
logfile=$out/ntb-dma-dev-build.log
mkdir -p "$out"
"$TOP/scripts/build-objects.sh" "$tree" "$out" x86_64 "$logfile" W=1
modules=$MAIN_MODULES
modules+=" $(kunit_modules_of "$out/.config" | xargs)"
# Modules link without vmlinux here: modpost cannot resolve the core
# kernel's symbols, so its "undefined" reports are warnings, not errors.
# shellcheck disable=SC2086 # word list
kmake "$tree" "$out" x86_64 KBUILD_MODPOST_WARN=1 $modules >>"$logfile" 2>&1 ||
	die "module build failed (log: $logfile)"

echo
echo "Summary"
echo "  base:    $label ($(git -C "$tree" log -1 --format=%s "$rev"))"
echo "  tree:    $tree (branch $(git -C "$tree" rev-parse --abbrev-ref HEAD))"
echo "  patches:"
sed 's/^/    /' <<<"$states"
echo "  modules:"
for m in $modules; do
	echo "    $out/$m$(kunit_suites "$out/$m")"
done
echo "  diagnostics (W=1) per file: $(
	"$TOP/scripts/count-warnings.sh" "$logfile" "$tree" | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
echo "  time:    $((SECONDS - start)) s"
