#!/bin/sh
# bigtext.sh - a text log bigger than the walker reads whole (64 MiB) is
# read as a stream, not through a mapping whose every page would stay
# resident: importing twice as much of a 1 Hz vmstat log (the real
# fixture's snapshots replayed by tools/replay.awk, about 75 and 150 MB)
# costs about the same peak memory, and every sample of it is stored.
. "$(dirname "$0")/lib.inc"

t0=1795305600
for h in 3 6; do
	awk -f tools/replay.awk -v n=$((h * 3600)) -v t0=$t0 -v pf=1 -v stamp=epoch \
		-v counters=1 fixtures/vmstat/vmstat-ts.log > "$T/vmstat-$h.log"
	rm -f "$T/big.db"
	expect_rc "import $h h" 0 /usr/bin/time -f %M -o "$T/rss-$h" "$PMORTEM" import \
		--db "$T/big.db" "$T/vmstat-$h.log"
	# every snapshot's counters, and a rate for each but the first
	snaps=$(awk '$1 != last { n++; last = $1 } END { print n }' "$T/vmstat-$h.log")
	per=$(awk -v t="$(awk 'NR == 1 { print $1 }' "$T/vmstat-$h.log")" \
		'$1 == t { n++ } END { print n }' "$T/vmstat-$h.log")
	expect_eq "$h h: samples of the first counter" "$snaps" \
		"$(DB=$T/big.db q "SELECT count(*) FROM sample JOIN series USING (series_id)
			WHERE metric = 'vmstat.nr_free_pages'")"
	[ "$snaps" -eq $((h * 3600)) ] || fail "$h h: $snaps snapshots in the log"
	[ "$per" -gt 100 ] || fail "$h h: $per counters per snapshot"
	rm -f "$T/vmstat-$h.log"
done
small=$(tail -n 1 "$T/rss-3") big=$(tail -n 1 "$T/rss-6")
# twice the input, at most an eighth more memory (through the mapping it
# grew by the 75 MB added)
[ "$big" -lt $((small + small / 8)) ] ||
	fail "peak RSS grows with the log: $((small >> 10)) MiB for 3 h, $((big >> 10)) MiB for 6 h"
finish
