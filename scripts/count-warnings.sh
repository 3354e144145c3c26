#!/bin/bash
# Count compiler, sparse and kernel-doc diagnostics per source file in a
# build log. Prints "<file> <count>" lines, paths relative to the tree.
# Usage: count-warnings.sh LOG TREE
set -euo pipefail

logfile=$1 tree=$(realpath "$2")
sed -n -E "s#^($tree/)?([^: ]+\.[chS]):[0-9]+(:[0-9]+)?: (warning|error):.*#\2#p" "$logfile" |
	sort | uniq -c | awk '{ print $2, $1 }'
