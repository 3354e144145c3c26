# shellcheck shell=bash
# Shared helpers for the harness's own tests. Source after scripts/lib.sh.

# Each test prints "ok: ..." or "not ok: ..." lines and exits non-zero if
# any was "not ok".
failures=0
ok() { echo "ok: $*"; }
not_ok() { echo "not ok: $*"; failures=$((failures + 1)); }
finish() { exit $((failures > 0)); }

# expect_error NAME PATTERN CMD...: CMD must exit non-zero and its output
# must contain exactly one line matching "error:" that also matches PATTERN.
expect_error() {
	local name=$1 pattern=$2 out rc=0
	shift 2
	out=$("$@" 2>&1) || rc=$?
	local errors
	errors=$(grep -c '^error:' <<<"$out" || true)
	if ((rc != 0)) && ((errors == 1)) && grep -q -- "$pattern" <<<"$out"; then
		ok "$name: $(grep '^error:' <<<"$out")"
	else
		not_ok "$name: rc=$rc, $errors error lines, want /$pattern/; output:"
		sed 's/^/    /' <<<"$out" | tail -n 20
	fi
}
