#!/bin/sh
# bench-proc.sh - importing a day of 1 Hz /proc snapshots, against
# `sqlite3 .import` of the same samples as CSV into the same table.
#
# The input is made here, at run time (never committed): the real 1 Hz
# captures in fixtures/{meminfo,vmstat,zoneinfo}/*-ts.log replayed over
# BENCH_HOURS (default 24) hours, one snapshot a second, with shifted
# timestamps (meminfo with ISO stamps, vmstat and zoneinfo with epoch
# stamps, as `ts` writes them); vmstat's event counters keep counting
# across replays, so rates stay real.  pmortem imports the three logs;
# its rows/s (samples written, vmstat rates included) is compared with the
# rows/s of sqlite3's own CSV import of exactly the samples pmortem wrote
# into an empty table of the same definition: once in time order (as a
# log turned into CSV would be), once sorted by the table's primary key
# (sqlite's best case, for reference).  The target (>= 1.0) is on the
# first, the same samples in the order the log holds them.  Also printed:
# pmortem's peak memory (it must not grow with the input).
set -eu
cd "$(dirname "$0")/.."
HOURS=${BENCH_HOURS:-24}
PMORTEM=${PMORTEM:-./pmortem}
command -v sqlite3 >/dev/null || { echo "bench-proc: sqlite3 not installed"; exit 1; }
[ -x "$PMORTEM" ] || { echo "bench-proc: build pmortem first"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/pm-bench-proc.XXXXXX")
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
secs=$((HOURS * 3600))
t0=1795305600           # 2026-11-22 00:00:00 UTC

now() { date +%s.%N; }
# sq_import DB CSV: sqlite3's CSV import with the settings pmortem's store
# uses (store.c: page cache, journal, sync), so the two do the same work
sq_import() {
	sqlite3 "$1" "PRAGMA journal_mode=WAL" "PRAGMA synchronous=NORMAL" \
		"PRAGMA cache_size=-65536" ".mode csv" ".import $2 sample" >/dev/null
}

# replay FIXTURE PREFIX_FIELDS STAMP OUT [counters]: the fixture's
# snapshots, cycled; with `counters`, event counters keep growing
replay() {
	awk -f tools/replay.awk -v n="$secs" -v t0="$t0" -v pf="$2" -v stamp="$3" \
		-v counters="${5:-}" "$1" > "$4"
}

echo "bench-proc: making ${HOURS} h of 1 Hz meminfo, vmstat, zoneinfo logs in $W"
replay fixtures/meminfo/meminfo-ts.log 2 iso "$W/meminfo-day.log"
replay fixtures/vmstat/vmstat-ts.log 1 epoch "$W/vmstat-day.log" counters
replay fixtures/zoneinfo/zoneinfo-ts.log 1 epoch "$W/zoneinfo-day.log"
ls -l "$W"/*.log | awk '{ printf "  %-60s %6.0f MB\n", $NF, $5 / 1e6 }'

a=$(now)
/usr/bin/time -f "%M" -o "$W/rss" "$PMORTEM" import --db "$W/pm.db" \
	"$W/meminfo-day.log" "$W/vmstat-day.log" "$W/zoneinfo-day.log" 2>"$W/import.err" ||
	{ cat "$W/import.err"; exit 1; }
b=$(now)
rows=$(sqlite3 "$W/pm.db" "SELECT count(*) FROM sample")
events=$(sqlite3 "$W/pm.db" "SELECT count(*) FROM kernel_event")
src_rows=$(( $(sqlite3 "$W/pm.db" "SELECT sum(rows) FROM source WHERE status = 'ok'") - events ))
[ "$rows" = "$src_rows" ] || { echo "bench-proc: sample rows $rows != source rows $src_rows"; exit 1; }

sqlite3 -csv "$W/pm.db" "SELECT series_id, ts_us, value, source_id, line FROM sample
	ORDER BY ts_us, series_id" > "$W/samples.csv"
sqlite3 "$W/pm.db" ".schema sample" | sqlite3 "$W/csv.db"
c=$(now)
sq_import "$W/csv.db" "$W/samples.csv"
d=$(now)
csv_rows=$(sqlite3 "$W/csv.db" "SELECT count(*) FROM sample")
[ "$csv_rows" = "$rows" ] || { echo "bench-proc: csv rows $csv_rows != $rows"; exit 1; }
# sqlite's best case too: the same CSV sorted by the table's primary key
sqlite3 -csv "$W/pm.db" "SELECT series_id, ts_us, value, source_id, line FROM sample
	ORDER BY series_id, ts_us" > "$W/sorted.csv"
sqlite3 "$W/pm.db" ".schema sample" | sqlite3 "$W/sorted.db"
e=$(now)
sq_import "$W/sorted.db" "$W/sorted.csv"
f=$(now)

awk -v rows="$rows" -v a="$a" -v b="$b" -v c="$c" -v d="$d" -v e="$e" -v f="$f" \
	-v rss="$(cat "$W/rss")" 'BEGIN {
	pm = rows / (b - a); sq = rows / (d - c); ss = rows / (f - e)
	printf "  pmortem import (text -> samples + rates):   %9d rows in %6.1f s = %9.0f rows/s, peak RSS %d MB\n", rows, b - a, pm, rss / 1024
	printf "  sqlite3 .import, CSV in time order:          %9d rows in %6.1f s = %9.0f rows/s\n", rows, d - c, sq
	printf "  sqlite3 .import, CSV sorted by primary key:  %9d rows in %6.1f s = %9.0f rows/s\n", rows, f - e, ss
	printf "  ratio pmortem / sqlite3 .import: %.2fx (CSV in time order; target >= 1.0x), %.2fx (sorted CSV)\n", pm / sq, pm / ss
	exit !(pm / sq >= 1.0)
}'
