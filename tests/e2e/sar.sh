#!/bin/sh
# sar.sh - sar text through the whole tool: ./pmortem import of real
# sar -A captures, then the sar views queried and compared, column by
# column, with what `sadf -d` printed for the same binary file
# (fixtures/sadf, committed: sysstat is not needed here).  Also: every
# locale gives the same answer, re-import is a no-op, a header-less
# fragment needs a date (--date, or a sar header in the same bundle),
# malformed files are partial or rejected while the rest imports.
. "$(dirname "$0")/lib.inc"

F=fixtures/sar
S=fixtures/sadf/sadf-d-A.txt

# The rows of one sadf -d section (the one whose header has column $1) as
# "time,instance,value*scale" with the value printed %.2f.  $2: instance
# column (0 = none), $3: value column, $4: scale, $5: instance filter.
sadf_col() {
	awk -F';' -v col="$1" -v ic="$2" -v vc="$3" -v sc="$4" -v only="$5" '
		/^# / { on = index($0, ";" col ";") || index($0, ";" col "\n") ||
		         substr($0, length($0) - length(col)) == ";" col; next }
		on && NF > 3 && $4 !~ /^LINUX-RESTART/ {
			t = $3; sub(/ UTC$/, "", t)
			i = ic ? $ic : ""
			if (i == "-1") i = "all"
			v = $vc; gsub(",", ".", v)
			if (only == "" || i == only) printf "%s,%s,%.2f\n", t, i, v * sc
		}' "$S"
}

# ---- import, and the views against sadf -d ----------------------------
expect_rc "import sar -A (C)" 0 "$PMORTEM" import --db "$DB" "$F/sar-A.C.txt"
expect_grep "import summary" "1 imported" "$T/err"

q "SELECT ts, cpu, printf('%.2f', iowait_pct) FROM v_sar_cpu WHERE cpu='all' ORDER BY ts_us" > "$T/q"
sadf_col "%iowait" 4 8 1 all > "$T/s"
expect_eq "v_sar_cpu iowait_pct = sadf %iowait" "$(cat "$T/s")" "$(cat "$T/q")"
expect_eq "v_sar_cpu rows" 89 "$(wc -l < "$T/q" | tr -d ' ')"

q "SELECT ts, cpu, printf('%.2f', idle_pct) FROM v_sar_cpu WHERE cpu='1' ORDER BY ts_us" > "$T/q"
sadf_col "%idle" 4 14 1 1 > "$T/s"
expect_eq "v_sar_cpu idle_pct cpu 1 = sadf" "$(cat "$T/s")" "$(cat "$T/q")"

q "SELECT ts, '', printf('%.2f', memfree_bytes) FROM v_sar_mem ORDER BY ts_us" > "$T/q"
sadf_col "kbmemfree" 0 4 1024 "" > "$T/s"
expect_eq "v_sar_mem memfree_bytes = sadf kbmemfree x 1024" "$(cat "$T/s")" "$(cat "$T/q")"

q "SELECT ts, dev, printf('%.2f', wr_bytes_per_s) FROM v_sar_disk WHERE dev='vda' ORDER BY ts_us" > "$T/q"
sadf_col "wkB/s" 4 7 1024 vda > "$T/s"
expect_eq "v_sar_disk wr_bytes_per_s = sadf wkB/s x 1024" "$(cat "$T/s")" "$(cat "$T/q")"

q "SELECT ts, dev, printf('%.2f', await_s * 1000) FROM v_sar_disk WHERE dev='vda' ORDER BY ts_us" > "$T/q"
sadf_col "await" 4 11 1 vda > "$T/s"
expect_eq "v_sar_disk await_s = sadf await / 1000" "$(cat "$T/s")" "$(cat "$T/q")"

q "SELECT ts, iface, printf('%.2f', rx_bytes_per_s) FROM v_sar_net WHERE iface='lo' ORDER BY ts_us" > "$T/q"
sadf_col "rxkB/s" 4 7 1024 lo > "$T/s"
expect_eq "v_sar_net rx_bytes_per_s = sadf rxkB/s x 1024" "$(cat "$T/s")" "$(cat "$T/q")"

q "SELECT ts, '', printf('%.2f', majflt_per_s) FROM v_sar_paging ORDER BY ts_us" > "$T/q"
sadf_col "majflt/s" 0 7 1 "" > "$T/s"
expect_eq "v_sar_paging majflt_per_s = sadf" "$(cat "$T/s")" "$(cat "$T/q")"

q "SELECT ts, '', printf('%.2f', ldavg_1) FROM v_sar_load ORDER BY ts_us" > "$T/q"
sadf_col "ldavg-1" 0 6 1 "" > "$T/s"
expect_eq "v_sar_load ldavg_1 = sadf" "$(cat "$T/s")" "$(cat "$T/q")"

expect_eq "host from the header" "vm,Linux,6.18.44-fc-v769,x86_64,2,UTC" \
	"$(q "SELECT name, os, kernel, arch, ncpu, tz FROM host")"
expect_eq "source row" "sar,ok,40584,sar header date; local times read in UTC" \
	"$(q "SELECT format, status, rows, time_origin FROM source")"
expect_eq "metric catalog" "pct|idle time with disk I/O outstanding" \
	"$(q "SELECT unit || '|' || description FROM metric WHERE metric='cpu.iowait_pct'")"

# re-import: a no-op
expect_rc "re-import" 0 "$PMORTEM" import --db "$DB" "$F/sar-A.C.txt"
expect_grep "already imported" "already imported" "$T/err"
expect_eq "samples unchanged" 40584 "$(q "SELECT count(*) FROM sample")"

# ---- every locale answers the same ------------------------------------
q "SELECT metric, instance, ts_us, value FROM v_sample ORDER BY 1, 2, 3" > "$T/c.txt"
for loc in en_US de_DE fr_FR ISO; do
	db2=$T/$loc.db
	expect_rc "import $loc" 0 "$PMORTEM" import --db "$db2" "$F/sar-A.$loc.txt"
	"$PMORTEM" query --db "$db2" --format csv \
		"SELECT metric, instance, ts_us, value FROM v_sample ORDER BY 1, 2, 3" |
		tail -n +2 > "$T/l.txt"
	cmp -s "$T/c.txt" "$T/l.txt" || fail "$loc differs from C"
done

# ---- restart and midnight ---------------------------------------------
expect_rc "import restart" 0 "$PMORTEM" import --db "$T/r.db" "$F/sar-A-restart.en_US.txt"
expect_eq "restart event" "2026-11-22 13:49:46|restart|LINUX RESTART (2 CPU)" \
	"$("$PMORTEM" query --db "$T/r.db" --format csv \
	   "SELECT pm_ts(ts_us) || '|' || kind || '|' || message FROM kernel_event" | tail -n +2)"
expect_rc "import midnight" 0 "$PMORTEM" import --db "$T/m.db" "$F/sar-A-midnight.en_US.txt"
expect_eq "midnight rollover" "2026-11-21 23:59:31|2026-11-22 00:00:29" \
	"$("$PMORTEM" query --db "$T/m.db" --format csv \
	   "SELECT min(ts) || '|' || max(ts) FROM v_sar_cpu" | tail -n +2)"

# ---- a fragment without its header line -------------------------------
mkdir -p "$T/b1" "$T/b2"
tail -n +2 "$F/sar-A.C.txt" | head -40 > "$T/b1/frag.txt"
expect_rc "fragment without a date" 1 "$PMORTEM" import --db "$T/f.db" "$T/b1/frag.txt"
expect_grep "fragment message" "give --date YYYY-MM-DD" "$T/err"
expect_eq "fragment rejected" "rejected" \
	"$("$PMORTEM" query --db "$T/f.db" --format csv "SELECT status FROM source" | tail -n +2)"
expect_rc "fragment with --date" 1 "$PMORTEM" import --db "$T/f2.db" --date 2026-11-22 "$T/b1/frag.txt"
expect_grep "fragment warning" "no sar header: dates taken from --date 2026-11-22" "$T/err"
expect_eq "fragment values" "2026-11-22 13:46:13|0.5" \
	"$("$PMORTEM" query --db "$T/f2.db" --format csv \
	   "SELECT ts || '|' || iowait_pct FROM v_sar_cpu WHERE cpu='all' ORDER BY ts_us LIMIT 1" | tail -n +2)"
# in a bundle with a full sar file, the fragment borrows its date
cp "$T/b1/frag.txt" "$T/b2/0-frag.txt"
cp "$F/sar-A-restart.C.txt" "$T/b2/1-sar22"
expect_rc "bundle with a header" 1 "$PMORTEM" import --db "$T/f3.db" "$T/b2"
expect_eq "fragment dated by the bundle" "partial|the date of another sar file in the bundle (no sar header); local times read in UTC" \
	"$("$PMORTEM" query --db "$T/f3.db" --format csv \
	   "SELECT status || '|' || time_origin FROM source WHERE path LIKE '%frag%'" | tail -n +2)"

# ---- malformed files: reported, the rest imports ----------------------
expect_rc "bad inputs" 1 "$PMORTEM" import --db "$T/bad.db" --format sar "$F"/bad/*.txt
expect_grep "impossible date" "date.txt:1: impossible date '02/30/24' in the sar header" "$T/err"
expect_grep "wrong columns" "columns.txt:5: warning: row has 6 columns, the header has 7: skipped" "$T/err"
expect_grep "bad number" "number.txt:5: warning: cannot parse '1.5x5' in column '%system': value skipped" "$T/err"
expect_eq "rejected ones" "fixtures/sar/bad/date.txt|rejected
fixtures/sar/bad/sar.txt|rejected" \
	"$("$PMORTEM" query --db "$T/bad.db" --format csv \
	   "SELECT path || '|' || status FROM source WHERE status = 'rejected' ORDER BY path" | tail -n +2)"
expect_eq "the others imported" 5 \
	"$("$PMORTEM" query --db "$T/bad.db" --format csv \
	   "SELECT count(*) FROM source WHERE status IN ('ok','partial')" | tail -n +2)"

finish
