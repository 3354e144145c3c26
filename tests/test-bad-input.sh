#!/bin/bash
# The main job's input errors: one "error:" line, non-zero exit, nothing
# changed.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
. "$TOP/tests/lib.sh"

expect_error "unknown version" "not in the package archive" \
	env BASE=6.12.999-1~deb12u1 "$TOP/scripts/main.sh"
expect_error "unknown line" "no linux-source-7.99" env BASE=7.99 "$TOP/scripts/main.sh"
expect_error "malformed base" "neither a kernel line" env BASE=banana "$TOP/scripts/main.sh"
expect_error "missing KSRC" "no such directory" env KSRC=/nonexistent "$TOP/scripts/main.sh"
notgit=$(mktemp -d)
expect_error "KSRC not git" "not a git tree" env KSRC="$notgit" "$TOP/scripts/main.sh"
rmdir "$notgit"
finish
