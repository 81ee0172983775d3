#!/bin/sh
# pressure.sh - the rules zone_watermark and buddy_fragmentation on a real
# capture of global memory pressure (fixtures/pressure, see its gen.sh and
# CAPTURE), cross-checked against the raw logs with awk; quiet on the
# light-load /proc fixtures; --explain shows what the rules looked at.
. "$(dirname "$0")/lib.inc"
F=fixtures/pressure

# the whole directory, as a user would give it: gen.sh (which greps for
# "pages free") and hog.c are skipped, not read as zoneinfo
expect_rc "run pressure" 0 "$PMORTEM" run --no-progress --db "$DB" $F -o "$T/r.html"
expect_eq "the five logs imported, the rest skipped" \
	"buddyinfo.log buddyinfo|meminfo.log meminfo|sar-A.txt sar|vmstat.log vmstat|zoneinfo.log zoneinfo" \
	"$(q "SELECT group_concat(replace(path, '$F/', '') || ' ' || format, '|') FROM
	      (SELECT path, format FROM source ORDER BY path)" | tr -d '"')"

# independent: the first and last snapshot where Normal's free < low, the
# deepest gap, straight from zoneinfo.log (pages of 4 kB)
read -r first last worst <<EOT
$(awk '/zone/ { z = $5 } z == "Normal" && $2 == "pages" { f = $4 }
     z == "Normal" && $2 == "low" { if (f < $3) { if (!a) a = $1; b = $1; if ($3 - f > w) w = $3 - f } }
     END { printf "%s %s %.0f\n", a, b, w * 4096 }' $F/zoneinfo.log)
EOT
want_start=$(date -u -d "@$first" '+%Y-%m-%d %H:%M:%S')
expect_eq "Normal below low: start" "$want_start" \
	"$(q "SELECT substr(pm_ts(start_us), 1, 19) FROM finding WHERE rule = 'zone_watermark' AND key LIKE 'zw:node0/Normal:%'" | tr -d '"')"
expect_eq "Normal below low: deepest gap (bytes)" "$worst" \
	"$(q "SELECT CAST(max(l.value - x.value) AS INTEGER) FROM v_sample x JOIN v_sample l
	      ON l.ts_us = x.ts_us AND l.instance = x.instance AND l.metric = 'zoneinfo.low_bytes'
	      WHERE x.metric = 'zoneinfo.free_bytes' AND x.instance = 'node0/Normal'")"
q "SELECT summary FROM finding WHERE rule = 'zone_watermark'" >"$T/sum"
expect_grep "summary names zone, time, depth" \
	"node0/Normal had less free memory than its low watermark from $want_start.* (12 samples): at worst .* 3.21 GiB free against low 6.23 GiB, 3.02 GiB below it" \
	"$T/sum"
expect_eq "zone_watermark severity and zones" "node0/DMA32 high|node0/Normal high" \
	"$(q "SELECT group_concat(z, '|') FROM (SELECT substr(key, 4, instr(substr(key, 4), ':') - 1) || ' ' || severity AS z
	      FROM finding WHERE rule = 'zone_watermark' ORDER BY 1)" | tr -d '"')"
# kswapd: the first vmstat snapshot with pgscan_kswapd moving >= 1000 pages/s
# after the breach began, by awk; the finding must end there (one sample)
kswapd=$(awk -v a="$first" '$2 == "pgscan_kswapd" { if (p != "" && $1 > a && ($3 - p) / ($1 - t) >= 1000 && !k) k = $1; p = $3; t = $1 }
	END { print k }' $F/vmstat.log)
end=$(q "SELECT end_us / 1e6 FROM finding WHERE key LIKE 'zw:node0/Normal:%'")
awk -v k="$kswapd" -v e="$end" 'BEGIN { exit !(e - k < 1 && k - e < 1) }' ||
	fail "kswapd reclaim at $kswapd (vmstat.log) but the finding ends at $end"

# fragmentation: the first buddyinfo snapshot of Normal with >= 75 % of
# free memory in blocks of order < 4, by awk
frag=$(awk '$5 == "Normal" { s = 0; g = 0; for (i = 6; i <= NF; i++) { v = $i * 2 ^ (i - 6); s += v; if (i >= 10) g += v }
	if (s * 4096 >= 256 * 1048576 && 100 * (s - g) / s >= 75) { print $1; exit } }' $F/buddyinfo.log)
expect_eq "fragmentation start" "$(date -u -d "@$frag" '+%Y-%m-%d %H:%M:%S')" \
	"$(q "SELECT substr(pm_ts(start_us), 1, 19) FROM finding WHERE rule = 'buddy_fragmentation' AND key LIKE 'bf:node0/Normal:%'" | tr -d '"')"
q "SELECT summary FROM finding WHERE rule = 'buddy_fragmentation'" >"$T/bf"
expect_grep "fragmentation summary" "node0/Normal: .* (9 samples) .* 3.64 GiB free, only 388 MiB of it in order >= 4 blocks (89.6% unusable)" "$T/bf"
expect_eq "one fragmentation finding" "1" "$(q "SELECT count(*) FROM finding WHERE rule = 'buddy_fragmentation'")"
# the disk never saturated in this capture (vda peaked below 95 % util)
expect_eq "no disk_saturation_reclaim here" "0" \
	"$(q "SELECT count(*) FROM finding WHERE rule = 'disk_saturation_reclaim'")"

expect_rc "explain zone_watermark" 0 "$PMORTEM" analyze --db "$DB" --explain zone_watermark
expect_grep "explain lists the breach" "node0/Normal  2026-11-22 17:11:37.027756  3.21 GiB  6.23 GiB" "$T/out"
expect_rc "explain buddy_fragmentation" 0 "$PMORTEM" analyze --db "$DB" --explain buddy_fragmentation
expect_grep "explain counts fragmented samples" "node0/Normal *113 *9 *89.6" "$T/out"

# quiet: the light-load /proc captures (default watermarks, no pressure)
expect_rc "quiet run" 0 "$PMORTEM" run --no-progress --db "$T/quiet.db" \
	fixtures/zoneinfo/zoneinfo-ts.log fixtures/buddyinfo/buddyinfo-ts.log fixtures/vmstat/vmstat-ts.log
expect_eq "quiet" "0" "$("$PMORTEM" query --db "$T/quiet.db" --format csv \
	"SELECT count(*) FROM finding WHERE rule IN ('zone_watermark', 'buddy_fragmentation')" | tail -1)"
finish
