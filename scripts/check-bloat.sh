#!/bin/bash
# Object size changes, base vs patched, with scripts/bloat-o-meter, on the
# first pre-backport base (one cold configure of its own; the others'
# text sizes are in matrix's table): nothing on ntb_transport's tx/rx
# paths may change. The memory-window set/free functions (and the
# functions they are inlined into) and the vNTB ops are expected to; any
# other function that changes is named as the compiler's (gcc's inlining
# budgets grow with the file, so a new function moves others: Debian 13's
# gcc 14 reshapes epf_ntb_bind() and epf_ntb_cmd_handler() when patch 3
# adds vntb_epf_get_dma_dev(), Debian 12's gcc 12 does not).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
QUEUE=$(queue_under_test)

# object:expected-symbols regex. ntb_set_mw() and ntb_free_mw() are static
# and gcc may inline them into their callers, listed here too.
allowed=(
	"drivers/ntb/ntb_transport.o:^(ntb_set_mw|ntb_free_mw|ntb_transport_link_work|ntb_transport_link_cleanup|ntb_transport_link_cleanup_work|ntb_transport_free|ntb_transport_probe|ntb_alloc_mw_buffer)$"
	"drivers/pci/endpoint/functions/pci-epf-vntb.o:^(vntb_epf_[a-z_]+|vntb_epf_ops)$"
)
# Never allowed to change.
forbidden='(^|_)(tx|rx)(_|$)|ntb_process_|ntb_async_|ntb_memcpy_'
objs=$(printf '%s\n' "${allowed[@]}" | cut -d: -f1)
fail=0

build_copy() {
	local tree=$1 out=$2 dest=$3 obj
	for obj in $objs; do rm -f "$out/$obj"; done
	# shellcheck disable=SC2086 # word list
	kmake "$tree" "$out" x86_64 $objs
	for obj in $objs; do install -D "$out/$obj" "$dest/$obj"; done
}

for base in ${PRE_BACKPORT_BASES%% *}; do
	tree=$("$TOP/scripts/fetch-base.sh" "$base")
	# The fix as a distribution ships it: without the KUnit suites, which
	# are built into pci-epf-vntb.o when enabled.
	out=$(build_dir "$tree" x86_64-no-kunit)
	work=$(mktemp -d)
	"$TOP/scripts/configure.sh" "$tree" "$out" x86_64 "$TOP/kconfig/ntb.config"
	reset_to_base "$tree"
	build_copy "$tree" "$out" "$work/before"
	"$TOP/scripts/apply-series.sh" "$tree" base "$QUEUE" >/dev/null
	build_copy "$tree" "$out" "$work/after"
	for entry in "${allowed[@]}"; do
		obj=${entry%%:*} re=${entry#*:}
		echo "bloat-o-meter: $base: $obj"
		"$tree/scripts/bloat-o-meter" "$work/before/$obj" "$work/after/$obj" | sed 's/^/  /'
		# Changed symbols: the lines after the header with a non-zero delta.
		while read -r sym; do
			# Compiler decorations: __pfx_ padding, .isra/.cold/.constprop clones.
			sym=${sym#__pfx_}
			sym=${sym%%.*}
			if [[ $sym =~ $forbidden ]]; then
				echo "  FAIL: $sym changed; it is on the tx/rx path, which the series must not touch"
				fail=1
			elif [[ ! $sym =~ $re ]]; then
				echo "  note: $sym changed; the series does not touch it: the compiler's inlining"
			fi
		done < <("$tree/scripts/bloat-o-meter" "$work/before/$obj" "$work/after/$obj" |
			awk '/^Total:/ { f = 0 } f && $NF != 0 { print $1 } /^Function/ { f = 1 }')
	done
	rm -rf "$work"
done
exit $fail
