#!/bin/sh
# bench-tcpdump.sh - importing a 1 M-line tcpdump text capture with pmortem
# against `sqlite3 .import` of the same packet rows as CSV into the same
# table (schema and index included), same machine, same run.
#
# The capture is built here from the real loopback lines of
# fixtures/tcpdump/ (nagle-tt.txt and dns-tt.txt): each copy shifted by two
# seconds and given its own client port, so every copy is a new
# conversation.  Ratio > 1: pmortem writes rows faster than sqlite3 imports
# a ready-made CSV of them.  LINES=N changes the size.
set -eu
cd "$(dirname "$0")/.."
lines=${LINES:-1000000}
pm=${PMORTEM:-./pmortem}
tmp=$(mktemp -d /tmp/pmortem-bench-tcpdump.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
fx=fixtures/tcpdump

cat "$fx/nagle-tt.txt" "$fx/dns-tt.txt" >"$tmp/base.txt"
per=$(wc -l <"$tmp/base.txt")
copies=$(( (lines + per - 1) / per ))
awk -v copies="$copies" -v max="$lines" '
	{ line[NR] = $0 }
	END {
		n = 0
		for (k = 0; k < copies; k++) {
			port = 10000 + k % 50000
			for (i = 1; i <= NR && n < max; i++) {
				s = line[i]
				sp = index(s, " ")
				ts = substr(s, 1, sp - 1) + 2 * k
				rest = substr(s, sp)
				gsub(/127\.0\.0\.1\.[0-9]+ >/, "127.0.0.1." port " >", rest)
				gsub(/> 127\.0\.0\.1\.[0-9]+:/, "> 127.0.0.1." port ":", rest)
				printf "%.6f%s\n", ts, rest
				n++
			}
		}
	}' "$tmp/base.txt" >"$tmp/capture.txt"
echo "capture: $(wc -l <"$tmp/capture.txt") lines, $(du -k "$tmp/capture.txt" | cut -f1) kB"

now() { date +%s.%N; }
t0=$(now)
"$pm" import --db "$tmp/pm.db" --format tcpdump "$tmp/capture.txt" >/dev/null 2>&1 || true
t1=$(now)
rows=$(sqlite3 "$tmp/pm.db" "SELECT rows FROM source")
pkts=$(sqlite3 "$tmp/pm.db" "SELECT count(*) FROM packet")

# the same packet rows, as CSV, into the same table of a fresh database
sqlite3 -header -csv "$tmp/pm.db" "SELECT * FROM packet" >"$tmp/packet.csv"
"$pm" import --db "$tmp/csv.db" /dev/null >/dev/null 2>&1 || true
[ -f "$tmp/csv.db" ] || sqlite3 "$tmp/csv.db" <src/schema.sql
t2=$(now)
sqlite3 "$tmp/csv.db" ".import --csv --skip 1 $tmp/packet.csv packet"
t3=$(now)
csvrows=$(sqlite3 "$tmp/csv.db" "SELECT count(*) FROM packet")

awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v rows="$rows" \
    -v pkts="$pkts" -v csv="$csvrows" 'BEGIN {
	pm = b - a; sq = d - c
	printf "pmortem import: %d rows (%d packets) in %.2f s: %.0f rows/s\n", rows, pkts, pm, rows / pm
	printf "sqlite3 .import: %d rows in %.2f s: %.0f rows/s\n", csv, sq, csv / sq
	printf "ratio (rows/s, pmortem / sqlite3 .import): %.2f\n", (rows / pm) / (csv / sq)
	printf "ratio (packets/s vs CSV rows/s): %.2f\n", (pkts / pm) / (csv / sq)
}'
