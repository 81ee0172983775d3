#!/bin/sh
# bench-sadf.sh - importing sadf output: pmortem's samples/s against
# `sqlite3 .import` of the very same samples as CSV into the same table
# (what a user scripting it themselves would do), in the same run.
# The -d input is the real fixture (sadf -d -U of a 90 s sadc capture,
# 40584 samples) repeated BENCH_COPIES times, each copy 100 s later, so
# no sample repeats; the -j input is the fixture itself.
set -eu
cd "$(dirname "$0")/.."
COPIES=${BENCH_COPIES:-25}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

now() { date +%s.%N; }

# bench NAME INPUT
bench() {
	name=$1 input=$2
	t0=$(now)
	./pmortem import --db "$T/$name.db" --no-progress --format sadf "$input" >/dev/null 2>&1 || true
	t1=$(now)
	rows=$(sqlite3 "$T/$name.db" "SELECT count(*) FROM sample")
	sqlite3 -header -csv "$T/$name.db" "SELECT * FROM sample" > "$T/$name.csv"
	sqlite3 "$T/$name-csv.db" < src/schema.sql
	t2=$(now)
	sqlite3 "$T/$name-csv.db" ".import --csv --skip 1 $T/$name.csv sample"
	t3=$(now)
	awk -v n="$name" -v r="$rows" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
		p = r / (b - a); s = r / (d - c)
		printf "%s: %d samples: pmortem %.2f s (%.0f samples/s), sqlite3 .import %.2f s (%.0f rows/s), ratio %.2fx\n",
			n, r, b - a, p, d - c, s, p / s
	}'
}

awk -F';' -v OFS=';' -v n="$COPIES" '{ l[NR] = $0 } END {
	for (k = 0; k < n; k++)
		for (i = 1; i <= NR; i++) {
			s = l[i]
			if (substr(s, 1, 1) != "#") {
				split(s, f, ";"); f[3] += k * 100
				s = f[1]
				for (j = 2; j <= length(f); j++) s = s ";" f[j]
			}
			print s
		}
}' fixtures/sadf/sadf-d-U-A.txt > "$T/sadf-d.txt"
bench sadf-d "$T/sadf-d.txt"
bench sadf-j fixtures/sadf/sadf-j-A.json
