#!/bin/sh
# bench-strace.sh - importing 1 M-line strace and kernel-log captures:
# pmortem's rows/s against `sqlite3 .import` of the very same rows as CSV
# into the same table (what a user scripting it themselves would do).  The
# captures are built at run time by repeating the real fixture lines
# (threads-f-tt-T.txt for strace; oom-raw.txt for dmesg, its monotonic
# times shifted forward on every copy so time never goes back).
set -eu
cd "$(dirname "$0")/.."
N=${BENCH_LINES:-1000000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

now() { date +%s.%N; }

# bench NAME TABLE INPUT IMPORT-ARGS...
bench() {
	name=$1 table=$2 input=$3; shift 3
	t0=$(now)
	./pmortem import --db "$T/$name.db" --no-progress "$@" "$input" >/dev/null 2>&1 || true
	t1=$(now)
	rows=$(sqlite3 "$T/$name.db" "SELECT count(*) FROM $table")
	sqlite3 -header -csv "$T/$name.db" "SELECT * FROM $table" > "$T/$name.csv"
	sqlite3 "$T/$name-csv.db" < src/schema.sql
	t2=$(now)
	sqlite3 "$T/$name-csv.db" ".import --csv --skip 1 $T/$name.csv $table"
	t3=$(now)
	awk -v n="$name" -v l="$N" -v r="$rows" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
		p = r / (b - a); s = r / (d - c)
		printf "%s: %d lines, %d %s rows: pmortem %.2f s (%.0f rows/s), sqlite3 .import %.2f s (%.0f rows/s), ratio %.2fx\n",
			n, l, r, "", b - a, p, d - c, s, p / s
	}'
}

awk -v n="$N" '{ l[NR] = $0 } END { for (i = 0; i < n; i++) print l[i % NR + 1] }' \
	fixtures/strace/threads-f-tt-T.txt > "$T/strace.txt"
bench strace syscall "$T/strace.txt" --format strace --date 2026-11-22

awk -v n="$N" '{ l[NR] = $0 } END {
	for (i = 0; i < n; i++) {
		s = l[i % NR + 1]; k = int(i / NR)
		if (match(s, /^\[ *[0-9]+\.[0-9]+\]/)) {
			v = substr(s, 2, RLENGTH - 2) + k * 10
			s = sprintf("[%12.6f]", v) substr(s, RLENGTH + 1)
		}
		print s
	}
}' fixtures/dmesg/oom-raw.txt > "$T/dmesg.txt"
bench dmesg kernel_event "$T/dmesg.txt" --format dmesg --boot-time 1795354572
