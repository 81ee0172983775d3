#!/bin/sh
# bench-analyze.sh - `pmortem analyze` on 1 Hz bundles of growing length:
# it must take seconds for a day and grow linearly (issue 6).
#
# The input is made here, at run time (never committed): the real 1 Hz
# captures fixtures/meminfo/meminfo-ts.log and fixtures/vmstat/vmstat-ts.log
# replayed over each length in BENCH_HOURS (default "6 12 24"), one
# snapshot a second with shifted timestamps, vmstat's event counters
# growing across replays so the rates stay real (the same replay as
# tools/bench-proc.sh).  Each length is imported into its own database,
# then `pmortem analyze` is timed on it.  Printed per length: samples,
# series, analyze seconds, seconds per hour of data and microseconds per
# sample (constant when analyze is linear), and the ratio of the longest
# to the shortest per-sample cost.  There is no other tool doing the same
# analysis to compare with; the target is the issue's: a day in seconds.
# Wall time and CPU time (user + system) are both printed; the verdict is
# on CPU time, which other work on a shared machine does not inflate (on an
# idle machine the two are close): exit 1 when a day of data costs more
# than 10 CPU seconds, or the longest's per-sample CPU cost is more than
# 1.5x the shortest's.  The load average is printed too.
set -eu
cd "$(dirname "$0")/.."
HOURS_LIST=${BENCH_HOURS:-6 12 24}
PMORTEM=${PMORTEM:-./pmortem}
command -v sqlite3 >/dev/null || { echo "bench-analyze: sqlite3 not installed"; exit 1; }
[ -x "$PMORTEM" ] || { echo "bench-analyze: build pmortem first"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/pm-bench-analyze.XXXXXX")
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
t0=1795305600           # 2026-11-22 00:00:00 UTC

now() { date +%s.%N; }

# replay FIXTURE PREFIX_FIELDS STAMP SECONDS OUT [counters]: the fixture's
# snapshots, cycled; with `counters`, event counters keep growing
replay() {
	awk -f tools/replay.awk -v n="$4" -v t0="$t0" -v pf="$2" -v stamp="$3" \
		-v counters="${6:-}" "$1" > "$5"
}

echo "bench-analyze: 1 Hz meminfo + vmstat logs of $HOURS_LIST hours in $W"
for h in $HOURS_LIST; do
	replay fixtures/meminfo/meminfo-ts.log 2 iso $((h * 3600)) "$W/meminfo-$h.log"
	replay fixtures/vmstat/vmstat-ts.log 1 epoch $((h * 3600)) "$W/vmstat-$h.log" counters
	"$PMORTEM" import --no-progress --db "$W/$h.db" "$W/meminfo-$h.log" "$W/vmstat-$h.log" \
		2>"$W/import.err" || { cat "$W/import.err"; exit 1; }
	rm -f "$W/meminfo-$h.log" "$W/vmstat-$h.log"
	a=$(now)
	/usr/bin/time -f "%U %S" -o "$W/cpu" "$PMORTEM" analyze --db "$W/$h.db" \
		2>"$W/analyze-$h.err" || { cat "$W/analyze-$h.err"; exit 1; }
	b=$(now)
	samples=$(sqlite3 "$W/$h.db" "SELECT count(*) FROM sample")
	series=$(sqlite3 "$W/$h.db" "SELECT count(*) FROM series")
	events=$(sqlite3 "$W/$h.db" "SELECT count(*) FROM event")
	echo "$h $samples $series $events $a $b $(cat "$W/cpu")" >> "$W/results"
	rm -f "$W/$h.db"
done
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
awk 'BEGIN { printf "  %6s %11s %7s %7s %10s %8s %12s %12s\n", "hours", "samples", "series", "events",
	"analyze s", "CPU s", "s per hour", "us/sample" }
{
	s = $6 - $5; c = $7 + $8; per = $2 ? c / $2 * 1e6 : 0
	printf "  %6d %11d %7d %7d %10.2f %8.2f %12.3f %12.3f\n", $1, $2, $3, $4, s, c, c / $1, per
	if (NR == 1) first = per
	last = per; lh = $1; ls = s; lc = c
}
END {
	printf "  (s per hour and us/sample are CPU time)\n"
	printf "  per-sample CPU cost, longest / shortest: %.2fx (1.0 = linear; target <= 1.5x)\n", last / first
	printf "  a day of data: %.1f s CPU, %.1f s wall (target <= 10 s)\n", lc / lh * 24, ls / lh * 24
	exit !(last / first <= 1.5 && lc / lh * 24 <= 10)
}' "$W/results"
