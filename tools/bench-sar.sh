#!/bin/sh
# bench-sar.sh - sar text import speed against `sqlite3 .import` of the
# same samples, in the same run, on the same machine.
#
# The input: fixtures/sar/sar-A.C.txt (a real sar -A capture) repeated
# DAYS times under consecutive header dates, so every sample is distinct
# (about 40 k samples a day).  pmortem imports that text file; the same
# samples, exported from the resulting database in the order sar text
# delivers them (time-major), go to sqlite3 as CSV into the same
# WITHOUT ROWID (series_id, ts_us) table.  Printed: rows/s of each and
# the ratio (>= 1.0 means pmortem parses sar text and stores it at least
# as fast as SQLite loads ready-made CSV); exit 1 below 1.0.
set -eu
cd "$(dirname "$0")/.."
DAYS=${DAYS:-50}
PM=./pmortem
command -v sqlite3 >/dev/null || { echo "bench-sar: sqlite3 not installed (apt-get install sqlite3)"; exit 1; }
[ -x "$PM" ] || { echo "bench-sar: build ./pmortem first"; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/pmortem-bench-sar.XXXXXX")
trap 'rm -rf "$T"' EXIT

# DAYS copies of the capture, dated 2026-01-01 onwards
awk -v days="$DAYS" '
	NR == FNR { line[n++] = $0; next }
	END {
		for (d = 0; d < days; d++) {
			t = mktime("2026 01 01 12 00 00") + d * 86400
			date = strftime("%m/%d/%y", t)
			for (i = 0; i < n; i++) {
				l = line[i]
				if (i == 0) sub(/[0-9][0-9]\/[0-9][0-9]\/[0-9][0-9]/, date, l)
				print l
			}
		}
	}' fixtures/sar/sar-A.C.txt /dev/null > "$T/sar.txt"
size=$(wc -c < "$T/sar.txt")

now() { date +%s.%N; }

t0=$(now)
"$PM" import --db "$T/pm.db" --no-progress "$T/sar.txt" 2>/dev/null
t1=$(now)
rows=$("$PM" query --db "$T/pm.db" --format csv "SELECT count(*) FROM sample" | tail -n 1)

# the same samples as CSV, time-major like sar text
sqlite3 "$T/pm.db" <<EOF
.mode csv
.output $T/samples.csv
SELECT series_id, ts_us, value, source_id, line FROM sample ORDER BY ts_us, series_id;
EOF
sqlite3 "$T/sq.db" >/dev/null <<'EOF'
PRAGMA journal_mode = WAL;
CREATE TABLE sample (series_id INTEGER NOT NULL, ts_us INTEGER NOT NULL,
	value REAL, source_id INTEGER NOT NULL, line INTEGER,
	PRIMARY KEY (series_id, ts_us)) WITHOUT ROWID;
EOF
t2=$(now)
sqlite3 "$T/sq.db" ".import --csv $T/samples.csv sample"
t3=$(now)
sqrows=$(sqlite3 "$T/sq.db" "SELECT count(*) FROM sample")

awk -v rows="$rows" -v sq="$sqrows" -v size="$size" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
	pm = rows / (b - a); sl = sq / (d - c)
	printf "input: %d days of sar -A text, %.1f MB, %d samples\n", rows / 40584, size / 1e6, rows
	printf "pmortem import (sar text -> SQLite): %.2f s, %.0f rows/s, %.1f MB/s\n", b - a, pm, size / 1e6 / (b - a)
	printf "sqlite3 .import (CSV, time-major):   %.2f s, %.0f rows/s\n", d - c, sl
	printf "ratio: %.2fx\n", pm / sl
	exit (pm >= sl ? 0 : 1)
}'
