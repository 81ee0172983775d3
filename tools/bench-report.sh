#!/bin/sh
# bench-report.sh - report generation against the data it carries: the
# HTML report of databases holding 0.25, 0.5 and 1 M chart points (60
# series with a spike each, so detectors and rules have work), timed, and
# the 1 M one opened in headless Chromium, where the page itself records
# when its charts were ready (body[data-ready-ms], from navigation start).
# Prints ms per 100 k points, which stays flat when the cost is linear.
#
# What "ready" means: every script has run, the first screen of charts
# (those within one window height, 1280x1000 here, from the top of the
# charts section) is drawn with its marks, synchronized and answering
# zoom and pan, and the chooser is filled.  Charts further down are drawn
# when they come near the screen; zooming loads the full-resolution data
# of the visible range.  The figure is an upper bound: Chromium's virtual
# time runs on while the page waits.  The machine's load average is
# printed with it, since other work on the machine slows the browser too.
set -eu
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
now() { date +%s%N; }

for points in 250000 500000 1000000; do
	db=$T/r$points.db
	printf 'x\n' > "$T/empty.txt"
	./pmortem import --no-progress --db "$db" "$T/empty.txt" >/dev/null 2>&1 || true
	per=$((points / 60))
	sqlite3 "$db" <<SQL
INSERT INTO host(name) VALUES ('bench');
INSERT INTO source(path, sha256, size_bytes, format, status, imported_us)
VALUES ('synthetic', 'bench$points', 0, 'bench', 'ok', 0);
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 59)
INSERT INTO series(host_id, metric, instance, unit)
SELECT (SELECT host_id FROM host WHERE name = 'bench'), 'bench.m' || i, '', 'per_s' FROM k;
WITH RECURSIVE t(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM t WHERE j < $per - 1)
INSERT INTO sample(series_id, ts_us, value, source_id)
SELECT s.series_id, 1795300000000000 + t.j * 1000000,
       100 + (t.j * 7919 + s.series_id * 104729) % 50 + CASE WHEN t.j BETWEEN $per / 2 AND $per / 2 + 5 THEN 5000 ELSE 0 END,
       (SELECT source_id FROM source WHERE path = 'synthetic')
FROM series s, t WHERE s.metric LIKE 'bench.%';
SQL
	./pmortem analyze --db "$db" >/dev/null 2>&1
	t0=$(now)
	./pmortem report --db "$db" --format html -o "$T/r$points.html"
	t1=$(now)
	embedded=$(grep -o 'id=pm-s-[0-9]*>{"t":\[[^]]*\]' "$T/r$points.html" | tr -cd ',\n' | wc -c)
	awk -v p="$points" -v e="$embedded" -v ms="$(( (t1 - t0) / 1000000 ))" 'BEGIN {
		printf "report html: %d points in the database, %d embedded: %d ms (%.1f ms per 100k points)\n",
			p, e, ms, ms / (p / 100000) }'
done

chrome=$(command -v chromium || true)
if [ -n "$chrome" ]; then
	for run in 1 2 3; do
		timeout 180 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
			--disable-component-update --disable-sync --no-first-run --user-data-dir="$T/profile" \
			--window-size=1280,1000 --virtual-time-budget=30000 \
			--dump-dom "file://$T/r1000000.html" > "$T/dom.html" 2>/dev/null || true
		ready=$(sed -n 's/.*data-ready-ms="\([0-9]*\)".*/\1/p' "$T/dom.html" | head -1)
		drawn=$(sed -n 's/.*data-charts-ready="\([0-9]*\)".*/\1/p' "$T/dom.html" | head -1)
		charts=$(sed -n 's/.*data-charts="\([0-9]*\)".*/\1/p' "$T/dom.html" | head -1)
		errors=$(sed -n 's/.*data-js-errors="\([0-9]*\)".*/\1/p' "$T/dom.html" | head -1)
		echo "html with 1 M points in Chromium, run $run: interactive ${ready:-?} ms after navigation start" \
			"($drawn charts drawn of $charts in the page, ${errors:-?} script errors; load average" \
			"$(cut -d' ' -f1 /proc/loadavg); target < 1000 ms)"
	done
else
	echo "html in Chromium: chromium not installed (make deps)"
fi
