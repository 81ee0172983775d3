#!/bin/sh
# bench.sh - `make bench`: pmortem's speed against the tool a user would
# use instead, on the same input in the same run.  Each part is a
# tools/bench-*.sh script printing its own ratios; this runs them all.
set -u
cd "$(dirname "$0")/.."
status=0
for b in tools/bench-*.sh; do
	[ -x "$b" ] || continue
	echo "== $(basename "$b" .sh)"
	"$b" || status=1
	echo
done
exit $status
