#!/bin/sh
# sadf.sh - sadf output and sar text made from the same sadc file must give
# the same database: every sample (host, metric, instance, unit, time,
# value to 17 digits) and every restart event, through the CLI and the
# store.  Pairs cover sadf -d and -j, the binary file itself (through the
# local sadf), C / en_US 12 h / de_DE renderings, midnight and a restart.
. "$(dirname "$0")/lib.inc"
S=fixtures/sar
F=fixtures/sadf

SAMPLES="SELECT h.name, s.metric, s.instance, s.unit, m.ts_us,
	printf('%.17g', m.value) FROM sample m JOIN series s USING (series_id)
	JOIN host h USING (host_id) ORDER BY 2, 3, 5"
EVENTS="SELECT kind, ts_us, message FROM kernel_event ORDER BY ts_us, kind"

# same_db WHAT FILE_A FILE_B: import each into its own database, compare.
same_db() {
	rm -f "$T/a.db" "$T/b.db"
	expect_rc "$1: import $2" 0 "$PMORTEM" import --db "$T/a.db" "$2"
	expect_rc "$1: import $3" 0 "$PMORTEM" import --db "$T/b.db" "$3"
	"$PMORTEM" query --db "$T/a.db" --format csv "$SAMPLES" >"$T/a.csv"
	"$PMORTEM" query --db "$T/b.db" --format csv "$SAMPLES" >"$T/b.csv"
	n=$(($(wc -l <"$T/a.csv") - 1))
	[ "$n" -gt 1000 ] || fail "$1: only $n samples"
	if ! cmp -s "$T/a.csv" "$T/b.csv"; then
		fail "$1: samples differ ($n vs $(($(wc -l <"$T/b.csv") - 1)))"
		diff "$T/a.csv" "$T/b.csv" | head -6 | sed 's/^/  /'
	fi
	"$PMORTEM" query --db "$T/a.db" --format csv "$EVENTS" >"$T/a.ev"
	"$PMORTEM" query --db "$T/b.db" --format csv "$EVENTS" >"$T/b.ev"
	cmp -s "$T/a.ev" "$T/b.ev" || { fail "$1: events differ";
		diff "$T/a.ev" "$T/b.ev" | head -6 | sed 's/^/  /'; }
}

same_db "sadf -d vs sar C" "$F/sadf-d-A.txt" "$S/sar-A.C.txt"
same_db "sadf -j vs sar de_DE" "$F/sadf-j-A.json" "$S/sar-A.de_DE.txt"
same_db "sadf -d de_DE vs sar fr_FR" "$F/sadf-d-A.de_DE.txt" "$S/sar-A.fr_FR.txt"
same_db "midnight: sadf -d vs sar 12 h" "$F/sadf-d-A-midnight.txt" "$S/sar-A-midnight.en_US.txt"
same_db "restart: sadf -j vs sar" "$F/sadf-j-A-restart.json" "$S/sar-A-restart.C.txt"
if command -v sadf >/dev/null 2>&1; then
	same_db "binary sa vs sar en_US" "$S/sa-1s.bin" "$S/sar-A.en_US.txt"
else
	echo "skip: binary sa (sadf not installed: Debian package sysstat)"
fi

# the numbers themselves, read from sar-A.C.txt: 13:46:13 all %usr 16.92,
# vda wkB/s 3924.00
rm -f "$DB"
"$PMORTEM" import --db "$DB" "$F/sadf-d-A.txt" >/dev/null 2>&1
expect_eq "cpu all" "16.92" "$(q "SELECT value FROM sample JOIN series USING (series_id)
	WHERE metric = 'cpu.usr_pct' AND instance = 'all'
	AND ts_us = 1795355173000000")"
expect_eq "disk bytes" "4018176" "$(q "SELECT value FROM sample JOIN series USING (series_id)
	WHERE metric = 'disk.wr_bytes_per_s' AND instance = 'vda'
	AND ts_us = 1795355173000000")"
expect_eq "format" "sadf" "$(q "SELECT format FROM source")"
# importing the same bytes again changes nothing
expect_rc "re-import" 0 "$PMORTEM" import --db "$DB" "$F/sadf-d-A.txt"
expect_grep "re-import" "already imported" "$T/err"

# a broken file: the complete records stay, the error is reported
rm -f "$DB"
expect_rc "truncated json" 1 "$PMORTEM" import --db "$DB" "$F/bad/truncated.json"
expect_grep "truncated json" "truncated.json:261: truncated JSON: unexpected end of input inside an object" "$T/err"
finish
