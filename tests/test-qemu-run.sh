#!/bin/bash
# make qemu-run with GUEST_SHELL=1: one guest of the proof (7.3, upstream,
# ntb_transport, x86_64) prints its verdict line, and after the test its
# console is a shell on this terminal. The terminal is scripted: the
# commands go in once the guest says its shell is there, and the answer
# must come back on the console and in the guest's log.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

work=$(mktemp -d)
pid=
# Cut short: stop the run (its guest ends at QEMU_TIMEOUT in any case).
trap '[[ -z $pid ]] || kill "$pid" 2>/dev/null; exec 5>&-; rm -rf "$work"' EXIT
ver=$(resolve_base 7.3 | cut -d' ' -f2)
raw=$CACHE/qemu/$ver/x86_64-upstream-transport.log.raw
rm -f "$raw"

# The guest's console input: a FIFO held open here, so that QEMU never
# reads an end of file before the commands are written.
mkfifo "$work/in"
exec 5<>"$work/in"
# A timeout for the guest (the shell's default is none): a guest that
# never reaches its shell ends, and so does this test.
(cd "$TOP" && QEMU_TIMEOUT=900 GUEST_SHELL=1 make -s qemu-run BASE=7.3 VARIANT=upstream \
	CLIENT=transport ARCH=x86_64) <"$work/in" >"$work/out" 2>&1 &
pid=$!
shell=no
for _ in $(seq 1800); do
	grep -qs 'ntb-dma-init: shell:' "$raw" && { shell=yes; break; }
	kill -0 "$pid" 2>/dev/null || break
	sleep 1
done
[[ $shell == yes ]] || not_ok "GUEST_SHELL=1: the guest never said its shell was there"
# shellcheck disable=SC2016 # for the guest's shell to expand
printf '%s\n' 'echo hello-$((6 * 7))' 'exit' >&5
rc=0
wait "$pid" || rc=$?
pid=

if grep -q '^qemu: arch=x86_64 .* variant=upstream verdict=FIXED ' "$work/out"; then
	ok "make qemu-run: $(grep -o '^qemu: arch=x86_64 .* verdict=[A-Z]*' "$work/out")"
else
	not_ok "make qemu-run (exit $rc): no FIXED verdict line:"
	tail -n 5 "$work/out" | sed 's/^/    /'
fi
log=$CACHE/qemu/$ver/x86_64-upstream-transport.log
if grep -q '^hello-42' "$work/out" && grep -q '^hello-42' "$log"; then
	ok "GUEST_SHELL=1: the guest's shell ran the scripted command (hello-42 on the terminal and in $log)"
else
	not_ok "GUEST_SHELL=1: no answer from the guest's shell:"
	tail -n 8 "$work/out" | sed 's/^/    /'
fi
finish
