#!/bin/bash
# Regenerate a patch queue from an authoring git tree with format-patch.
# Usage: format-series.sh TREE FROM..TIP QUEUE_DIR [BASE_REV]
# BASE_REV (default FROM) is the cover letter's base-commit; commits between
# it and FROM are listed as prerequisite-patch-id (a queue on top of another).
# QUEUE_DIR/cover.txt holds the cover letter's subject (first line) and
# body; the patch files and the quilt-style series file are rewritten.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$1 range=$2 queue=$(realpath "$3")
base=${4:-${range%%..*}}
tip=${range##*..}
branch=$(git -C "$tree" rev-parse --abbrev-ref "$tip")

git -C "$tree" config "branch.$branch.description" "$(cat "$queue/cover.txt")"
rm -f "$queue"/*.patch
# The queues keep the placeholder identity of their patches; mails to send
# are made with the sender's own.
git -C "$tree" -c user.name="NTB DMA-device team" -c user.email=ntb-dma-dev@example.org \
	format-patch -q --cover-letter --cover-from-description=subject \
	--base="$base" --zero-commit -o "$queue" "$range"
(cd "$queue" && ls [0-9]*.patch | grep -v '^0000-cover-letter' >series)
